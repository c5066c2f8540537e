/// Adjusted p-values for a family of tests, as statsmodels' `multipletests` computes them.
public enum MultipleTesting {
    /// Holm's step-down adjustment (family-wise error rate): the i-th smallest p times (m - i + 1),
    /// made non-decreasing, capped at 1. Order of the result = order of `p`.
    public static func holm(_ p: [Double]) -> [Double] {
        let m = p.count, order = p.indices.sorted { (p[$0], $0) < (p[$1], $1) }
        var adjusted = [Double](repeating: 1, count: m), running = 0.0
        for (rank, i) in order.enumerated() {
            running = max(running, min(1, Double(m - rank) * p[i]))
            adjusted[i] = running
        }
        return adjusted
    }

    /// Benjamini-Hochberg q-values (false discovery rate): the i-th smallest p times m / i, made
    /// non-decreasing from the largest down, capped at 1.
    public static func benjaminiHochberg(_ p: [Double]) -> [Double] {
        let m = p.count, order = p.indices.sorted { (p[$0], $0) < (p[$1], $1) }
        var adjusted = [Double](repeating: 1, count: m), running = 1.0
        for (rank, i) in order.enumerated().reversed() {
            running = min(running, Double(m) * p[i] / Double(rank + 1))
            adjusted[i] = min(1, running)
        }
        return adjusted
    }
}
