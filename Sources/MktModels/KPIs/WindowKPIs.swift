import MktFacts

/// The headline figures of one window (DATA_CONTRACT.md section 1, "KPIs of a window").
public struct WindowKPIs: Sendable, Equatable {
    /// Completed lines' revenue dated in the window (returns count negative), guests' included.
    public var revenue: Double
    /// Distinct orders with a completed line of quantity > 0 in the window, guests' included.
    public var orders: Int
    /// Distinct customers of those orders (guests left out).
    public var customers: Int
    /// Of `orders`, those placed by guests.
    public var guestOrders: Int
    public var units: Double
    public var discount: Double

    /// revenue / orders; 0 without orders (the contract's KPIs of a window with no orders are 0).
    public var aov: Double { orders == 0 ? 0 : revenue / Double(orders) }

    /// Computes the KPIs of `window` from the customers' and the guests' order days.
    public static func compute(_ facts: Facts, window: DateWindow) -> WindowKPIs {
        var kpis = WindowKPIs(revenue: 0, orders: 0, customers: 0, guestOrders: 0, units: 0, discount: 0)
        var customers = Set<Int32>()
        for (table, isGuest) in [(facts.orderDays, false), (facts.guestOrderDays, true)] {
            var orders = Set<Int32>()
            for i in 0..<table.count where window.contains(table.day[i]) {
                kpis.revenue += table.revenue[i]
                kpis.discount += table.discount[i]
                if table.qualifies[i] {
                    orders.insert(table.order[i])
                    if !isGuest { customers.insert(table.customer[i]) }
                    kpis.units += table.units[i]
                }
            }
            kpis.orders += orders.count
            if isGuest { kpis.guestOrders = orders.count }
        }
        kpis.customers = customers.count
        return kpis
    }
}
