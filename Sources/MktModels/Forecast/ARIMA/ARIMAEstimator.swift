import Foundation

/// Fits ARIMA models by conditional sum of squares, as R's `arima(method = "CSS")` and
/// statsforecast's `Arima(method="CSS")` do: the series is differenced, the mean removed,
/// and residuals are computed from the first p + P m differenced values on (earlier
/// residuals taken as zero). Written in Swift: no Swift library fits ARIMA.
public enum ARIMAEstimator {
    /// Nil when the series is too short for the model or the fit is non-stationary or
    /// non-invertible (roots within 1.01 of the unit circle, as `auto.arima` discards).
    /// `warmStart`: a fit of the same orders whose coefficients start the optimiser (validation refits).
    public static func fit(_ y: [Double], spec: ARIMASpec, warmStart: ARIMAFit? = nil) -> ARIMAFit? {
        let m = spec.period
        let w = ARIMAPolynomials.difference(y, d: spec.d, D: spec.D, period: m)
        let conditioning = spec.p + spec.P * m
        let k = spec.coefficientCount
        guard w.count - conditioning > k + 2 else { return nil }
        let wMean = w.reduce(0, +) / Double(w.count)
        let scale = max(1e-8, (w.map { ($0 - wMean) * ($0 - wMean) }.reduce(0, +) / Double(w.count)).squareRoot())

        func split(_ v: [Double]) -> (ar: [Double], ma: [Double], sar: [Double], sma: [Double], mean: Double) {
            var i = 0
            func take(_ n: Int) -> [Double] { defer { i += n }; return Array(v[i..<(i + n)]) }
            let ar = take(spec.p), ma = take(spec.q), sar = take(spec.P), sma = take(spec.Q)
            return (ar, ma, sar, sma, spec.constant ? v[i] * scale : 0)
        }
        // The residual recursion touches only the non-zero lags of the expanded polynomials
        // (seasonal models have p + P m lags, mostly zero), and reuses one buffer: this loop is
        // nearly all of the time of an ARIMA search.
        var e = [Double](repeating: 0, count: w.count)
        func residualSquares(_ v: [Double]) -> Double {
            let c = split(v)
            let a = sparse(ARIMAPolynomials.expand(c.ar, c.sar, period: m, sign: -1))
            let b = sparse(ARIMAPolynomials.expand(c.ma, c.sma, period: m, sign: 1))
            var sse = 0.0
            let mean = c.mean
            w.withUnsafeBufferPointer { w in
                e.withUnsafeMutableBufferPointer { e in
                    for t in conditioning..<w.count {
                        var value = w[t] - mean
                        for (lag, coefficient) in a { value -= coefficient * (w[t - lag] - mean) }
                        for (lag, coefficient) in b where lag <= t - conditioning { value -= coefficient * e[t - lag] }
                        e[t] = value
                        sse += value * value
                    }
                }
            }
            return sse
        }
        let used = Double(w.count - conditioning)
        let objective = { (v: [Double]) -> Double in
            let sse = residualSquares(v)
            return sse.isFinite && sse > 0 ? 0.5 * log(sse / used) : 1e10
        }
        var start = [Double](repeating: 0, count: k)
        if spec.constant { start[k - 1] = wMean / scale }
        if let warm = warmStart, warm.spec == spec {
            start = warm.ar + warm.ma + warm.seasonalAR + warm.seasonalMA + (spec.constant ? [warm.mean / scale] : [])
        }
        var best = NelderMead.minimize(objective, start: start, step: Array(repeating: 0.1, count: k),
                                       tolerance: 1e-10, maxEvaluations: 300 * max(1, k))
        for _ in 0..<2 {
            let again = NelderMead.minimize(objective, start: best.point, step: Array(repeating: 0.05, count: k),
                                            tolerance: 1e-10, maxEvaluations: 200 * max(1, k))
            guard again.value < best.value - 1e-10 else { break }
            best = again
        }
        let c = split(best.point)
        if !stationaryAndInvertible(c.ar, c.ma, c.sar, c.sma) { return nil }

        let sse = residualSquares(best.point)
        let sigma2 = sse / used
        let nUsed = Double(w.count)
        let loglik = -0.5 * (nUsed * log(sigma2) + nUsed + nUsed * log(2 * Double.pi))
        let parameters = Double(k + 1)
        let aic = -2 * loglik + 2 * parameters
        let aicc = nUsed - parameters - 1 > 0 ? aic + 2 * parameters * (parameters + 1) / (nUsed - parameters - 1) : .infinity
        let offset = y.count - w.count
        let residuals = [Double](repeating: 0, count: offset) + e
        return ARIMAFit(spec: spec, ar: c.ar, ma: c.ma, seasonalAR: c.sar, seasonalMA: c.sma, mean: c.mean,
                        sigma2: sigma2, logLikelihood: loglik, aicc: aicc, residuals: residuals, history: y)
    }

    /// (lag, coefficient) pairs of the non-zero coefficients; lags start at 1.
    private static func sparse(_ coefficients: [Double]) -> [(Int, Double)] {
        coefficients.enumerated().compactMap { $0.element == 0 ? nil : ($0.offset + 1, $0.element) }
    }

/// AR roots (of 1 - phi_1 z - ...) and MA roots (of 1 + theta_1 z + ...) all outside |z| = 1.01.
    static func stationaryAndInvertible(_ ar: [Double], _ ma: [Double], _ sar: [Double], _ sma: [Double]) -> Bool {
        func outside(_ c: [Double], sign: Double) -> Bool {
            guard c.contains(where: { $0 != 0 }) else { return true }
            // Roots of 1 + sign c_1 z + ... are outside radius r iff the reversed polynomial's roots are inside 1/r.
            let polynomial = [1.0] + c.map { sign * $0 }
            return Polynomial.rootsInside(Array(polynomial.reversed()), radius: 1 / 1.01)
        }
        return outside(ar, sign: -1) && outside(sar, sign: -1) && outside(ma, sign: 1) && outside(sma, sign: 1)
    }
}

extension ARIMAFit {
    /// Forecasts by running the integrated model forward with future errors at zero; intervals
    /// from the psi weights of the full model: var(h) = sigma2 * sum_{j<h} psi_j^2.
    public func forecast(horizon h: Int) -> ForecastPath {
        let m = spec.period
        // Full AR polynomial: phi(B) Phi(B^m) (1-B)^d (1-B^m)^D as 1 - sum A_i B^i.
        let arPolynomial = [1.0] + expandedAR.map { -$0 }
        let full = Polynomial.multiply(arPolynomial, ARIMAPolynomials.differencing(d: spec.d, D: spec.D, period: m))
        let A = full.dropFirst().map { -$0 }
        let B = expandedMA
        // Constant on the original scale: phi(1) Phi(1) * mean of the differenced series.
        let intercept = arPolynomial.reduce(0, +) * mean
        var y = history
        var e = residuals
        for _ in 0..<h {
            let t = y.count
            var value = intercept
            for (i, a) in A.enumerated() where a != 0 && t - i - 1 >= 0 { value += a * y[t - i - 1] }
            for (j, b) in B.enumerated() where b != 0 && t - j - 1 >= 0 && t - j - 1 < e.count { value += b * e[t - j - 1] }
            y.append(value)
            e.append(0)
        }
        var psi = [1.0]
        for j in 1..<max(1, h) {
            var value = j <= B.count ? B[j - 1] : 0
            if !A.isEmpty { for i in 1...min(j, A.count) { value += A[i - 1] * psi[j - i] } }
            psi.append(value)
        }
        var cumulative = 0.0
        let sd = (0..<h).map { j -> Double in
            cumulative += psi[j] * psi[j]
            return (sigma2 * cumulative).squareRoot()
        }
        return ForecastPath(mean: Array(y.suffix(h)), standardDeviation: sd)
    }
}
