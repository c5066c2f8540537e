/// Derivative-free minimisation (Nelder & Mead 1965, with the adaptive
/// coefficients of Gao & Han 2012 for higher dimensions).
///
/// Used to fit ETS and ARIMA models by maximum likelihood, as R's `ets()` and
/// statsforecast do; Swift has no optimisation library on this machine.
public enum NelderMead {
    public struct Result: Sendable {
        public var point: [Double]
        public var value: Double
        public var evaluations: Int
    }

    /// Minimises `f` from `start`; `step` sets the initial simplex size per coordinate.
    public static func minimize(_ f: ([Double]) -> Double, start: [Double], step: [Double],
                                tolerance: Double = 1e-8, maxEvaluations: Int = 2000) -> Result {
        let n = start.count
        guard n > 0 else { return Result(point: [], value: f([]), evaluations: 1) }
        let dimension = Double(n)
        let reflection = 1.0, expansion = 1 + 2 / dimension
        let contraction = 0.75 - 1 / (2 * dimension), shrink = 1 - 1 / dimension
        var simplex = [start]
        for i in 0..<n {
            var vertex = start
            vertex[i] += step[i] == 0 ? 0.05 : step[i]
            simplex.append(vertex)
        }
        var values = simplex.map(f)
        var evaluations = n + 1
        while evaluations < maxEvaluations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            let best = values[0], worst = values[n]
            if abs(worst - best) <= tolerance * (abs(best) + abs(worst) + 1e-12) { break }
            var centroid = [Double](repeating: 0, count: n)
            for vertex in simplex.dropLast() { for i in 0..<n { centroid[i] += vertex[i] / dimension } }
            func toward(_ coefficient: Double) -> [Double] {
                (0..<n).map { centroid[$0] + coefficient * (centroid[$0] - simplex[n][$0]) }
            }
            let reflected = toward(reflection)
            let fr = f(reflected); evaluations += 1
            if fr < values[0] {
                let expanded = toward(reflection * expansion)
                let fe = f(expanded); evaluations += 1
                if fe < fr { simplex[n] = expanded; values[n] = fe } else { simplex[n] = reflected; values[n] = fr }
            } else if fr < values[n - 1] {
                simplex[n] = reflected; values[n] = fr
            } else {
                let outside = fr < values[n]
                let contracted = toward(outside ? reflection * contraction : -contraction)
                let fc = f(contracted); evaluations += 1
                if fc < (outside ? fr : values[n]) {
                    simplex[n] = contracted; values[n] = fc
                } else {
                    for j in 1...n {
                        simplex[j] = (0..<n).map { simplex[0][$0] + shrink * (simplex[j][$0] - simplex[0][$0]) }
                        values[j] = f(simplex[j])
                    }
                    evaluations += n
                }
            }
        }
        let bestIndex = values.indices.min { values[$0] < values[$1] }!
        return Result(point: simplex[bestIndex], value: values[bestIndex], evaluations: evaluations)
    }
}
