import Foundation

/// A model's forecast for the next h periods with its 80% and 95% prediction intervals.
public struct ForecastPath: Sendable, Equatable {
    public var mean: [Double]
    public var lo80: [Double]
    public var hi80: [Double]
    public var lo95: [Double]
    public var hi95: [Double]

    public var horizon: Int { mean.count }

    public init(mean: [Double], lo80: [Double], hi80: [Double], lo95: [Double], hi95: [Double]) {
        self.mean = mean
        self.lo80 = lo80
        self.hi80 = hi80
        self.lo95 = lo95
        self.hi95 = hi95
    }

    static let z80 = Normal.quantile(0.9)
    static let z95 = Normal.quantile(0.975)

    /// The path with the given steps multiplied by their factors, intervals included (a closed
    /// day's factor 0, a past Black Friday's effect). A factor of 0 gives exactly 0, never -0.
    func multiplied(at factors: [Int: Double]) -> ForecastPath {
        var path = self
        for (h, factor) in factors {
            func times(_ value: Double) -> Double { Self.scaled(value, by: factor) }
            (path.mean[h], path.lo80[h], path.hi80[h], path.lo95[h], path.hi95[h]) =
                (times(path.mean[h]), times(path.lo80[h]), times(path.hi80[h]), times(path.lo95[h]), times(path.hi95[h]))
        }
        return path
    }

    /// `value * factor`, but exactly 0 (never -0) for a factor of 0: the one rule for scaling a forecast.
    static func scaled(_ value: Double, by factor: Double) -> Double { factor == 0 ? 0 : value * factor }

    /// Normal intervals mean +- z sd.
    public init(mean: [Double], standardDeviation sd: [Double]) {
        self.init(mean: mean, lo80: zip(mean, sd).map { $0 - Self.z80 * $1 }, hi80: zip(mean, sd).map { $0 + Self.z80 * $1 },
                  lo95: zip(mean, sd).map { $0 - Self.z95 * $1 }, hi95: zip(mean, sd).map { $0 + Self.z95 * $1 })
    }

    /// Intervals from simulated sample paths (`paths[i][h]`): empirical 2.5/10/90/97.5% quantiles.
    public init(mean: [Double], simulatedPaths paths: [[Double]]) {
        var lo80: [Double] = [], hi80: [Double] = [], lo95: [Double] = [], hi95: [Double] = []
        for h in mean.indices {
            let values = paths.map { $0[h] }.sorted()
            func q(_ p: Double) -> Double {
                let position = p * Double(values.count - 1)
                let i = Int(position)
                return values[i] + (position - Double(i)) * (values[min(i + 1, values.count - 1)] - values[i])
            }
            lo95.append(q(0.025)); lo80.append(q(0.1)); hi80.append(q(0.9)); hi95.append(q(0.975))
        }
        self.init(mean: mean, lo80: lo80, hi80: hi80, lo95: lo95, hi95: hi95)
    }

    /// Scales the 80% and the 95% intervals by their own factors, the 95% kept at least as wide as the 80%.
    public func scalingIntervals(by80 f80: Double, by95 f95: Double) -> ForecastPath {
        func scale(_ bound: [Double], _ f: Double) -> [Double] { zip(mean, bound).map { $0 + f * ($1 - $0) } }
        let lo80 = scale(self.lo80, f80), hi80 = scale(self.hi80, f80)
        return ForecastPath(mean: mean, lo80: lo80, hi80: hi80,
                            lo95: zip(scale(lo95, f95), lo80).map { Swift.min($0, $1) }, hi95: zip(scale(hi95, f95), hi80).map { Swift.max($0, $1) })
    }

    /// Every value clipped at zero (for series that cannot be negative).
    public var clippedAtZero: ForecastPath {
        func clip(_ v: [Double]) -> [Double] { v.map { max(0, $0) } }
        return ForecastPath(mean: clip(mean), lo80: clip(lo80), hi80: clip(hi80), lo95: clip(lo95), hi95: clip(hi95))
    }

    /// The forecast of a series from the forecast of its logarithm: bounds exponentiated (the log
    /// is monotone, so quantiles map to quantiles) and the mean bias-adjusted, exp(mu)(1 + s^2/2)
    /// with s the log-scale standard deviation implied by the 95% interval (Hyndman &
    /// Athanasopoulos, fpp3 5.6), so it is a mean, not a median.
    func exponentiated() -> ForecastPath {
        let mean = self.mean.indices.map { h -> Double in
            let s = (hi95[h] - lo95[h]) / (2 * Self.z95)
            return Foundation.exp(self.mean[h]) * (1 + s * s / 2)
        }
        return ForecastPath(mean: mean, lo80: lo80.map(Foundation.exp), hi80: hi80.map(Foundation.exp),
                            lo95: lo95.map(Foundation.exp), hi95: hi95.map(Foundation.exp))
    }

    /// Whether the mean leaves the band of the history widened by its own range on both sides:
    /// the mark of an explosive fit (a unit-root ARIMA on a short trending series ran to 5.9 MASE
    /// on a souvenir shop's monthly sales).
    func explodes(from history: [Double]) -> Bool {
        guard let low = history.min(), let high = history.max() else { return false }
        let range = Swift.max(high - low, abs(high) * 0.1)
        return mean.contains { !$0.isFinite || $0 > high + range || $0 < low - range }
    }

    /// The element-wise mean of several forecasts (intervals averaged quantile by quantile).
    public static func average(_ paths: [ForecastPath]) -> ForecastPath {
        func avg(_ key: KeyPath<ForecastPath, [Double]>) -> [Double] {
            (0..<paths[0].horizon).map { h in paths.reduce(0) { $0 + $1[keyPath: key][h] } / Double(paths.count) }
        }
        return ForecastPath(mean: avg(\.mean), lo80: avg(\.lo80), hi80: avg(\.hi80), lo95: avg(\.lo95), hi95: avg(\.hi95))
    }
}
