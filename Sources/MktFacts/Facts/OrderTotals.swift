/// The order lines' own totals: order days (guests' apart), the daily series of revenue, units,
/// orders and category revenue, and the campaign x day totals.
///
/// A pass of its own, apart from the customer x item purchases `FactsBuilder.addOrders` adds to
/// the interactions: the two share no state, so each runs on its own core (on the large shop's
/// 8.6M lines the single pass took 6 s on one core while the other waited for it).
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
        var revenueByAge: [Double] = [], unitsByAge: [Double] = [], ordersByAge: [Double] = []
        var categoryByAge = self.categoryByAge

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
            let revenue = store.revenue(i)
            let completed = store.status[i] == .completed
            let qualifies = store.qualifies(i)
            let order = orderIds.insertIfAbsent(store.orderKey[i], value: Int32(od.orderCount)) ?? {
                od.orderCount += 1
                return Int32(od.orderCount - 1)
            }()
            let orderDayKey = Key128(high: UInt64(UInt32(bitPattern: order)), low: UInt64(UInt32(bitPattern: day.index)))
            let guest = store.customer[i] < 0
            // Guest lines have their own order-day rows (and table): the indices of the two tables
            // share one index, so a row number says which table it is in by its sign bit.
            let row: Int
            if let existing = orderDayIndex.insertIfAbsent(orderDayKey, value: guest ? ~Int32(guests.count) : Int32(od.count)) {
                row = Int(existing)
            } else {
                row = guest ? ~guests.count : od.count
                if guest { guests.appendRow(order: order, customer: -1, day: day) } else { od.appendRow(order: order, customer: store.customer[i], day: day) }
            }
            let newlyQualifying = row >= 0 ? od.add(row: row, revenue: revenue, line: store, i, completed: completed, qualifies: qualifies)
                : guests.add(row: ~row, revenue: revenue, line: store, i, completed: completed, qualifies: qualifies)
            if newlyQualifying { ordersByAge[age] += 1 }
            if qualifies { unitsByAge[age] += store.quantity[i] }
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
            let orderKey = Key128(high: orderDayKey.high, low: orderDayKey.low ^ (UInt64(UInt32(bitPattern: campaign)) << 32))
            if qualifies, campaignOrderDays.insertIfAbsent(orderKey, value: 0) == nil {
                campaigns.orders[c] += 1
            }
        }
        orderDays = od
        guestOrderDays = guests
        campaignOrders = campaigns
        self.revenueByAge = revenueByAge
        self.unitsByAge = unitsByAge
        self.ordersByAge = ordersByAge
        self.categoryByAge = categoryByAge
    }
}

extension OrderDayTable {
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

    /// Adds line i of `lines` to row `row`; returns true when the row first qualifies as an order.
    mutating func add(row: Int, revenue lineRevenue: Double, line lines: OrderLines, _ i: Int, completed: Bool, qualifies lineQualifies: Bool) -> Bool {
        revenue[row] += lineRevenue
        if channel[row] < 0 { channel[row] = lines.channel[i] }
        if completed { discount[row] += lines.discount[i] }
        guard lineQualifies else { return false }
        units[row] += lines.quantity[i]
        if qualifies[row] { return false }
        qualifies[row] = true
        return true
    }
}
