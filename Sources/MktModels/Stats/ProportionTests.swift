/// Two-sample tests and intervals for proportions.
public enum ProportionTests {
    /// z-quantile of a two-sided 95% interval (scipy's `norm.isf(0.025)`).
    public static let z95 = 1.959963984540054

    /// Pooled two-proportion z-test, two-sided, as statsmodels'
    /// `proportions_ztest([x1, x2], [n1, n2])`: returns (z, p). When both proportions are 0 or
    /// both are 1 the test has no variance and is undefined (statsmodels gives NaN): nil.
    public static func pooledZTest(successes1 x1: Double, trials1 n1: Double,
                                   successes2 x2: Double, trials2 n2: Double) -> (z: Double, p: Double)? {
        let pooled = (x1 + x2) / (n1 + n2)
        let variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
        let difference = x1 / n1 - x2 / n2
        guard variance > 0 else { return nil }
        let z = difference / variance.squareRoot()
        return (z, 2 * Normal.survival(abs(z)))
    }

    /// Wald interval of p1 - p2 (statsmodels' `confint_proportions_2indep(method="wald")`).
    public static func waldDifferenceInterval(successes1 x1: Double, trials1 n1: Double,
                                              successes2 x2: Double, trials2 n2: Double,
                                              z: Double = z95) -> (low: Double, high: Double) {
        let p1 = x1 / n1, p2 = x2 / n2
        let se = (p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2).squareRoot()
        return (p1 - p2 - z * se, p1 - p2 + z * se)
    }

    /// Wilson score interval of one proportion (statsmodels' `proportion_confint(method="wilson")`).
    public static func wilsonInterval(successes x: Double, trials n: Double, z: Double = z95) -> (low: Double, high: Double) {
        guard n > 0 else { return (0, 0) }
        let p = x / n
        let denominator = 1 + z * z / n
        let center = (p + z * z / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot() / denominator
        return (max(0, center - half), min(1, center + half))
    }
}
