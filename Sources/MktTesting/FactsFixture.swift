import MktFacts

/// Builds `Facts` in memory, without files: rows in, the same `FactsBuilder` the loader uses
/// out, so models and views can be unit-tested on exactly the data a test states.
///
///     var shop = FactsFixture(window: DateWindow(from: monday, to: monday + 6))
///     shop.order("O1", day: monday, customer: "C1", sku: "S1", quantity: 2, price: 9.5)
///     shop.event(day: monday, customer: "C1", type: .view, sku: "S1")
///     let facts = shop.facts()
public struct FactsFixture {
    public var window: DateWindow
    public var currency = "USD"
    public var halfLifeDays = 90.0
    private var customerIds = Ids(), skus = Ids(), categories = Ids(), brands = Ids(), campaigns = Ids()
    private var channels = Ids(), variants = Ids(), genders = Ids(), regions = Ids()
    private var lines = OrderLines()
    private var events: [(customer: Int32, item: Int32, day: Day, type: EventType)] = []
    private var products: [Int32: (title: String, category: Int32, brand: Int32, price: Double)] = [:]
    private var listed: [Int32: (signup: Day?, birthYear: Int16, gender: Int32, region: Int32)] = [:]
    private var ads = AdTable()
    /// Exports the facts say were read (sections without one are "not applicable").
    public var exports: Set<ExportKind> = [.orders]

    public init(window: DateWindow) { self.window = window }

    /// Interns strings in first-seen order, as the loader does.
    private struct Ids {
        var strings: [String] = []
        var index: [String: Int32] = [:]
        mutating func id(_ text: String) -> Int32 {
            if let id = index[text] { return id }
            index[text] = Int32(strings.count)
            strings.append(text)
            return Int32(strings.count - 1)
        }
        mutating func optional(_ text: String?) -> Int32 { text.map { id($0) } ?? -1 }
    }

    /// An order line; `customer` nil for a guest.
    public mutating func order(_ id: String, day: Day, customer: String?, sku: String, quantity: Double = 1, price: Double,
                               discount: Double = 0, status: OrderStatus = .completed, campaign: String? = nil, channel: String? = nil) {
        var key = Key128.zero
        var bytes = Array(id.utf8)
        bytes.withUnsafeMutableBufferPointer { key = ByteHash.key(UnsafeBufferPointer($0)) }
        lines.append(orderKey: key, customer: customer.map { customerIds.id($0) } ?? -1, sku: skus.id(sku), day: day,
                     quantity: quantity, unitPrice: price, discount: discount, status: status, campaign: campaigns.optional(campaign),
                     channel: channels.optional(channel))
    }

    public mutating func event(day: Day, customer: String, type: EventType, sku: String? = nil) {
        exports.insert(.events)
        events.append((customerIds.id(customer), skus.optional(sku), day, type))
    }

    public mutating func product(_ sku: String, title: String = "", category: String? = nil, brand: String? = nil, price: Double = .nan) {
        exports.insert(.products)
        products[skus.id(sku)] = (title, categories.optional(category), brands.optional(brand), price)
    }

    public mutating func customer(_ id: String, signup: Day? = nil, birthYear: Int = 0, gender: String? = nil, region: String? = nil) {
        exports.insert(.customers)
        listed[customerIds.id(id)] = (signup, Int16(birthYear), genders.optional(gender), regions.optional(region))
    }

    public mutating func ad(day: Day, campaign: String, channel: String? = nil, variant: String = "", impressions: Double,
                            clicks: Double, conversions: Double, cost: Double, revenue: Double = .nan) {
        exports.insert(.ads)
        ads.campaign.append(campaigns.id(campaign))
        ads.variant.append(variants.id(variant))
        ads.channel.append(channels.optional(channel))
        ads.day.append(day)
        ads.impressions.append(impressions)
        ads.clicks.append(clicks)
        ads.conversions.append(conversions)
        ads.cost.append(cost)
        ads.revenue.append(revenue)
    }

    public func facts() -> Facts {
        let periods = Periods(current: window)
        let builder = FactsBuilder(periods: periods, halfLifeDays: halfLifeDays)
        var quality = DataQuality()
        for kind in exports { quality[kind].files = ["\(kind.rawValue).csv"] }
        let category = (0..<skus.strings.count).map { products[Int32($0)]?.category ?? -1 }
        builder.addOrders(lines, category: category, categoryCount: categories.strings.count, quality: &quality)
        var batch = EventBatch()
        for e in events {
            guard let period = periods.period(of: e.day) else { continue }
            batch.append(customer: e.customer, item: e.item, day: e.day, type: e.type, period: period)
        }
        builder.addEvents(batch)

        var catalog = Catalog()
        catalog.skus = skus.strings
        catalog.inCatalog = skus.strings.indices.map { products[Int32($0)] != nil }
        catalog.titles = skus.strings.indices.map { products[Int32($0)]?.title ?? "" }
        catalog.category = category
        catalog.brand = skus.strings.indices.map { products[Int32($0)]?.brand ?? -1 }
        catalog.price = skus.strings.indices.map { products[Int32($0)]?.price ?? .nan }
        catalog.categories = categories.strings
        catalog.brands = brands.strings

        var customers = CustomerTable()
        customers.ids = customerIds.strings
        customers.listed = customerIds.strings.indices.map { listed[Int32($0)] != nil }
        customers.signup = customerIds.strings.indices.map { listed[Int32($0)]?.signup }
        customers.birthYear = customerIds.strings.indices.map { listed[Int32($0)]?.birthYear ?? 0 }
        customers.gender = customerIds.strings.indices.map { listed[Int32($0)]?.gender ?? -1 }
        customers.region = customerIds.strings.indices.map { listed[Int32($0)]?.region ?? -1 }
        customers.genders = genders.strings
        customers.regions = regions.strings

        var adTable = ads
        adTable.campaigns = campaigns.strings
        adTable.channels = channels.strings
        adTable.variants = variants.strings
        var facts = builder.finish(catalog: catalog, customers: customers, ads: adTable, campaigns: campaigns.strings,
                                   currency: currency, quality: quality)
        if let first = lines.day.min(), let last = lines.day.max() { facts.orderSpan = DateWindow(from: first, to: last) }
        facts.orderChannels = channels.strings
        return facts
    }
}
