import MktFacts

/// A count that is not shown when it describes fewer customers than the minimum group size
/// (nil, JSON null): no figure in a report singles out a handful of people.
public typealias ProtectedCount = Int?

/// The privacy rule, in one place: a count of customers is shown when it is 0 or at least the
/// minimum group size.
public enum Privacy {
    public static func protect(_ count: Int, minSize: Int) -> ProtectedCount { count == 0 || count >= minSize ? count : nil }
}

/// One demographic cell of a segment (age band, gender or region).
public struct DemographicCell: Sendable, Equatable, Codable {
    public var dimension: String
    public var value: String
    /// Customers in the cell; nil when below the minimum group size.
    @EncodesNil public var customers: ProtectedCount
    @EncodesNil public var share: Double?
}

/// Customers of a segment at each step of the view -> cart -> purchase funnel in the report window.
public struct Funnel: Sendable, Equatable, Codable {
    @EncodesNil public var viewed: ProtectedCount
    @EncodesNil public var carted: ProtectedCount
    /// Customers with a completed order in the window.
    @EncodesNil public var purchased: ProtectedCount

    public init(viewed: ProtectedCount, carted: ProtectedCount, purchased: ProtectedCount) {
        self.viewed = viewed
        self.carted = carted
        self.purchased = purchased
    }

    /// The funnel of these customers in the report window, each step protected.
    static func of(_ customers: [Int32], facts: Facts, buyers: Set<Int32>, minSize: Int) -> Funnel {
        let viewed = customers.filter { facts.activity.count(customer: Int($0), period: .current, type: .view) > 0 }.count
        let carted = customers.filter { facts.activity.count(customer: Int($0), period: .current, type: .cart) > 0 }.count
        return Funnel(viewed: Privacy.protect(viewed, minSize: minSize), carted: Privacy.protect(carted, minSize: minSize),
                      purchased: Privacy.protect(customers.filter { buyers.contains($0) }.count, minSize: minSize))
    }

    /// The whole shop's funnel in the report window: customers who viewed, carted and bought.
    public static func shop(_ facts: Facts, minSize: Int) -> Funnel {
        of((0..<facts.customers.count).map(Int32.init), facts: facts,
           buyers: OrderHistory.buyers(facts.orderDays, in: facts.periods.current), minSize: minSize)
    }
}

/// What the report says about one customer segment.
public struct SegmentProfile: Sendable, Equatable, Codable {
    public var name: String
    public var customers: Int
    /// Share of all segmented customers.
    public var customerShare: Double
    /// Revenue of the segment's customers in the report window.
    public var revenue: Double
    /// Share of the window revenue of all segmented customers; nil when that revenue is not positive.
    public var revenueShare: Double?
    /// Window revenue per window order; nil without orders in the window.
    public var aov: Double?
    /// Window orders per segment customer.
    public var ordersPerCustomer: Double
    public var medianRecencyDays: Double
    /// Median days since the first order.
    public var medianTenureDays: Double
    /// Up to three categories with the most revenue from this segment's customers, up to the window end.
    public var topCategories: [String]
    public var topBrands: [String]
    /// Share of the segment's revenue up to the window end per category (the segment x category heat map).
    public var categoryShares: [String: Double]
    /// Cells of the demographic dimensions the customers export has values for.
    public var demographics: [DemographicCell]
    /// Nil without an events export.
    public var funnel: Funnel?
    /// Mean probability of buying in the next window (purchase propensity model).
    @EncodesNil public var meanPropensity: Double?

    enum CodingKeys: String, CodingKey {
        case name, customers, customerShare = "customer_share", revenue, revenueShare = "revenue_share", aov
        case ordersPerCustomer = "orders_per_customer", medianRecencyDays = "median_recency_days"
        case medianTenureDays = "median_tenure_days", topCategories = "top_categories", topBrands = "top_brands", categoryShares = "category_shares"
        case demographics, funnel, meanPropensity = "mean_propensity"
    }

    /// The same profile with money rounded to cents (report figures).
    public var roundedToCents: SegmentProfile {
        var copy = self
        copy.revenue = cents(revenue)
        copy.aov = aov.map(cents)
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
        /// Customer index -> the profile name it is shown under.
        public var shownMembership: [Int32: String]
    }

    /// What the profiles of every segmentation of one run are computed from, made once: each
    /// customer's order history and window revenue and orders, and revenue per category and brand.
    public struct Basis {
        public let facts: Facts
        let history: OrderHistory
        let windowRevenue: [Int32: Double]
        let windowOrders: [Int32: Set<Int32>]
        /// Whether there are behaviour events (the funnel) and which demographic dimensions any
        /// customer has a value for.
        let hasEvents: Bool
        let knownDimensions: Set<String>
        /// Completed revenue per customer and category (brand) up to the window end.
        let categoryRevenue: CustomerKeyRevenue
        let brandRevenue: CustomerKeyRevenue

        public init(_ facts: Facts) {
            self.facts = facts
            let window = facts.periods.current
            history = OrderHistory(facts.orderDays, customerCount: facts.customers.count, asOf: window.to)
            var windowRevenue: [Int32: Double] = [:]
            var windowOrders: [Int32: Set<Int32>] = [:]
            let od = facts.orderDays
            for i in 0..<od.count where window.contains(od.day[i]) {
                windowRevenue[od.customer[i], default: 0] += od.revenue[i]
                if od.qualifies[i] { windowOrders[od.customer[i], default: []].insert(od.order[i]) }
            }
            self.windowRevenue = windowRevenue
            self.windowOrders = windowOrders
            hasEvents = !facts.dataQuality[.events].files.isEmpty
            knownDimensions = SegmentProfiles.knownDimensions(facts.customers)
            categoryRevenue = CustomerKeyRevenue(facts, keyCount: facts.catalog.categories.count) { facts.catalog.category[$0] }
            brandRevenue = CustomerKeyRevenue(facts, keyCount: facts.catalog.brands.count) { facts.catalog.brand[$0] }
        }
    }

    /// - Parameters:
    ///   - members: segment name for each customer index (customers without one are not segmented).
    ///   - order: the order in which segment names are listed.
    ///   - propensity: customer -> probability of buying next window, when the model could be fitted.
    public static func build(members: [Int32: String], order: [String], basis: Basis, minSize: Int,
                             propensity: [Int32: Double]? = nil) -> Result {
        let facts = basis.facts, history = basis.history, windowRevenue = basis.windowRevenue, windowOrders = basis.windowOrders
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
        let names = (order + ["Other"]).filter { groups[$0] != nil }
        let totalCustomers = names.reduce(0) { $0 + groups[$1]!.count }
        let totalRevenue = names.flatMap { groups[$0]! }.reduce(0) { $0 + (windowRevenue[$1] ?? 0) }
        let windowBuyers = Set(windowOrders.keys)

        let profiles = names.map { name -> SegmentProfile in
            let customers = groups[name]!
            let revenue = customers.reduce(0) { $0 + (windowRevenue[$1] ?? 0) }
            let orders = customers.reduce(0) { $0 + (windowOrders[$1]?.count ?? 0) }
            let scores = propensity.map { p in customers.compactMap { p[$0] } } ?? []
            return SegmentProfile(
                name: name, customers: customers.count,
                customerShare: ratio(Double(customers.count), Double(totalCustomers)),
                revenue: revenue, revenueShare: totalRevenue > 0 ? revenue / totalRevenue : nil,
                aov: orders == 0 ? nil : revenue / Double(orders),
                ordersPerCustomer: ratio(Double(orders), Double(customers.count)),
                medianRecencyDays: Descriptive.median(customers.compactMap { history.recencyDays(Int($0)).map(Double.init) }),
                medianTenureDays: Descriptive.median(customers.compactMap { history.firstOrder[Int($0)].map { Double(window.to - $0) } }),
                topCategories: top(customers, basis.categoryRevenue, names: facts.catalog.categories),
                topBrands: top(customers, basis.brandRevenue, names: facts.catalog.brands),
                categoryShares: shares(customers, basis.categoryRevenue, names: facts.catalog.categories),
                demographics: demographics(customers, facts: facts, dimensions: basis.knownDimensions, minSize: minSize),
                funnel: basis.hasEvents ? Funnel.of(customers, facts: facts, buyers: windowBuyers, minSize: minSize) : nil,
                meanPropensity: scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count))
        }
        var shown: [Int32: String] = [:]
        for name in names { for c in groups[name]! { shown[c] = name } }
        return Result(profiles: profiles, suppressedCustomers: suppressed, shownMembership: shown)
    }

    /// Revenue of these customers per key, summed in customer order and key order (deterministic).
    static func totals(_ customers: [Int32], _ revenue: CustomerKeyRevenue) -> [Int: Double] {
        var totals: [Int: Double] = [:]
        for c in customers {
            for i in revenue.entries(of: c) { totals[Int(revenue.keys[i]), default: 0] += revenue.revenue[i] }
        }
        return totals
    }

    /// Each name's share of these customers' positive revenue.
    static func shares(_ customers: [Int32], _ revenue: CustomerKeyRevenue, names: [String]) -> [String: Double] {
        let positive = totals(customers, revenue).filter { $0.value > 0 }
        let sum = positive.keys.sorted().reduce(0) { $0 + positive[$1]! }
        return Dictionary(uniqueKeysWithValues: positive.map { (names[$0.key], $0.value / sum) })
    }

    /// The three names with the most revenue from these customers.
    static func top(_ customers: [Int32], _ revenue: CustomerKeyRevenue, names: [String]) -> [String] {
        totals(customers, revenue).filter { $0.value > 0 }
            .sorted { $0.value != $1.value ? $0.value > $1.value : names[$0.key] < names[$1.key] }
            .prefix(3).map { names[$0.key] }
    }

    /// The demographic dimensions (`age`, `gender`, `region`) at least one customer has a value for.
    public static func knownDimensions(_ t: CustomerTable) -> Set<String> {
        Set([t.birthYear.contains { $0 > 0 } ? "age" : nil, t.gender.contains { $0 >= 0 } ? "gender" : nil,
             t.region.contains { $0 >= 0 } ? "region" : nil].compactMap { $0 })
    }

    /// Age bands (from birth year, at the window end), gender and region, each cell protected.
    static func demographics(_ customers: [Int32], facts: Facts, dimensions: Set<String>, minSize: Int) -> [DemographicCell] {
        let year = facts.periods.current.to.components.year
        let bands = [(0, 24, "under 25"), (25, 34, "25-34"), (35, 44, "35-44"), (45, 54, "45-54"), (55, 64, "55-64"), (65, 200, "65+")]
        var cells: [DemographicCell] = []
        func add(_ dimension: String, _ values: @autoclosure () -> [String?], order: [String]) {
            guard dimensions.contains(dimension) else { return }
            var counts: [String: Int] = [:]
            for value in values() { counts[value ?? "unknown", default: 0] += 1 }
            let keys = order.filter { counts[$0] != nil } + counts.keys.filter { !order.contains($0) }.sorted()
            for key in keys {
                let count = Privacy.protect(counts[key]!, minSize: minSize)
                cells.append(DemographicCell(dimension: dimension, value: key, customers: count,
                                             share: count.map { Double($0) / Double(customers.count) }))
            }
        }
        let t = facts.customers
        add("age", customers.map { c in
            let birth = Int(t.birthYear[Int(c)])
            guard birth > 0 else { return nil }
            return bands.first { (year - birth) >= $0.0 && (year - birth) <= $0.1 }?.2
        }, order: bands.map(\.2) + ["unknown"])
        add("gender", customers.map { t.gender[Int($0)] >= 0 ? t.genders[Int(t.gender[Int($0)])] : nil }, order: [])
        add("region", customers.map { t.region[Int($0)] >= 0 ? t.regions[Int(t.region[Int($0)])] : nil }, order: [])
        return cells
    }
}

/// Completed revenue per customer and key (an item's category or brand) up to the window end:
/// customer c's keys, ascending, are `keys[entries(of: c)]`, their revenue alongside. Flat arrays
/// rather than a dictionary of dictionaries, which cost a third of the segment profiles' time.
struct CustomerKeyRevenue {
    private var start: [Int]
    var keys: [Int32] = []
    var revenue: [Double] = []

    /// `key(item)` is -1 for an item without one.
    init(_ facts: Facts, keyCount: Int, key: (Int) -> Int32) {
        let t = facts.interactions
        var sums = [Double](repeating: 0, count: keyCount), touched = [Bool](repeating: false, count: keyCount)
        var touchedKeys: [Int32] = []
        start = [0]
        start.reserveCapacity(facts.customers.count + 1)
        var row = 0
        // The interactions are sorted by customer: each customer's sums in row order, as before.
        for c in 0..<facts.customers.count {
            while row < t.count && Int(t.customer[row]) == c {
                let k = key(Int(t.item[row]))
                if k >= 0 && t.revenue[row] != 0 {
                    if !touched[Int(k)] {
                        touched[Int(k)] = true
                        touchedKeys.append(k)
                    }
                    sums[Int(k)] += Double(t.revenue[row])
                }
                row += 1
            }
            touchedKeys.sort()
            for k in touchedKeys {
                keys.append(k)
                revenue.append(sums[Int(k)])
                sums[Int(k)] = 0
                touched[Int(k)] = false
            }
            touchedKeys.removeAll(keepingCapacity: true)
            start.append(keys.count)
        }
    }

    func entries(of customer: Int32) -> Range<Int> { start[Int(customer)]..<start[Int(customer) + 1] }
}

/// How many customers moved from each RFM segment at the end of the previous window to each
/// segment now; cells below the minimum group size are not shown.
public struct SegmentMigration: Sendable, Equatable, Codable {
    /// Row and column labels; `newBuyer` for customers without an order before.
    public var from: [String]
    public var to: [String]
    /// counts[i][j]: customers in from[i] then and to[j] now (nil when protected).
    public var counts: [[ProtectedCount]]
    /// Customers per row and per column label: the segment mix then and now (nil when protected).
    public var fromTotals: [ProtectedCount]
    public var toTotals: [ProtectedCount]

    enum CodingKeys: String, CodingKey { case from, to, counts, fromTotals = "from_totals", toTotals = "to_totals" }

    public static let newBuyer = "(new buyer)"

    /// Whether any customer had a segment at the end of the previous period (else there is no movement).
    public var hasEarlierBuyers: Bool { from.contains { $0 != Self.newBuyer } }

    public static func compute(_ facts: Facts, minSize: Int) -> SegmentMigration {
        let ids = facts.customers.ids
        let before = RFM.score(facts.orderDays, customerIds: ids, asOf: facts.periods.previous.to)
        let now = RFM.score(facts.orderDays, customerIds: ids, asOf: facts.periods.current.to)
        var previous: [Int32: String] = [:]
        for i in 0..<before.count { previous[before.customers[i]] = RFM.segmentNames[before.segment[i]] }
        var cells: [String: [String: Int]] = [:]
        for i in 0..<now.count {
            let from = previous[now.customers[i]] ?? newBuyer
            cells[from, default: [:]][RFM.segmentNames[now.segment[i]], default: 0] += 1
        }
        let fromLabels = (RFM.segmentNames + [newBuyer]).filter { cells[$0] != nil }
        let toLabels = RFM.segmentNames.filter { name in cells.values.contains { $0[name] != nil } }
        let protect = { (count: Int) in Privacy.protect(count, minSize: minSize) }
        let counts = fromLabels.map { from in toLabels.map { to in protect(cells[from]?[to] ?? 0) } }
        let fromTotals = fromLabels.map { from in protect(toLabels.reduce(0) { $0 + (cells[from]?[$1] ?? 0) }) }
        let toTotals = toLabels.map { to in protect(fromLabels.reduce(0) { $0 + (cells[$1]?[to] ?? 0) }) }
        return SegmentMigration(from: fromLabels, to: toLabels, counts: counts, fromTotals: fromTotals, toTotals: toTotals)
    }
}
