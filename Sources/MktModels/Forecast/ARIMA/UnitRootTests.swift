import Foundation

/// Tests that choose how often to difference a series before fitting ARIMA.
public enum UnitRootTests {
    /// The KPSS level-stationarity statistic (Kwiatkowski et al. 1992) with a Bartlett-weighted
    /// long-run variance over trunc(3 sqrt(n) / 13) lags, as R's `forecast::ndiffs` and statsforecast use.
    public static func kpssStatistic(_ x: [Double]) -> Double {
        let n = x.count
        let mean = x.reduce(0, +) / Double(n)
        let e = x.map { $0 - mean }
        var cumulative = 0.0, eta = 0.0
        for value in e {
            cumulative += value
            eta += cumulative * cumulative
        }
        eta /= Double(n * n)
        let lags = Int(3 * Double(n).squareRoot() / 13)
        var variance = e.reduce(0) { $0 + $1 * $1 } / Double(n)
        if lags > 0 {
            for l in 1...lags {
                var sum = 0.0
                for t in l..<n { sum += e[t] * e[t - l] }
                variance += 2 * (1 - Double(l) / Double(lags + 1)) * sum / Double(n)
            }
        }
        return variance > 0 ? eta / variance : 0
    }

    /// 5% critical value of the KPSS level test.
    public static let kpssCritical = 0.463

    /// Number of first differences (0-2) after which KPSS no longer rejects stationarity.
    public static func differencesNeeded(_ x: [Double], maximum: Int = 2) -> Int {
        var series = x
        var d = 0
        while d < maximum, series.count > 4, Set(series).count > 1, kpssStatistic(series) > kpssCritical {
            series = zip(series.dropFirst(), series).map { $0 - $1 }
            d += 1
        }
        return d
    }

    /// One seasonal difference when the seasonal strength exceeds 0.64 (R's `nsdiffs(test = "seas")`),
    /// measured on a classical decomposition; none for series shorter than two seasons.
    public static func seasonalDifferencesNeeded(_ x: [Double], period m: Int) -> Int {
        guard m > 1, x.count >= 2 * m + 1 else { return 0 }
        return ClassicalDecomposition.seasonalStrength(x, period: m) > 0.64 ? 1 : 0
    }
}
