/// Order-line status (DATA_CONTRACT.md: completed by default).
public enum OrderStatus: UInt8, Sendable {
    case completed, cancelled, refunded
}

/// The order lines a `FactsBuilder` aggregates, column by column: every line that counts, after
/// the loader (or a test, or a database) has validated and restated them.
///
/// `customer` is -1 for a guest line (counted in revenue and orders, never in customer figures).
public struct OrderLines: Sendable {
    /// Hash of order_id: lines of one order share it.
    public var orderKey: [Key128] = []
    public var customer: [Int32] = []
    public var sku: [Int32] = []
    public var day: [Day] = []
    /// The local second of the day of order_time (0 for a date alone): it orders a day's orders.
    public var second: [Int32] = []
    public var quantity: [Double] = []
    public var unitPrice: [Double] = []
    public var discount: [Double] = []
    public var status: [OrderStatus] = []
    /// -1 when the line names no campaign.
    public var campaign: [Int32] = []
    /// The order's sales channel (an index into `Facts.orderChannels`); -1 when the line names none.
    public var channel: [Int32] = []

    public init() {}
    public var count: Int { customer.count }

    public mutating func reserveCapacity(_ lines: Int) {
        orderKey.reserveCapacity(lines)
        customer.reserveCapacity(lines)
        sku.reserveCapacity(lines)
        day.reserveCapacity(lines)
        second.reserveCapacity(lines)
        quantity.reserveCapacity(lines)
        unitPrice.reserveCapacity(lines)
        discount.reserveCapacity(lines)
        status.reserveCapacity(lines)
        campaign.reserveCapacity(lines)
        channel.reserveCapacity(lines)
    }

    public mutating func append(orderKey: Key128, customer: Int32, sku: Int32, day: Day, second: Int32 = 0, quantity: Double,
                                unitPrice: Double, discount: Double, status: OrderStatus, campaign: Int32, channel: Int32 = -1) {
        self.orderKey.append(orderKey)
        self.customer.append(customer)
        self.sku.append(sku)
        self.day.append(day)
        self.second.append(second)
        self.quantity.append(quantity)
        self.unitPrice.append(unitPrice)
        self.discount.append(discount)
        self.status.append(status)
        self.campaign.append(campaign)
        self.channel.append(channel)
    }

    /// Keeps the lines whose `keep` is true, in order, moving them down in place: each column is
    /// one pass over memory it already has. Copying the kept lines into new arrays (twice: the
    /// dropped and non-product lines, then outlying days) wrote the large shop's 10M lines into
    /// fresh pages on one core, about 1.5 s of the load with the other core idle (perf).
    public mutating func keepOnly(_ keep: [Bool]) {
        func compact<T>(_ values: inout [T]) {
            var kept = 0
            values.withUnsafeMutableBufferPointer { values in
                for i in values.indices where keep[i] {
                    values[kept] = values[i]
                    kept += 1
                }
            }
            values.removeLast(values.count - kept)
        }
        compact(&orderKey)
        compact(&customer)
        compact(&sku)
        compact(&day)
        compact(&second)
        compact(&quantity)
        compact(&unitPrice)
        compact(&discount)
        compact(&status)
        compact(&campaign)
        compact(&channel)
    }

    /// Whether line i counts as bought: completed with a positive quantity (its order's units,
    /// the customer's purchases).
    @inline(__always) public func qualifies(_ i: Int) -> Bool { status[i] == .completed && quantity[i] > 0 }

    /// Revenue of line i: quantity x unit_price - discount for completed lines, 0 otherwise.
    @inline(__always) public func revenue(_ i: Int) -> Double {
        status[i] == .completed ? quantity[i] * unitPrice[i] - discount[i] : 0
    }
}

/// Behaviour events a `FactsBuilder` adds, in the order they were read: de-duplicated, with
/// run-wide customer and SKU ids, each dated within the report's periods.
public struct EventBatch: Sendable {
    public var customers: [Int32] = []
    /// -1 when the row has no SKU.
    public var items: [Int32] = []
    public var days: [Day] = []
    public var types: [EventType] = []
    public var periods: [Period] = []

    public init() {}
    public var count: Int { customers.count }

    public mutating func append(customer: Int32, item: Int32, day: Day, type: EventType, period: Period) {
        customers.append(customer)
        items.append(item)
        days.append(day)
        types.append(type)
        periods.append(period)
    }
}
