import Foundation

/// The BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005, "Counting your customers the
/// easy way"): while alive, a customer buys at a Poisson rate drawn from Gamma(r, alpha); after each
/// purchase they drop out with a probability drawn from Beta(a, b). Fitted by maximum likelihood on
/// each customer's (frequency, recency, age), as the `lifetimes` package does; no Swift library
/// fits it, so it is written here on the project's Nelder-Mead.
public struct BGNBD: Sendable, Equatable, Codable {
    public var r: Double
    public var alpha: Double
    public var a: Double
    public var b: Double

    public init(r: Double, alpha: Double, a: Double, b: Double) {
        self.r = r
        self.alpha = alpha
        self.a = a
        self.b = b
    }

    /// One customer as the model sees them: `frequency` repeat purchase periods (days with a
    /// purchase after the first), `recency` the age at the last purchase, `age` (T) the time from
    /// the first purchase to the end of observation, in one time unit.
    public struct Customer: Sendable, Equatable {
        public var frequency: Double
        public var recency: Double
        public var age: Double
        public init(frequency: Double, recency: Double, age: Double) {
            self.frequency = frequency
            self.recency = recency
            self.age = age
        }
    }

    /// The terms of the log-likelihood that depend on the frequency x alone: the log-gammas and
    /// the constant, and, for x > 0, log(a / (b + x - 1)).
    func frequencyTerms(_ x: Double) -> (common: Double, dropout: Double) {
        let purchases: Double = lgamma(r + x) - lgamma(r) + r * log(alpha)
        let dropouts: Double = lgamma(a + b) + lgamma(b + x) - lgamma(b) - lgamma(a + b + x)
        return (purchases + dropouts, x > 0 ? log(a) - log(b + x - 1) : 0)
    }

    /// The log-likelihood of one customer (the paper's equation 6, in logs), given `frequencyTerms`.
    func logLikelihood(_ c: Customer, terms: (common: Double, dropout: Double)) -> Double {
        let x = c.frequency
        let a3 = -(r + x) * log(alpha + c.age)
        guard x > 0 else { return terms.common + a3 }
        let a4 = terms.dropout - (r + x) * log(alpha + c.recency)
        let high = max(a3, a4)
        return terms.common + high + log(exp(a3 - high) + exp(a4 - high))
    }

    public func logLikelihood(_ c: Customer) -> Double { logLikelihood(c, terms: frequencyTerms(c.frequency)) }

    /// The maximum-likelihood fit (`PositiveMaximumLikelihood`); nil when none is found.
    ///
    /// `frequencyTerms` are computed once per distinct frequency and evaluation, not per customer:
    /// the fit on 20,000 customers of the medium shop took most of the segments stage with four
    /// `lgamma` calls per customer.
    public static func fit(_ customers: [Customer]) -> BGNBD? {
        guard !customers.isEmpty else { return nil }
        let frequencies = Array(Set(customers.map(\.frequency))).sorted()
        let slot = Dictionary(uniqueKeysWithValues: frequencies.enumerated().map { ($1, $0) })
        let rows = customers.map { (slot: slot[$0.frequency]!, customer: $0) }
        return PositiveMaximumLikelihood.fit(parameters: 4, maxEvaluations: 4000) { p in
            let model = BGNBD(r: p[0], alpha: p[1], a: p[2], b: p[3])
            let terms = frequencies.map(model.frequencyTerms)
            return rows.reduce(0) { $0 + model.logLikelihood($1.customer, terms: terms[$1.slot]) }
        }.map { BGNBD(r: $0[0], alpha: $0[1], a: $0[2], b: $0[3]) }
    }

    /// The probability that the customer is still alive at the end of observation.
    public func probabilityAlive(_ c: Customer) -> Double { 1 / (1 + dropoutOdds(c)) }

    /// Expected purchases in the next `t` time units, given the customer's history (equation 10).
    public func expectedPurchases(_ c: Customer, over t: Double) -> Double {
        expectedPurchasesNumerator(frequency: c.frequency, age: c.age, over: t) / (1 + dropoutOdds(c))
    }

    /// Equation 10's numerator: it depends on the frequency and age only, so customers sharing
    /// both can share it (the hypergeometric series is the predictions' whole cost).
    public func expectedPurchasesNumerator(frequency x: Double, age: Double, over t: Double) -> Double {
        let z = t / (alpha + age + t)
        let hypergeometric = Hypergeometric.f21(r + x, b + x, a + b + x - 1, z)
        return (a + b + x - 1) / (a - 1) * (1 - exp((r + x) * log((alpha + age) / (alpha + age + t))) * hypergeometric)
    }

    /// Equation 10's denominator less one: the odds that the customer dropped out after the last purchase.
    public func dropoutOdds(_ c: Customer) -> Double {
        c.frequency > 0 ? a / (b + c.frequency - 1) * exp((r + c.frequency) * log((alpha + c.age) / (alpha + c.recency))) : 0
    }
}

/// Gauss's hypergeometric function 2F1(a, b; c; z) for 0 <= z < 1, by its power series (the BG/NBD
/// expectation's argument t / (alpha + T + t) stays below 1).
public enum Hypergeometric {
    public static func f21(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Double {
        var term = 1.0, sum = 1.0
        for n in 0..<100_000 {
            let k = Double(n)
            term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z
            sum += term
            if abs(term) <= 1e-15 * abs(sum) { break }
        }
        return sum
    }
}
