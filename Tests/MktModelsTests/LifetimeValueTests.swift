import Foundation
import MktFacts
import MktModels
import MktTesting
import Testing

/// BG/NBD and Gamma-Gamma against `lifetimes` (Tests/References/make_lifetime_references.py): the
/// published CDNOW fits (Fader, Hardie & Lee 2005; lifetimes' documentation) and lifetimes'
/// predictions per customer.
@Suite struct LifetimeValueTests {
    struct References: Decodable {
        struct Fit: Decodable {
            var bgnbd: [String: Double]
            var gamma_gamma: [String: Double]
            var customers: [Prediction]
            var horizon: Double
        }
        struct Prediction: Decodable {
            var frequency: Double, recency: Double, T: Double, monetary_value: Double
            var p_alive: Double, expected_purchases: Double, expected_value: Double, clv: Double
        }
        var cdnow: Fit
        var sample: Fit
        var monthly_discount_rate: Double
    }

    static let references = try! RepositoryFiles.reference("lifetime_references.json", as: References.self)

    /// The CDNOW summary lifetimes ships: frequency, recency, T (weeks), monetary_value.
    static let cdnow: [(history: BGNBD.Customer, value: Double)] = {
        let text = try! String(contentsOfFile: RepositoryFiles.path("Tests/References/cdnow_summary.csv"), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: ",").map { Double($0)! }
            return (BGNBD.Customer(frequency: f[0], recency: f[1], age: f[2]), f[3])
        }
    }()

    @Test func bgnbdReproducesThePublishedCDNOWFit() throws {
        #expect(Self.cdnow.count == 2_357)
        let fit = try #require(BGNBD.fit(Self.cdnow.map(\.history)))
        // Published: r 0.243, alpha 4.414, a 0.793, b 2.426.
        #expect(abs(fit.r - 0.2426) < 0.001 && abs(fit.alpha - 4.4135) < 0.01 && abs(fit.a - 0.7929) < 0.005 && abs(fit.b - 2.4258) < 0.02, "\(fit)")
        let reference = Self.references.cdnow.bgnbd
        let model = BGNBD(r: reference["r"]!, alpha: reference["alpha"]!, a: reference["a"]!, b: reference["b"]!)
        let ours = Self.cdnow.reduce(0) { $0 + fit.logLikelihood($1.history) }
        let theirs = Self.cdnow.reduce(0) { $0 + model.logLikelihood($1.history) }
        #expect(ours >= theirs - 1e-6, "our optimum \(ours) is below lifetimes' \(theirs)")
    }

    @Test func gammaGammaReproducesThePublishedCDNOWFit() throws {
        let repeaters = Self.cdnow.filter { $0.history.frequency > 0 }.map { GammaGamma.Customer(frequency: $0.history.frequency, meanValue: $0.value) }
        let fit = try #require(GammaGamma.fit(repeaters))
        // Published: p 6.25, q 3.74, v 15.45.
        #expect(abs(fit.p - 6.2488) < 0.01 && abs(fit.q - 3.7446) < 0.01 && abs(fit.v - 15.4477) < 0.05, "\(fit)")
    }

    /// With lifetimes' parameters, the same P(alive), expected purchases, expected order value and
    /// discounted 12-month value for each reference customer (CDNOW in weeks, the sample in days).
    @Test func predictionsEqualLifetimesPerCustomer() throws {
        for (fit, weeks) in [(Self.references.cdnow, true), (Self.references.sample, false)] {
            let bg = BGNBD(r: fit.bgnbd["r"]!, alpha: fit.bgnbd["alpha"]!, a: fit.bgnbd["a"]!, b: fit.bgnbd["b"]!)
            let gg = GammaGamma(p: fit.gamma_gamma["p"]!, q: fit.gamma_gamma["q"]!, v: fit.gamma_gamma["v"]!)
            for c in fit.customers {
                let history = BGNBD.Customer(frequency: c.frequency, recency: c.recency, age: c.T)
                #expect(abs(bg.probabilityAlive(history) - c.p_alive) < 1e-9)
                #expect(abs(bg.expectedPurchases(history, over: fit.horizon) - c.expected_purchases) < 1e-7 * max(1, c.expected_purchases))
                let value = gg.expectedValue(GammaGamma.Customer(frequency: c.frequency, meanValue: c.monetary_value))
                #expect(abs(value - c.expected_value) < 1e-9 * max(1, value))
                // lifetimes' months: 4.345 weeks or 30 days.
                let month = weeks ? 4.345 : 30
                var clv = 0.0
                for i in 1...12 {
                    let step = bg.expectedPurchases(history, over: Double(i) * month) - bg.expectedPurchases(history, over: Double(i - 1) * month)
                    clv += value * step / pow(1 + Self.references.monthly_discount_rate, Double(i))
                }
                #expect(abs(clv - c.clv) < 1e-7 * max(1, c.clv), "clv \(clv) vs \(c.clv)")
            }
        }
    }

    @Test func theHypergeometricSeriesMatchesKnownValues() {
        // 2F1(1, 1; 2; z) = -ln(1 - z) / z.
        #expect(abs(Hypergeometric.f21(1, 1, 2, 0.5) - (-Foundation.log(0.5) / 0.5)) < 1e-12)
        #expect(Hypergeometric.f21(2, 3, 4, 0) == 1)
    }

    static let window = DateWindow(from: Day(year: 2026, month: 11, day: 23)!, to: Day(year: 2026, month: 11, day: 29)!)

    /// A shop of `customers` customers, customer i ordering `orders(i)` times, every `gap` days back
    /// from the window's end, each order worth `value(i)`.
    func shop(customers: Int, orders: (Int) -> Int, value: (Int) -> Double, gap: Int = 9) -> Facts {
        var fixture = FactsFixture(window: Self.window)
        for c in 0..<customers {
            for k in 0..<orders(c) {
                fixture.order("O\(c)-\(k)", day: Self.window.to - (c % 7) - k * gap - (k > 0 ? c % 5 : 0), customer: "C\(c)", sku: "S1", price: value(c))
            }
        }
        return fixture.facts()
    }

    @Test func tooFewCustomersSaySoWithTheCounts() {
        let facts = shop(customers: 30, orders: { $0 % 2 + 1 }, value: { _ in 10 })
        let outcome = LifetimeValue.compute(facts, membership: [:], order: [], monthlyDiscountRate: 0.01)
        #expect(outcome.reason == "Lifetime value needs at least 50 customers with an order, 20 of them with orders on two or more days; there are 30 and 15 with a repeat order.")
    }

    /// Spend per order rising with frequency breaks Gamma-Gamma's assumption: frequency and
    /// P(alive) are still shown, expected value is not, and the note says why.
    @Test func correlatedFrequencyAndValueRefuseGammaGamma() throws {
        let facts = shop(customers: 120, orders: { 1 + $0 % 6 }, value: { 10 + 20 * Double($0 % 6) })
        let result = try #require(LifetimeValue.compute(facts, membership: [:], order: [], monthlyDiscountRate: 0.01).value)
        #expect(result.gammaGamma == nil && (result.frequencyValueCorrelation ?? 0) > 0.9)
        #expect(result.gammaGammaNote?.hasPrefix("Expected value is not shown: order value and purchase frequency are correlated (r = ") == true, "\(result.gammaGammaNote ?? "")")
        #expect(result.repeatCustomers == 100 && result.customers == 120)
    }

    /// Per segment means and the at-risk list: high past value and P(alive) below one half.
    @Test func segmentsAndTheAtRiskListFollowTheirRules() throws {
        var fixture = FactsFixture(window: Self.window)
        for c in 0..<80 {
            // Customers 0-59 buy steadily up to the end; 60-79 bought often long ago and stopped.
            let lapsed = c >= 60
            for k in 0..<(lapsed ? 12 : 1 + c % 4) {
                let day = lapsed ? Self.window.to - 300 - k * 7 : Self.window.to - (c % 6) - k * 20
                fixture.order("O\(c)-\(k)", day: day, customer: "C\(c)", sku: "S1", price: 20 + Double(c % 3))
            }
        }
        let facts = fixture.facts()
        let ids = facts.customers.ids
        let membership = Dictionary(uniqueKeysWithValues: ids.indices.map { (Int32($0), Int(ids[$0].dropFirst())! >= 60 ? "Lapsed" : "Active") })
        let result = try #require(LifetimeValue.compute(facts, membership: membership, order: ["Active", "Lapsed"], monthlyDiscountRate: 0.01).value)
        #expect(result.segments.map(\.name) == ["Active", "Lapsed"] && result.segments.map(\.customers) == [60, 20])
        #expect(result.segments[0].meanProbabilityAlive > 0.8 && result.segments[1].meanProbabilityAlive < 0.2, "\(result.segments)")
        // The lapsed customers hold the top quarter of revenue (12 orders each) and are likely gone.
        #expect(result.atRisk.count == 20 && result.atRisk.allSatisfy { membership[$0.customer] == "Lapsed" && $0.probabilityAlive < 0.5 })
        #expect(zip(result.atRisk, result.atRisk.dropFirst()).allSatisfy { $0.revenue >= $1.revenue })
    }
}
