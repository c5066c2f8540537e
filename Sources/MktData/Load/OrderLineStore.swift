/// Order-line status (DATA_CONTRACT.md: completed by default).
public enum OrderStatus: UInt8, Sendable {
    case completed, cancelled, refunded

    static func parse(_ b: UnsafeBufferPointer<UInt8>) -> OrderStatus? {
        let text = String(decoding: b, as: UTF8.self).lowercased()
        switch text {
        case "", "completed", "complete": return .completed
        case "cancelled", "canceled": return .cancelled
        case "refunded": return .refunded
        default: return nil
        }
    }
}

/// Order lines as loaded, column by column; key order_id + sku, the last row wins
/// (a later export carries the latest status).
struct OrderLineStore {
    var index = Key128Table(minimumCapacity: 1 << 16)
    /// Hash of order_id alone: lines of one order share it.
    var orderKey: [Key128] = []
    var customer: [Int32] = []
    var sku: [Int32] = []
    var day: [Day] = []
    var quantity: [Double] = []
    var unitPrice: [Double] = []
    var discount: [Double] = []
    var status: [OrderStatus] = []
    var campaign: [Int32] = []

    var count: Int { customer.count }

    /// Stores a line; returns true when its key was seen before.
    mutating func upsert(lineKey: Key128, orderKey: Key128, customer: Int32, sku: Int32, day: Day, quantity: Double,
                         unitPrice: Double, discount: Double, status: OrderStatus, campaign: Int32) -> Bool {
        if let existing = index.insertIfAbsent(lineKey, value: Int32(count)) {
            let i = Int(existing)
            self.customer[i] = customer
            self.day[i] = day
            self.quantity[i] = quantity
            self.unitPrice[i] = unitPrice
            self.discount[i] = discount
            self.status[i] = status
            self.campaign[i] = campaign
            return true
        }
        self.orderKey.append(orderKey)
        self.customer.append(customer)
        self.sku.append(sku)
        self.day.append(day)
        self.quantity.append(quantity)
        self.unitPrice.append(unitPrice)
        self.discount.append(discount)
        self.status.append(status)
        self.campaign.append(campaign)
        return false
    }

    /// Revenue of line i: quantity x unit_price - discount for completed lines, 0 otherwise.
    @inline(__always) func revenue(_ i: Int) -> Double {
        status[i] == .completed ? quantity[i] * unitPrice[i] - discount[i] : 0
    }
}

extension LoadContext {
    func loadOrders(_ file: CSVExportFile, into store: inout OrderLineStore) throws {
        let orderAt = file.position("order_id")!, timeAt = file.position("order_time")!
        let customerAt = file.position("customer_id")!, skuAt = file.position("sku")!
        let quantityAt = file.position("quantity")!, priceAt = file.position("unit_price")!
        let discountAt = file.position("discount"), statusAt = file.position("status")
        let campaignAt = file.position("campaign_id")
        let clock = self.clock, currency = config.currency
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
            let duplicate = store.upsert(
                lineKey: ByteHash.extend(orderKey, with: sku), orderKey: orderKey,
                customer: customerIds.intern(customer), sku: skus.intern(sku), day: day, quantity: quantity,
                unitPrice: price, discount: discount, status: status,
                campaign: LoadContext.optionalId(campaign, in: &campaigns))
            if duplicate { log.quality[.orders].duplicates += 1 }
        }
    }
}
