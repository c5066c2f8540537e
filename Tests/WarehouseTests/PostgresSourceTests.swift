import Foundation
import MktData
import MktTesting
@testable import MktWarehouse
import Testing

/// `--source postgresql://...` and `import` against a real PostgreSQL server: the throwaway cluster
/// `.ci/with-postgres` starts for `make test` (its address in MKTREPORT_TEST_POSTGRES).
@Suite(.serialized) struct PostgresSourceTests {
    static let address = ProcessInfo.processInfo.environment["MKTREPORT_TEST_POSTGRES"]
    static let password = ProcessInfo.processInfo.environment["MKTREPORT_TEST_PGPASSWORD"] ?? ""
    static let window = ["--from", "2026-11-23", "--to", "2026-11-29"]

    /// The test server's address with `?schema=`; fails the test when there is no server.
    func address(schema: String) throws -> String {
        let address = try #require(Self.address, "no PostgreSQL for the tests: run them with `make test` (.ci/with-postgres starts one)")
        return address + "?schema=" + schema
    }

    func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        try runTool(arguments, environment: ["PGPASSWORD": Self.password])
    }

    /// Every file under `folder`, relative path -> bytes.
    func files(_ folder: String) -> [String: Data] {
        var out: [String: Data] = [:]
        for case let name as String in FileManager.default.enumerator(atPath: folder)! {
            let path = (folder as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                out[name] = FileManager.default.contents(atPath: path)
            }
        }
        return out
    }

    /// Reports on `--data folder` and on `--source`, and requires the same bytes in every output file.
    /// Returns what the `--source` run printed.
    @discardableResult
    /// `sameRejectedText`: the rejected rows' text too (the table's columns are the file's, in its order).
    func expectSameReport(data folder: String, source: String, arguments: [String] = [], sameRejectedText: Bool = false) throws -> String {
        let fromFiles = TemporaryDirectory.make(), fromDatabase = TemporaryDirectory.make()
        let a = try run(["report", "--data", folder, "--out", fromFiles, "--quiet"] + Self.window + arguments)
        let b = try run(["report", "--source", source, "--out", fromDatabase] + Self.window + arguments)
        #expect(a.status == 0, "\(a.err)")
        #expect(b.status == 0, "\(b.err)")
        let expected = files(fromFiles), got = files(fromDatabase)
        #expect(expected.keys.contains("2026-11-23_2026-11-29/report.json"))
        #expect(Set(got.keys) == Set(expected.keys))
        for (name, bytes) in expected.sorted(by: { $0.key < $1.key }) where !name.hasSuffix("rejected.csv") {
            #expect(got[name] == bytes, "\(name) differs between --data and --source")
        }
        // The rejected rows are the same, at the same file and line, for the same reason (their
        // text is rebuilt from the table's columns, in the table's order).
        let rejected = expected.keys.filter { $0.hasSuffix("rejected.csv") }
        #expect(rejected.count == 1)
        for name in rejected {
            #expect(rejectKeys(got[name]) == rejectKeys(expected[name]))
            if sameRejectedText { #expect(got[name] == expected[name], "\(String(decoding: got[name] ?? Data(), as: UTF8.self))") }
        }
        return b.err
    }

    /// Writes `rows` (the header first; nil is an empty field) as `<folder>/<table>.csv` and copies
    /// them into the schema's table of text columns, as a shop's own script would (no source_* columns).
    func load(_ rows: [[String?]], table: String, folder: String, into warehouse: Warehouse) throws {
        func copyText(_ field: String?) -> String {
            guard let field else { return "\\N" }
            return field.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
                .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
        }
        try write(rows, table: table, folder: folder)
        let columns = rows[0].map { $0! }
        try warehouse.execute("CREATE TABLE \(table) (\(columns.map { "\($0) text" }.joined(separator: ", ")))")
        let data = rows.dropFirst().map { $0.map(copyText).joined(separator: "\t") + "\n" }.joined()
        var chunks = [Array(data.utf8)].makeIterator()
        try warehouse.copy(into: table, columns: columns) { chunks.next() }
    }

    /// A new empty schema, the session's search path set to it: its address, a new folder and the session.
    func emptySchema(_ name: String) throws -> (source: String, folder: String, warehouse: Warehouse) {
        let source = try address(schema: name)
        let warehouse = try Warehouse.connect(try WarehouseURL(source), environment: ["PGPASSWORD": Self.password])
        try warehouse.execute("DROP SCHEMA IF EXISTS \(name) CASCADE")
        try warehouse.execute("CREATE SCHEMA \(name)")
        try warehouse.execute("SET search_path TO \(name)")
        return (source, TemporaryDirectory.make(), warehouse)
    }

    /// Writes `rows` (the header first; nil is an empty field) as `<folder>/<table>.csv`.
    func write(_ rows: [[String?]], table: String, folder: String) throws {
        func csv(_ field: String?) -> String {
            guard let field else { return "" }
            return field.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }
        try (rows.map { $0.map(csv).joined(separator: ",") }.joined(separator: "\n") + "\n").write(toFile: folder + "/\(table).csv", atomically: true, encoding: .utf8)
    }

    /// file, line and reason of every rejected row.
    func rejectKeys(_ csv: Data?) -> [String] {
        let text = String(decoding: csv ?? Data(), as: UTF8.self)
        return text.split(separator: "\n").map { line in
            // file,line,reason,"text": the reason may be quoted when it holds a comma.
            let fields = line.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { return String(line) }
            let rest = fields[2]
            let reason = rest.hasPrefix("\"") ? rest.prefix(through: rest.dropFirst().firstIndex(of: "\"") ?? rest.startIndex) : rest.prefix { $0 != "," }
            return "\(fields[0]),\(fields[1]),\(reason)"
        }
    }

    @Test func theImportedSampleGivesTheSameReportRecommendationsAndValidation() throws {
        let source = try address(schema: "sample")
        let warehouse = try Warehouse.connect(try WarehouseURL(source), environment: ["PGPASSWORD": Self.password])
        defer { warehouse.close() }
        try warehouse.execute("DROP SCHEMA IF EXISTS sample CASCADE")
        let imported = try run(["import", "--data", "fixtures/sample", "--into", source])
        #expect(imported.status == 0, "\(imported.err)")
        #expect(imported.err.contains("import: orders-2024-12-01.csv:"), "\(imported.err)")
        // The four order records kept whole have an empty customer_id, not NULL, which Citus
        // refuses in the column a table is distributed by.
        #expect(try warehouse.rows("""
            SELECT count(*) FILTER (WHERE source_raw IS NOT NULL)::text, count(*) FILTER (WHERE customer_id IS NULL)::text FROM sample.orders
            """) == [["4", "0"]])
        try expectSameReport(data: "fixtures/sample", source: source)

        let recommendFiles = try run(["recommend", "--data", "fixtures/sample", "--to", "2026-11-29", "--top", "5"])
        let recommendDatabase = try run(["recommend", "--source", source, "--to", "2026-11-29", "--top", "5"])
        #expect(recommendFiles.status == 0 && recommendDatabase.status == 0, "\(recommendDatabase.err)")
        #expect(recommendFiles.out.split(separator: "\n").count > 1000)
        #expect(recommendDatabase.out == recommendFiles.out)

        let validateFiles = try run(["validate", "--data", "fixtures/sample"])
        let validateDatabase = try run(["validate", "--source", source])
        #expect(validateDatabase.status == 0, "\(validateDatabase.err)")
        #expect(validateDatabase.out == validateFiles.out)

        // A second import of the same folder replaces its rows instead of doubling them.
        let count = "SELECT count(*)::text FROM sample.events"
        let before = try warehouse.rows(count)
        #expect(try run(["import", "--data", "fixtures/sample", "--into", source, "--quiet"]).status == 0)
        #expect(try warehouse.rows(count) == before)
        #expect(before == [["297224"]])
    }

    /// A folder saved with `;` between fields, a short record among its lines: imported, it reads as
    /// the files do (the short record is kept whole as comma-separated fields, as the table holds
    /// every record, so it is rejected for the same number of fields).
    @Test func anImportedSemicolonFolderGivesTheSameReport() throws {
        let source = try address(schema: "semicolons")
        let warehouse = try Warehouse.connect(try WarehouseURL(source), environment: ["PGPASSWORD": Self.password])
        defer { warehouse.close() }
        try warehouse.execute("DROP SCHEMA IF EXISTS semicolons CASCADE")
        var exports = TestExports()
        let orders = (0..<60).map { i in "O\(i);2026-11-\(10 + i % 20)T10:00:00Z;C\(i % 12);S\(i % 7);\(1 + i % 3);\(5 + i % 4).50" }
        exports.file("orders.csv", (["order_id;order_time;customer_id;sku;quantity;unit_price"] + orders.prefix(30) + ["O98;2026-11-25T10:00:00Z;C1"]
                                    + orders.dropFirst(30)).joined(separator: "\n") + "\n")
        exports.file("products.csv", "sku;title;category\n" + (0..<7).map { "S\($0);\"Mug; size \($0)\";Kitchen" }.joined(separator: "\n") + "\n")
        let folder = try exports.write()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let imported = try run(["import", "--data", folder, "--into", source, "--quiet"])
        #expect(imported.status == 0, "\(imported.err)")
        try expectSameReport(data: folder, source: source)
        let validate = try run(["validate", "--source", source])
        #expect(validate.out.contains("rejected orders.csv:32: expected 6 fields, found 3"), "\(validate.out)")
    }

    /// Tables the shop made itself (no source_* columns, typed columns, its own column order),
    /// loaded with COPY: each reads as one file named after the table.
    @Test func tablesLoadedByTheShopsOwnScriptReadAsOneFileEach() throws {
        let schema = "own_script", source = try address(schema: schema)
        let folder = TemporaryDirectory.make()
        let orders = """
            order_id,order_time,customer_id,sku,quantity,unit_price,status
            A1,2026-11-20T10:00:00Z,c1,S1,2,10.00,completed
            A1,2026-11-20T10:00:00Z,c1,S2,1,5.50,completed
            A2,2026-11-24 09:30:00+02:00,c2,S1,1,10.00,completed
            A3,not a date,c3,S2,1,5.50,completed
            A4,2026-11-25,,S2,3,5.50,completed
            A5,2026-11-26,c1,S3,1,-4,completed
            A6,2026-11-27T12:00:00Z,c2,S2,1,5.50,refunded
            A7,2026-11-28T08:00:00Z,c3,S1,1,10.00,completed

            """
        try orders.write(toFile: folder + "/orders.csv", atomically: true, encoding: .utf8)
        let warehouse = try Warehouse.connect(try WarehouseURL(source), environment: ["PGPASSWORD": Self.password])
        defer { warehouse.close() }
        try warehouse.execute("DROP SCHEMA IF EXISTS \(schema) CASCADE")
        try warehouse.execute("CREATE SCHEMA \(schema)")
        try warehouse.execute("CREATE TABLE \(schema).orders (status text, order_id text, order_time text, customer_id text, sku text, quantity numeric, unit_price text)")
        let rows = orders.split(separator: "\n").dropFirst().map { line -> String in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return [f[6], f[0], f[1], f[2].isEmpty ? "" : f[2], f[3], f[4], f[5]].joined(separator: "\t")
        }
        var chunks = [Array((rows.joined(separator: "\n") + "\n").utf8)].makeIterator()
        try warehouse.execute("SET search_path TO \(schema)")
        try warehouse.copy(into: "orders", columns: ["status", "order_id", "order_time", "customer_id", "sku", "quantity", "unit_price"]) { chunks.next() }
        try expectSameReport(data: folder, source: source)
        let validate = try run(["validate", "--source", source])
        #expect(validate.out.contains("rejected orders.csv:5: not an ISO 8601 date or date-time in order_time: 'not a date'"), "\(validate.out)")
        #expect(validate.out.contains("rejected orders.csv:7: negative unit_price: '-4'"), "\(validate.out)")
    }

    /// Events rows of every kind the database decides or leaves to the loader: duplicates by id and
    /// by fields (spaces trimmed), offsets across midnight, fractions, letter case, rejects, rows
    /// after the window, a line break inside a field (the lines after it shift).
    static let events: [[String?]] = [
        ["event_id", "event_time", "customer_id", "event_type", "sku", "session_id"],
        ["E1", "2026-11-24T10:00:00Z", "c1", "view", "S1", "s1"],
        ["E1", "2026-11-24T11:00:00Z", "c2", "cart", "S2", "s1"],
        ["", "2026-11-25 09:00", "c2", "VIEW", "S1", "s2"],
        [nil, "2026-11-25 09:00", "c2", "VIEW", "S1", "s2"],
        [" ", " 2026-11-25 09:00\t", " c2 ", "VIEW", "S1", "s2"],
        ["E2", "2026-11-29T23:30:00-02:00", "c3", "cart", "S3", "a\nb"],
        ["E3", "not a date", "c1", "view", "S1", "s3"],
        ["E4", "2026-11-26", "", "view", "S1", "s3"],
        ["E5", "2026-12-05T10:00:00Z", "c1", "view", "S1", "s3"],
        ["E6", "2026-11-27T12:00:00.123+0530", "c4", "wishlist", "", "s4"],
        ["E7", "2026-02-30", "c1", "view", "S1", "s5"],
        ["E8", "2026-11-28t08:00+01", "c5", "İtem", "S2", "s5"],
        ["E9", "2026-11-28 25:00", "c1", "view", "S1", "s5"],
        ["E10", "2026-11-20T10:00:00Z", "c6", "Purchase", "S1", "s6"],
        ["E11", "1899-12-31", "c1", "view", "S1", "s6"],
        ["E12", "2026-11-22", "c7", "search", nil, "q,uoted"],
        ["E1", "2026-11-29", "c9", "view", "S9", "s7"],
        ["E13", "2026-11-23T00:00:00+23:59", "c8", "cart", "S4", "s8"],
        ["E14", "2026-11-23T00:00:00-00:01", "c8", "view", "S4", "s8"],
        // The shapes told without the regex, with a letter, a non-ASCII character or full-width digits at a digit's place.
        ["E15", "2026-11-24 10:00:00", "c9", "view", "S1", "s9"],
        ["E16", "2026-11-24T10:00:00", "c9", "cart", "S1", "s9"],
        ["E17", "2026-1a-24T10:00:00Z", "c9", "view", "S2", "s9"],
        ["E18", "2026-11-24T1é:00:00Z", "c9", "view", "S2", "s9"],
        ["E19", "２０２６-11-24", "c9", "view", "S2", "s9"],
        ["E20", "2026-11-2\u{301}4", "c9", "view", "S2", "s9"],
        ["E21", " 2026-11-24T10:00:00Z", "c9", "view", "S3", "s9"],
        // Instants whose local day in Sydney (UTC+11 in November, +10 from April) depends on the
        // summer offset: 2026-11-23 00:30 and 2026-11-30 00:30 there, a day earlier at +10.
        ["E22", "2026-11-22T13:30:00Z", "c10", "view", "S1", "s10"],
        ["E23", "2026-11-29 13:30:00+00", "c10", "cart", "S2", "s10"],
    ]

    static let orders: [[String?]] = [
        ["order_id", "order_time", "customer_id", "sku", "quantity", "unit_price", "status"],
        ["A1", "2026-11-20T10:00:00Z", "c2", "S1", "2", "10.00", "completed"],
        ["A2", "2026-11-24 09:30:00+02:00", "c1", "S2", "1", "10.00", "completed"],
        ["A3", "2026-11-25", "c3", "S3", "1", "5.50", "completed"],
        // A value the snapshot must quote (a quote, a comma, a line break), and a rejected line after it.
        ["A4", "2026-11-26", "c4", "S\"4\",\nx", "1", "5.00", "completed"],
        ["A5", "2026-11-27", "c5", "S5", "1", "n/a", "completed"],
    ]

    /// A shop of `orders` and `events` in a new schema (tables loaded as the shop's own script
    /// would) and in a folder of files; returns the schema's address and the folder.
    func shop(schema: String, events: [[String?]]) throws -> (source: String, folder: String) {
        let source = try address(schema: schema), folder = TemporaryDirectory.make()
        let warehouse = try Warehouse.connect(try WarehouseURL(source), environment: ["PGPASSWORD": Self.password])
        defer { warehouse.close() }
        try warehouse.execute("DROP SCHEMA IF EXISTS \(schema) CASCADE")
        try warehouse.execute("CREATE SCHEMA \(schema)")
        try warehouse.execute("SET search_path TO \(schema)")
        try load(Self.orders, table: "orders", folder: folder, into: warehouse)
        try load(events, table: "events", folder: folder, into: warehouse)
        return (source, folder)
    }

    /// The database validates and de-duplicates these events itself, and the report is the files' own,
    /// in UTC and in a zone with summer time (instants with offsets become the zone's local days there).
    @Test(arguments: ["UTC", "Australia/Sydney"])
    func eventsDecidedInTheDatabaseGiveTheSameReport(zone: String) throws {
        let (source, folder) = try shop(schema: "pushed_events", events: Self.events)
        let config = TemporaryDirectory.make() + "/mktreport.json"
        try #"{"time_zone": "\#(zone)"}"#.write(toFile: config, atomically: true, encoding: .utf8)
        let printed = try expectSameReport(data: folder, source: source, arguments: ["--config", config])
        #expect(printed.contains("(events validated and de-duplicated there)"), "\(printed)")
        #expect(!printed.contains("reading every events row"), "\(printed)")
        let validate = try run(["validate", "--source", source, "--config", config] + Self.window)
        let files = try run(["validate", "--data", folder, "--config", config] + Self.window)
        #expect(validate.out == files.out)
        #expect(validate.out.contains("events.csv:9: not an ISO 8601 date or date-time in event_time: 'not a date'"), "\(validate.out)")
        #expect(validate.out.contains("events.csv:17: year outside 1900-2199 in event_time: '1899-12-31'"), "\(validate.out)")
    }

    /// A row the database leaves to the loader that is a valid event after all (a carriage return
    /// in a field of a row keyed by its fields): the run reads every events row instead, same report.
    @Test func anUndecidedValidEventsRowFallsBackToReadingEveryRow() throws {
        let (source, folder) = try shop(schema: "undecided_events", events: Self.events + [["", "2026-11-27", "c2", "view", "S3", "x\ry"]])
        let printed = try expectSameReport(data: folder, source: source)
        #expect(printed.contains("reading every events row"), "\(printed)")
    }

    /// A table of the shop's own larger than a quarter of the server's shared buffers, where
    /// PostgreSQL starts a scan where the last one stopped (`synchronize_seqscans`), is read in the
    /// order its rows were stored, even after a scan that stopped half-way through it: the rejected
    /// first row keeps its line, and the sums their order.
    @Test func aLargeTableIsReadInStoredOrderAfterAScanStoppedHalfWay() throws {
        let (source, folder, warehouse) = try emptySchema("large_own")
        defer { warehouse.close() }
        // (A long note makes the table large with few rows: the runs stay short.)
        let note = String(repeating: "n", count: 300)
        let lines = (0..<110_000).map { n -> [String?] in
            ["O\(n)", "2026-11-\(17 + n % 13)T10:00:00Z", "c\(n % 3_000)", "S\(n % 200)", "\(1 + n % 3)", "\(5 + n % 40).99", "completed", note]
        }
        try load([Self.orders[0] + ["note"], ["X0", "2026-11-24", "c1", "S1", "1", "-1.00", "completed", note]] + lines,
                 table: "orders", folder: folder, into: warehouse)
        #expect(try warehouse.rows("SELECT (pg_relation_size('orders') > pg_size_bytes(current_setting('shared_buffers')) / 4)::text") == [["true"]])
        _ = try warehouse.rows("SELECT order_id FROM orders OFFSET 200000 LIMIT 1")
        try expectSameReport(data: folder, source: source)
    }

    /// A run leaves other sessions' plain scans of a large table starting at its first row: its
    /// own scans do not move the point they start at (`synchronize_seqscans`), though one of them
    /// (the first-rows sample) stops part-way.
    @Test func otherSessionsScansStillStartAtTheFirstRow() throws {
        let (source, _, warehouse) = try emptySchema("scanned")
        defer { warehouse.close() }
        try warehouse.execute("""
            CREATE TABLE orders AS SELECT 'O' || n AS order_id, '2026-11-' || (17 + n % 13) || 'T10:00:00Z' AS order_time,
                   'c' || (n % 3000) AS customer_id, 'S' || (n % 200) AS sku, '1' AS quantity, (5 + n % 40) || '.99' AS unit_price,
                   repeat('n', 300) AS note
            FROM generate_series(0, 199999) n
            """)
        #expect(try warehouse.rows("SELECT (pg_relation_size('orders') > pg_size_bytes(current_setting('shared_buffers')) / 4)::text") == [["true"]])
        let firstRow = { () throws -> [[String?]] in
            let other = try Warehouse.connect(try WarehouseURL(source), environment: ["PGPASSWORD": Self.password])
            defer { other.close() }
            try other.execute("SET synchronize_seqscans TO on")
            return try other.rows("SELECT order_id FROM scanned.orders LIMIT 1")
        }
        #expect(try firstRow() == [["O0"]])
        let validate = try run(["validate", "--source", source] + Self.window)
        #expect(validate.status == 0, "\(validate.err)")
        #expect(try firstRow() == [["O0"]])
    }

    /// Values that repeat cross the wire once each, their rows carrying codes (`SnapshotStream`):
    /// values to quote, NULL, empty and longer than a length byte, coded and not, give the same report.
    @Test func repeatedValuesCrossOnceAndGiveTheSameReport() throws {
        let (source, folder, warehouse) = try emptySchema("coded")
        defer { warehouse.close() }
        let long = String(repeating: "L", count: 300)
        let channels: [String?] = ["web", "app, \"mobile\"", "store\nfront", nil, "", long]
        let lines = (0..<6_000).map { n -> [String?] in
            ["O\(n / 2)", "2026-11-\(17 + n % 13)T\(10 + n % 7):00:00Z", "c\(n % 500)", "S\(n % 50)", "\(1 + n % 3)", "\(5 + n % 40).99",
             ["completed", "cancelled", "refunded"][n % 7 == 0 ? 1 : n % 11 == 0 ? 2 : 0], channels[n % channels.count], "note \(n) \(long)"]
        }
        let header = Self.orders[0] + ["channel", "note"]
        try load([header] + lines + [["X1", "2026-11-24", "c1", "S1", "1", "-1.00", "completed", "web", nil]], table: "orders", folder: folder, into: warehouse)
        // COPY stores rows of unequal widths out of their order (a row goes to an earlier page with
        // room for it): the file that stands for the table holds them in the table's order.
        let stored = try warehouse.rows("SELECT \(header.map { "\($0!)" }.joined(separator: ", ")) FROM orders ORDER BY ctid")
        try write([header] + stored, table: "orders", folder: folder)
        let stream = try SnapshotStream(SnapshotQuery(relation: "orders", values: header.map { "\($0!)" }, fileNumber: "0", fileCount: 1,
                                                      line: nil, raw: nil, order: "row_number() OVER (ORDER BY ctid)"), warehouse: warehouse)
        // As codes: the time, customer, SKU, quantity, price, status and channel; as they are: the order (one in two rows new) and the note.
        #expect(stream.codedColumns == [1, 2, 3, 4, 5, 6, 7])
        var rows: [[String?]] = []
        try stream.forEachRow(warehouse) { _, _, _, values in rows.append(values.map { $0.map { String(decoding: $0, as: UTF8.self) } }) }
        #expect(rows.count == stored.count)
        #expect(rows.indices.first { rows[$0] != stored[$0] } == nil)
        try expectSameReport(data: folder, source: source)
    }

    /// A table a shop's script filled with a plain COPY and no numbering column: its stored order is
    /// not the file's, and nothing records the file's. The report is still the file's, byte for
    /// byte (sums on a grid, customers, SKUs and channels numbered by name, orders as placed).
    @Test func aPlainCopyStoredOutOfOrderGivesTheFilesReport() throws {
        let (source, folder, warehouse) = try emptySchema("plain")
        defer { warehouse.close() }
        // Orders of one to three lines, two a day for some customers, prices whose float sums
        // depend on their order, lines of one order naming two channels, rows of unequal widths.
        let lines = (0..<4_000).map { n -> [String?] in
            let order = n / 3, line = n % 3
            return ["O\(order)", "2026-11-\(17 + order % 13)T\(10 + order % 11):\(10 + line):00Z", "c\(order % 400)", "S\(n % 60)",
                    "\(1 + n % 3)", ["0.10", "0.70", "19.99", "3.33"][n % 4], "completed", ["web", "app", "store"][(order + line) % 3],
                    String(repeating: "n", count: n % 5 == 0 ? 10 : 400)]
        }
        let columns = Self.orders[0].map { $0! } + ["channel", "note"]
        try load([columns] + lines, table: "orders", folder: folder, into: warehouse)
        let stored = try warehouse.rows("SELECT order_id, sku, note FROM orders ORDER BY ctid")
        #expect(stored != lines.map { [$0[0], $0[3], $0[8]] }, "the rows were stored in the file's order: the test proves nothing")
        try expectSameReport(data: folder, source: source)
    }

    /// A table the shop's script numbered as it inserted (a `serial` or identity column, or the
    /// `index` column pandas' `to_sql` writes) reads in that order, which its stored order need
    /// not be: COPY and INSERT put a narrow row on an earlier page that still has room for it.
    @Test(arguments: ["number bigserial", "number bigint GENERATED BY DEFAULT AS IDENTITY", "\"index\" bigint"])
    func rowsNumberedAsInsertedReadInThatOrder(numbering: String) throws {
        let (source, folder, warehouse) = try emptySchema("numbered")
        defer { warehouse.close() }
        let lines = (0..<3_000).map { n -> [String?] in
            ["O\(n)", "2026-11-\(17 + n % 13)T10:00:00Z", "c\(n % 300)", "S\(n % 40)", "1", "\(5 + n % 40).99", "completed",
             String(repeating: "n", count: n % 5 == 0 ? 10 : 400)]
        }
        let columns = Self.orders[0].map { $0! } + ["note"], number = String(numbering.prefix { $0 != " " })
        try load([columns] + lines, table: "orders", folder: folder, into: warehouse)
        // The same rows again, numbered as they go in.
        try warehouse.execute("CREATE TABLE numbered_orders (\(numbering), \(columns.map { "\($0) text" }.joined(separator: ", ")))")
        try warehouse.execute("""
            INSERT INTO numbered_orders (\(number), \(columns.joined(separator: ", ")))
            SELECT row_number() OVER (ORDER BY ctid) - 1, * FROM orders ORDER BY ctid
            """)
        try warehouse.execute("DROP TABLE orders")
        try warehouse.execute("ALTER TABLE numbered_orders RENAME TO orders")
        let moved = try warehouse.rows("SELECT count(*)::text FROM (SELECT \(number) AS n, lag(\(number)) OVER (ORDER BY ctid) AS before FROM orders) s WHERE n < before")
        #expect(moved != [["0"]], "no row was stored out of its order: the test proves nothing")
        // The numbering column is the script's, not the export's: the file has every other column.
        try write([columns] + (try warehouse.rows("SELECT \(columns.joined(separator: ", ")) FROM orders ORDER BY \(number)")),
                  table: "orders", folder: folder)
        try expectSameReport(data: folder, source: source)
    }

    /// Events without event_id (each row keyed by its fields) in a table the script numbered, with
    /// a column it left NULL in every row: the number is no field of the export (else no two rows
    /// would be duplicates), the NULL column is the file's empty one, and rejected rows read as the
    /// file's lines.
    @Test func aNumberedTableOfEventsWithoutIdsDeduplicatesByTheExportsFields() throws {
        let (source, folder, warehouse) = try emptySchema("numbered_events")
        defer { warehouse.close() }
        try load(Self.orders, table: "orders", folder: folder, into: warehouse)
        let events = Self.events.map { Array($0.dropFirst()) + [$0 == Self.events[0] ? "referrer" : nil] }
        try write(events, table: "events", folder: folder)
        let columns = events[0].map { $0! }
        try warehouse.execute("CREATE TABLE events (number bigserial, \(columns.map { "\($0) text" }.joined(separator: ", ")))")
        try warehouse.execute("INSERT INTO events (\(columns.joined(separator: ", "))) VALUES "
                              + events.dropFirst().map { "(" + $0.map { $0.map(ExportTables.literal) ?? "NULL" }.joined(separator: ", ") + ")" }.joined(separator: ", "))
        let validate = try run(["validate", "--source", source] + Self.window)
        #expect(validate.out.contains("duplicate"), "\(validate.out)")
        #expect(validate.out == (try run(["validate", "--data", folder] + Self.window)).out)
        try expectSameReport(data: folder, source: source, sameRejectedText: true)
    }

    /// Views over the shop's tables (no stored row order of their own) read as the tables do.
    @Test func viewsGiveTheSameReport() throws {
        let (_, folder) = try shop(schema: "viewed_tables", events: Self.events)
        let source = try address(schema: "shop_views")
        let warehouse = try Warehouse.connect(try WarehouseURL(source), environment: ["PGPASSWORD": Self.password])
        defer { warehouse.close() }
        try warehouse.execute("DROP SCHEMA IF EXISTS shop_views CASCADE")
        try warehouse.execute("CREATE SCHEMA shop_views")
        for table in ["orders", "events"] { try warehouse.execute("CREATE VIEW shop_views.\(table) AS SELECT * FROM viewed_tables.\(table)") }
        let printed = try expectSameReport(data: folder, source: source)
        #expect(printed.contains("(events validated and de-duplicated there)"), "\(printed)")
    }

    /// The shop's events table without rows is an events export with a header only.
    @Test func anEmptyEventsTableReadsAsAHeaderOnlyExport() throws {
        let (source, folder) = try shop(schema: "no_event_rows", events: [Self.events[0]])
        try expectSameReport(data: folder, source: source)
    }

    /// A whole shop in tables of the types a shop's own script would choose (timestamptz, date,
    /// integer, numeric, double precision), in a database whose defaults print them otherwise
    /// (DateStyle SQL, DMY; a time zone 14 hours ahead of UTC; fewer float digits; backslashes as escapes):
    /// the same report as the files, in a zone of one offset and in one with summer time, the events
    /// decided in the database in both.
    @Test(arguments: ["UTC", "Europe/Berlin"])
    func typedTablesInADatabaseWithOtherDefaultsGiveTheSameReport(zone: String) throws {
        let admin = try Warehouse.connect(try WarehouseURL(try address(schema: "public")), environment: ["PGPASSWORD": Self.password])
        defer { admin.close() }
        try admin.execute("DROP DATABASE IF EXISTS mkt_typed")
        try admin.execute("CREATE DATABASE mkt_typed")
        for setting in ["DateStyle = 'SQL, DMY'", "TimeZone = 'Pacific/Kiritimati'", "extra_float_digits = -3",
                        "standard_conforming_strings = off", "IntervalStyle = 'sql_standard'"] {
            try admin.execute("ALTER DATABASE mkt_typed SET \(setting)")
        }
        let server = try #require(Self.address), source = String(server[..<server.lastIndex(of: "/")!] + "/mkt_typed")
        let warehouse = try Warehouse.connect(try WarehouseURL(source), environment: ["PGPASSWORD": Self.password])
        defer { warehouse.close() }
        let types: [String: [String: String]] = [
            "orders": ["order_time": "timestamptz", "quantity": "integer", "unit_price": "numeric(12,2)", "discount": "numeric(12,2)"],
            "customers": ["signup_date": "date", "birth_year": "integer"],
            "events": ["event_time": "timestamptz"],
            "products": ["price": "numeric(10,2)"],
            "ads": ["date": "date", "impressions": "integer", "clicks": "bigint", "conversions": "integer",
                    "cost": "double precision", "revenue": "numeric"],
        ]
        let folder = try TinyShop.exports().write()
        for (table, typed) in types.sorted(by: { $0.key < $1.key }) {
            let lines = try String(contentsOfFile: folder + "/\(table).csv", encoding: .utf8).split(separator: "\n").map(String.init)
            #expect(!lines.contains { $0.contains("\"") }, "TinyShop's \(table) has a quoted field")
            let header = lines[0].split(separator: ",").map(String.init)
            try warehouse.execute("CREATE TABLE \(table) (\(header.map { "\($0) \(typed[$0] ?? "text")" }.joined(separator: ", ")))")
            let rows = lines.dropFirst().map { line in
                line.split(separator: ",", omittingEmptySubsequences: false).enumerated()
                    .map { $1.isEmpty && typed[header[$0]] != nil ? "\\N" : String($1) }.joined(separator: "\t") + "\n"
            }
            var chunks = [Array(rows.joined().utf8)].makeIterator()
            try warehouse.copy(into: table, columns: header) { chunks.next() }
        }
        // Each connection sets ISO dates in UTC, whatever the database's defaults.
        #expect(try warehouse.rows("SELECT order_time::text FROM orders LIMIT 1") == [["2026-10-05 10:10:00+00"]])
        let config = TemporaryDirectory.make() + "/mktreport.json"
        try #"{"time_zone": "\#(zone)"}"#.write(toFile: config, atomically: true, encoding: .utf8)
        let printed = try expectSameReport(data: folder, source: source, arguments: ["--config", config])
        #expect(printed.contains("(events validated and de-duplicated there)"), "\(printed)")
        #expect(!printed.contains("reading every events row"), "\(printed)")
    }

    /// A session that may only read (a hot standby, or a role that only reads) cannot make the
    /// temporary tables the events' SQL needs: the events are read row by row, the report the files' own.
    @Test func aReadOnlyDatabaseGivesTheSameReport() throws {
        let admin = try Warehouse.connect(try WarehouseURL(try address(schema: "public")), environment: ["PGPASSWORD": Self.password])
        defer { admin.close() }
        try admin.execute("DROP DATABASE IF EXISTS mkt_readonly")
        try admin.execute("CREATE DATABASE mkt_readonly")
        let server = try #require(Self.address), source = String(server[..<server.lastIndex(of: "/")!] + "/mkt_readonly")
        let folder = TemporaryDirectory.make()
        do {
            let warehouse = try Warehouse.connect(try WarehouseURL(source), environment: ["PGPASSWORD": Self.password])
            defer { warehouse.close() }
            try load(Self.orders, table: "orders", folder: folder, into: warehouse)
            try load(Self.events, table: "events", folder: folder, into: warehouse)
        }
        try admin.execute("ALTER DATABASE mkt_readonly SET default_transaction_read_only = on")
        let printed = try expectSameReport(data: folder, source: source)
        #expect(!printed.contains("(events validated and de-duplicated there)"), "\(printed)")
    }

    /// In a database whose text may be any bytes (SQL_ASCII), an events row that is not UTF-8 is
    /// rejected as from the file: the database does not decide the events there.
    @Test func eventsOfADatabaseThatIsNotUTF8AreCheckedByTheLoader() throws {
        let admin = try Warehouse.connect(try WarehouseURL(try address(schema: "public")), environment: ["PGPASSWORD": Self.password])
        defer { admin.close() }
        try admin.execute("DROP DATABASE IF EXISTS mkt_ascii")
        try admin.execute("CREATE DATABASE mkt_ascii ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0")
        let server = try #require(Self.address), source = server[..<server.lastIndex(of: "/")!] + "/mkt_ascii"
        let warehouse = try Warehouse.connect(try WarehouseURL(String(source)), environment: ["PGPASSWORD": Self.password])
        defer { warehouse.close() }
        let folder = TemporaryDirectory.make()
        try load(Self.orders, table: "orders", folder: folder, into: warehouse)
        try load(Array(Self.events.prefix(3)), table: "events", folder: folder, into: warehouse)
        // One more events row whose customer_id is the byte 0xFF, in the file and in the table.
        let file = try #require(FileHandle(forWritingAtPath: folder + "/events.csv"))
        try file.seekToEnd()
        try file.write(contentsOf: Data("E20,2026-11-25,c".utf8) + Data([0xFF]) + Data(",view,S1,s9\n".utf8))
        try file.close()
        var chunks = [Array("E20\t2026-11-25\tc\\xff\tview\tS1\ts9\n".utf8)].makeIterator()
        try warehouse.copy(into: "events", columns: Self.events[0].map { $0! }) { chunks.next() }
        let printed = try expectSameReport(data: folder, source: String(source))
        #expect(!printed.contains("validated and de-duplicated there"), "\(printed)")
        let validate = try run(["validate", "--source", String(source)] + Self.window)
        #expect(validate.out.contains("events.csv:4: invalid UTF-8 in customer_id"), "\(validate.out)")
    }

    @Test(arguments: [
        ("mysql://shop@localhost/shop", "not a PostgreSQL address"),
        ("postgresql://shop:hunter2@localhost/shop", "postgresql://shop@localhost/shop: the address holds a password: give it in PGPASSWORD or a .pgpass file"),
        ("postgresql://shop@localhost", "no database name"),
        ("postgresql://shop@localhost/shop?schema=a;drop", "schema must be a plain name"),
    ])
    func badAddressesAreOneLineErrors(address: String, message: String) throws {
        let result = try run(["report", "--source", address, "--out", TemporaryDirectory.make()])
        #expect(result.status == 2)
        #expect(result.err.hasPrefix("mktreport: ") && result.err.contains(message), "\(result.err)")
        #expect(result.err.split(separator: "\n").count == 1)
        #expect(!result.err.contains("hunter2"))
    }

    @Test func serverSideFailuresNameTheirCause() throws {
        let source = try address(schema: "public")
        let wrong = try runTool(["validate", "--source", source], environment: ["PGPASSWORD": "not-the-password"])
        #expect(wrong.status == 2)
        #expect(wrong.err.contains("password authentication failed for user \"mktreport\""), "\(wrong.err)")
        #expect(!wrong.err.contains("not-the-password") && wrong.err.split(separator: "\n").count == 1)

        let closedPort = try run(["validate", "--source", "postgresql://mktreport@127.0.0.1:1/mktreport"])
        #expect(closedPort.status == 2 && closedPort.err.contains("postgresql://mktreport@127.0.0.1:1/mktreport: cannot connect"), "\(closedPort.err)")

        let noTables = try run(["validate", "--source", try address(schema: "nothing_here")])
        #expect(noTables.status == 2 && noTables.err.contains("table \"nothing_here\".\"orders\" not found"), "\(noTables.err)")

        let warehouse = try Warehouse.connect(try WarehouseURL(try address(schema: "missing_column")), environment: ["PGPASSWORD": Self.password])
        defer { warehouse.close() }
        try warehouse.execute("DROP SCHEMA IF EXISTS missing_column CASCADE")
        try warehouse.execute("CREATE SCHEMA missing_column")
        try warehouse.execute("CREATE TABLE missing_column.orders (order_id text, customer_id text, sku text, quantity text, unit_price text)")
        let noColumn = try run(["validate", "--source", try address(schema: "missing_column")])
        #expect(noColumn.status == 2 && noColumn.err.contains("table \"missing_column\".\"orders\" has no column order_time"), "\(noColumn.err)")

        try warehouse.execute("DROP TABLE missing_column.orders")
        try warehouse.execute("CREATE TABLE missing_column.orders (order_id text, \"Order_ID\" text, order_time text, customer_id text, sku text, quantity text, unit_price text)")
        let twice = try run(["validate", "--source", try address(schema: "missing_column")])
        #expect(twice.status == 2 && twice.err.contains("table \"missing_column\".\"orders\" has the column order_id more than once (order_id, Order_ID)"), "\(twice.err)")
    }
}
