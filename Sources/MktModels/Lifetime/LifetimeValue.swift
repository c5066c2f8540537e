import Foundation
import MktFacts

/// Customer lifetime value for the report: BG/NBD for how many orders each customer will still
/// place, Gamma-Gamma for what an order of theirs is worth, over the next 12 months of 30 days
/// (as `lifetimes` counts months), discounted monthly; summarised per segment, with the customers
/// of high past value who are likely gone.
public enum LifetimeValue {
    /// The horizon: 12 months of 30 days.
    public static let months = 12

    public struct Segment: Sendable, Equatable {
        public var name: String
        public var customers: Int
        public var meanProbabilityAlive: Double
        public var meanExpectedOrders: Double
        /// Nil when Gamma-Gamma was not used.
        public var meanExpectedValue: Double?
    }

    public struct Customer: Sendable, Equatable {
        public var customer: Int32
        public var segment: String?
        public var orders: Int
        public var revenue: Double
        public var lastPurchase: Day
        public var probabilityAlive: Double
        public var expectedOrders: Double
        public var expectedValue: Double?
    }

    public struct Result: Sendable {
        public var monthlyDiscountRate: Double
        public var bgnbd: BGNBD
        public var gammaGamma: GammaGamma?
        /// Why expected value is not shown (Gamma-Gamma's assumption fails or too few repeat customers).
        public var gammaGammaNote: String?
        /// Pearson's correlation of repeat customers' purchase days and mean order-day value.
        public var frequencyValueCorrelation: Double?
        public var customers: Int
        public var repeatCustomers: Int
        public var segments: [Segment]
        /// High past value (top quarter of revenue) and P(alive) below one half, most valuable first.
        public var atRisk: [Customer]
    }

    /// Customers with a purchase, and of them with a repeat purchase, below which nothing is fitted.
    public static let minimumCustomers = 50
    public static let minimumRepeatCustomers = 20
    /// Above this |correlation| of frequency and order value, Gamma-Gamma's independence assumption is taken to fail.
    public static let maximumCorrelation = 0.3
    public static let atRiskProbability = 0.5
    /// The fits use at most this many customers (an even spread over the id order) to bound the
    /// time a large shop's fit takes; the predictions cover every customer.
    public static let maximumFitCustomers = 20_000

    public static func compute(_ facts: Facts, membership: [Int32: String], order: [String],
                               monthlyDiscountRate: Double) -> Outcome<Result> {
        let summary = PurchaseSummary(facts.orderDays, asOf: facts.periods.current.to)
        let repeaters = summary.history.indices.filter { summary.history[$0].frequency > 0 }
        guard summary.count >= minimumCustomers, repeaters.count >= minimumRepeatCustomers else {
            return .unavailable("Lifetime value needs at least \(minimumCustomers) customers with an order, \(minimumRepeatCustomers) of them with orders on two or more days; there are \(summary.count) and \(repeaters.count) with a repeat order.")
        }
        let fitRows = spread(Array(summary.history.indices), at: maximumFitCustomers)
        guard let bgnbd = BGNBD.fit(fitRows.map { summary.history[$0] }) else {
            return .unavailable("The purchase-frequency model (BG/NBD) found no maximum-likelihood fit on these customers.")
        }
        let valued = repeaters.filter { summary.meanRepeatValue[$0] > 0 }
        let correlation = Descriptive.correlation(valued.map { summary.history[$0].frequency }, valued.map { summary.meanRepeatValue[$0] })
        var gammaGamma: GammaGamma?, note: String?
        if valued.count < minimumRepeatCustomers {
            note = "Expected value is not shown: \(valued.count) customers have repeat orders of positive value, fewer than \(minimumRepeatCustomers)."
        } else if let correlation, abs(correlation) > maximumCorrelation {
            note = "Expected value is not shown: order value and purchase frequency are correlated (r = \(String(format: "%.2f", correlation))), so the Gamma-Gamma model's assumption fails."
        } else if let fit = GammaGamma.fit(spread(valued, at: maximumFitCustomers).map { GammaGamma.Customer(frequency: summary.history[$0].frequency, meanValue: summary.meanRepeatValue[$0]) }),
                  fit.q > 1 {
            gammaGamma = fit
        } else {
            note = "Expected value is not shown: the order-value model (Gamma-Gamma) found no fit with a finite mean."
        }
        // Expected purchases by the end of each month, numerators shared by customers of one
        // frequency and age (days, so whole numbers): a fifth of the series on the medium shop.
        var numerators: [Double: [Double]] = [:]
        var perCustomer: [Customer] = []
        for i in 0..<summary.count {
            let history = summary.history[i]
            let key = history.frequency * 100_000 + history.age
            if numerators[key] == nil {
                numerators[key] = (1...months).map { bgnbd.expectedPurchasesNumerator(frequency: history.frequency, age: history.age, over: Double($0 * 30)) }
            }
            let odds = 1 + bgnbd.dropoutOdds(history)
            let byMonth = numerators[key]!.map { $0 / odds }
            let value = gammaGamma.map { gg -> Double in
                let perOrder = gg.expectedValue(GammaGamma.Customer(frequency: history.frequency, meanValue: summary.meanRepeatValue[i]))
                var total = 0.0, before = 0.0
                for (month, upTo) in byMonth.enumerated() {
                    total += perOrder * (upTo - before) / pow(1 + monthlyDiscountRate, Double(month + 1))
                    before = upTo
                }
                return total
            }
            perCustomer.append(Customer(customer: summary.customers[i], segment: membership[summary.customers[i]], orders: summary.orders[i],
                                        revenue: summary.revenue[i], lastPurchase: summary.lastPurchase[i],
                                        probabilityAlive: 1 / odds, expectedOrders: byMonth[months - 1], expectedValue: value))
        }
        let segments = order.compactMap { name -> Segment? in
            let members = perCustomer.filter { $0.segment == name }
            guard !members.isEmpty else { return nil }
            return Segment(name: name, customers: members.count, meanProbabilityAlive: Descriptive.mean(members.map(\.probabilityAlive)),
                           meanExpectedOrders: Descriptive.mean(members.map(\.expectedOrders)),
                           meanExpectedValue: gammaGamma == nil ? nil : Descriptive.mean(members.compactMap(\.expectedValue)))
        }
        let highValue = Descriptive.quantile(summary.revenue, 0.75)
        let atRisk = perCustomer.filter { $0.revenue >= highValue && $0.revenue > 0 && $0.probabilityAlive < atRiskProbability }
            .sorted { ($0.revenue, $1.customer) > ($1.revenue, $0.customer) }
        return .available(Result(monthlyDiscountRate: monthlyDiscountRate, bgnbd: bgnbd, gammaGamma: gammaGamma, gammaGammaNote: note, frequencyValueCorrelation: correlation,
                                 customers: summary.count, repeatCustomers: repeaters.count, segments: segments, atRisk: atRisk))
    }

    /// At most `limit` of `rows`, evenly spaced (all when there are fewer).
    static func spread(_ rows: [Int], at limit: Int) -> [Int] {
        guard rows.count > limit else { return rows }
        return (0..<limit).map { rows[$0 * rows.count / limit] }
    }
}
