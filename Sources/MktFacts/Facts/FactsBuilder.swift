import Foundation

/// Turns validated rows into `Facts`: the loader's side of the facts seam.
///
/// Order lines arrive as one de-duplicated store; events stream in one at a
/// time, so memory grows with the number of distinct (customer, item) pairs and
/// days, not with the number of event rows.
public final class FactsBuilder {
    public let periods: Periods
    /// Rows ahead whose hash-table slots are prefetched while the current row is added.
    public static let prefetchDistance = 16
    private let halfLifeDays: Double
    private let interactionPeriodEnds: [Day]
    /// `0.5^(age / halfLife)` in `SignalSteps` for ages up to a few years, so events need no `exp2` call.
    private let decayByAge: [UInt32]

    // Interactions, in first-seen order until `finish` sorts them.
    private var pairIndex: IndexTable<UInt64>
    private var pairCount = 0
    private let pairCustomer = MappedColumn<Int32>(), pairItem = MappedColumn<Int32>()
    /// Signals of the pair rows before the previous window (interaction period 0), four a row in
    /// `Signal` order; those of the last two windows apart, eight a row (periods 1 and 2), for
    /// the few pairs with any (`recentRowOf`: the row there plus one, 0 for none). Twelve floats
    /// for every pair, most of them zero, were 760 MB of the large shop's peak. Summed in
    /// `SignalSteps`, so that they do not depend on the order of the rows.
    private let historySignals = MappedColumn<UInt32>()
    private let recentRowOf = MappedColumn<Int32>(), recentSignals = MappedColumn<UInt32>()
    private var recentCount = 0
    private static let signalCount = InteractionTable.Signal.allCases.count
    /// In grid steps (`GridSum`).
    private let pairRevenue = MappedColumn<Double>(), pairBought = MappedColumn<UInt8>()
    private var lastPair: (customer: Int32, item: Int32, row: Int) = (-1, -1, -1)

    /// The order lines' own totals (`addOrders`).
    private var orderTotals: OrderTotals
    /// (item << 32 | age) -> purchase lines, for `RecentPurchaseTable`.
    private var recentPurchases: [Int64: Float] = [:]
    /// For `PurchaseDayTable`.
    private var purchases = Purchases()

    /// Event counts per (customer, period, type); zeros beyond the last customer seen.
    private var activity: [Int32] = []
    /// Daily totals indexed by days before the window end (0 = last day of the window).
    private var eventsByAge: [[Double]] = Array(repeating: [], count: EventType.allCases.count)

    /// The (customer, item) pairs the index is sized for when the orders come in; it grows past them.
    private let expectedPairs: Int

    public init(periods: Periods, halfLifeDays: Double, expectedPairs: Int = 0) {
        self.periods = periods
        self.expectedPairs = expectedPairs
        pairIndex = IndexTable(minimumCapacity: 1 << 16)
        self.halfLifeDays = halfLifeDays
        interactionPeriodEnds = periods.interactionPeriodEnds
        orderTotals = OrderTotals(OrderLines(), periods: periods, category: [], categoryCount: 0)
        decayByAge = (0..<4096).map { SignalSteps.steps(exp2(-Double($0) / halfLifeDays)) }
    }

    @inline(__always) private func decay(_ age: Int) -> UInt32 {
        age < decayByAge.count ? decayByAge[age] : SignalSteps.steps(exp2(-Double(age) / halfLifeDays))
    }

    @inline(__always) private static func pairKey(customer: Int32, item: Int32) -> UInt64 {
        PackedKey.pack(customer, item)
    }

    /// Starts loading the pair's hash-table slot ahead of its `addEvent`.
    @inline(__always) private func prefetch(customer: Int32, item: Int32) {
        pairIndex.prefetch(Self.pairKey(customer: customer, item: item))
    }

    /// Row of the (customer, item) pair, created on first use.
    @inline(__always) private func pairRow(customer: Int32, item: Int32) -> Int {
        // A session's views, carts and purchases of one item come on consecutive rows.
        if customer == lastPair.customer && item == lastPair.item { return lastPair.row }
        let key = Self.pairKey(customer: customer, item: item)
        let row = pairIndex.insertIfAbsent(key, value: Int32(pairCount)).map(Int.init) ?? appendPair(customer: customer, item: item)
        lastPair = (customer, item, row)
        return row
    }

    /// A new pair's row (its signals, revenue and periods bought start at zero).
    private func appendPair(customer: Int32, item: Int32) -> Int {
        let row = pairCount
        pairCount += 1
        pairCustomer.reserve(pairCount)
        pairItem.reserve(pairCount)
        historySignals.reserve(pairCount * Self.signalCount)
        recentRowOf.reserve(pairCount)
        pairRevenue.reserve(pairCount)
        pairBought.reserve(pairCount)
        pairCustomer[row] = customer
        pairItem[row] = item
        return row
    }

    @inline(__always) private func addSignal(customer: Int32, item: Int32, day: Day, period: Period,
                                             signal: InteractionTable.Signal) -> Int {
        let p = InteractionTable.period(period)
        let row = pairRow(customer: customer, item: item), value = decay(interactionPeriodEnds[p] - day)
        if p == 0 {
            SignalSteps.add(value, to: &historySignals[row * Self.signalCount + signal.rawValue])
        } else {
            SignalSteps.add(value, to: &recentSignals[(recentRow(of: row) * 2 + p - 1) * Self.signalCount + signal.rawValue])
        }
        return row
    }

    /// The pair's row of signals in the last two windows, created on first use.
    @inline(__always) private func recentRow(of row: Int) -> Int {
        if recentRowOf[row] == 0 {
            recentCount += 1
            recentSignals.reserve(recentCount * 2 * Self.signalCount)
            recentRowOf[row] = Int32(recentCount)
        }
        return Int(recentRowOf[row]) - 1
    }

    // MARK: Events

    /// Adds one file's new events in order, each pair's hash-table slot asked for a few rows ahead.
    public func addEvents(_ events: EventBatch) {
        for i in events.customers.indices {
            let ahead = i + Self.prefetchDistance
            if ahead < events.customers.count && events.items[ahead] >= 0 {
                prefetch(customer: events.customers[ahead], item: events.items[ahead])
            }
            addEvent(customer: events.customers[i], item: events.items[i], day: events.days[i], type: events.types[i],
                     period: events.periods[i])
        }
    }

    /// Adds one de-duplicated event dated on or before the window end.
    @inline(__always) private func addEvent(customer: Int32, item: Int32, day: Day, type: EventType, period: Period) {
        let base = (Int(customer) * Period.allCases.count + period.rawValue) * EventType.allCases.count
        activity.growHugePaged(toAtLeast: base + EventType.allCases.count, with: 0)
        activity[base + type.rawValue] += 1
        let age = periods.current.to - day
        if age >= eventsByAge[type.rawValue].count {
            for t in eventsByAge.indices { eventsByAge[t] += repeatElement(0, count: age + 1 - eventsByAge[t].count + 64) }
        }
        eventsByAge[type.rawValue][age] += 1
        guard item >= 0 else { return }
        switch type {
        case .view: _ = addSignal(customer: customer, item: item, day: day, period: period, signal: .view)
        case .cart: _ = addSignal(customer: customer, item: item, day: day, period: period, signal: .cart)
        case .wishlist: _ = addSignal(customer: customer, item: item, day: day, period: period, signal: .wishlist)
        case .purchase, .search, .other: break  // purchases come from order lines, the authoritative source
        }
    }

    // MARK: Orders

    /// Aggregates the de-duplicated order lines: their own totals (`OrderTotals`, on another core)
    /// and the purchases of the interactions (here). Called before the events, while their first
    /// files are being parsed, so this pass is not left for one core after them (the outcome does
    /// not depend on it: the interactions are sorted at the end, and orders and events add to
    /// different signals). `category` gives the category of every SKU id in the orders;
    /// `categoryCount` is the number of categories (all known once the products are read).
    public func addOrders(_ store: OrderLines, category: [Int32], categoryCount: Int, quality: inout DataQuality) {
        let periods = self.periods
        (orderTotals, ()) = Parallel.both({ OrderTotals(store, periods: periods, category: category, categoryCount: categoryCount) }) {
            addPurchases(store)
        }
        quality[.orders].rowsAfterWindow += orderTotals.rowsAfterWindow
    }

    /// The completed lines of known customers in the interactions: purchase signals (lines with a
    /// positive quantity), revenue and periods bought, and the recent and per-day purchases.
    /// Works on locals, stored at the end: a class's stored properties are checked for exclusive
    /// access on every use.
    private func addPurchases(_ store: OrderLines) {
        // Sized here, beside the events files being parsed, not before them: the kernel zeroing
        // its fresh pages left the other core idle (medium: 128 MB, 0.35 s).
        if pairCount == 0 && expectedPairs > 1 << 16 { pairIndex = IndexTable(minimumCapacity: expectedPairs) }
        let windowEnd = periods.current.to
        var recent: [Int64: Float] = [:]
        var purchases = Purchases()
        let recentDays = RecentPurchaseTable.days(windowLength: periods.current.length)
        for i in 0..<store.count {
            // The pair's hash-table slot of a row a few ahead (a cache miss otherwise).
            let ahead = i + Self.prefetchDistance
            if ahead < store.count { prefetch(customer: store.customer[ahead], item: store.sku[ahead]) }
            let day = store.day[i], customer = store.customer[i], item = store.sku[i]
            guard let period = periods.period(of: day), store.status[i] == .completed, customer >= 0 else { continue }
            let pair: Int
            if store.qualifies(i) {
                pair = addSignal(customer: customer, item: item, day: day, period: period, signal: .purchase)
                pairBought[pair] |= 1 << UInt8(InteractionTable.period(period))
                let age = windowEnd - day
                if age < recentDays { recent[Int64(item) << 32 | Int64(age), default: 0] += 1 }
                purchases.customer.append(customer)
                purchases.day.append(day)
                purchases.item.append(item)
            } else {
                pair = pairRow(customer: customer, item: item)
            }
            pairRevenue[pair] += GridSum.steps(store.revenue(i))
        }
        self.recentPurchases = recent
        self.purchases = purchases
    }

    // MARK: Finishing

    /// Assembles the facts once the orders and every event are in.
    public func finish(catalog: Catalog, customers: CustomerTable, ads: AdTable, campaigns: [String], currency: String,
                quality: DataQuality) -> Facts {
        // Every pair has its row: the index is not needed any more, and its memory (200 MB on
        // medium) is freed before the sorted tables are made, the run's peak of memory.
        pairIndex = IndexTable(minimumCapacity: 0)
        // Customers and SKUs are numbered in their ids' order from here on (`KeyOrder`).
        let (customerOrder, itemOrder) = Parallel.both({ KeyOrder(customers.ids) }) { KeyOrder(catalog.skus) }
        let windowEnd = periods.current.to
        let totals = orderTotals
        var firstDay = totals.firstDay
        for t in eventsByAge.indices {
            if let lastNonZero = eventsByAge[t].lastIndex(where: { $0 > 0 }) {
                firstDay = min(firstDay, windowEnd - lastNonZero)
            }
        }
        var daily = DailySeries(firstDay: firstDay)
        let dayCount = windowEnd - firstDay + 1
        func chronological(_ byAge: [Double]) -> [Double] {
            (0..<dayCount).map { offset in
                let age = dayCount - 1 - offset
                return age < byAge.count ? byAge[age] : 0
            }
        }
        daily.revenue = chronological(totals.revenueByAge)
        daily.orders = chronological(totals.ordersByAge)
        daily.units = chronological(totals.unitsByAge)
        daily.events = eventsByAge.map(chronological)
        daily.categoryRevenue = totals.categoryByAge.map(chronological)

        // The order days and the purchases by day are sorted on another core while the interactions
        // are sorted here (large: facts 2.97-3.14 -> 2.81 s).
        let purchases = self.purchases, customerCount = customers.count
        let ((orderDays, guestOrderDays, purchaseDays), interactions) = Parallel.both({
            var orderDays = totals.orderDays
            orderDays.customer = orderDays.customer.map { customerOrder($0) }
            return (Self.sortedOrderDays(orderDays), Self.sortedOrderDays(totals.guestOrderDays),
                    Self.purchaseDayTable(purchases.renumbered(customerOrder, itemOrder), customerCount: customerCount))
        }) { sortedInteractions(customerOrder, itemOrder) }
        var facts = Facts(
            periods: periods, currency: currency, catalog: catalog.reordered(itemOrder),
            customers: customers.reordered(customerOrder),
            orderDays: orderDays, guestOrderDays: guestOrderDays, interactions: interactions,
            activity: activityTable(customerOrder), daily: daily,
            ads: ads, campaignOrders: sortedCampaignOrders(totals.campaignOrders, campaigns: campaigns),
            dataQuality: quality)
        facts.recentPurchases = recentPurchaseTable(itemOrder)
        facts.purchaseDays = purchaseDays
        return facts
    }

    /// The purchases by customer and day (a stable radix sort on both), each day's items sorted
    /// and de-duplicated.
    private static func purchaseDayTable(_ purchases: Purchases, customerCount: Int) -> PurchaseDayTable {
        var keyed = purchases.customer.indices.map { row in
            (key: PackedKey.pack(purchases.customer[row], purchases.day[row]), row: row)
        }
        RadixSort.sort(&keyed)
        var table = PurchaseDayTable()
        table.rowStart = Array(repeating: 0, count: customerCount + 1)
        table.customer.reserveCapacity(keyed.count)
        table.day.reserveCapacity(keyed.count)
        table.item.reserveCapacity(keyed.count)
        // One buffer for every day's items (an array a day was most of this on large: 4.3M days).
        var items: [Int32] = []
        var start = 0
        while start < keyed.count {
            var end = start + 1
            while end < keyed.count && keyed[end].key == keyed[start].key { end += 1 }
            let first = keyed[start].row
            items.removeAll(keepingCapacity: true)
            for k in start..<end { items.append(purchases.item[keyed[k].row]) }
            items.sort()
            for (k, item) in items.enumerated() where k == 0 || item != items[k - 1] {
                table.customer.append(purchases.customer[first])
                table.day.append(purchases.day[first])
                table.item.append(item)
                table.rowStart[Int(purchases.customer[first]) + 1] += 1
            }
            start = end
        }
        for c in 0..<customerCount { table.rowStart[c + 1] += table.rowStart[c] }
        return table
    }

    private func recentPurchaseTable(_ itemOrder: KeyOrder) -> RecentPurchaseTable {
        var table = RecentPurchaseTable()
        table.days = RecentPurchaseTable.days(windowLength: periods.current.length)
        let renumbered = recentPurchases.map { key, purchases in
            (item: itemOrder(Int32(key >> 32)), age: Int32(truncatingIfNeeded: key), purchases: purchases)
        }
        for row in renumbered.sorted(by: { ($0.item, $0.age) < ($1.item, $1.age) }) {
            table.item.append(row.item)
            table.age.append(row.age)
            table.purchases.append(row.purchases)
        }
        return table
    }

    /// Sorted by (customer, day, order); guest tables by (day, order).
    private static func sortedOrderDays(_ table: OrderDayTable) -> OrderDayTable {
        // (customer, day, order) packed into integers, as for the interactions (orders are never negative).
        var keyed = (0..<table.count).map { row in
            (high: PackedKey.pack(table.customer[row], table.day[row]), low: UInt32(bitPattern: table.order[row]), row: row)
        }
        keyed.sort { ($0.high, $0.low) < ($1.high, $1.low) }  // unique keys: one row per order and day
        let order = keyed.map(\.row)
        var sorted = OrderDayTable()
        sorted.orderCount = table.orderCount
        sorted.order = order.map { table.order[$0] }
        sorted.customer = order.map { table.customer[$0] }
        sorted.day = order.map { table.day[$0] }
        sorted.revenue = order.map { table.revenue[$0] }
        sorted.units = order.map { table.units[$0] }
        sorted.discount = order.map { table.discount[$0] }
        sorted.qualifies = order.map { table.qualifies[$0] }
        sorted.channel = order.map { table.channel[$0] }
        return sorted
    }

    private func sortedInteractions(_ customerOrder: KeyOrder, _ itemOrder: KeyOrder) -> InteractionTable {
        // (customer, item) packed into one integer with the row alongside, sorted by radix: several
        // times faster than sorting row numbers through a comparator that reads two arrays (perf,
        // medium). The packed keys also give back the customer and item columns.
        var keyed = (0..<pairCount).map { row in
            (key: PackedKey.pack(customerOrder(pairCustomer[row]), itemOrder(pairItem[row])), row: row)
        }
        RadixSort.sort(&keyed)  // keys are unique, so the order is fully determined
        let sorted = keyed
        var table = InteractionTable()
        table.halfLifeDays = halfLifeDays
        table.windowLength = periods.current.length
        table.customer = sorted.map { PackedKey.high($0.key) }
        table.item = sorted.map { PackedKey.low($0.key) }
        // The other columns are gathered row by row from random places, so they are fetched on
        // two cores: each row's signals (copied as one block into uninitialised storage) on one,
        // revenue and periods bought in on the other (medium: 0.45 -> 0.35 s).
        let width = InteractionTable.signalsPerRow, history = Self.signalCount, recent = width - history
        let historySignals = self.historySignals, recentRowOf = self.recentRowOf, recentSignals = self.recentSignals
        let pairRevenue = self.pairRevenue, pairBought = self.pairBought
        (table.signals, (table.revenue, table.boughtIn)) = Parallel.both({
            [Float](unsafeUninitializedCapacity: sorted.count * width) { target, initialized in
                for (to, entry) in sorted.enumerated() {
                    let row = target.baseAddress! + to * width
                    for k in 0..<history { (row + k).initialize(to: SignalSteps.value(historySignals[entry.row * history + k])) }
                    let recentRow = Int(recentRowOf[entry.row]) - 1
                    if recentRow >= 0 {
                        for k in 0..<recent {
                            (row + history + k).initialize(to: SignalSteps.value(recentSignals[recentRow * recent + k]))
                        }
                    } else {
                        (row + history).initialize(repeating: 0, count: recent)
                    }
                }
                initialized = sorted.count * width
            }
        }) { (sorted.map { Float(GridSum.value(ofSteps: pairRevenue[$0.row])) }, sorted.map { pairBought[$0.row] }) }
        return table
    }

    private func activityTable(_ customerOrder: KeyOrder) -> ActivityTable {
        var table = ActivityTable()
        table.customerCount = customerOrder.oldIds.count
        let width = Period.allCases.count * EventType.allCases.count
        table.counts.reserveCapacity(table.customerCount * width)
        for old in customerOrder.oldIds {  // zeros past the last customer with an event
            let start = min(old * width, activity.count), end = min(start + width, activity.count)
            table.counts += activity[start..<end]
            table.counts += repeatElement(0, count: width - (end - start))
        }
        return table
    }

    private func sortedCampaignOrders(_ table: CampaignOrderTable, campaigns: [String]) -> CampaignOrderTable {
        let order = (0..<table.count).sorted {
            (campaigns[Int(table.campaign[$0])], table.day[$0].index) < (campaigns[Int(table.campaign[$1])], table.day[$1].index)
        }
        var sorted = CampaignOrderTable()
        sorted.campaign = order.map { table.campaign[$0] }
        sorted.day = order.map { table.day[$0] }
        sorted.revenue = order.map { table.revenue[$0] }
        sorted.orders = order.map { table.orders[$0] }
        return sorted
    }
}

/// Customers' purchases (order lines with a positive quantity) by day, in line order.
struct Purchases: Sendable {
    var customer: [Int32] = []
    var day: [Day] = []
    var item: [Int32] = []

    func renumbered(_ customerOrder: KeyOrder, _ itemOrder: KeyOrder) -> Purchases {
        Purchases(customer: customer.map { customerOrder($0) }, day: day, item: item.map { itemOrder($0) })
    }
}
