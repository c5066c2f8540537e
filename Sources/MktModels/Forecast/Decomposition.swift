/// Classical decomposition by moving averages (Kendall & Stuart), used for ETS
/// starting values and the seasonal-strength test.
public enum ClassicalDecomposition {
    public struct Result: Sendable {
        /// Centred moving average (nil at the ends).
        public var trend: [Double?]
        /// Seasonal index per position in the cycle, aligned so index 0 is the first observation.
        public var figure: [Double]
        public var seasonal: [Double]
        public var remainder: [Double?]
    }

    /// Needs at least two full cycles; nil otherwise.
    public static func decompose(_ y: [Double], period m: Int, multiplicative: Bool) -> Result? {
        let n = y.count
        guard m >= 2, n >= 2 * m else { return nil }
        var trend = [Double?](repeating: nil, count: n)
        let half = m / 2
        for t in half..<(n - half) {
            var sum = 0.0
            if m % 2 == 0 {
                for k in (t - half)...(t + half) { sum += y[k] * ((k == t - half || k == t + half) ? 0.5 : 1) }
            } else {
                for k in (t - half)...(t + half) { sum += y[k] }
            }
            trend[t] = sum / Double(m)
        }
        var sums = [Double](repeating: 0, count: m), counts = [Double](repeating: 0, count: m)
        for t in 0..<n {
            guard let tr = trend[t] else { continue }
            if multiplicative && tr == 0 { continue }
            sums[t % m] += multiplicative ? y[t] / tr : y[t] - tr
            counts[t % m] += 1
        }
        var figure = (0..<m).map { counts[$0] > 0 ? sums[$0] / counts[$0] : (multiplicative ? 1 : 0) }
        let mean = figure.reduce(0, +) / Double(m)
        figure = figure.map { multiplicative ? $0 / mean : $0 - mean }
        let seasonal = (0..<n).map { figure[$0 % m] }
        let remainder = (0..<n).map { t -> Double? in
            guard let tr = trend[t] else { return nil }
            return multiplicative ? (tr * seasonal[t] == 0 ? nil : y[t] / (tr * seasonal[t])) : y[t] - tr - seasonal[t]
        }
        return Result(trend: trend, figure: figure, seasonal: seasonal, remainder: remainder)
    }

    /// Seasonal strength max(0, 1 - Var(R) / Var(S + R)) (Wang, Smith & Hyndman 2006) on an
    /// additive decomposition; 0 when the series is too short.
    public static func seasonalStrength(_ y: [Double], period m: Int) -> Double {
        guard let d = decompose(y, period: m, multiplicative: false) else { return 0 }
        var r: [Double] = [], sr: [Double] = []
        for t in 0..<y.count {
            guard let rem = d.remainder[t] else { continue }
            r.append(rem)
            sr.append(rem + d.seasonal[t])
        }
        let vsr = Descriptive.variance(sr)
        guard vsr > 0 else { return 0 }
        return max(0, 1 - Descriptive.variance(r) / vsr)
    }
}
