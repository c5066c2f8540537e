import MktFacts

/// The headline figures of one window (DATA_CONTRACT.md section 1, "KPIs of a window").
public struct WindowKPIs: Sendable, Equatable {
    /// Completed lines' revenue dated in the window (returns count negative).
    public var revenue: Double
    /// Distinct orders with a completed line of quantity > 0 in the window.
    public var orders: Int
    /// Distinct customers of those orders.
    public var customers: Int
    public var units: Double
    public var discount: Double

    public var aov: Double { ratio(revenue, Double(orders)) }

    /// Computes the KPIs of `window` from the order-day facts.
    public static func compute(_ table: OrderDayTable, window: DateWindow) -> WindowKPIs {
        var revenue = 0.0, units = 0.0, discount = 0.0
        var orders = Set<Int32>(), customers = Set<Int32>()
        for i in 0..<table.count where window.contains(table.day[i]) {
            revenue += table.revenue[i]
            discount += table.discount[i]
            if table.qualifies[i] {
                orders.insert(table.order[i])
                customers.insert(table.customer[i])
                units += table.units[i]
            }
        }
        return WindowKPIs(revenue: revenue, orders: orders.count, customers: customers.count, units: units, discount: discount)
    }

    /// Relative change against a previous value; nil when the previous value is 0.
    public static func change(_ current: Double, from previous: Double) -> Double? {
        previous == 0 ? nil : current / previous - 1
    }
}
