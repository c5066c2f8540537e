extension OrderStatus {
    static func parse(_ b: UnsafeBufferPointer<UInt8>) -> OrderStatus? {
        if b.isEmpty || b.equalsIgnoringCase("completed") || b.equalsIgnoringCase("complete") { return .completed }
        if b.equalsIgnoringCase("cancelled") || b.equalsIgnoringCase("canceled") { return .cancelled }
        if b.equalsIgnoringCase("refunded") { return .refunded }
        return nil
    }
}

/// Order lines as loaded, column by column; key order_id + sku, the last row wins
/// (a later export carries the latest status).
struct OrderLineStore {
    var index = Key128Table(minimumCapacity: 1 << 16)
    var lines = OrderLines()

    var count: Int { lines.count }

    /// Stores a line; returns true when its key was seen before.
    mutating func upsert(lineKey: Key128, orderKey: Key128, customer: Int32, sku: Int32, day: Day, quantity: Double,
                         unitPrice: Double, discount: Double, status: OrderStatus, campaign: Int32) -> Bool {
        if let existing = index.insertIfAbsent(lineKey, value: Int32(count)) {
            let i = Int(existing)
            lines.customer[i] = customer
            lines.day[i] = day
            lines.quantity[i] = quantity
            lines.unitPrice[i] = unitPrice
            lines.discount[i] = discount
            lines.status[i] = status
            lines.campaign[i] = campaign
            return true
        }
        lines.append(orderKey: orderKey, customer: customer, sku: sku, day: day, quantity: quantity, unitPrice: unitPrice,
                     discount: discount, status: status, campaign: campaign)
        return false
    }
}

/// The rows of one `orders*.csv` file (see `ParsedFile`).
struct OrderRows: ParsedRows {
    /// Hash of order_id + sku (the line key) and of order_id alone.
    var lineKeys: [Key128] = []
    var orderKeys: [Key128] = []
    var customers: [Int32] = []
    var skus: [Int32] = []
    var days: [Day] = []
    var quantities: [Double] = []
    var unitPrices: [Double] = []
    var discounts: [Double] = []
    var statuses: [OrderStatus] = []
    /// -1 when the line names no campaign.
    var campaigns: [Int32] = []
    var customerIds = Interner()
    var skuIds = Interner()
    var campaignIds = Interner()

    mutating func read(_ file: CSVExportFile, log: RejectLog, clock: ZoneClock, currency: String) throws {
        let orderAt = file.position("order_id")!, timeAt = file.position("order_time")!
        let customerAt = file.position("customer_id")!, skuAt = file.position("sku")!
        let quantityAt = file.position("quantity")!, priceAt = file.position("unit_price")!
        let discountAt = file.position("discount"), statusAt = file.position("status")
        let campaignAt = file.position("campaign_id")
        try file.forEachRow(log: log) { (row) throws(RowProblem) in
            let order = try FieldReading.key(row.field(orderAt), column: "order_id").get()
            let day = try FieldReading.day(row.field(timeAt), column: "order_time", clock: clock).get()
            let customer = try FieldReading.key(row.field(customerAt), column: "customer_id").get()
            let sku = try FieldReading.key(row.field(skuAt), column: "sku").get()
            let quantity = try FieldReading.number(row.field(quantityAt), column: "quantity").get()
            let price = try FieldReading.money(row.field(priceAt), column: "unit_price", currency: currency).get()
            if price < 0 { throw RowProblem("negative unit_price", trimmed(row.field(priceAt))) }
            let discountBytes = trimmed(optionalField(row, discountAt))
            let discount = discountBytes.isEmpty ? 0
                : try FieldReading.money(discountBytes, column: "discount", currency: currency).get()
            if discount < 0 { throw RowProblem("negative discount", discountBytes) }
            let statusBytes = try FieldReading.text(optionalField(row, statusAt), column: "status").get()
            guard let status = OrderStatus.parse(statusBytes) else { throw RowProblem("unknown status", statusBytes) }
            let campaign = try FieldReading.text(optionalField(row, campaignAt), column: "campaign_id").get()
            let orderKey = ByteHash.key(order)
            lineKeys.append(ByteHash.extend(orderKey, with: sku))
            orderKeys.append(orderKey)
            customers.append(customerIds.intern(customer))
            skus.append(skuIds.intern(sku))
            days.append(day)
            quantities.append(quantity)
            unitPrices.append(price)
            discounts.append(discount)
            statuses.append(status)
            campaigns.append(LoadContext.optionalId(campaign, in: &campaignIds))
        }
    }
}

extension LoadContext {
    /// Adds one parsed orders file to the store: the last row with a line key wins.
    func mergeOrders(_ file: ParsedFile<OrderRows>, into store: inout OrderLineStore) throws {
        try merge(file) { rows in
            var customerOf = IdMap(count: rows.customerIds.count), skuOf = IdMap(count: rows.skuIds.count)
            var campaignOf = IdMap(count: rows.campaignIds.count)
            var duplicates = 0
            for row in rows.lineKeys.indices {
                if row + FactsBuilder.prefetchDistance < rows.lineKeys.count { store.index.prefetch(rows.lineKeys[row + FactsBuilder.prefetchDistance]) }
                let duplicate = store.upsert(
                    lineKey: rows.lineKeys[row], orderKey: rows.orderKeys[row],
                    customer: customerOf.id(rows.customers[row], rows.customerIds.strings, in: &customerIds),
                    sku: skuOf.id(rows.skus[row], rows.skuIds.strings, in: &skus), day: rows.days[row],
                    quantity: rows.quantities[row], unitPrice: rows.unitPrices[row], discount: rows.discounts[row],
                    status: rows.statuses[row], campaign: campaignOf.id(rows.campaigns[row], rows.campaignIds.strings, in: &campaigns))
                if duplicate { duplicates += 1 }
            }
            log.quality[.orders].duplicates += duplicates
        }
    }
}
