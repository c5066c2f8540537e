/// The rows of one `events*.csv` file inside the report's periods, read and validated on a
/// background thread with file-local ids. `LoadContext.mergeEvents` then de-duplicates them and
/// gives them the run's ids, file by file in name order, so the outcome equals a sequential read.
struct ParsedEventFile: @unchecked Sendable {  // moved from its producer to the merging thread, never shared
    var name: String
    /// Per-file counts and rejected rows (in file order), forwarded to the run's log on merge.
    var log = RejectLog(sink: CollectingRejectSink())
    /// False for a file without a header row.
    var hasHeader = true
    /// event_id hash, or the hash of every field when the row has no event_id.
    var keys: [Key128] = []
    var customers: [Int32] = []
    /// -1 when the row has no SKU.
    var items: [Int32] = []
    var days: [Day] = []
    var types: [EventType] = []
    var rowPeriods: [Period] = []
    var customerIds = Interner()
    var skus = Interner()
    /// An error that stopped reading the file part-way (after the rows above).
    var failure: Error?

    var count: Int { keys.count }

    /// Reads and validates one events file; never throws (a failure is kept for the merge).
    static func read(path: String, name: String, config: Config, clock: ZoneClock, periods: Periods) -> ParsedEventFile {
        var parsed = ParsedEventFile(name: name)
        do {
            guard let file = try CSVExportFile.open(path: path, name: name, kind: .events, config: config) else {
                parsed.hasHeader = false
                return parsed
            }
            try parsed.readRows(file, clock: clock, periods: periods)
        } catch {
            parsed.failure = error
        }
        return parsed
    }

    private mutating func readRows(_ file: CSVExportFile, clock: ZoneClock, periods: Periods) throws {
        let timeAt = file.position("event_time")!, customerAt = file.position("customer_id")!
        let typeAt = file.position("event_type")!
        let idAt = file.position("event_id"), skuAt = file.position("sku")
        let log = self.log
        try file.forEachRow(log: log) { (row) throws(RowProblem) in
            let day = try FieldReading.day(row.field(timeAt), column: "event_time", clock: clock).get()
            let customer = try FieldReading.key(row.field(customerAt), column: "customer_id").get()
            let typeBytes = try FieldReading.key(row.field(typeAt), column: "event_type").get()
            let sku = try FieldReading.text(optionalField(row, skuAt), column: "sku").get()
            let eventId = try FieldReading.text(optionalField(row, idAt), column: "event_id").get()
            guard let period = periods.period(of: day) else {
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
            customers.append(customerIds.intern(customer))
            items.append(LoadContext.optionalId(sku, in: &skus))
            days.append(day)
            types.append(EventType.classify(typeBytes))
            rowPeriods.append(period)
        }
    }
}

extension LoadContext {
    /// Rows ahead whose hash-table slots are prefetched while the current row is merged.
    private static let prefetchDistance = 16

    /// Adds one parsed events file to the facts: the first row with an event key wins.
    func mergeEvents(_ file: ParsedEventFile, seen: inout Key128Table, into builder: FactsBuilder) throws {
        if !file.hasHeader { log.quality.notes.append("\(file.name) is empty (no header row); it was skipped.") }
        try log.absorb(file.log)
        // File-local id -> run id, assigned when a row first survives de-duplication (as a sequential read would).
        var customerOf = [Int32](repeating: -1, count: file.customerIds.count)
        var itemOf = [Int32](repeating: -1, count: file.skus.count)
        var duplicates = 0
        let n = file.count
        for row in 0..<n {
            let ahead = row + Self.prefetchDistance
            if ahead < n {
                seen.prefetch(file.keys[ahead])
                let customer = customerOf[Int(file.customers[ahead])], local = file.items[ahead]
                if customer >= 0 && local >= 0 && itemOf[Int(local)] >= 0 { builder.prefetch(customer: customer, item: itemOf[Int(local)]) }
            }
            guard seen.insertIfAbsent(file.keys[row], value: 0) == nil else {
                duplicates += 1
                continue
            }
            let localCustomer = Int(file.customers[row])
            if customerOf[localCustomer] < 0 { customerOf[localCustomer] = customerIds.intern(file.customerIds.strings[localCustomer]) }
            var item: Int32 = -1
            if file.items[row] >= 0 {
                let localItem = Int(file.items[row])
                if itemOf[localItem] < 0 { itemOf[localItem] = skus.intern(file.skus.strings[localItem]) }
                item = itemOf[localItem]
            }
            builder.addEvent(customer: customerOf[localCustomer], item: item, day: file.days[row], type: file.types[row],
                             period: file.rowPeriods[row])
        }
        log.quality[.events].duplicates += duplicates
        if let failure = file.failure { throw failure }
    }
}
