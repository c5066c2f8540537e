import Foundation

/// Loads a data directory of exports into `Facts` (DATA_CONTRACT.md sections 1 and 2).
///
/// Order: products, customers, ads and orders are read into stores; the report
/// window is fixed (given, or the last complete week in the orders); then the
/// events go into the facts. Orders and events files are parsed on background
/// threads and merged in file order (`ParsedFile`, `OrderedWork`): the orders while
/// the products, customers and ads load; the events de-duplicated on this thread and
/// added to the facts on another (`InOrderWorker`). Bad rows go to the reject sink
/// and are counted; unreadable files and a directory without orders are `InputError`s.
public struct DataLoader {
    public var directory: String
    public var config: Config
    /// Receives one line per stage ("orders: 52,311 rows from 3 files in 0.41 s").
    public var progress: @Sendable (String) -> Void
    /// The events a database decided (`--source`); the folder's events files then hold only the
    /// rows it left to the loader.
    public var pushedEvents: EventPushdown?

    public init(directory: String, config: Config, pushedEvents: EventPushdown? = nil,
                progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.directory = directory
        self.config = config
        self.pushedEvents = pushedEvents
        self.progress = progress
    }

    /// How to choose the report window.
    public enum WindowChoice: Sendable {
        /// Exactly this window.
        case fixed(DateWindow)
        /// The last complete Monday-Sunday week in the orders.
        case lastCompleteWeek
        /// The `days` days ending on this day (used by `recommend --to`).
        case ending(Day, days: Int)
    }

    /// The export files of each kind in the directory, sorted by name, and how each is read.
    public struct ExportPlan: Sendable {
        public var files: [ExportKind: [String]] = [:]
        /// Files read as a platform's download, with the format their header shows.
        public var formats: [String: PlatformFormat] = [:]
        /// Files that are no export (named in the data-quality notes and by `validate`).
        public var skipped: [String] = []
        /// Contract files whose values are translated first (config `formats`, or dates not ISO 8601).
        public var mapped: Set<String> = []
        /// Whether some contract file's customer_id column is a personal-data column (an e-mail).
        public var personalCustomerKeys = false
        /// Order-header files (`TwoTableOrders`), and the order-item files joined with them.
        public var orderHeaders: [String] = []
        public var joined: Set<String> = []
        /// Shopify abandoned-checkout exports: the orders export's columns, no sale in them (skipped).
        public var abandonedCheckouts: [String] = []
        /// The first orders file whose first order time has a UTC offset other than zero, and that offset.
        public var orderTimeOffset: (file: String, offset: String)?
    }

    /// Classifies every file of the directory: a CSV file whose header is a platform's download is
    /// read as that (whatever its name); else a file named like an export (`orders*.csv`, ...) is
    /// that export; else a CSV file whose header has every required column of one export (through
    /// the config's column names) is read as it. Hidden files and `mktreport.json` are not listed.
    public func exportPlan() throws -> ExportPlan {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError(file: directory, reason: "data directory not found")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        } catch {
            throw InputError(file: directory, reason: "cannot list data directory")
        }
        var plan = ExportPlan()
        for name in names where !name.hasPrefix(".") && name != "mktreport.json" {
            let path = (directory as NSString).appendingPathComponent(name)
            let lower = name.lowercased()
            // The first records, read once: the header (after any title lines) and a data row.
            let peek = lower.hasSuffix(".csv") || lower.hasSuffix(".csv.gz") || lower.hasSuffix(".xlsx") ? FilePeek(path: path, name: name, encoding: config.encoding) : nil
            if let peek, peek.platformFormat == .shopifyOrders, peek.isShopifyAbandonedCheckouts {
                plan.abandonedCheckouts.append(name)
                continue
            } else if let peek, let format = peek.platformFormat {
                plan.files[format.kind, default: []].append(name)
                plan.formats[name] = format
            } else if let header = peek?.header, let role = TwoTableOrders.role(of: Set(header), aliases: config.columnAliases[.orders] ?? [:]) {
                if role == .headers { plan.orderHeaders.append(name) } else { plan.files[.orders, default: []].append(name); plan.joined.insert(name) }
                if peek?.keysCustomersByPersonalData(.orders, config: config) == true { plan.personalCustomerKeys = true }
            } else if let kind = ExportKind.allCases.first(where: { $0.matches(fileName: name) }) ?? peek.flatMap(contractKind) {
                plan.files[kind, default: []].append(name)
                guard let peek else { continue }
                if config.formats[kind] != nil || hasOtherDates(peek, kind: kind) { plan.mapped.insert(name) }
                if peek.keysCustomersByPersonalData(kind, config: config) { plan.personalCustomerKeys = true }
            } else {
                plan.skipped.append(name)
            }
            if plan.orderTimeOffset == nil, let peek, let offset = orderTimeOffset(peek) { plan.orderTimeOffset = (name, offset) }
        }
        if plan.joined.isEmpty {
            // Order headers without an item table are an orders export missing its item columns
            // (read as one, so the error names them).
            for name in plan.orderHeaders {
                if ExportKind.orders.matches(fileName: name) { plan.files[.orders, default: []].append(name) } else { plan.skipped.append(name) }
            }
            plan.orderHeaders = []
            plan.files[.orders]?.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            plan.skipped.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        }
        return plan
    }

    /// The non-zero UTC offset of an orders file's first order time (Shopify's `Created at`, else
    /// order_time), nil for another export.
    private func orderTimeOffset(_ peek: FilePeek) -> String? {
        let column = peek.platformFormat == .shopifyOrders ? peek.header.firstIndex(of: "created at")
            : peek.platformFormat == nil ? peek.position(of: "order_time", kind: .orders, config: config) : nil
        guard let column, let row = peek.firstRow, column < row.count else { return nil }
        return PlatformValues.nonZeroOffset(row[column])
    }

    /// Whether the first data row's date column holds a date in another form than ISO 8601
    /// (`12/1/2010 8:26`, `01.12.2010`, `2022-01-04 01:08:35 -0500`): read through `MappedExport`.
    private func hasOtherDates(_ peek: FilePeek, kind: ExportKind) -> Bool {
        guard let column = ValueFormats.dateColumns(kind).first, let at = peek.position(of: column, kind: kind, config: config),
              let row = peek.firstRow, at < row.count else { return false }
        let value = row[at], spaced = value.split(separator: " ")
        return value.contains("/") || (spaced.first?.contains(".") == true && !value.contains("-"))
            || (spaced.count == 3 && PlatformValues.isoDateTime(value) != nil)
    }

    /// The export whose required columns (or their configured names) a file's header holds.
    private func contractKind(_ peek: FilePeek) -> ExportKind? {
        [ExportKind.orders, .customers, .products, .ads, .events].first { kind in
            kind.requiredColumns.allSatisfy { peek.position(of: $0, kind: kind, config: config) != nil }
        }
    }

    /// The same folder read with its platform files' formats known (and a pseudonym key when a
    /// file keys customers by e-mail).
    private func prepared(_ plan: ExportPlan) throws -> DataLoader {
        var loader = self
        loader.config.platform.formats = plan.formats
        loader.config.platform.mapped = plan.mapped
        loader.config.platform.joined = plan.joined
        loader.config.platform.orderHeaderPaths = plan.orderHeaders.map { (directory as NSString).appendingPathComponent($0) }
        if plan.personalCustomerKeys || plan.formats.values.contains(where: { $0 == .shopifyOrders || $0 == .shopifyCustomers }) {
            loader.config.platform.pseudonyms = try Pseudonyms.forDataFolder(directory)
        }
        return loader
    }

    public func load(window choice: WindowChoice, rejects: RejectSink) throws -> Facts {
        let plan = try exportPlan()
        return try prepared(plan).load(plan, window: choice, rejects: rejects)
    }

    private func load(_ plan: ExportPlan, window choice: WindowChoice, rejects: RejectSink) throws -> Facts {
        let clock = config.clock
        let log = RejectLog(sink: rejects)
        let context = LoadContext(config: config, clock: clock, log: log, progress: progress)
        let files = plan.files
        for (name, format) in plan.formats.sorted(by: { $0.key < $1.key }) { log.quality.formats[name] = format.rawValue }
        for name in plan.joined.sorted() { log.quality.formats[name] = "order items joined with \(plan.orderHeaders.joined(separator: ", "))" }
        if !config.timeZoneIsSet, let (file, offset) = plan.orderTimeOffset {
            log.quality.notes.append("Order times in \(file) carry the offset \(offset), but days are counted in UTC: set \"time_zone\" in the config to the shop's time zone (an IANA name such as \"America/Los_Angeles\") to count the shop's own days.")
        }
        for name in plan.abandonedCheckouts {
            log.quality.notes.append("\(name) was skipped: it is Shopify's abandoned checkouts export (its first checkout was never paid: no Financial Status or Paid at), which holds no sales.")
        }
        for name in plan.skipped { log.quality.notes.append("\(name) was skipped: it is not an export (no orders, customers, events, products or ads header).") }
        guard let orderFiles = files[.orders], !orderFiles.isEmpty else {
            throw InputError(file: "orders*.csv", reason: "no orders export in \(directory)")
        }

        var products = ProductStore(), customers = CustomerStore(), ads = AdStore()
        // The shortest valid orders row, "o,2026-11-23,c,s,1,1" and a line end, takes 21 bytes.
        var orders = OrderLineStore(expectedLines: expectedRows(of: .orders, in: files, shortestRow: 21))
        let currency = config.currency, lineRules = LineRules(config)
        // The orders files are parsed on background threads while products, customers and ads load here.
        try parallelStage(.orders, files, context, before: {
            try stage(.products, files, context) { file, path in
                if file.lowercased().hasSuffix(".xml") || file.lowercased().hasSuffix(".xml.gz") {
                    try ProductFeedReader.read(path: path, name: file, context: context, into: &products)
                } else if let export = try open(file, path, .products, context) {
                    try context.loadProductsCSV(export, into: &products)
                }
            }
            try stage(.customers, files, context) { file, path in
                if let export = try open(file, path, .customers, context) { try context.loadCustomers(export, into: &customers) }
            }
            try stage(.ads, files, context) { file, path in
                if let export = try open(file, path, .ads, context) { try context.loadAds(export, into: &ads) }
            }
        }, read: { path, name, config in
            ParsedFile<OrderRows>.read(path: path, name: name, kind: .orders, config: config) { file, log, rows in
                try rows.read(file, log: log, clock: clock, currency: currency, lineRules: lineRules)
            }
        }, merge: { try context.mergeOrders($0, into: &orders) })
        var lines = Self.countedLines(&orders, quality: &log.quality)
        orders = OrderLineStore()  // its index is not needed any more (see `countedLines`)
        guard lines.count > 0 else {
            throw InputError(file: orderFiles.joined(separator: ", "), reason: "no valid order rows: \(log.summaryOfRejects(.orders))")
        }
        let span = DateWindow(from: lines.day.min()!, to: lines.day.max()!)
        let window = try resolveWindow(choice, span: span)
        // The event-id set sized once for the rows the events files seem to hold. The shortest
        // valid events row, "2026-11-23,C,view" and a line end, takes 18 bytes.
        let expectedEvents = expectedRows(of: .events, in: files, shortestRow: 18)
        var seenEvents = Key128Set(minimumCapacity: 0)
        // The customer x item index sized for half as many pairs as events (medium 0.44, large
        // 0.34): medium's events load went 2.30-2.63 -> 1.73-2.06 s without its seven doublings, four
        // alternating runs each. At worst (no event names a SKU) it holds 11 bytes an event unused,
        // half the event-id set's share.
        let builder = FactsBuilder(periods: Periods(current: window), halfLifeDays: config.recommendations.halfLifeDays,
                                   expectedPairs: expectedEvents / 2)
        let periods = builder.periods
        var coverageNotes: [String] = []
        var partialLastDayNote: String?
        // Three steps in a pipeline: files are parsed on background threads, de-duplicated here in
        // file order, and their new events added to the facts on another thread in batches, also in order.
        let addingEvents = InOrderWorker(builder, pending: 2)
        defer { addingEvents.finish() }
        let addEvents = { (batch: EventBatch) in addingEvents.submit(batch) { builder, new in builder.addEvents(new) } }
        let pushed = try pushedEvents.map { pushed in
            // The database's rows are taken as the loader would read them only from plain contract files.
            let names = files[.events] ?? []
            guard names.allSatisfy({ plan.formats[$0] == nil && !plan.mapped.contains($0) }) else { throw EventPushdownUndecided() }
            return pushed
        }
        // Sales channels numbered in their names' byte order (`KeyOrder`), as the facts number
        // customers and SKUs: an order whose lines name two channels takes the first in that order.
        let channelOrder = KeyOrder(context.orderChannels.strings)
        for i in lines.channel.indices { lines.channel[i] = channelOrder(lines.channel[i]) }
        var newFolderEvents = 0
        try parallelStage(.events, files, context, before: {
            // On this thread while the first events files are parsed on the others.
            builder.addOrders(lines, category: products.categories(ofFirst: context.skus.count),
                              categoryCount: context.categories.count, quality: &log.quality)
            coverageNotes = Self.coverageNotes(orders: lines, products: products, customers: customers, window: window)
            partialLastDayNote = PartialLastDay.note(lines, window: window)
            coverageNotes += [partialLastDayNote].compactMap { $0 }
            lines = OrderLines()  // the facts hold what they need: the lines' memory is free for the events
            // The event-id set is made here too, once the lines are gone (large: they and it made
            // the run's peak together). Made before the stage, the kernel zeroing its fresh pages
            // left the other core idle (medium: 256 MB in 16-byte slots, 0.7 s).
            seenEvents = Key128Set(minimumCapacity: max(1 << 16, expectedEvents))
        }, read: { path, name, config in
            ParsedFile<EventRows>.read(path: path, name: name, kind: .events, config: config) { file, log, rows in
                try rows.read(file, log: log, clock: clock, window: periods)
            }
        }, merge: { parsed in
            try context.newEvents(parsed, seen: &seenEvents) { batch in
                newFolderEvents += batch.count
                addEvents(batch)
            }
        }, after: {
            if let pushed {
                guard newFolderEvents == 0 else { throw EventPushdownUndecided() }
                try context.addPushedEvents(pushed, periods: periods, emit: addEvents)
            }
            addingEvents.finish()
        })
        // The facts are assembled next, the run's peak of memory: the event-id set is not needed
        // for them (192 MB on medium).
        seenEvents = Key128Set(minimumCapacity: 0)

        let catalog = products.catalog(skus: context.skus, categories: context.categories, brands: context.brands)
        let customerTable = customers.table(ids: context.customerIds, genders: context.genders, regions: context.regions)
        var adTable = ads.table
        adTable.campaigns = context.campaigns.strings
        adTable.channels = context.channels.strings
        adTable.variants = context.variants.strings
        adTable = adTable.upTo(window.to, quality: &log.quality)
        log.quality.notes += coverageNotes
        let started = ContinuousClock.now
        var facts = builder.finish(catalog: catalog, customers: customerTable, ads: adTable,
                                   campaigns: context.campaigns.strings, currency: config.currency, quality: log.quality)
        facts.orderSpan = span
        facts.partialLastDay = partialLastDayNote != nil
        facts.orderChannels = channelOrder.permuted(context.orderChannels.strings)
        progress("facts: \(facts.orderDays.count.grouped) order-days, \(facts.interactions.count.grouped) customer-item pairs in \(started.elapsedText)")
        return facts
    }

    /// About how many rows the files of `kind` hold (`RowEstimate`; `shortestRow` is the fewest
    /// bytes a valid row takes), a little under, so that a table sized by it never doubles for
    /// nothing on a close guess; the table still grows if they hold more.
    private func expectedRows(of kind: ExportKind, in files: [ExportKind: [String]], shortestRow: Int) -> Int {
        let paths = (files[kind] ?? []).map { (directory as NSString).appendingPathComponent($0) }
        return RowEstimate.rows(in: paths, shortestRow: shortestRow) / 20 * 19
    }

    private func open(_ file: String, _ path: String, _ kind: ExportKind, _ context: LoadContext) throws -> CSVExportFile? {
        guard let export = try CSVExportFile.open(path: path, name: file, kind: kind, config: config) else {
            context.log.noteEmptyFile(file)
            return nil
        }
        return export
    }

    /// Runs `body` on every file of one kind and reports the rows read.
    private func stage(_ kind: ExportKind, _ files: [ExportKind: [String]], _ context: LoadContext,
                       _ body: (String, String) throws -> Void) throws {
        let names = files[kind] ?? []
        try stage(kind, names, context) {
            for name in names { try body(name, (directory as NSString).appendingPathComponent(name)) }
            return .zero
        }
    }

    /// Reads the files of one kind on background threads (two ahead of the merge) and merges them
    /// on this thread in name order, so first-row-wins and ids match a sequential read.
    /// `before` runs on this thread once the first files have started; the stage's time leaves it
    /// out. `after` runs once every file is merged, within the stage's time.
    private func parallelStage<Rows: ParsedRows>(_ kind: ExportKind, _ files: [ExportKind: [String]], _ context: LoadContext,
                                     before: () throws -> Void = {},
                                     read: @escaping @Sendable (_ path: String, _ name: String, Config) -> ParsedFile<Rows>,
                                     merge: (ParsedFile<Rows>) throws -> Void, after: () throws -> Void = {}) throws {
        let names = files[kind] ?? [], directory = self.directory, config = self.config
        try stage(kind, names, context) {
            var beforeTime = Duration.zero
            try OrderedWork.run(count: names.count, ahead: 2, produce: { i in
                read((directory as NSString).appendingPathComponent(names[i]), names[i], config)
            }, before: {
                let started = ContinuousClock.now
                try before()
                beforeTime = ContinuousClock.now - started
            }, consume: { _, parsed in try merge(parsed) })
            try after()
            return beforeTime
        }
    }

    /// Runs `body`, which reads all of `names`, and reports the rows read and the time taken
    /// other than the time `body` returns (work reported on its own).
    private func stage(_ kind: ExportKind, _ names: [String], _ context: LoadContext, _ body: () throws -> Duration) throws {
        guard !names.isEmpty else { _ = try body(); return }  // (nothing to read, but a stage's `before` still runs)
        let started = ContinuousClock.now
        context.log.quality[kind].files += names
        let excluded = try body()
        let counts = context.log.quality[kind]
        progress("\(kind.rawValue): \(counts.rowsRead.grouped) rows from \(names.count) file\(names.count == 1 ? "" : "s"), \(counts.rowsRejected.grouped) rejected, \(counts.duplicates.grouped) duplicates in \((ContinuousClock.now - started - excluded).text)")
    }

    /// The window to report on. Any window that overlaps or follows the data is valid, even one
    /// without orders (a quiet week is a report with zeros); one that ends before the first order
    /// is an error naming the data's range. The default, the last complete Monday-Sunday week up to
    /// the last order, becomes the week holding the last order when the data is shorter than that.
    private func resolveWindow(_ choice: WindowChoice, span: DateWindow) throws -> DateWindow {
        let window: DateWindow
        switch choice {
        case .fixed(let fixed): window = fixed
        case .ending(let day, let days): window = DateWindow(from: day - (days - 1), to: day)
        case .lastCompleteWeek:
            let complete = DateWindow.lastCompleteWeek(endingOnOrBefore: span.to)
            window = complete.to >= span.from ? complete : DateWindow(from: span.to.startOfWeek, to: span.to.startOfWeek + 6)
        }
        if window.to < span.from {
            throw InputError(file: "orders", reason: "the window \(window.from) to \(window.to) ends before the data, which holds orders from \(span.from) to \(span.to)")
        }
        if window.from > span.to + Self.longestQuietAfterData {
            throw InputError(file: "orders", reason: "the window \(window.from) to \(window.to) starts over a year after the last order (\(span.to)): download the exports again, or check the dates")
        }
        return window
    }

    /// The most days a window may start after the last order. A shop with no orders for weeks
    /// still gets its report of them; a window a year on reads as stale exports or a mistyped year
    /// (`--from 2062-11-23`). Its report showed every day since the data as zero, and took 15 s
    /// (2150 on the sample) where the sample's real week takes 3.
    static let longestQuietAfterData = 366

    /// Notes on the order lines up to the window's end that the other exports do not cover: SKUs
    /// not in the product catalog, buyers not in the customers export.
    private static func coverageNotes(orders: OrderLines, products: ProductStore, customers: CustomerStore,
                                      window: DateWindow) -> [String] {
        var notes: [String] = []
        if products.present.contains(true) {
            var unknown = Set<Int32>()
            var lines = 0
            for i in 0..<orders.count where orders.day[i] <= window.to && !products.isPresent(orders.sku[i]) {
                unknown.insert(orders.sku[i])
                lines += 1
            }
            if lines > 0 {
                notes.append("\(lines.grouped) order lines name \(unknown.count.grouped) SKUs that are not in the product catalog; they count in sales but are never recommended.")
            }
        }
        if customers.listed.contains(true) {
            // Marked in an array by customer id (a set of the lines' customers took half a second
            // of the large shop's 8.6M lines on one core).
            var counted = [Bool](repeating: false, count: Int(orders.customer.max() ?? 0) + 1)
            var unlisted = 0
            for customer in orders.customer where customer >= 0 && !counted[Int(customer)] {
                counted[Int(customer)] = true
                if !customers.isListed(customer) { unlisted += 1 }
            }
            if unlisted > 0 {
                notes.append("\(unlisted.grouped) customers in the orders are not in the customers export; their demographics are unknown.")
            }
        }
        return notes
    }

    /// The order lines that count: restated and non-product lines left out (`OrderLineStore`), and
    /// those of outlying days (`OutlyingDays`), with their notes and counts in `quality`. The lines
    /// are taken out of the store; the caller then frees its index before the events are read (on
    /// the large scale it held about 1 GB through the whole events load).
    private static func countedLines(_ orders: inout OrderLineStore, quality: inout DataQuality) -> OrderLines {
        var (read, nonProduct) = orders.finish()
        let outlying = OutlyingDays.split(read)
        quality.notes += outlying.notes
        quality.nonProductLines = nonProduct.lines
        quality.nonProductRevenue = nonProduct.revenue
        if !outlying.notes.isEmpty { read.keepOnly(outlying.keep) }
        return read
    }
}

extension AdTable {
    /// Drops rows after the window end, counting them.
    func upTo(_ end: Day, quality: inout DataQuality) -> AdTable {
        var result = self
        let keep = (0..<count).filter { day[$0] <= end }
        quality[.ads].rowsAfterWindow += count - keep.count
        let sortedKeep = keep.sorted {
            (campaigns[Int(campaign[$0])], variants[Int(variant[$0])], day[$0].index)
                < (campaigns[Int(campaign[$1])], variants[Int(variant[$1])], day[$1].index)
        }
        result.campaign = sortedKeep.map { campaign[$0] }
        result.variant = sortedKeep.map { variant[$0] }
        result.channel = sortedKeep.map { channel[$0] }
        result.day = sortedKeep.map { day[$0] }
        result.impressions = sortedKeep.map { impressions[$0] }
        result.clicks = sortedKeep.map { clicks[$0] }
        result.conversions = sortedKeep.map { conversions[$0] }
        result.cost = sortedKeep.map { cost[$0] }
        result.revenue = sortedKeep.map { revenue[$0] }
        return result
    }
}
