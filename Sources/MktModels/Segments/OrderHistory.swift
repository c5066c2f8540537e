import MktFacts

/// Each customer's purchase history as of the end of one day: the per-customer
/// aggregates that RFM, clustering and propensity features start from.
public struct OrderHistory: Sendable {
    public let asOf: Day
    /// Indexed by customer; nil when the customer has no qualifying order by `asOf`.
    public var firstOrder: [Day?]
    public var lastOrder: [Day?]
    /// The day of the customer's second distinct qualifying order; nil with fewer than two.
    public var secondOrder: [Day?]
    /// Distinct qualifying orders.
    public var orders: [Int]
    /// Completed revenue (returns included).
    public var revenue: [Double]
    public var discount: [Double]

    public init(_ table: OrderDayTable, customerCount: Int, asOf: Day) {
        self.asOf = asOf
        firstOrder = Array(repeating: nil, count: customerCount)
        lastOrder = Array(repeating: nil, count: customerCount)
        secondOrder = Array(repeating: nil, count: customerCount)
        orders = Array(repeating: 0, count: customerCount)
        revenue = Array(repeating: 0, count: customerCount)
        discount = Array(repeating: 0, count: customerCount)
        // Rows are sorted by customer, day, order: an order counts once per customer.
        var lastCounted: (customer: Int32, order: Int32) = (-1, -1)
        var seen = Set<Int32>()
        for i in 0..<table.count where table.day[i] <= asOf {
            let c = Int(table.customer[i])
            revenue[c] += table.revenue[i]
            discount[c] += table.discount[i]
            guard table.qualifies[i] else { continue }
            if firstOrder[c] == nil { firstOrder[c] = table.day[i] }
            lastOrder[c] = table.day[i]
            if lastCounted.customer != table.customer[i] { seen.removeAll(keepingCapacity: true) }
            if seen.insert(table.order[i]).inserted {
                orders[c] += 1
                if orders[c] == 2 { secondOrder[c] = table.day[i] }
            }
            lastCounted = (table.customer[i], table.order[i])
        }
    }

    /// Customers with a qualifying order dated in `window` (the window's buyers).
    public static func buyers(_ table: OrderDayTable, in window: DateWindow) -> Set<Int32> {
        var buyers = Set<Int32>()
        for i in 0..<table.count where table.qualifies[i] && window.contains(table.day[i]) { buyers.insert(table.customer[i]) }
        return buyers
    }

    /// Customers with at least one qualifying order.
    public var buyers: [Int32] { lastOrder.indices.filter { lastOrder[$0] != nil }.map(Int32.init) }

    public func recencyDays(_ customer: Int) -> Int? { lastOrder[customer].map { asOf - $0 } }
}
