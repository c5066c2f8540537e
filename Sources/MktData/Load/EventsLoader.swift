/// The rows of one `events*.csv` file inside the report's periods (see `ParsedFile`).
struct EventRows: ParsedRows {
    /// event_id hash, or the hash of every field when the row has no event_id.
    var keys: [Key128] = []
    var customers: [Int32] = []
    /// -1 when the row has no SKU.
    var items: [Int32] = []
    var days: [Day] = []
    var types: [EventType] = []
    var periods: [Period] = []
    var customerIds = Interner()
    var skus = Interner()

    /// Reads and validates every row of an events file; rows after the window are only counted.
    mutating func read(_ file: CSVExportFile, log: RejectLog, clock: ZoneClock, window: Periods) throws {
        let timeAt = file.position("event_time")!, customerAt = file.position("customer_id")!
        let typeAt = file.position("event_type")!
        let idAt = file.position("event_id"), skuAt = file.position("sku")
        try file.forEachRow(log: log) { (row) throws(RowProblem) in
            let day = try FieldReading.day(row.field(timeAt), column: "event_time", clock: clock).get()
            let customer = try FieldReading.key(row.field(customerAt), column: "customer_id").get()
            let typeBytes = try FieldReading.key(row.field(typeAt), column: "event_type").get()
            let sku = try FieldReading.text(optionalField(row, skuAt), column: "sku").get()
            let eventId = try FieldReading.text(optionalField(row, idAt), column: "event_id").get()
            guard let period = window.period(of: day) else {
                log.quality[.events].rowsAfterWindow += 1
                return
            }
            if !eventId.isEmpty {
                keys.append(ByteHash.key(eventId))
            } else {
                var k = Key128.zero
                for i in 0..<row.fieldCount { k = ByteHash.extend(k, with: trimmed(row.field(i))) }
                keys.append(k)
            }
            customers.append(file.internCustomer(customer, in: &customerIds))
            items.append(LoadContext.optionalId(sku, in: &skus))
            days.append(day)
            types.append(EventType.classify(typeBytes))
            periods.append(period)
        }
    }
}

extension LoadContext {
    /// Events handed on at a time: the last file's batches are added to the facts while its later
    /// rows are still de-duplicated, not all after them (large: the last file alone took a second
    /// on one core).
    static let eventBatchRows = 1 << 20

    /// The rows of one parsed events file whose event key was not seen before (the first row with
    /// a key wins), their customer and SKU ids mapped to run ids, handed to `emit` in order in
    /// batches of at most `eventBatchRows`.
    func newEvents(_ file: ParsedFile<EventRows>, seen: inout Key128Set, emit: (EventBatch) -> Void) throws {
        try merge(file) { rows in
            var customerOf = IdMap(count: rows.customerIds.count), itemOf = IdMap(count: rows.skus.count)
            var duplicates = 0
            var new = EventBatch()
            for row in rows.keys.indices {
                if row + FactsBuilder.prefetchDistance < rows.keys.count { seen.prefetch(rows.keys[row + FactsBuilder.prefetchDistance]) }
                guard seen.insert(rows.keys[row]) else {
                    duplicates += 1
                    continue
                }
                new.customers.append(customerOf.id(rows.customers[row], rows.customerIds.strings, in: &customerIds))
                new.items.append(itemOf.id(rows.items[row], rows.skus.strings, in: &skus))
                new.days.append(rows.days[row])
                new.types.append(rows.types[row])
                new.periods.append(rows.periods[row])
                if new.customers.count == Self.eventBatchRows {
                    emit(new)
                    new = EventBatch()
                }
            }
            if !new.customers.isEmpty { emit(new) }
            log.quality[.events].duplicates += duplicates
        }
    }
}

extension EventType {
    /// Recognises the contract's type names, case-insensitively.
    @inline(__always) static func classify(_ b: UnsafeBufferPointer<UInt8>) -> EventType {
        func equals(_ word: StaticString) -> Bool { b.equalsIgnoringCase(word) }
        if equals("view") { return .view }
        if equals("cart") { return .cart }
        if equals("purchase") { return .purchase }
        if equals("search") { return .search }
        if equals("wishlist") { return .wishlist }
        return .other
    }
}
