extension OrderStatus {
    static func parse(_ b: UnsafeBufferPointer<UInt8>) -> OrderStatus? {
        if b.isEmpty || b.equalsIgnoringCase("completed") || b.equalsIgnoringCase("complete") { return .completed }
        if b.equalsIgnoringCase("cancelled") || b.equalsIgnoringCase("canceled") { return .cancelled }
        if b.equalsIgnoringCase("refunded") { return .refunded }
        return nil
    }
}

/// Order lines as loaded, with the contract's line semantics (DATA_CONTRACT.md section 1):
/// within one file every row is a line (two rows of one order and SKU are two lines that add up);
/// across files, the file that sorts last restates an order: when a file holds lines of an order an
/// earlier file also held, the earlier lines are dropped (counted as restated). A file with a
/// `line_id` column keys its lines by (order_id, line_id): a repeated key in that file replaces
/// the line.
struct OrderLineStore {
    /// order_id hash -> order slot.
    private var orderIndex = Key128Table(minimumCapacity: 1 << 16)
    /// Per order slot: the file that last wrote it and its first line (a list through `nextLine`).
    private var orderFile: [Int32] = []
    private var firstLine: [Int32] = []
    /// Per line: the next line of its order (-1 at the end) and whether a later file restated it away.
    private var nextLine: [Int32] = []
    private var dropped: [Bool] = []
    /// Lines of SKUs that are not merchandise (postage, fees): kept for restatement, left out at the end.
    private var nonProduct: [Bool] = []
    /// Lines of the file being merged, by (order_id, line_id) hash.
    private var fileLines = Key128Table(minimumCapacity: 16)
    private var file: Int32 = -1
    private(set) var lines = OrderLines()
    private(set) var droppedCount = 0

    var count: Int { lines.count - droppedCount }

    init() {}

    /// A store sized for about `expectedLines` lines (`RowEstimate`) and half as many orders: grown
    /// from empty, the large shop's 8.6M lines were copied and their fresh pages zeroed again at
    /// every doubling, on the one thread that merges the files (perf: a second of its time).
    init(expectedLines: Int) {
        orderIndex = Key128Table(minimumCapacity: max(1 << 16, expectedLines / 2))
        // The per-line arrays get a quarter more: room that is never written costs no memory, and
        // an estimate 6% short (issue 24's held-out-like large shop) doubled all of them while the
        // last file merged, copying 10M lines into fresh pages on that one thread.
        let room = expectedLines + expectedLines / 4
        lines.reserveCapacity(room)
        nextLine.reserveCapacity(room)
        dropped.reserveCapacity(room)
        nonProduct.reserveCapacity(room)
    }

    /// Starts merging the next file (in name order).
    mutating func beginFile() {
        file += 1
        fileLines = Key128Table(minimumCapacity: 16)
    }

    /// Starts loading the order's index slot. Mutating although it changes nothing: called on the
    /// store the merge closure captures, a non-mutating call copied the whole store (retaining and
    /// releasing each of its arrays) for every line, 2 s of the large shop's CPU (perf annotate).
    @inline(__always) mutating func prefetch(_ orderKey: Key128) { orderIndex.prefetch(orderKey) }

    /// Adds a line of the current file; returns the number of earlier lines it restated or replaced.
    mutating func add(orderKey: Key128, lineKey: Key128?, customer: Int32, sku: Int32, day: Day, second: Int32, quantity: Double,
                      unitPrice: Double, discount: Double, status: OrderStatus, campaign: Int32, channel: Int32, nonProduct: Bool) -> Int {
        var replaced = 0
        if let lineKey, let existing = fileLines.insertIfAbsent(lineKey, value: Int32(lines.count)) {
            drop(Int(existing))
            replaced += 1
        }
        let line = Int32(lines.count)
        let slot: Int
        if let existing = orderIndex.insertIfAbsent(orderKey, value: Int32(orderFile.count)) {
            slot = Int(existing)
            if orderFile[slot] != file {
                var old = firstLine[slot]
                while old >= 0 {
                    if !dropped[Int(old)] { drop(Int(old)); replaced += 1 }
                    old = nextLine[Int(old)]
                }
                orderFile[slot] = file
                firstLine[slot] = -1
            }
        } else {
            slot = orderFile.count
            orderFile.append(file)
            firstLine.append(-1)
        }
        nextLine.append(firstLine[slot])
        firstLine[slot] = line
        dropped.append(false)
        self.nonProduct.append(nonProduct)
        lines.append(orderKey: orderKey, customer: customer, sku: sku, day: day, second: second, quantity: quantity, unitPrice: unitPrice,
                     discount: discount, status: status, campaign: campaign, channel: channel)
        return replaced
    }

    private mutating func drop(_ line: Int) {
        dropped[line] = true
        droppedCount += 1
    }

    /// Takes the merchandise lines that count, in the order they were read, and the non-product
    /// lines left out; the store keeps no lines (so they are compacted in place, not copied).
    mutating func finish() -> (lines: OrderLines, nonProduct: (lines: Int, revenue: Double)) {
        var left = (lines: 0, revenue: 0.0)
        for i in 0..<lines.count where nonProduct[i] && !dropped[i] {
            left.lines += 1
            left.revenue += GridSum.steps(lines.revenue(i))
        }
        left.revenue = GridSum.value(ofSteps: left.revenue)
        var finished = OrderLines()
        swap(&finished, &lines)
        if droppedCount > 0 || left.lines > 0 { finished.keepOnly((0..<finished.count).map { !dropped[$0] && !nonProduct[$0] }) }
        return (finished, left)
    }
}

/// The rows of one `orders*.csv` file (see `ParsedFile`).
struct OrderRows: ParsedRows {
    /// Hash of order_id, and of order_id + line_id when the file has a line_id column.
    var orderKeys: [Key128] = []
    var lineKeys: [Key128] = []
    var customers: [Int32] = []
    var skus: [Int32] = []
    var days: [Day] = []
    /// The local second of the day of order_time.
    var seconds: [Int32] = []
    var quantities: [Double] = []
    var unitPrices: [Double] = []
    var discounts: [Double] = []
    var statuses: [OrderStatus] = []
    /// -1 when the line names no campaign.
    var campaigns: [Int32] = []
    /// -1 when the line names no channel.
    var channels: [Int32] = []
    /// True for a line whose SKU is not merchandise (config `non_product_skus`).
    var nonProduct: [Bool] = []
    var customerIds = Interner()
    var skuIds = Interner()
    var campaignIds = Interner()
    var channelIds = Interner()

    mutating func read(_ file: CSVExportFile, log: RejectLog, clock: ZoneClock, currency: String, lineRules: LineRules) throws {
        let orderAt = file.position("order_id")!, timeAt = file.position("order_time")!
        let customerAt = file.position("customer_id")!, skuAt = file.position("sku")!
        let quantityAt = file.position("quantity")!, priceAt = file.position("unit_price")!
        let discountAt = file.position("discount"), statusAt = file.position("status")
        let campaignAt = file.position("campaign_id"), lineAt = file.position("line_id"), channelAt = file.position("channel")
        try file.forEachRow(log: log) { (row) throws(RowProblem) in
            let order = try FieldReading.key(row.field(orderAt), column: "order_id").get()
            let time = try FieldReading.moment(row.field(timeAt), column: "order_time", clock: clock).get()
            let customer = try FieldReading.text(row.field(customerAt), column: "customer_id").get()
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
            let channel = try FieldReading.text(optionalField(row, channelAt), column: "channel").get()
            let orderKey = ByteHash.key(order)
            orderKeys.append(orderKey)
            if let lineAt { lineKeys.append(ByteHash.extend(orderKey, with: try FieldReading.key(row.field(lineAt), column: "line_id").get())) }
            customers.append(lineRules.isGuest(customer) ? -1 : file.internCustomer(customer, in: &customerIds))
            nonProduct.append(lineRules.isNonProduct(sku) || (!file.nonProductSKUs.isEmpty && file.nonProductSKUs.contains(Array(sku))))
            skus.append(skuIds.intern(sku))
            days.append(time.day)
            seconds.append(time.second)
            quantities.append(quantity)
            unitPrices.append(price)
            discounts.append(discount)
            statuses.append(status)
            campaigns.append(LoadContext.optionalId(campaign, in: &campaignIds))
            channels.append(LoadContext.optionalId(channel, in: &channelIds))
        }
    }
}

extension LoadContext {
    /// Adds one parsed orders file to the store (files in name order): its lines add up, and it
    /// restates every order an earlier file held.
    func mergeOrders(_ file: ParsedFile<OrderRows>, into store: inout OrderLineStore) throws {
        try merge(file) { rows in
            var customerOf = IdMap(count: rows.customerIds.count), skuOf = IdMap(count: rows.skuIds.count)
            var campaignOf = IdMap(count: rows.campaignIds.count), channelOf = IdMap(count: rows.channelIds.count)
            var restated = 0
            store.beginFile()
            let keyed = !rows.lineKeys.isEmpty
            for row in rows.orderKeys.indices {
                if row + FactsBuilder.prefetchDistance < rows.orderKeys.count { store.prefetch(rows.orderKeys[row + FactsBuilder.prefetchDistance]) }
                restated += store.add(
                    orderKey: rows.orderKeys[row], lineKey: keyed ? rows.lineKeys[row] : nil,
                    customer: customerOf.id(rows.customers[row], rows.customerIds.strings, in: &customerIds),
                    sku: skuOf.id(rows.skus[row], rows.skuIds.strings, in: &skus), day: rows.days[row], second: rows.seconds[row],
                    quantity: rows.quantities[row], unitPrice: rows.unitPrices[row], discount: rows.discounts[row],
                    status: rows.statuses[row], campaign: campaignOf.id(rows.campaigns[row], rows.campaignIds.strings, in: &campaigns),
                    channel: channelOf.id(rows.channels[row], rows.channelIds.strings, in: &orderChannels), nonProduct: rows.nonProduct[row])
            }
            log.quality[.orders].duplicates += restated
        }
    }
}

/// Which order lines are guests' and which are not merchandise (DATA_CONTRACT.md: guests and
/// non-product lines), from the config.
struct LineRules: Sendable {
    var guestIds: Set<[UInt8]>
    var nonProductSKUs: Set<[UInt8]>

    init(_ config: Config) {
        guestIds = Set(config.guestCustomerIds.map { Array($0.utf8) })
        nonProductSKUs = Set(config.nonProductSKUs.map { Array($0.utf8) })
    }

    /// An empty customer id, or one the config names as the guest placeholder.
    @inline(__always) func isGuest(_ customer: UnsafeBufferPointer<UInt8>) -> Bool {
        customer.isEmpty || (!guestIds.isEmpty && guestIds.contains(Array(customer)))
    }

    @inline(__always) func isNonProduct(_ sku: UnsafeBufferPointer<UInt8>) -> Bool {
        !nonProductSKUs.isEmpty && nonProductSKUs.contains(Array(sku))
    }
}
