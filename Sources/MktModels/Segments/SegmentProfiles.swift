import MktData

/// What the report says about one customer segment.
public struct SegmentProfile: Sendable, Equatable, Codable {
    public var name: String
    public var customers: Int
    /// Share of all segmented customers.
    public var customerShare: Double
    /// Revenue of the segment's customers in the report window.
    public var revenue: Double
    /// Share of the window revenue of all segmented customers.
    public var revenueShare: Double
    /// Window revenue per window order.
    public var aov: Double
    /// Window orders per segment customer.
    public var ordersPerCustomer: Double
    public var medianRecencyDays: Double
    /// Up to three categories with the most revenue from this segment's customers, up to the window end.
    public var topCategories: [String]

    enum CodingKeys: String, CodingKey {
        case name, customers, customerShare = "customer_share", revenue, revenueShare = "revenue_share", aov
        case ordersPerCustomer = "orders_per_customer", medianRecencyDays = "median_recency_days"
        case topCategories = "top_categories"
    }

    /// The same profile with money rounded to cents (report figures).
    public var roundedToCents: SegmentProfile {
        var copy = self
        copy.revenue = cents(revenue)
        copy.aov = cents(aov)
        return copy
    }
}

/// Builds segment profiles from an assignment of customers to named groups,
/// merging groups smaller than the minimum size into "Other" (and dropping
/// "Other" too if it is still too small), so no figure describes a handful of people.
public enum SegmentProfiles {
    public struct Result: Sendable, Equatable {
        public var profiles: [SegmentProfile]
        /// Customers left out because their group stayed below the minimum size.
        public var suppressedCustomers: Int
    }

    /// - Parameters:
    ///   - members: segment name for each customer index (nil = not segmented).
    ///   - order: the order in which segment names are listed.
    public static func build(members: [Int32: String], recencyDays: [Int32: Int], order: [String],
                             facts: Facts, minSize: Int) -> Result {
        // Customers in index order and groups in name order, so float sums add up in the same order every run.
        var groups: [String: [Int32]] = [:]
        for customer in members.keys.sorted() { groups[members[customer]!, default: []].append(customer) }
        var other: [Int32] = []
        for name in groups.keys.sorted() where groups[name]!.count < minSize {
            other += groups[name]!
            groups[name] = nil
        }
        other.sort()
        var suppressed = 0
        if other.count >= minSize { groups["Other"] = other } else { suppressed = other.count }

        let window = facts.periods.current
        var windowRevenue: [Int32: Double] = [:]
        var windowOrders: [Int32: Set<Int32>] = [:]
        let od = facts.orderDays
        for i in 0..<od.count where window.contains(od.day[i]) {
            windowRevenue[od.customer[i], default: 0] += od.revenue[i]
            if od.qualifies[i] { windowOrders[od.customer[i], default: []].insert(od.order[i]) }
        }
        let categoryRevenue = revenueByCustomerCategory(facts)
        let names = (order + ["Other"]).filter { groups[$0] != nil }
        let totalCustomers = names.reduce(0) { $0 + groups[$1]!.count }
        let totalRevenue = names.flatMap { groups[$0]! }.reduce(0) { $0 + (windowRevenue[$1] ?? 0) }
        let profiles = names.map { name -> SegmentProfile in
            let customers = groups[name]!
            let revenue = customers.reduce(0) { $0 + (windowRevenue[$1] ?? 0) }
            let orders = customers.reduce(0) { $0 + (windowOrders[$1]?.count ?? 0) }
            var byCategory: [Int: Double] = [:]
            for c in customers { for (category, value) in categoryRevenue[c] ?? [:] { byCategory[category, default: 0] += value } }
            let top = byCategory.filter { $0.value > 0 }
                .sorted { $0.value != $1.value ? $0.value > $1.value : facts.catalog.categories[$0.key] < facts.catalog.categories[$1.key] }
                .prefix(3).map { facts.catalog.categories[$0.key] }
            return SegmentProfile(
                name: name, customers: customers.count,
                customerShare: ratio(Double(customers.count), Double(totalCustomers)),
                revenue: revenue, revenueShare: ratio(revenue, totalRevenue),
                aov: ratio(revenue, Double(orders)),
                ordersPerCustomer: ratio(Double(orders), Double(customers.count)),
                medianRecencyDays: Descriptive.median(customers.compactMap { recencyDays[$0].map(Double.init) }),
                topCategories: Array(top))
        }
        return Result(profiles: profiles, suppressedCustomers: suppressed)
    }

    /// Completed revenue per customer and category up to the window end.
    static func revenueByCustomerCategory(_ facts: Facts) -> [Int32: [Int: Double]] {
        var result: [Int32: [Int: Double]] = [:]
        let t = facts.interactions
        for row in 0..<t.count {
            let category = facts.catalog.category[Int(t.item[row])]
            guard category >= 0, t.revenue[row] != 0 else { continue }
            result[t.customer[row], default: [:]][Int(category), default: 0] += Double(t.revenue[row])
        }
        return result
    }
}
