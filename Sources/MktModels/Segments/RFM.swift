import MktFacts

/// Recency-frequency-monetary scoring with the standard named segments.
///
/// Definitions (as of the end of day `asOf`; only customers with at least one
/// qualifying order by then are scored):
/// - recency: days from the last day with a qualifying order line to `asOf`;
/// - frequency: distinct qualifying orders;
/// - monetary: completed revenue, returns included.
///
/// Each measure becomes a 1-5 quintile score the way pandas does it:
/// `pd.qcut(x.rank(method="first"), 5, labels=[1, 2, 3, 4, 5])` over customers
/// sorted by customer id (so ties go to the earlier id), with recency ranked on
/// `-recency` so that 5 is the most recent. The segment comes from the R and F
/// scores through the widely used RFM map, with "Lost" split from
/// "Hibernating" as R = 1 and F = 1:
///
/// | R \ F | 1 | 2 | 3 | 4 | 5 |
/// |---|---|---|---|---|---|
/// | 5 | New | Potential Loyalist | Potential Loyalist | Champions | Champions |
/// | 4 | Promising | Potential Loyalist | Potential Loyalist | Loyal | Loyal |
/// | 3 | About to Sleep | About to Sleep | Need Attention | Loyal | Loyal |
/// | 2 | Hibernating | Hibernating | At Risk | At Risk | Cannot Lose Them |
/// | 1 | Lost | Hibernating | At Risk | At Risk | Cannot Lose Them |
public enum RFM {
    public static let segmentNames = [
        "Champions", "Loyal", "Potential Loyalist", "New", "Promising", "Need Attention",
        "About to Sleep", "At Risk", "Cannot Lose Them", "Hibernating", "Lost",
    ]

    public struct Scores: Sendable {
        /// Scored customers (indices into the customer table), sorted by customer id.
        public var customers: [Int32] = []
        public var recencyDays: [Int] = []
        public var frequency: [Int] = []
        public var monetary: [Double] = []
        public var r: [Int] = []
        public var f: [Int] = []
        public var m: [Int] = []
        /// Index into `RFM.segmentNames`.
        public var segment: [Int] = []
        public var count: Int { customers.count }
    }

    public static func segment(r: Int, f: Int) -> String {
        switch (r, f) {
        case (1, 1): return "Lost"
        case (1...2, 1...2): return "Hibernating"
        case (1...2, 3...4): return "At Risk"
        case (1...2, 5): return "Cannot Lose Them"
        case (3, 1...2): return "About to Sleep"
        case (3, 3): return "Need Attention"
        case (3...4, 4...5): return "Loyal"
        case (4, 1): return "Promising"
        case (5, 1): return "New"
        case (4...5, 2...3): return "Potential Loyalist"
        default: return "Champions"  // (5, 4...5)
        }
    }

    /// Scores every customer with a qualifying order on or before `asOf`.
    public static func score(_ orders: OrderDayTable, customerIds: [String], asOf: Day) -> Scores {
        score(OrderHistory(orders, customerCount: customerIds.count, asOf: asOf), customerIds: customerIds)
    }

    public static func score(_ history: OrderHistory, customerIds: [String]) -> Scores {
        var scores = Scores()
        scores.customers = history.buyers.sorted { customerIds[Int($0)].utf8.lexicographicallyPrecedes(customerIds[Int($1)].utf8) }
        scores.recencyDays = scores.customers.map { history.recencyDays(Int($0))! }
        scores.frequency = scores.customers.map { history.orders[Int($0)] }
        scores.monetary = scores.customers.map { history.revenue[Int($0)] }
        scores.r = quintiles(scores.recencyDays.map { -Double($0) })
        scores.f = quintiles(scores.frequency.map(Double.init))
        scores.m = quintiles(scores.monetary)
        scores.segment = (0..<scores.count).map { segmentNames.firstIndex(of: segment(r: scores.r[$0], f: scores.f[$0]))! }
        return scores
    }

    /// `pd.qcut(values.rank(method="first"), 5, labels=1...5)`: ranks 1...n, ties
    /// in order of position, cut at the 20/40/60/80% quantiles of the ranks.
    public static func quintiles(_ values: [Double]) -> [Int] {
        let n = values.count
        guard n > 0 else { return [] }
        let order = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        var result = Array(repeating: 1, count: n)
        for (position, index) in order.enumerated() {
            let rank = Double(position + 1)
            var label = 1
            while label < 5 && rank > 1 + Double(label) * Double(n - 1) / 5 { label += 1 }
            result[index] = label
        }
        return result
    }
}
