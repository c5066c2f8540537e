/// The compact aggregates every model works from: the seam between loading and modelling.
///
/// Facts are plain value types with no file or clock behind them. Today the file
/// loader produces them (`DataLoader`); a warehouse could produce the same tables
/// with SQL (each type's documentation gives its grain). Every per-row
/// computation happens before this point.
///
/// Facts do not depend on the order of the rows they were made from: customers and SKUs are
/// numbered in their ids' byte order (`KeyOrder`), sums of money and quantities are exact
/// (`GridSum`, `SignalSteps`), and orders are numbered as they were placed.
public struct Facts: Sendable {
    public var periods: Periods
    public var currency: String
    public var catalog: Catalog
    public var customers: CustomerTable
    public var orderDays: OrderDayTable
    /// Guest orders (no customer id): in revenue, orders and AOV, never in customer figures.
    public var guestOrderDays: OrderDayTable
    public var interactions: InteractionTable
    public var recentPurchases: RecentPurchaseTable = RecentPurchaseTable()
    public var purchaseDays: PurchaseDayTable = PurchaseDayTable()
    public var activity: ActivityTable
    public var daily: DailySeries
    public var ads: AdTable
    public var campaignOrders: CampaignOrderTable
    public var dataQuality: DataQuality
    /// First and last day with a valid order line anywhere in the data (after the window too);
    /// nil without order lines.
    public var orderSpan: DateWindow?
    /// True when the order lines stop part-way through the window's last day (exports downloaded
    /// before the day ended): its totals are not a whole day's.
    public var partialLastDay = false
    /// Names of the orders' sales channels (`channel` column), indexed by `OrderDayTable.channel`.
    public var orderChannels: [String] = []

    public init(periods: Periods, currency: String, catalog: Catalog, customers: CustomerTable,
                orderDays: OrderDayTable, guestOrderDays: OrderDayTable, interactions: InteractionTable, activity: ActivityTable,
                daily: DailySeries, ads: AdTable, campaignOrders: CampaignOrderTable, dataQuality: DataQuality) {
        self.periods = periods
        self.currency = currency
        self.catalog = catalog
        self.customers = customers
        self.orderDays = orderDays
        self.guestOrderDays = guestOrderDays
        self.interactions = interactions
        self.activity = activity
        self.daily = daily
        self.ads = ads
        self.campaignOrders = campaignOrders
        self.dataQuality = dataQuality
    }
}

/// Every SKU seen in any export. Grain: one row per SKU, in the SKUs' byte order.
public struct Catalog: Sendable {
    public var skus: [String] = []
    /// True when the SKU is in the current product catalog (only those are recommended).
    public var inCatalog: [Bool] = []
    public var titles: [String] = []
    /// Index into `categories`, -1 when unknown.
    public var category: [Int32] = []
    /// Index into `brands`, -1 when unknown.
    public var brand: [Int32] = []
    /// List price; NaN when unknown.
    public var price: [Double] = []
    public var categories: [String] = []
    public var brands: [String] = []

    public init() {}
    public var count: Int { skus.count }

    public func categoryName(of item: Int) -> String? {
        category[item] >= 0 ? categories[Int(category[item])] : nil
    }
}

/// Customers seen in any export, without personal data. Grain: one row per customer id, in the
/// ids' byte order.
public struct CustomerTable: Sendable {
    public var ids: [String] = []
    /// True when the customer is in the customers export.
    public var listed: [Bool] = []
    public var signup: [Day?] = []
    /// Birth year, 0 when unknown.
    public var birthYear: [Int16] = []
    /// Index into `genders`, -1 when unknown.
    public var gender: [Int32] = []
    /// Index into `regions`, -1 when unknown.
    public var region: [Int32] = []
    public var genders: [String] = []
    public var regions: [String] = []

    public init() {}
    public var count: Int { ids.count }
}

/// Completed-line totals per order and day, up to the end of the report window.
/// Grain: one row per (order_id, local day of its lines); sorted by customer, day, order
/// (a guest table, whose customer column is -1, by day and order).
public struct OrderDayTable: Sendable {
    /// Dense order number (distinct order_id), in the order the orders were placed (their
    /// earliest line's order_time, then the hash of order_id).
    public var order: [Int32] = []
    public var customer: [Int32] = []
    public var day: [Day] = []
    /// Revenue of completed lines (quantity x unit_price - discount; returns negative).
    public var revenue: [Double] = []
    /// Units on completed lines with quantity > 0.
    public var units: [Double] = []
    public var discount: [Double] = []
    /// True when a completed line with quantity > 0 is on this day: the order counts as an order.
    public var qualifies: [Bool] = []
    /// The order's sales channel (index into `Facts.orderChannels`): of the channels its lines name,
    /// the lowest index (the first name in byte order when the loader made the facts; one order's
    /// lines rarely name two); -1 for none.
    public var channel: [Int32] = []
    /// Number of distinct order ids.
    public var orderCount = 0

    public init() {}
    public var count: Int { order.count }
}

/// Implicit-feedback signals per customer and item, split by period and decayed.
/// Grain: one row per (customer, item) with any purchase or event; sorted by customer, item.
///
/// Each signal is a sum of `0.5^(age / halfLife)` over its occurrences, with age
/// measured from the end of the row's period, so sums for later cut-offs are
/// `earlier * 0.5^(gap / halfLife) + later` (see `weight(...)`).
/// Completed purchases by customers (not guests) on each of the last days up to the window's end,
/// for time-aware popularity. Grain: one row per (item, age) with a purchase, age 0 being the
/// window's last day and every age below `days`; sorted by item, then age.
public struct RecentPurchaseTable: Sendable {
    /// The longest look-back a recency ranking may use, counted from the earliest cut-off a
    /// validation needs (two windows before the end).
    public static let longestLookBack = 56
    public var item: [Int32] = []
    public var age: [Int32] = []
    /// Purchase lines (quantity above zero) of the item that day.
    public var purchases: [Float] = []
    public var days = 0

    public init() {}
    public var count: Int { item.count }

    /// Ages covered for a window of `windowLength` days: two windows plus the longest look-back.
    public static func days(windowLength: Int) -> Int { 2 * windowLength + longestLookBack }
}

/// What each customer bought on each day, for sequence-aware recommendations ("bought next").
/// Grain: one row per (customer, day, item) with a completed line of quantity above zero by a
/// customer (not a guest) up to the window's end; sorted by customer, day, item.
public struct PurchaseDayTable: Sendable {
    public var customer: [Int32] = []
    public var day: [Day] = []
    public var item: [Int32] = []
    /// Customer c's rows are `rowStart[c] ..< rowStart[c + 1]`.
    public var rowStart: [Int] = [0]

    public init() {}
    public var count: Int { item.count }
}

public struct InteractionTable: Sendable {
    public enum Signal: Int, CaseIterable, Sendable { case purchase = 0, cart, view, wishlist }
    /// Interaction periods: before the previous window, the previous window, the report window.
    public static let periodCount = 3
    /// Values per row in `signals`: one per period and signal (`Signal`'s four cases).
    public static let signalsPerRow = periodCount * 4

    /// Position of row `row`'s `signal` in period `period` within `signals`.
    @inline(__always) public static func signalIndex(_ row: Int, period: Int, _ signal: Int) -> Int {
        (row * periodCount + period) * 4 + signal
    }

    public var customer: [Int32] = []
    public var item: [Int32] = []
    /// Decayed sums, `signals[signalIndex(row, period: p, signal)]`: each row's `signalsPerRow`
    /// values together, period by period.
    public var signals: [Float] = []
    /// Completed revenue of the pair up to the end of the window.
    public var revenue: [Float] = []
    /// Bit p set when the customer bought the item in interaction period p.
    public var boughtIn: [UInt8] = []
    public var halfLifeDays: Double = 90
    public var windowLength = 7

    public init() {}
    public var count: Int { customer.count }

    @inline(__always) public func signal(_ row: Int, period: Int, _ s: Signal) -> Float {
        signals[Self.signalIndex(row, period: period, s.rawValue)]
    }

    /// Interaction period of a day: 0 before the previous window, 1 previous, 2 current.
    @inline(__always) public static func period(_ p: Period) -> Int {
        switch p {
        case .history, .prior: return 0
        case .previous: return 1
        case .current: return 2
        }
    }
}

/// Behaviour event counts per customer and period. Grain: customer x period x event type.
public struct ActivityTable: Sendable {
    /// `counts[(customer * 4 + period) * 6 + type]`.
    public var counts: [Int32] = []
    public var customerCount = 0

    public init() {}

    @inline(__always) public func count(customer: Int, period: Period, type: EventType) -> Int {
        let index = (customer * Period.allCases.count + period.rawValue) * EventType.allCases.count + type.rawValue
        return index < counts.count ? Int(counts[index]) : 0
    }
}

/// Shop-wide daily totals from the first day with data to the end of the window. Grain: one row per day.
public struct DailySeries: Sendable {
    public var firstDay: Day
    public var revenue: [Double] = []
    /// Distinct orders with a qualifying line that day.
    public var orders: [Double] = []
    public var units: [Double] = []
    /// `events[type][dayOffset]`.
    public var events: [[Double]] = []
    /// `categoryRevenue[category][dayOffset]`.
    public var categoryRevenue: [[Double]] = []

    public init(firstDay: Day) { self.firstDay = firstDay }
    public var dayCount: Int { revenue.count }
    public func day(at offset: Int) -> Day { firstDay + offset }
    public func offset(of day: Day) -> Int { day - firstDay }
}

/// Ad-platform rows after de-duplication. Grain: one row per (day, campaign, variant), up to the window end.
public struct AdTable: Sendable {
    public var campaigns: [String] = []
    public var channels: [String] = []
    public var variants: [String] = []

    public var campaign: [Int32] = []
    /// Index into `variants`; the empty variant has its own index.
    public var variant: [Int32] = []
    /// Index into `channels`, -1 when unknown.
    public var channel: [Int32] = []
    public var day: [Day] = []
    public var impressions: [Double] = []
    public var clicks: [Double] = []
    public var conversions: [Double] = []
    public var cost: [Double] = []
    /// Platform-attributed revenue; NaN when the row has none.
    public var revenue: [Double] = []
    /// False when no ads file has a clicks column (a Meta export without `Link clicks`): the
    /// zeros in `clicks` are then unknown, not measured.
    public var clicksReported = false

    public init() {}
    public var count: Int { campaign.count }
    /// The last day any ad row covers (nil without rows): the exports say nothing of the days after it.
    public var lastDay: Day? { day.max() }
}

/// Completed order revenue carrying a campaign id. Grain: one row per (campaign, day).
/// Campaign indices are those of `AdTable.campaigns` (extended with campaigns only orders name).
public struct CampaignOrderTable: Sendable {
    public var campaign: [Int32] = []
    public var day: [Day] = []
    public var revenue: [Double] = []
    public var orders: [Double] = []

    public init() {}
    public var count: Int { campaign.count }
}
