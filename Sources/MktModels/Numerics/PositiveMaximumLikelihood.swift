import Foundation

/// Maximum likelihood over strictly positive parameters, searched on their logarithms with
/// Nelder-Mead from all parameters at 1 (the lifetime models' start, as in `lifetimes`),
/// restarting from each optimum until the likelihood stops improving (Nelder-Mead can stall).
enum PositiveMaximumLikelihood {
    /// The parameters maximising `logLikelihood`; nil when no finite likelihood was reached.
    /// Logarithms beyond +-20 count as no fit (a parameter running off to 0 or infinity).
    static func fit(parameters count: Int, maxEvaluations: Int, _ logLikelihood: ([Double]) -> Double) -> [Double]? {
        func negative(_ logs: [Double]) -> Double {
            guard logs.allSatisfy({ abs($0) < 20 }) else { return .infinity }
            let value = logLikelihood(logs.map(exp))
            return value.isFinite ? -value : .infinity
        }
        var start = [Double](repeating: 0, count: count)
        var best = NelderMead.Result(point: start, value: negative(start), evaluations: 1)
        for _ in 0..<5 {
            let result = NelderMead.minimize(negative, start: start, step: [Double](repeating: 0.5, count: count), tolerance: 1e-12,
                                             maxEvaluations: maxEvaluations)
            guard result.value < best.value - 1e-9 else { break }
            best = result
            start = result.point
        }
        return best.value.isFinite ? best.point.map(exp) : nil
    }
}
