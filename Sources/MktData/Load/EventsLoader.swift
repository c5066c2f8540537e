extension LoadContext {
    /// Streams one `events*.csv` file into the facts builder, de-duplicating by
    /// event_id (or by all columns when a row has none): the first row wins.
    func loadEvents(_ file: CSVExportFile, seen: inout Key128Table, into builder: FactsBuilder) throws {
        let timeAt = file.position("event_time")!, customerAt = file.position("customer_id")!
        let typeAt = file.position("event_type")!
        let idAt = file.position("event_id"), skuAt = file.position("sku")
        let clock = self.clock, periods = builder.periods
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
            let key: Key128
            if !eventId.isEmpty {
                key = ByteHash.key(eventId)
            } else {
                var k = Key128.zero
                for i in 0..<row.fieldCount { k = ByteHash.extend(k, with: trimmed(row.field(i))) }
                key = k
            }
            if seen.insertIfAbsent(key, value: 0) != nil {
                log.quality[.events].duplicates += 1
                return
            }
            builder.addEvent(customer: customerIds.intern(customer), item: LoadContext.optionalId(sku, in: &skus),
                             day: day, type: EventType.classify(typeBytes), period: period)
        }
    }
}
