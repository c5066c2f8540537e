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

    /// The path with the given steps set to zero, intervals included.
    func zeroed(at steps: [Int]) -> ForecastPath {
        var path = self
        for h in steps { (path.mean[h], path.lo80[h], path.hi80[h], path.lo95[h], path.hi95[h]) = (0, 0, 0, 0, 0) }
        return path
    }

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

    /// Widens (factor > 1) or narrows the intervals around the mean.
    public func scalingIntervals(by factor: Double) -> ForecastPath {
        func scale(_ bound: [Double]) -> [Double] { zip(mean, bound).map { $0 + factor * ($1 - $0) } }
        return ForecastPath(mean: mean, lo80: scale(lo80), hi80: scale(hi80), lo95: scale(lo95), hi95: scale(hi95))
    }

    /// Every value clipped at zero (for series that cannot be negative).
    public var clippedAtZero: ForecastPath {
        func clip(_ v: [Double]) -> [Double] { v.map { max(0, $0) } }
        return ForecastPath(mean: clip(mean), lo80: clip(lo80), hi80: clip(hi80), lo95: clip(lo95), hi95: clip(hi95))
    }

    /// The element-wise mean of several forecasts (intervals averaged quantile by quantile).
    public static func average(_ paths: [ForecastPath]) -> ForecastPath {
        func avg(_ key: KeyPath<ForecastPath, [Double]>) -> [Double] {
            (0..<paths[0].horizon).map { h in paths.reduce(0) { $0 + $1[keyPath: key][h] } / Double(paths.count) }
        }
        return ForecastPath(mean: avg(\.mean), lo80: avg(\.lo80), hi80: avg(\.hi80), lo95: avg(\.lo95), hi95: avg(\.hi95))
    }
}
