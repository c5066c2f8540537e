/// The order lines' own totals: order days (guests' apart), the daily series of revenue, units,
/// orders and category revenue, and the campaign x day totals.
///
/// A pass of its own, apart from the customer x item purchases `FactsBuilder.addOrders` adds to
/// the interactions: the two share no state, so each runs on its own core (on the large shop's
/// 8.6M lines the single pass took 6 s on one core while the other waited for it).
///
/// Money and units are summed in grid steps (`GridSum`) and turned into values at the end, so the
/// totals do not depend on the order of the lines.
struct OrderTotals: Sendable {
    var orderDays = OrderDayTable()
    var guestOrderDays = OrderDayTable()
    var campaignOrders = CampaignOrderTable()
    /// The first day with an order line, the window end when there is none.
    var firstDay: Day
    /// Indexed by days before the window end (0 = last day of the window).
    var revenueByAge: [Double] = [], unitsByAge: [Double] = [], ordersByAge: [Double] = []
    var categoryByAge: [[Double]]
    var rowsAfterWindow = 0

    /// Totals of `store`'s lines dated in `periods`; `category` gives each SKU id's category.
    init(_ store: OrderLines, periods: Periods, category: [Int32], categoryCount: Int) {
        let windowEnd = periods.current.to
        firstDay = windowEnd
        categoryByAge = Array(repeating: [], count: categoryCount)
        var orderIds = Key128Table(minimumCapacity: store.count / 2 + 16)
        var orderDayIndex = Key128Table(minimumCapacity: store.count / 2 + 16)
        var campaignIndex = Key128Table(), campaignOrderDays = Key128Table()
        // Locals, stored at the end: they are checked for exclusive access less than properties.
        var od = OrderDayTable(), guests = OrderDayTable(), campaigns = CampaignOrderTable()
        // Room for a row a line, which is never written past the rows there are: grown by
        // doubling, the large shop's 5M rows were copied into fresh pages four times over.
        od.reserveCapacity(store.count)
        var revenueByAge: [Double] = [], unitsByAge: [Double] = [], ordersByAge: [Double] = []
        var categoryByAge = self.categoryByAge
        // Of each order number: its key, and the moment of its earliest line (in seconds).
        var orderKeys: [Key128] = [], orderMoments: [Int64] = []
        var previous = (orderKey: Key128(high: 0, low: 0), day: Day(index: .min), order: Int32(0), row: OrderDayRow(row: 0))

        for i in 0..<store.count {
            // The order's hash-table slot of a row a few ahead (a cache miss otherwise).
            let ahead = i + FactsBuilder.prefetchDistance
            if ahead < store.count { orderIds.prefetch(store.orderKey[ahead]) }
            let day = store.day[i]
            guard periods.period(of: day) != nil else {
                rowsAfterWindow += 1
                continue
            }
            if day < firstDay { firstDay = day }
            let age = windowEnd - day
            if age >= revenueByAge.count {
                let extra = age + 1 - revenueByAge.count + 64
                revenueByAge += repeatElement(0, count: extra)
                unitsByAge += repeatElement(0, count: extra)
                ordersByAge += repeatElement(0, count: extra)
                for c in 0..<categoryCount { categoryByAge[c] += repeatElement(0, count: extra) }
            }
            let revenue = GridSum.steps(store.revenue(i))
            let completed = store.status[i] == .completed
            let qualifies = store.qualifies(i)
            // A line of the same order and day as the line before (an order's lines come together)
            // has its order and row already: the two lookups below, a cache miss each, are skipped.
            let order: Int32, row: OrderDayRow
            if store.orderKey[i] == previous.orderKey && day == previous.day {
                (order, row) = (previous.order, previous.row)
            } else {
                order = orderIds.insertIfAbsent(store.orderKey[i], value: Int32(od.orderCount)) ?? {
                    od.orderCount += 1
                    orderKeys.append(store.orderKey[i])
                    orderMoments.append(.max)
                    return Int32(od.orderCount - 1)
                }()
                let new = store.customer[i] < 0 ? OrderDayRow(guestRow: guests.count) : OrderDayRow(row: od.count)
                if let existing = orderDayIndex.insertIfAbsent(Self.orderDayKey(order, day), value: new.code) {
                    row = OrderDayRow(code: existing)
                } else {
                    row = new
                    if row.isGuest { guests.appendRow(order: order, customer: -1, day: day) } else { od.appendRow(order: order, customer: store.customer[i], day: day) }
                }
                previous = (store.orderKey[i], day, order, row)
            }
            orderMoments[Int(order)] = min(orderMoments[Int(order)], Int64(day.index) * 86_400 + Int64(store.second[i]))
            let newlyQualifying = row.isGuest ? guests.add(row: row.index, revenue: revenue, line: store, i, completed: completed, qualifies: qualifies)
                : od.add(row: row.index, revenue: revenue, line: store, i, completed: completed, qualifies: qualifies)
            if newlyQualifying { ordersByAge[age] += 1 }
            if qualifies { unitsByAge[age] += GridSum.steps(store.quantity[i]) }
            revenueByAge[age] += revenue
            let item = store.sku[i]
            if category[Int(item)] >= 0 { categoryByAge[Int(category[Int(item)])][age] += revenue }
            let campaign = store.campaign[i]
            guard completed && campaign >= 0 else { continue }
            let key = Key128(high: UInt64(UInt32(bitPattern: campaign)), low: UInt64(UInt32(bitPattern: day.index)))
            let c: Int
            if let existing = campaignIndex.insertIfAbsent(key, value: Int32(campaigns.count)) {
                c = Int(existing)
            } else {
                c = campaigns.count
                campaigns.campaign.append(campaign)
                campaigns.day.append(day)
                campaigns.revenue.append(0)
                campaigns.orders.append(0)
            }
            campaigns.revenue[c] += revenue
            let orderDayKey = Self.orderDayKey(order, day)
            let orderKey = Key128(high: orderDayKey.high, low: orderDayKey.low ^ (UInt64(UInt32(bitPattern: campaign)) << 32))
            if qualifies, campaignOrderDays.insertIfAbsent(orderKey, value: 0) == nil {
                campaigns.orders[c] += 1
            }
        }
        let renumbered = Self.chronologicalNumbers(keys: orderKeys, moments: orderMoments)
        od.order = od.order.map { renumbered[Int($0)] }
        guests.order = guests.order.map { renumbered[Int($0)] }
        func values(_ steps: [Double]) -> [Double] { steps.map(GridSum.value(ofSteps:)) }
        for column in [\OrderDayTable.revenue, \.units, \.discount] {
            od[keyPath: column] = values(od[keyPath: column])
            guests[keyPath: column] = values(guests[keyPath: column])
        }
        orderDays = od
        guestOrderDays = guests
        campaigns.revenue = values(campaigns.revenue)
        campaignOrders = campaigns
        self.revenueByAge = values(revenueByAge)
        self.unitsByAge = values(unitsByAge)
        self.ordersByAge = ordersByAge
        self.categoryByAge = categoryByAge.map(values)
    }

    /// A row of the order-day table or of the guests' one. Guest lines have their own order-day
    /// rows (and table); the two tables share one index, whose value says which table by its
    /// lowest bit. (It was the sign bit until 2026-12-07, but a negative value marks an empty slot
    /// of the index: every guest line then made a row of its own, so a guest order of three lines
    /// counted as three orders.)
    struct OrderDayRow {
        let code: Int32
        init(row: Int) { code = Int32(row) << 1 }
        init(guestRow: Int) { code = Int32(guestRow) << 1 | 1 }
        init(code: Int32) { self.code = code }
        var isGuest: Bool { code & 1 == 1 }
        var index: Int { Int(code >> 1) }
    }

    /// The new number of each order: orders numbered by the time of their earliest line, those of
    /// the same second by key (the hash of order_id), instead of in the order their first lines
    /// came in. The order-day tables then list a customer's orders of one day as they were placed
    /// (the first is the one a cohort takes its channel from), whatever the order of the lines.
    /// (By radix on the moment, as the interactions are sorted (`RadixSort`: about half the
    /// comparison sort's time), then by key within each run of one second: a day's orders when the
    /// times are dates alone.)
    private static func chronologicalNumbers(keys: [Key128], moments: [Int64]) -> [Int32] {
        var byMoment = moments.enumerated().map { (key: UInt64(bitPattern: $0.element) ^ 1 << 63, row: $0.offset) }
        RadixSort.sort(&byMoment)
        var start = 0
        while start < byMoment.count {
            var end = start + 1
            while end < byMoment.count && byMoment[end].key == byMoment[start].key { end += 1 }
            if end - start > 1 {
                byMoment[start..<end].sort { (keys[$0.row].high, keys[$0.row].low) < (keys[$1.row].high, keys[$1.row].low) }
            }
            start = end
        }
        var number = [Int32](repeating: 0, count: keys.count)
        for (rank, entry) in byMoment.enumerated() { number[entry.row] = Int32(rank) }
        return number
    }

    private static func orderDayKey(_ order: Int32, _ day: Day) -> Key128 {
        Key128(high: UInt64(UInt32(bitPattern: order)), low: UInt64(UInt32(bitPattern: day.index)))
    }
}

extension OrderDayTable {
    mutating func reserveCapacity(_ rows: Int) {
        order.reserveCapacity(rows)
        customer.reserveCapacity(rows)
        day.reserveCapacity(rows)
        revenue.reserveCapacity(rows)
        units.reserveCapacity(rows)
        discount.reserveCapacity(rows)
        qualifies.reserveCapacity(rows)
        channel.reserveCapacity(rows)
    }

    mutating func appendRow(order: Int32, customer: Int32, day: Day) {
        self.order.append(order)
        self.customer.append(customer)
        self.day.append(day)
        revenue.append(0)
        units.append(0)
        discount.append(0)
        qualifies.append(false)
        channel.append(-1)
    }

    /// Adds line i of `lines` to row `row`, its revenue given in grid steps (and its discount and
    /// units added in them); returns true when the row first qualifies as an order.
    mutating func add(row: Int, revenue lineRevenue: Double, line lines: OrderLines, _ i: Int, completed: Bool, qualifies lineQualifies: Bool) -> Bool {
        revenue[row] += lineRevenue
        let named = lines.channel[i]
        if named >= 0 && (channel[row] < 0 || named < channel[row]) { channel[row] = named }
        if completed { discount[row] += GridSum.steps(lines.discount[i]) }
        guard lineQualifies else { return false }
        units[row] += GridSum.steps(lines.quantity[i])
        if qualifies[row] { return false }
        qualifies[row] = true
        return true
    }
}
