import MktFacts

/// Revenue, orders and customers of a window split into new and returning customers (Shopify's
/// and Klaviyo's first customer view), with the repeat-purchase rate and the time from first to
/// second order.
///
/// A customer is new in the window when their first completed order ever (in the data, up to the
/// window's end) is dated in it; every other customer with an order line in the window is
/// returning. Guests are neither, so new + returning + guests' orders make up the window's KPIs.
public struct CustomerMix: Sendable, Equatable {
    public struct Group: Sendable, Equatable {
        public var revenue: Double
        public var orders: Int
        public var customers: Int
        public var aov: Double { orders == 0 ? 0 : revenue / Double(orders) }
    }

    public var new: Group
    public var returning: Group
    /// Of the customers with a completed order by the window's end, the share with two or more; nil without any.
    public var repeatPurchaseRate: Double?
    /// Median days from first to second order, over the customers with a second order by the
    /// window's end; nil without any.
    public var medianDaysToSecondOrder: Double?

    public static func compute(_ facts: Facts, window: DateWindow) -> CustomerMix {
        let history = OrderHistory(facts.orderDays, customerCount: facts.customers.count, asOf: window.to)
        var groups = [Group(revenue: 0, orders: 0, customers: 0), Group(revenue: 0, orders: 0, customers: 0)]
        var orders: [Set<Int32>] = [[], []], customers: [Set<Int32>] = [[], []]
        let table = facts.orderDays
        for i in 0..<table.count where window.contains(table.day[i]) {
            let customer = table.customer[i]
            let g = history.firstOrder[Int(customer)].map(window.contains) == true ? 0 : 1
            groups[g].revenue += table.revenue[i]
            if table.qualifies[i] {
                orders[g].insert(table.order[i])
                customers[g].insert(customer)
            }
        }
        for g in 0..<2 {
            groups[g].orders = orders[g].count
            groups[g].customers = customers[g].count
        }
        let buyers = history.firstOrder.indices.filter { history.firstOrder[$0] != nil }
        let gaps = buyers.compactMap { c in history.secondOrder[c].map { Double($0 - history.firstOrder[c]!) } }
        return CustomerMix(new: groups[0], returning: groups[1],
                           repeatPurchaseRate: buyers.isEmpty ? nil : Double(gaps.count) / Double(buyers.count),
                           medianDaysToSecondOrder: gaps.isEmpty ? nil : Descriptive.median(gaps))
    }
}
