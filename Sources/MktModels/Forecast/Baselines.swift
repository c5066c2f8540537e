/// Baseline forecasts (Hyndman & Athanasopoulos, FPP3 section 5.2), with their analytic intervals.
public enum Baselines {
    /// Naive: every future period equals the last value; variance sigma^2 h.
    public static func naive(_ y: [Double], horizon h: Int) -> ForecastPath {
        seasonalNaive(y, season: 1, horizon: h)
    }

    /// Seasonal naive: each future period repeats the same period one season earlier;
    /// variance sigma^2 (floor((h-1)/m) + 1), sigma from the in-sample seasonal differences.
    public static func seasonalNaive(_ y: [Double], season: Int, horizon h: Int) -> ForecastPath {
        let m = max(1, min(season, y.count))
        var residuals: [Double] = []
        if y.count > m { for t in m..<y.count { residuals.append(y[t] - y[t - m]) } }
        let sigma = residuals.isEmpty ? 0 : (residuals.reduce(0) { $0 + $1 * $1 } / Double(residuals.count)).squareRoot()
        let mean = (0..<h).map { step in y[y.count - m + step % m] }
        let sd = (0..<h).map { step in sigma * (Double(step / m) + 1).squareRoot() }
        return ForecastPath(mean: mean, standardDeviation: sd)
    }
}
