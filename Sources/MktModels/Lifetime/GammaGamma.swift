import Foundation

/// The Gamma-Gamma model of spend per purchase (Fader, Hardie & Lee 2005, "RFM and CLV"): a
/// customer's purchase values are Gamma(p, nu) around their own mean, with nu drawn from
/// Gamma(q, v). Fitted by maximum likelihood on repeat customers' (frequency, mean value), as the
/// `lifetimes` package does. It assumes spend per purchase is independent of purchase frequency.
public struct GammaGamma: Sendable, Equatable, Codable {
    public var p: Double
    public var q: Double
    public var v: Double

    public init(p: Double, q: Double, v: Double) {
        self.p = p
        self.q = q
        self.v = v
    }

    /// A repeat customer: `frequency` > 0 repeat purchases with mean value `meanValue` > 0.
    public struct Customer: Sendable, Equatable {
        public var frequency: Double
        public var meanValue: Double
        public init(frequency: Double, meanValue: Double) {
            self.frequency = frequency
            self.meanValue = meanValue
        }
    }

    public func logLikelihood(_ c: Customer) -> Double {
        let x = c.frequency, m = c.meanValue
        return lgamma(p * x + q) - lgamma(p * x) - lgamma(q) + q * log(v) + (p * x - 1) * log(m) + p * x * log(x)
            - (p * x + q) * log(x * m + v)
    }

    /// The maximum-likelihood fit (`PositiveMaximumLikelihood`); nil when none is found.
    public static func fit(_ customers: [Customer]) -> GammaGamma? {
        guard !customers.isEmpty else { return nil }
        return PositiveMaximumLikelihood.fit(parameters: 3, maxEvaluations: 3000) { p in
            let model = GammaGamma(p: p[0], q: p[1], v: p[2])
            return customers.reduce(0) { $0 + model.logLikelihood($1) }
        }.map { GammaGamma(p: $0[0], q: $0[1], v: $0[2]) }
    }

    /// The expected value of the customer's purchases (the posterior mean), shrunk from their own
    /// mean toward the population's; for a customer with no repeat purchase, the population mean.
    public func expectedValue(_ c: Customer) -> Double {
        (p * (v + c.frequency * c.meanValue)) / (p * c.frequency + q - 1)
    }
}
