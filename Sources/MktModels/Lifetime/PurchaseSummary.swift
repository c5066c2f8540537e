import MktFacts

/// Each customer's purchases in the lifetime-value models' terms, as of the end of a day: the
/// days with a completed order (`lifetimes`' `summary_data_from_transaction_data` with daily
/// periods). Grain: one entry per customer with a purchase day by `asOf`.
public struct PurchaseSummary: Sendable {
    public let asOf: Day
    public var customers: [Int32] = []
    /// Repeat purchase days, days from the first to the last purchase day, days from the first to `asOf`.
    public var history: [BGNBD.Customer] = []
    /// Mean revenue of the repeat purchase days (the first day left out, as in the models); 0 without.
    public var meanRepeatValue: [Double] = []
    /// All completed revenue by `asOf` (returns included) and distinct orders.
    public var revenue: [Double] = []
    public var orders: [Int] = []
    public var lastPurchase: [Day] = []

    public init(_ table: OrderDayTable, asOf: Day) {
        self.asOf = asOf
        // Rows are sorted by customer, day, order.
        var i = 0
        while i < table.count {
            let customer = table.customer[i]
            var days: [(day: Day, revenue: Double)] = [], revenue = 0.0, orders = Set<Int32>()
            while i < table.count && table.customer[i] == customer {
                let day = table.day[i]
                var dayRevenue = 0.0, buys = false
                while i < table.count && table.customer[i] == customer && table.day[i] == day {
                    if day <= asOf {
                        dayRevenue += table.revenue[i]
                        if table.qualifies[i] { buys = true; orders.insert(table.order[i]) }
                    }
                    i += 1
                }
                revenue += day <= asOf ? dayRevenue : 0
                if buys { days.append((day, dayRevenue)) }
            }
            guard let first = days.first, let last = days.last else { continue }
            customers.append(customer)
            history.append(BGNBD.Customer(frequency: Double(days.count - 1), recency: Double(last.day - first.day), age: Double(asOf - first.day)))
            meanRepeatValue.append(days.count > 1 ? days.dropFirst().reduce(0) { $0 + $1.revenue } / Double(days.count - 1) : 0)
            self.revenue.append(revenue)
            self.orders.append(orders.count)
            lastPurchase.append(last.day)
        }
    }

    public var count: Int { customers.count }
}
