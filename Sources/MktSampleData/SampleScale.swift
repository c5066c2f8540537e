import MktFacts

/// Sizes of the generated sample (issue: small / medium / large, about 50k / 1M / 10M order lines).
public enum SampleScale: String, CaseIterable, Sendable {
    case small, medium, large

    var customers: Int { [4_000, 100_000, 600_000][index] }
    var products: Int { [1_500, 20_000, 50_000][index] }
    /// Mean orders per day at the start of the history (before trend and seasonality).
    var baseOrdersPerDay: Double { [31, 480, 4_800][index] }
    /// Browsing sessions per order (events grow with this).
    var sessionsPerOrder: Double { [1.0, 3.1, 0.9][index] }
    var campaigns: Int { [12, 40, 80][index] }
    /// Whether events files are gzip-compressed (the committed sample must stay small).
    var gzipEvents: Bool { self == .small }
    /// Number of overlapping export files the orders and events are split into.
    var exportParts: Int { [4, 8, 12][index] }

    private var index: Int { Self.allCases.firstIndex(of: self)! }
}

/// What kind of shop the sample is, beyond its scale: which exports it has, how long its history
/// is, how many customers, whether campaigns run A/B variants, a closed week, guest orders. The
/// shape sweep of the tests runs the report on each named shape over several windows.
public struct SampleShape: Sendable, Equatable {
    /// The exports written (orders always are).
    public var exports: Set<ExportKind> = Set(ExportKind.allCases)
    /// Days of history ending on the generator's last day.
    public var days = 729
    public var customers: Int?
    public var products: Int?
    /// Mean orders per day at the start (scale's when nil).
    public var ordersPerDay: Double?
    public var campaigns: Int?
    /// False: every campaign runs a single variant (no A/B tests).
    public var variants = true
    /// The 7 days ending this many days before the last day have no orders or events (a closed week).
    public var quietWeekEndingDaysBeforeEnd: Int?
    /// Share of orders placed by guests (empty customer_id).
    public var guestShare = 0.0
    /// Deliberately malformed rows, overlapping exports with restated orders, gzip: the dirt of real exports.
    public var dirt = true

    public init() {}

    /// The shapes the sweep covers, by name (`mktreport fixtures --shape NAME`).
    public static let named: [(name: String, shape: SampleShape)] = [
        ("all", SampleShape()),
        ("orders-only", SampleShape { $0.exports = [.orders] }),
        ("no-ads", SampleShape { $0.exports.remove(.ads) }),
        ("no-events", SampleShape { $0.exports.remove(.events) }),
        ("no-customers", SampleShape { $0.exports.remove(.customers) }),
        ("no-catalog", SampleShape { $0.exports.remove(.products) }),
        ("one-variant", SampleShape { $0.variants = false }),
        ("25-customers", SampleShape { $0.customers = 25; $0.products = 40; $0.ordersPerDay = 1.5; $0.campaigns = 3 }),
        ("one-customer", SampleShape { $0.customers = 1; $0.products = 12; $0.ordersPerDay = 0.4; $0.campaigns = 2 }),
        ("one-year", SampleShape { $0.days = 365 }),
        ("six-weeks", SampleShape { $0.days = 42 }),
        ("quiet-week", SampleShape { $0.quietWeekEndingDaysBeforeEnd = 14 }),
        ("guests", SampleShape { $0.guestShare = 0.25 }),
    ]

    public static func named(_ name: String) -> SampleShape? { named.first { $0.name == name }?.shape }

    init(_ change: (inout SampleShape) -> Void) {
        self.init()
        change(&self)
    }

    /// A smaller shop of this shape, for tests: fewer customers, products and orders, and a default
    /// history of `days` (a shape that sets its own history length keeps it).
    public func scaledDown(customers: Int, products: Int, ordersPerDay: Double, campaigns: Int, days: Int) -> SampleShape {
        var copy = self
        if self.days == SampleShape().days { copy.days = days }
        copy.customers = min(self.customers ?? customers, customers)
        copy.products = min(self.products ?? products, products)
        copy.ordersPerDay = min(self.ordersPerDay ?? ordersPerDay, ordersPerDay)
        copy.campaigns = min(self.campaigns ?? campaigns, campaigns)
        return copy
    }
}
