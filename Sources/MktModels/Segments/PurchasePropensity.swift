import Foundation
import MktFacts

/// The probability that a customer buys in the next window: an L2-penalised logistic regression
/// on standardised customer features, trained and tested on time splits.
///
/// Features at a cut-off day c (history up to c; behaviour in the window ending at c): recency in
/// days (capped at 365; 365 for customers who never ordered), orders, log(1 + revenue), tenure in
/// days (from sign-up or first order, capped at three years), views, carts and purchase events in
/// the window, and whether the customer has ever ordered. Customers count when they have ordered by
/// c or were active in the window ending at c. Features that are constant in the training sample
/// (the behaviour counts of a shop without events, "has ordered" when nobody browses) are left
/// out, and the penalty (λ = 1, scikit-learn's default `C = 1`) keeps collinear ones finite, so
/// the model fits on orders alone.
///
/// Training: cut-off at the end of the window before the previous one, label = bought in the
/// previous window. Test: cut-off at the end of the previous window, label = bought in the report
/// window (AUC and calibration by decile). Scores: cut-off at the end of the report window.
public enum PurchasePropensity {
    public static let featureNames = ["recency", "orders", "revenue", "tenure", "views", "carts", "purchase events", "has ordered"]
    /// Buyers and non-buyers the training sample needs at least of each.
    public static let minimumTrainingClass = 30
    /// Buyers and non-buyers the test window needs at least of each for an AUC.
    public static let minimumTestClass = 10
    /// The L2 penalty λ (scikit-learn's `C = 1 / λ`).
    public static let penalty = 1.0

    public struct Coefficient: Sendable, Equatable, Codable {
        public var feature: String
        /// Change in log-odds per standard deviation of the feature.
        public var coefficient: Double
        public var oddsRatio: Double
        /// 95% interval of the coefficient (log-odds) and of the odds ratio.
        public var ci95: [Double]
        public var oddsRatioCI95: [Double]

        enum CodingKeys: String, CodingKey { case feature, coefficient, oddsRatio = "odds_ratio", ci95, oddsRatioCI95 = "odds_ratio_ci95" }
    }

    public struct CalibrationBin: Sendable, Equatable, Codable {
        public var decile: Int
        public var customers: Int
        public var expected: Double
        public var observed: Double
    }

    public struct Result: Sendable {
        /// Strongest first (by the size of the coefficient).
        public var coefficients: [Coefficient]
        /// Features left out because they were constant in the training sample.
        public var constantFeatures: [String]
        /// Nil when the report window has too few buyers or non-buyers to test on.
        public var auc: Double?
        public var calibration: [CalibrationBin]
        public var trainingCustomers: Int
        public var trainingBuyers: Int
        public var testCustomers: Int
        public var testBuyers: Int
        /// Share of test customers who bought.
        public var testBaseRate: Double
        /// Customer index -> probability of buying in the window after the report window.
        public var scores: [Int32: Double]
    }

    struct Sample {
        var customers: [Int32]
        var features: [[Double]]
        var labels: [Bool]
        var positives: Int { labels.filter { $0 }.count }
    }

    static func sample(_ facts: Facts, cut: Day, activity period: Period, labelWindow: DateWindow?) -> Sample {
        let history = OrderHistory(facts.orderDays, customerCount: facts.customers.count, asOf: cut)
        let buyersInLabel = labelWindow.map { OrderHistory.buyers(facts.orderDays, in: $0) } ?? []
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

    public static func fit(_ facts: Facts) -> Outcome<Result> {
        let periods = facts.periods
        let train = sample(facts, cut: periods.prior.to, activity: .prior, labelWindow: periods.previous)
        let positives = train.positives, negatives = train.customers.count - positives
        guard positives >= minimumTrainingClass, negatives >= minimumTrainingClass else {
            return .unavailable("Purchase propensity needs at least \(minimumTrainingClass) customers who bought in the previous period and \(minimumTrainingClass) who did not; there were \(positives.grouped) and \(negatives.grouped).")
        }
        let n = Double(train.features.count)
        let means = featureNames.indices.map { j in train.features.reduce(0) { $0 + $1[j] } / n }
        let sds = featureNames.indices.map { j in (train.features.reduce(0) { $0 + ($1[j] - means[j]) * ($1[j] - means[j]) } / n).squareRoot() }
        let used = featureNames.indices.filter { sds[$0] > 1e-12 }
        func design(_ row: [Double]) -> [Double] { [1] + used.map { (row[$0] - means[$0]) / sds[$0] } }
        guard let model = try? LogisticRegression.fit(rows: train.features.map(design), successes: train.labels.map { $0 ? 1 : 0 },
                                                      penalty: penalty) else {
            return .unavailable("The purchase propensity model did not converge on this data.")
        }
        let coefficients = used.enumerated().map { position, j -> Coefficient in
            let beta = model.coefficients[position + 1], interval = model.interval(position + 1)
            return Coefficient(feature: featureNames[j], coefficient: beta, oddsRatio: exp(beta), ci95: [interval.low, interval.high],
                               oddsRatioCI95: [exp(interval.low), exp(interval.high)])
        }.sorted { abs($0.coefficient) != abs($1.coefficient) ? abs($0.coefficient) > abs($1.coefficient) : $0.feature < $1.feature }

        let test = sample(facts, cut: periods.previous.to, activity: .previous, labelWindow: periods.current)
        let predicted = test.features.map { model.probability(design($0)) }
        let testBuyers = test.positives, testOthers = test.customers.count - testBuyers
        let testable = testBuyers >= minimumTestClass && testOthers >= minimumTestClass
        var calibration: [CalibrationBin] = []
        if testable {
            let order = predicted.indices.sorted { predicted[$0] < predicted[$1] }
            for decile in 0..<10 {
                let members = order[(decile * order.count / 10)..<((decile + 1) * order.count / 10)]
                guard !members.isEmpty else { continue }
                calibration.append(CalibrationBin(
                    decile: decile + 1, customers: members.count,
                    expected: members.reduce(0) { $0 + predicted[$1] } / Double(members.count),
                    observed: Double(members.filter { test.labels[$0] }.count) / Double(members.count)))
            }
        }
        let score = sample(facts, cut: periods.current.to, activity: .current, labelWindow: nil)
        var scores: [Int32: Double] = [:]
        for (i, customer) in score.customers.enumerated() { scores[customer] = model.probability(design(score.features[i])) }
        return .available(Result(
            coefficients: coefficients, constantFeatures: featureNames.indices.filter { !used.contains($0) }.map { featureNames[$0] },
            auc: testable ? ROC.auc(scores: predicted, labels: test.labels) : nil, calibration: calibration,
            trainingCustomers: train.customers.count, trainingBuyers: positives, testCustomers: test.customers.count,
            testBuyers: testBuyers, testBaseRate: test.customers.isEmpty ? 0 : Double(testBuyers) / Double(test.customers.count),
            scores: scores))
    }
}
