import Foundation
import MktData
import MktFacts

/// `mktreport import`: copies a folder of contract-layout exports into the database's export
/// tables with `COPY ... FROM STDIN`, one row per record, so that `--source` reads the same data
/// `--data` does (see `ExportTables` for the columns). Each file replaces the rows an earlier
/// import of a file of that name left; personal-data columns are never copied.
public struct TableImport {
    /// The folder to copy, read with the loader's rules (its plan of files, its config and progress).
    public var loader: DataLoader

    public init(_ loader: DataLoader) { self.loader = loader }

    private var directory: String { loader.directory }
    private var config: Config { loader.config }

    /// Rows copied per kind.
    @discardableResult
    public func run(into warehouse: Warehouse) throws -> [ExportKind: Int] {
        let plan = try loader.exportPlan()
        if let (name, format) = plan.formats.min(by: { $0.key < $1.key }) {
            throw InputError(file: name, reason: "is a \(format.rawValue) download: import copies contract-layout exports only (report on it with --data)")
        }
        if let name = plan.orderHeaders.first {
            throw InputError(file: name, reason: "is an order-header table: import copies contract-layout exports only (report on it with --data)")
        }
        guard plan.files[.orders]?.isEmpty == false else {
            throw InputError(file: "orders*.csv", reason: "no orders export in \(directory)")
        }
        try warehouse.execute("CREATE SCHEMA IF NOT EXISTS \(ExportTables.quoted(warehouse.url.schema))")
        var copied: [ExportKind: Int] = [:]
        for kind in ExportKind.allCases {
            guard let names = plan.files[kind], !names.isEmpty else { continue }
            let columns = ExportRecords.columns(kind, config: config)
            try prepareTable(kind, columns: columns, in: warehouse)
            for name in names {
                let rows = try copy(name, kind: kind, columns: columns, into: warehouse)
                copied[kind, default: 0] += rows
                loader.progress("import: \(name): \(rows.grouped) rows into \(warehouse.url.table(kind.rawValue))")
            }
        }
        return copied
    }

    /// Creates the table when missing; an existing table must be one `import` made.
    private func prepareTable(_ kind: ExportKind, columns: [String], in warehouse: Warehouse) throws {
        let table = warehouse.url.table(kind.rawValue)
        if let existing = try ExportTables.columns(of: kind, in: warehouse) {
            guard Set(existing).isSuperset(of: columns + ExportTables.sourceColumns) else {
                throw InputError(file: warehouse.url.description, reason: "table \(table) exists without the columns import writes (\((columns + ExportTables.sourceColumns.sorted()).joined(separator: ", "))): drop it or import into another schema")
            }
            return
        }
        let definitions = columns.map { "\(ExportTables.quoted($0)) text" }
            + ["\(ExportTables.sourceFile) text NOT NULL", "\(ExportTables.sourceLine) bigint NOT NULL", "\(ExportTables.sourceRaw) text",
               "\(ExportTables.sourcePersonal) text"]
        try warehouse.execute("CREATE TABLE \(table) (\(definitions.joined(separator: ", ")))")
    }

    /// Replaces the rows of one file; returns how many were copied.
    private func copy(_ name: String, kind: ExportKind, columns: [String], into warehouse: Warehouse) throws -> Int {
        try warehouse.execute("DELETE FROM \(warehouse.url.table(kind.rawValue)) WHERE \(ExportTables.sourceFile) = $1", [name])
        let path = (directory as NSString).appendingPathComponent(name)
        var text = CopyText(), personal: [String] = []
        if kind == .products && (name.lowercased().hasSuffix(".xml") || name.lowercased().hasSuffix(".xml.gz")) {
            for item in try ProductFeedReader.items(path: path, name: name) {
                text.append(FeedColumns.values(of: item.fields, columns: columns) + [name, String(item.line), nil])
            }
        } else {
            // A record kept whole has no values, but an empty customer_id rather than NULL: Citus
            // refuses NULL in the column a table is distributed by (README, "Citus").
            let unsplit = columns.map { $0 == "customer_id" ? "" : nil as String? }
            personal = try ExportRecords.read(path: path, name: name, kind: kind, config: config) { record in
                text.append((record.raw == nil ? record.values : unsplit) + [name, String(record.line), record.raw])
            }
        }
        var chunks = text.chunks.makeIterator()
        try warehouse.execute("SET search_path TO \(ExportTables.quoted(warehouse.url.schema))")
        try warehouse.copy(into: kind.rawValue, columns: columns + [ExportTables.sourceFile, ExportTables.sourceLine, ExportTables.sourceRaw]) {
            chunks.next()
        }
        if !personal.isEmpty {
            try warehouse.execute("UPDATE \(warehouse.url.table(kind.rawValue)) SET \(ExportTables.sourcePersonal) = $1 WHERE \(ExportTables.sourceFile) = $2",
                                  [personal.joined(separator: ","), name])
        }
        return text.rows
    }
}

/// Rows in `COPY`'s text format (tab-separated, `\N` for NULL, backslash escapes), in chunks of about 1 MiB.
struct CopyText {
    private var full: [[UInt8]] = []
    private var current: [UInt8] = []
    private(set) var rows = 0

    mutating func append(_ values: [String?]) {
        for (i, value) in values.enumerated() {
            if i > 0 { current.append(0x09) }
            guard let value else { current += Array("\\N".utf8); continue }
            for byte in value.utf8 {
                switch byte {
                case 0x5C: current += [0x5C, 0x5C]
                case 0x09: current += [0x5C, UInt8(ascii: "t")]
                case 0x0A: current += [0x5C, UInt8(ascii: "n")]
                case 0x0D: current += [0x5C, UInt8(ascii: "r")]
                case 0x00: current += Array("\u{FFFD}".utf8)  // a database's text holds no NUL
                default: current.append(byte)
                }
            }
        }
        current.append(0x0A)
        rows += 1
        if current.count >= 1 << 20 { flush() }
    }

    var chunks: [[UInt8]] { current.isEmpty ? full : full + [current] }

    private mutating func flush() {
        full.append(current)
        current = []
    }
}
