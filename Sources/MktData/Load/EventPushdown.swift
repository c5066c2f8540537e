/// Events a database has already validated, de-duplicated and put in file order (`--source`):
/// the loader reads from the export folder only the events rows the database could not decide
/// (those go through the usual checks) and takes the rest from here, as compact rows.
///
/// What the database decides must be what the loader would: a row it passes is one the loader
/// accepts with the same day, customer, SKU, type and event key. The loader checks what it can:
/// when a row it reads from the folder turns out to be a new event, the database's split was
/// not exact and the load stops with `EventPushdownUndecided` (the caller reads every row instead).
public protocol EventPushdown: AnyObject {
    /// Totals of the rows the database decided, for the report window ending on `lastDay`.
    func counts(through lastDay: Day) throws -> PushedEventCounts
    /// The customer keys and SKUs of the new events up to `lastDay`, each in the order of its
    /// first event (the order the loader gives new ids in).
    func keys(through lastDay: Day) throws -> (customers: [String], skus: [String])
    /// The new events up to `lastDay` in file order, in batches.
    func forEachBatch(through lastDay: Day, _ body: @escaping (PushedEventBatch) throws -> Void) throws
}

/// Rows the database decided (none of them rejected: rejected rows are read from the folder).
public struct PushedEventCounts: Sendable {
    public let rowsRead: Int
    public let rowsAfterWindow: Int
    public let duplicates: Int

    public init(rowsRead: Int, rowsAfterWindow: Int, duplicates: Int) {
        self.rowsRead = rowsRead
        self.rowsAfterWindow = rowsAfterWindow
        self.duplicates = duplicates
    }
}

/// New events in file order: customer and SKU as positions in `EventPushdown.keys` (SKU -1: none).
public struct PushedEventBatch: Sendable {
    public var customers: [Int32] = []
    public var skus: [Int32] = []
    public var days: [Day] = []
    public var types: [EventType] = []

    public init() {}
}

/// The database's split of the events rows did not match the loader's checks (a row it left to
/// the loader was a valid new event): the events must be read row by row.
public struct EventPushdownUndecided: Error {
    public init() {}
}

extension LoadContext {
    /// Adds the pushed-down events to `quality` and hands them to `emit` with run ids and
    /// periods, after the folder's events files are merged (which must have added no event).
    func addPushedEvents(_ pushed: EventPushdown, periods: Periods, emit: @escaping (EventBatch) -> Void) throws {
        let lastDay = periods.current.to
        let counts = try pushed.counts(through: lastDay)
        log.quality[.events].rowsRead += counts.rowsRead
        log.quality[.events].rowsAfterWindow += counts.rowsAfterWindow
        log.quality[.events].duplicates += counts.duplicates
        let keys = try pushed.keys(through: lastDay)
        let customerOf = keys.customers.map { customerIds.intern($0) }
        let skuOf = keys.skus.map { skus.intern($0) }
        try pushed.forEachBatch(through: lastDay) { pushedBatch in
            var batch = EventBatch()
            for i in pushedBatch.customers.indices {
                let day = pushedBatch.days[i], sku = pushedBatch.skus[i]
                guard let period = periods.period(of: day) else { throw EventPushdownUndecided() }
                batch.append(customer: customerOf[Int(pushedBatch.customers[i])], item: sku < 0 ? -1 : skuOf[Int(sku)],
                             day: day, type: pushedBatch.types[i], period: period)
            }
            emit(batch)
        }
    }
}
