import Foundation

/// A fitted ETS model.
public struct ETSFit: Sendable {
    public var spec: ETSSpec
    public var parameters: ETSParameters
    /// R's criterion n log(SSE) + 2 sum log|yhat| (see `ETSFilter`); loglik = -lik / 2.
    public var lik: Double
    public var aic: Double
    public var aicc: Double
    public var bic: Double
    /// Residual variance: sum of squared (relative, for multiplicative errors) residuals / (n - parameters - 1), as statsforecast.
    public var sigma2: Double
    public var residuals: [Double]
    /// Free parameters, initial states included, plus one for the variance (R's `np`).
    public var parameterCount: Int
    var finalLevel: Double
    var finalSlope: Double
    var finalSeasons: [Double]
    var observations: Int

    public var logLikelihood: Double { -0.5 * lik }
}

/// Maximum-likelihood estimation of one ETS model, as R's `ets()` does it: Nelder-Mead
/// over smoothing parameters and initial states, within the usual bounds
/// (alpha, beta, gamma in [1e-4, 0.9999], beta <= alpha, gamma <= 1 - alpha,
/// phi in [0.8, 0.98]) and inside the admissible region.
public enum ETSEstimator {
    static let lower = (alpha: 1e-4, beta: 1e-4, gamma: 1e-4, phi: 0.8)
    static let upper = (alpha: 0.9999, beta: 0.9999, gamma: 0.9999, phi: 0.98)

    /// - Parameter thorough: also start the optimiser from two larger smoothing levels and restart it
    ///   until it stops improving (slower; the likelihood of seasonal models has several local optima).
    ///   `warmStart`: parameters to start from instead of R's starting values (a refit on a shorter
    ///   history in validation starts from the full fit; initial states refer to the same first period).
    public static func fit(_ y: [Double], spec: ETSSpec, thorough: Bool = true, warmStart: ETSParameters? = nil) -> ETSFit? {
        let m = spec.period
        let n = y.count
        guard let start = warmStart.map({ (level: $0.level, slope: $0.slope, seasons: $0.seasons) }) ?? initialStates(y, spec: spec)
        else { return nil }
        // Starting smoothing parameters (R's initparam).
        var alpha = lower.alpha + 0.2 * (upper.alpha - lower.alpha) / Double(m)
        if alpha > 1 || alpha < 0 { alpha = lower.alpha + 2e-3 }
        var beta = lower.beta + 0.1 * (min(upper.beta, alpha) - lower.beta)
        if beta < 0 || beta > alpha { beta = alpha - 1e-3 }
        var gamma = lower.gamma + 0.05 * (min(upper.gamma, 1 - alpha) - lower.gamma)
        if gamma < 0 || gamma > 1 - alpha { gamma = 1 - alpha - 1e-3 }
        let phi = lower.phi + 0.99 * (upper.phi - lower.phi)

        var vector = [warmStart?.alpha ?? alpha]
        if spec.hasTrend { vector.append(warmStart?.beta ?? beta) }
        if spec.hasSeason { vector.append(warmStart?.gamma ?? gamma) }
        if spec.damped { vector.append(warmStart?.phi ?? phi) }
        let smoothingCount = vector.count
        vector.append(start.level)
        if spec.hasTrend { vector.append(start.slope) }
        if spec.hasSeason { vector += start.seasons.dropLast() }
        let parameterCount = vector.count + 1
        guard n > parameterCount + 1 else { return nil }

        let scale = max(1e-6, (y.map(abs).reduce(0, +) / Double(n)))
        let stepScale = warmStart == nil ? 1.0 : 0.2
        let steps = vector.enumerated().map { i, v in stepScale * (i < smoothingCount ? 0.1 : max(abs(v) * 0.1, scale * 0.05)) }
        let objective = { (v: [Double]) -> Double in
            guard let p = unpack(v, spec: spec), admissibleWithinBounds(p, spec: spec) else { return 1e12 }
            return ETSFilter.run(spec, p, y) ?? 1e12
        }
        // Nelder-Mead from R's starting values and from two more smoothing levels, each restarted
        // until it stops improving: the likelihood surface of seasonal models has several local optima.
        var best = NelderMead.minimize(objective, start: vector, step: steps, tolerance: thorough ? 1e-10 : 1e-8,
                                       maxEvaluations: thorough ? 2000 : 1000)
        for startAlpha in [0.5, 0.9] where thorough && startAlpha > vector[0] {
            var alternative = vector
            alternative[0] = startAlpha
            if spec.hasTrend { alternative[1] = min(vector[1], startAlpha * 0.1) }
            if spec.hasSeason { alternative[spec.hasTrend ? 2 : 1] = min(0.05, (1 - startAlpha) * 0.5) }
            let result = NelderMead.minimize(objective, start: alternative, step: steps, tolerance: 1e-10, maxEvaluations: 2000)
            if result.value < best.value { best = result }
        }
        for _ in 0..<(thorough ? 4 : 1) {
            let restart = NelderMead.minimize(objective, start: best.point, step: steps.map { $0 * 0.5 }, tolerance: 1e-10, maxEvaluations: 1500)
            guard restart.value < best.value - 1e-7 else { break }
            best = restart
        }
        guard best.value < 1e11, let parameters = unpack(best.point, spec: spec) else { return nil }

        var residuals = [Double](repeating: 0, count: n)
        var state = (level: 0.0, slope: 0.0, seasons: [Double]())
        guard let lik = residuals.withUnsafeMutableBufferPointer({ buffer in
            ETSFilter.run(spec, parameters, y, residuals: buffer.baseAddress, finalState: &state)
        }) else { return nil }
        let k = Double(parameterCount), nd = Double(n)
        let aic = lik + 2 * k
        let sse = residuals.reduce(0) { $0 + $1 * $1 }
        return ETSFit(
            spec: spec, parameters: parameters, lik: lik, aic: aic,
            aicc: nd - k - 1 > 0 ? aic + 2 * k * (k + 1) / (nd - k - 1) : .infinity, bic: lik + log(nd) * k,
            sigma2: sse / max(1, nd - k - 1), residuals: residuals, parameterCount: parameterCount,
            finalLevel: state.level, finalSlope: state.slope, finalSeasons: state.seasons, observations: n)
    }

    /// Parameters from the optimiser's vector; the last seasonal state keeps the season normalised.
    static func unpack(_ v: [Double], spec: ETSSpec) -> ETSParameters? {
        var i = 0
        func next() -> Double { defer { i += 1 }; return v[i] }
        let alpha = next()
        let beta = spec.hasTrend ? next() : 0
        let gamma = spec.hasSeason ? next() : 0
        let phi = spec.damped ? next() : 1
        let level = next()
        let slope = spec.hasTrend ? next() : 0
        var seasons: [Double] = []
        if spec.hasSeason {
            seasons = Array(v[i..<(i + spec.period - 1)])
            let sum = seasons.reduce(0, +)
            seasons.append(spec.season == .additive ? -sum : Double(spec.period) - sum)
            if spec.season == .multiplicative && seasons.contains(where: { $0 <= 0 }) { return nil }
        }
        return ETSParameters(alpha: alpha, beta: beta, gamma: gamma, phi: phi, level: level, slope: slope, seasons: seasons)
    }

    /// R's `check.param` with bounds = "both": the usual bounds and the admissible region.
    static func admissibleWithinBounds(_ p: ETSParameters, spec: ETSSpec) -> Bool {
        guard p.alpha >= lower.alpha, p.alpha <= upper.alpha else { return false }
        if spec.hasTrend && (p.beta < lower.beta || p.beta > min(upper.beta, p.alpha)) { return false }
        if spec.hasSeason && (p.gamma < lower.gamma || p.gamma > min(upper.gamma, 1 - p.alpha)) { return false }
        if spec.damped && (p.phi < lower.phi || p.phi > upper.phi) { return false }
        return admissible(p, spec: spec)
    }

    /// The admissible region of Hyndman et al. (2008), as in R's `admissible()`.
    static func admissible(_ p: ETSParameters, spec: ETSSpec) -> Bool {
        let phi = spec.damped ? p.phi : 1
        if !spec.hasSeason {
            if p.alpha < 1 - 1 / phi || p.alpha > 1 + 1 / phi { return false }
            if spec.hasTrend && (p.beta < p.alpha * (phi - 1) || p.beta > (1 + phi) * (2 - p.alpha)) { return false }
            return true
        }
        let m = Double(spec.period), alpha = p.alpha, gamma = p.gamma
        let beta = spec.hasTrend ? p.beta : 0
        if gamma < max(1 - 1 / phi - alpha, 0) || gamma > 1 + 1 / phi - alpha { return false }
        if alpha < 1 - 1 / phi - gamma * (1 - m + phi + phi * m) / (2 * phi * m) { return false }
        if beta < -(1 - phi) * (gamma / m + alpha) { return false }
        var coefficients: [Double] = []
        coefficients.reserveCapacity(spec.period + 1)
        coefficients.append(phi * (1 - alpha - gamma))
        coefficients.append(alpha + beta - alpha * phi + gamma - 1)
        for _ in 0..<max(0, spec.period - 2) { coefficients.append(alpha + beta - alpha * phi) }
        coefficients.append(alpha + beta - phi)
        coefficients.append(1)
        // Undamped models put a root exactly on the unit circle; a 1e-6 margin (R: 1e-10) keeps the
        // Schur-Cohn recursion away from that boundary in floating point.
        return Polynomial.rootsInside(coefficients, radius: 1 + 1e-6)
    }

    /// Starting states (R's `initstate`): seasonal indices from a classical decomposition
    /// (or a trend-plus-harmonic fit when fewer than three cycles), then level and slope
    /// from a regression on the first max(10, 2m) seasonally adjusted values.
    static func initialStates(_ y: [Double], spec: ETSSpec) -> (level: Double, slope: Double, seasons: [Double])? {
        let m = spec.period, n = y.count
        guard n >= 4 else { return nil }
        var adjusted = y
        var seasons: [Double] = []
        if spec.hasSeason {
            let multiplicative = spec.season == .multiplicative
            var figure: [Double]
            if n >= 3 * m, let d = ClassicalDecomposition.decompose(y, period: m, multiplicative: multiplicative) {
                figure = d.figure
            } else {
                // Linear trend plus one harmonic, as R does for short series.
                let rows = (0..<n).map { t -> [Double] in
                    let angle = 2 * Double.pi * Double(t + 1) / Double(m)
                    return [1, Double(t + 1), sin(angle), cos(angle)]
                }
                guard let fit = LeastSquares.fit(rows: rows, y: y) else { return nil }
                let trend = (0..<n).map { fit.coefficients[0] + fit.coefficients[1] * Double($0 + 1) }
                figure = (0..<m).map { j in
                    let values = stride(from: j, to: n, by: m).map { multiplicative ? y[$0] / max(trend[$0], 1e-8) : y[$0] - trend[$0] }
                    return values.reduce(0, +) / Double(max(1, values.count))
                }
            }
            if multiplicative {
                figure = figure.map { max($0, 1e-2) }
                let total = figure.reduce(0, +)
                figure = figure.map { $0 * Double(m) / total }
                adjusted = (0..<n).map { y[$0] / figure[$0 % m] }
            } else {
                let mean = figure.reduce(0, +) / Double(m)
                figure = figure.map { $0 - mean }
                adjusted = (0..<n).map { y[$0] - figure[$0 % m] }
            }
            seasons = figure
        }
        let count = min(max(10, 2 * m), n)
        let head = Array(adjusted.prefix(count))
        if !spec.hasTrend { return (head.reduce(0, +) / Double(count), 0, seasons) }
        let xs = (1...count).map(Double.init)
        let mx = xs.reduce(0, +) / Double(count), my = head.reduce(0, +) / Double(count)
        let sxx = xs.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        let sxy = zip(xs, head).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        var slope = sxx > 0 ? sxy / sxx : 0
        var level = my - slope * mx
        if abs(level + slope) < 1e-8 {
            level *= 1 + 1e-3
            slope *= 1 + 1e-3
        }
        return (level, slope, seasons)
    }
}
