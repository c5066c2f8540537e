#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A model's point forecasts with the forecast-error standard deviation per horizon step.
public struct PointForecast: Sendable {
    public var mean: [Double]
    public var standardDeviation: [Double]
}

/// Baseline forecasting methods (Hyndman & Athanasopoulos, FPP3 section 5.2).
public enum Baselines {
    /// Seasonal naive: each future period repeats the same period one season earlier.
    /// Error variance grows with the number of completed seasons: sigma^2 (floor((h-1)/m) + 1).
    public static func seasonalNaive(_ y: [Double], season m: Int, horizon: Int) -> PointForecast {
        let m = min(m, y.count)
        var residuals: [Double] = []
        if y.count > m { for t in m..<y.count { residuals.append(y[t] - y[t - m]) } }
        let sigma = residuals.isEmpty ? 0 : (residuals.reduce(0) { $0 + $1 * $1 } / Double(residuals.count)).squareRoot()
        let mean = (0..<horizon).map { h in y[y.count - m + h % m] }
        let sd = (0..<horizon).map { h in sigma * (Double(h / m) + 1).squareRoot() }
        return PointForecast(mean: mean, standardDeviation: sd)
    }

    /// Simple exponential smoothing, ETS(A,N,N): alpha and the initial level fitted by
    /// least squares (the Gaussian maximum-likelihood estimate); variance sigma^2 (1 + (h-1) alpha^2).
    public static func simpleExponentialSmoothing(_ y: [Double], horizon: Int) -> PointForecast {
        func sse(_ alpha: Double, _ level0: Double) -> (Double, Double) {
            var level = level0, total = 0.0
            for value in y {
                let e = value - level
                total += e * e
                level += alpha * e
            }
            return (total, level)
        }
        // Alternate: golden-section search on alpha, closed-form-ish refinement of the initial level.
        var level0 = y.prefix(max(1, min(10, y.count))).reduce(0, +) / Double(max(1, min(10, y.count)))
        var alpha = 0.3
        for _ in 0..<3 {
            alpha = goldenSection(0.0001, 0.9999) { sse($0, level0).0 }
            level0 = goldenSection(level0 - 10 * abs(level0) - 1, level0 + 10 * abs(level0) + 1) { sse(alpha, $0).0 }
        }
        let (total, level) = sse(alpha, level0)
        let sigma = (total / Double(max(1, y.count - 2))).squareRoot()
        return PointForecast(mean: Array(repeating: level, count: horizon),
                             standardDeviation: (0..<horizon).map { sigma * (1 + Double($0) * alpha * alpha).squareRoot() })
    }

    /// Minimises a unimodal function on [a, b].
    public static func goldenSection(_ a: Double, _ b: Double, tolerance: Double = 1e-7, _ f: (Double) -> Double) -> Double {
        let ratio = (5.0.squareRoot() - 1) / 2
        var a = a, b = b
        var c = b - ratio * (b - a), d = a + ratio * (b - a)
        var fc = f(c), fd = f(d)
        while abs(b - a) > tolerance * (abs(c) + abs(d) + 1e-12) {
            if fc < fd { b = d; d = c; fd = fc; c = b - ratio * (b - a); fc = f(c) }
            else { a = c; c = d; fc = fd; d = a + ratio * (b - a); fd = f(d) }
        }
        return (a + b) / 2
    }
}
