import Foundation

/// The chi-square distribution's upper tail, for goodness-of-fit tests such as the
/// sample-ratio-mismatch check.
public enum ChiSquare {
    /// P(X > x) for X ~ chi-square with `degrees` degrees of freedom: the regularized upper
    /// incomplete gamma function Q(k/2, x/2) (series below a + 1, continued fraction above;
    /// Numerical Recipes 6.2).
    public static func survival(_ x: Double, degrees: Int) -> Double {
        guard x > 0 else { return 1 }
        let a = Double(degrees) / 2, z = x / 2
        let logPrefix = a * log(z) - z - lgamma(a)
        if z < a + 1 {
            var sum = 1 / a, term = 1 / a, ap = a
            for _ in 0..<1000 {
                ap += 1
                term *= z / ap
                sum += term
                if abs(term) < abs(sum) * 1e-15 { break }
            }
            return max(0, 1 - sum * exp(logPrefix))
        }
        var b = z + 1 - a, c = 1 / 1e-300, d = 1 / b, h = d
        for i in 1...1000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < 1e-300 { d = 1e-300 }
            c = b + an / c
            if abs(c) < 1e-300 { c = 1e-300 }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return exp(logPrefix) * h
    }

    /// Pearson's goodness-of-fit test of observed counts against expected shares: (statistic, p-value),
    /// as scipy's `chisquare`.
    public static func goodnessOfFit(observed: [Double], expectedShares: [Double]) -> (statistic: Double, p: Double) {
        let total = observed.reduce(0, +)
        let statistic = zip(observed, expectedShares).reduce(0.0) { sum, pair in
            let expected = total * pair.1
            return expected > 0 ? sum + (pair.0 - expected) * (pair.0 - expected) / expected : sum
        }
        return (statistic, survival(statistic, degrees: observed.count - 1))
    }
}

extension ChiSquare {
    /// The p-quantile (bisection on the survival function; accurate to 1e-10 relative).
    public static func quantile(_ p: Double, degrees: Int) -> Double {
        var low = 0.0, high = max(1.0, Double(degrees) * 4)
        while 1 - survival(high, degrees: degrees) < p { high *= 2 }
        for _ in 0..<200 {
            let mid = (low + high) / 2
            if 1 - survival(mid, degrees: degrees) < p { low = mid } else { high = mid }
            if high - low < 1e-10 * max(1, high) { break }
        }
        return (low + high) / 2
    }
}

/// Exact (Garwood) confidence interval of a Poisson mean from one observed count.
public enum PoissonInterval {
    public static func exact95(_ count: Double) -> (low: Double, high: Double) {
        let k = Int(count.rounded())
        let low = k == 0 ? 0 : ChiSquare.quantile(0.025, degrees: 2 * k) / 2
        return (low, ChiSquare.quantile(0.975, degrees: 2 * k + 2) / 2)
    }
}
