import Foundation
import MktFacts

/// The probability that a customer buys in the next window: a logistic regression on
/// standardised customer features, trained and tested on time splits.
///
/// Features at a cut-off day c (history up to c; behaviour in the window ending at c):
/// recency in days (capped at 365; 365 for customers who never ordered), orders, log(1 +
/// revenue), tenure in days (from sign-up or first order, capped at three years), views, carts
/// and purchase events in the window, and whether the customer has ever ordered. Customers
/// count when they have ordered by c or were active in the window ending at c.
///
/// Training: cut-off at the end of the window before the previous one, label = bought in the
/// previous window. Test: cut-off at the end of the previous window, label = bought in the report
/// window (AUC and calibration by decile). Scores: cut-off at the end of the report window.
public enum PurchasePropensity {
    public static let featureNames = ["recency", "orders", "revenue", "tenure", "views", "carts", "purchase events", "has ordered"]

    public struct Coefficient: Sendable, Equatable, Codable {
        public var feature: String
        /// Change in log-odds per standard deviation of the feature.
        public var coefficient: Double
        public var oddsRatio: Double
        public var ci95: [Double]

        enum CodingKeys: String, CodingKey { case feature, coefficient, oddsRatio = "odds_ratio", ci95 }
    }

    public struct CalibrationBin: Sendable, Equatable, Codable {
        public var decile: Int
        public var customers: Int
        public var expected: Double
        public var observed: Double
    }

    public struct Result: Sendable {
        public var coefficients: [Coefficient]
        public var auc: Double
        public var calibration: [CalibrationBin]
        public var trainingCustomers: Int
        public var testCustomers: Int
        /// Share of test customers who bought.
        public var testBaseRate: Double
        /// Customer index -> probability of buying in the window after the report window.
        public var scores: [Int32: Double]
    }

    struct Sample {
        var customers: [Int32]
        var features: [[Double]]
        var labels: [Bool]
    }

    static func sample(_ facts: Facts, cut: Day, activity period: Period, labelWindow: DateWindow?) -> Sample {
        let history = OrderHistory(facts.orderDays, customerCount: facts.customers.count, asOf: cut)
        var buyersInLabel = Set<Int32>()
        if let labelWindow {
            let od = facts.orderDays
            for i in 0..<od.count where od.qualifies[i] && labelWindow.contains(od.day[i]) { buyersInLabel.insert(od.customer[i]) }
        }
        var sample = Sample(customers: [], features: [], labels: [])
        for c in 0..<facts.customers.count {
            let views = Double(facts.activity.count(customer: c, period: period, type: .view))
            let carts = Double(facts.activity.count(customer: c, period: period, type: .cart))
            let purchases = Double(facts.activity.count(customer: c, period: period, type: .purchase))
            let active = views + carts + purchases + Double(facts.activity.count(customer: c, period: period, type: .wishlist)) > 0
            guard history.orders[c] > 0 || active else { continue }
            let start = [facts.customers.signup[c], history.firstOrder[c]].compactMap { $0 }.filter { $0 <= cut }.min()
            sample.customers.append(Int32(c))
            sample.features.append([
                Double(min(365, history.recencyDays(c) ?? 365)), Double(history.orders[c]), log1p(max(0, history.revenue[c])),
                Double(min(1095, start.map { cut - $0 } ?? 0)), views, carts, purchases, history.orders[c] > 0 ? 1 : 0,
            ])
            sample.labels.append(buyersInLabel.contains(Int32(c)))
        }
        return sample
    }

    public static func fit(_ facts: Facts) -> Result? {
        let periods = facts.periods
        let train = sample(facts, cut: periods.prior.to, activity: .prior, labelWindow: periods.previous)
        let test = sample(facts, cut: periods.previous.to, activity: .previous, labelWindow: periods.current)
        let score = sample(facts, cut: periods.current.to, activity: .current, labelWindow: nil)
        guard train.customers.count >= 50, Set(train.labels).count == 2 else { return nil }
        let k = featureNames.count
        let means = (0..<k).map { j in train.features.reduce(0) { $0 + $1[j] } / Double(train.features.count) }
        let sds = (0..<k).map { j -> Double in
            let v = train.features.reduce(0) { $0 + ($1[j] - means[j]) * ($1[j] - means[j]) } / Double(train.features.count)
            return v > 0 ? v.squareRoot() : 1
        }
        func design(_ row: [Double]) -> [Double] { [1] + (0..<k).map { (row[$0] - means[$0]) / sds[$0] } }
        guard let model = try? LogisticRegression.fit(rows: train.features.map(design), successes: train.labels.map { $0 ? 1 : 0 })
        else { return nil }
        let coefficients = (0..<k).map { j -> Coefficient in
            let interval = model.interval(j + 1)
            return Coefficient(feature: featureNames[j], coefficient: model.coefficients[j + 1], oddsRatio: exp(model.coefficients[j + 1]),
                               ci95: [interval.low, interval.high])
        }
        let predicted = test.features.map { model.probability(design($0)) }
        let order = predicted.indices.sorted { predicted[$0] < predicted[$1] }
        var calibration: [CalibrationBin] = []
        if order.count >= 10 {
            for decile in 0..<10 {
                let members = order[(decile * order.count / 10)..<((decile + 1) * order.count / 10)]
                calibration.append(CalibrationBin(
                    decile: decile + 1, customers: members.count,
                    expected: members.reduce(0) { $0 + predicted[$1] } / Double(members.count),
                    observed: Double(members.filter { test.labels[$0] }.count) / Double(members.count)))
            }
        }
        var scores: [Int32: Double] = [:]
        for (i, customer) in score.customers.enumerated() { scores[customer] = model.probability(design(score.features[i])) }
        return Result(coefficients: coefficients, auc: ROC.auc(scores: predicted, labels: test.labels), calibration: calibration,
                      trainingCustomers: train.customers.count, testCustomers: test.customers.count,
                      testBaseRate: Double(test.labels.filter { $0 }.count) / Double(max(1, test.labels.count)), scores: scores)
    }
}
