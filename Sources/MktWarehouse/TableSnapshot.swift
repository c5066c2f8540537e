import CZlib
import Foundation
import MktData

/// The database's export tables written out as an export folder the loader reads (`--source`).
///
/// Each table's rows are written as the files they came from (`source_file`, in `source_line`
/// order, gzip where the name says so, a product feed as XML with each item on its old line), so
/// `--source` and `--data` on the same data give the same report byte for byte; a table without
/// `source_file` becomes one file `<table>.csv`. Personal-data columns are never selected: their
/// header stays, empty, so rejected rows are hidden as the file path hides them.
///
/// This step still moves every row's contract columns over the wire, packed (`SnapshotStream`;
/// issue 25 asks for SQL that returns only aggregates; see the README's PostgreSQL section for
/// what is pushed down so far).
/// The folder is private to the run (mode 0700) and removed by `remove()`.
public final class TableSnapshot {
    public let directory: String
    /// The events the database decided (`EventsPushdown`), when asked for and possible; the
    /// folder's events files then hold only the other rows, each on its line.
    public private(set) var pushedEvents: EventPushdown?

    /// `pushingDownEvents`: validate and de-duplicate the events in the database (see `EventsPushdown`).
    public init(_ warehouse: Warehouse, config: Config, pushingDownEvents: Bool) throws {
        directory = try Self.privateFolder()
        do {
            for kind in ExportKind.allCases { try write(kind, from: warehouse, config: config, pushingDown: pushingDownEvents && kind == .events) }
        } catch {
            remove()
            throw error
        }
    }

    public func remove() { try? FileManager.default.removeItem(atPath: directory) }

    private func write(_ kind: ExportKind, from warehouse: Warehouse, config: Config, pushingDown: Bool) throws {
        let table = warehouse.url.table(kind.rawValue)
        guard let source = try TableSource(kind, table: table, in: warehouse, config: config) else { return }
        var query = source.allRows
        if pushingDown, let pushdown = try EventsPushdown(warehouse: warehouse, table: table, source: source, config: config) {
            pushedEvents = pushdown
            query = pushdown.undecidedRows(source)
        }
        let files = source.fileNames
        var writer: SnapshotFile?
        var written: Set<String> = []
        func start(_ name: String) throws {
            try writer?.finish()
            writer = try SnapshotFile(name: name, folder: directory, layout: source.layouts[name] ?? FileLayout(kept: [], header: []))
            written.insert(name)
        }
        try SnapshotStream(query, warehouse: warehouse).forEachRow(warehouse) { number, line, raw, values in
            guard files.indices.contains(number) else { throw InputError(file: table, reason: "the database gave a row no file number") }
            let name = files[number]
            if writer?.name != name { try start(name) }
            try writer!.append(values: values, line: line, raw: raw)
        }
        // A file none of whose rows were left to the loader still has its header (and its name in the report).
        for name in source.layouts.keys.sorted() where !written.contains(name) { try start(name) }
        try writer?.finish()
    }

    private static func privateFolder() throws -> String {
        let base = (NSTemporaryDirectory() as NSString).appendingPathComponent("mktreport-source-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        return base
    }
}

/// One export table as the snapshot reads it: its columns, and the files its rows came from.
struct TableSource {
    /// The table's name, schema-qualified.
    let table: String
    /// The columns read, in table order: every column but the personal-data and source columns and
    /// a numbering column of the shop's own (`ExportTables.storedOrder`), which no file had.
    let read: [String]
    /// Whether `import` made the table (rows keep their file, line and raw record).
    let imported: Bool
    /// The columns that order a table of the shop's own as stored (`ExportTables.storedOrder`).
    let storedOrder: [String]
    /// The one file a table without `source_file` reads as: `<table>.csv`.
    let singleFile: String
    /// Each file's columns (in an imported table, a column NULL in every row of a file is one the
    /// file did not have); a table without `source_file` is one file with every column.
    let layouts: [String: FileLayout]

    /// Nil when there is no such table (an error for the orders); an error naming a missing required column.
    init?(_ kind: ExportKind, table: String, in warehouse: Warehouse, config: Config) throws {
        guard let columns = try ExportTables.columns(of: kind, in: warehouse) else {
            if kind == .orders { throw InputError(file: warehouse.url.description, reason: "table \(table) not found") }
            return nil
        }
        let lower = columns.map { $0.lowercased() }
        // Named here, not as the header of the file the table reads as (`orders.csv:1: ...`).
        if let twice = Dictionary(grouping: columns, by: { $0.lowercased() }).values.filter({ $0.count > 1 }).min(by: { $0[0] < $1[0] }) {
            throw InputError(file: warehouse.url.description, reason: "table \(table) has the column \(twice[0].lowercased()) more than once (\(twice.joined(separator: ", ")))")
        }
        for column in kind.requiredColumns where !lower.contains(where: config.headerNames(of: column, in: kind).contains) {
            throw InputError(file: warehouse.url.description, reason: "table \(table) has no column \(column)")
        }
        let imported = lower.contains(ExportTables.sourceFile)
        let (order, numbering) = imported ? ([], nil) : try ExportTables.storedOrder(of: kind, in: warehouse)
        storedOrder = order
        let all = columns.filter { !ExportTables.sourceColumns.contains($0) && $0 != numbering }
        let personal = all.filter { PersonalData.isPersonal(header: $0, extra: config.extraPIIColumns) }
        let read = all.filter { !personal.contains($0) }
        singleFile = "\(kind.rawValue).csv"
        var layouts: [String: FileLayout] = [:]
        if imported {
            let present = read.map { "count(\(ExportTables.quoted($0)))::text" }
            try warehouse.forEachRow("SELECT \(ExportTables.sourceFile), max(\(ExportTables.sourcePersonal)), \((present + ["1"]).joined(separator: ", ")) FROM \(table) GROUP BY 1") { row in
                let kept = read.indices.filter { row[2 + $0] != "0" }
                let names = (row[1] ?? "").split(separator: ",").map(String.init)
                layouts[row[0] ?? ""] = FileLayout(kept: kept, header: kept.map { read[$0] } + personal + names)
            }
        } else {
            // The shop's own table, empty or not: one file with every column (one NULL throughout is
            // a file's column left empty, as a script's load of such a file gives).
            layouts[singleFile] = FileLayout(kept: Array(read.indices), header: read + personal)
        }
        self.table = table
        self.read = read
        self.imported = imported
        self.layouts = layouts
    }

    /// Every row as the snapshot reads it: files by name compared as bytes (no locale's rules,
    /// which sort more slowly) and rows by line; a table without `source_file` in its stored order
    /// (`storedOrder`; a view's rows as it gives them).
    var allRows: SnapshotQuery {
        let values = read.map { "\(ExportTables.quoted($0))::text" }
        guard imported else {
            let order = storedOrder.isEmpty ? "" : "ORDER BY \(storedOrder.joined(separator: ", "))"
            return SnapshotQuery(relation: table, values: values, fileNumber: "0", fileCount: 1, line: nil, raw: nil,
                                 order: "row_number() OVER (\(order))")
        }
        let file = fileNumber(ExportTables.sourceFile)
        return SnapshotQuery(relation: table, values: values, fileNumber: file, fileCount: fileNames.count, line: ExportTables.sourceLine,
                             raw: ExportTables.sourceRaw, order: "(\(file))::bigint << 40 | \(ExportTables.sourceLine)")
    }

    /// The files, by name in byte order (the loader's reading order): a row's file crosses the wire
    /// as its position here.
    var fileNames: [String] { layouts.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }

    /// The SQL of the position in `fileNames` of the file named by `file` (an SQL text expression).
    func fileNumber(_ file: String) -> String {
        let names = fileNames
        return names.count < 2 ? "0" : "CASE \(file) " + names.enumerated().map { "WHEN \(ExportTables.literal($1)) THEN \($0)" }.joined(separator: " ") + " END"
    }

    /// Files with the same header share an id (a row without event_id is keyed by its fields
    /// and its file's columns, as the loader hashes the fields of a file's row).
    var layoutIds: [String: Int] {
        var ids: [[String]: Int] = [:]
        var result: [String: Int] = [:]
        for name in layouts.keys.sorted() {
            let header = layouts[name]!.header
            if ids[header] == nil { ids[header] = ids.count }
            result[name] = ids[header]
        }
        return result
    }
}

/// The columns one file had: positions in the selected columns, and its header (those, then the
/// personal-data columns it had, empty).
struct FileLayout {
    var kept: [Int]
    var header: [String]
}

/// One file of the snapshot being written: CSV, or a product feed for an `.xml` name; gzip for `.gz`.
final class SnapshotFile {
    let name: String
    private let isFeed: Bool
    private let layout: FileLayout
    /// A feed's element for each kept column (nil: the column has none).
    private let elements: [[UInt8]?]
    private let output: SnapshotOutput
    private var buffer: [UInt8] = []
    /// The line the next record starts on (records are placed on their old lines).
    private var line = 1

    /// `layout`: the file's columns (a CSV file's header line; a feed has none).
    init(name: String, folder: String, layout: FileLayout) throws {
        guard !name.isEmpty, !name.contains("/"), !name.hasPrefix(".") else {
            throw InputError(file: name, reason: "source_file is not a plain file name")
        }
        self.name = name
        self.layout = layout
        isFeed = Self.isFeed(name)
        elements = isFeed ? layout.header.prefix(layout.kept.count).map { FeedColumns.element(of: $0).map { Array($0.utf8) } } : []
        output = try SnapshotOutput(path: (folder as NSString).appendingPathComponent(name), gzip: name.lowercased().hasSuffix(".gz"))
        if isFeed {
            buffer += Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\" xmlns:g=\"\(ProductFeedReader.merchantNamespace)\"><channel>".utf8)
        } else {
            for (position, column) in layout.header.enumerated() {
                if position > 0 { buffer.append(UInt8(ascii: ",")) }
                Array(column.utf8).withUnsafeBytes { appendCSVField($0) }
            }
            buffer.append(0x0A)
            line = 2
        }
    }

    /// Whether a file of this name is a product feed (XML), not CSV.
    static func isFeed(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".xml") || lower.hasSuffix(".xml.gz")
    }

    /// Writes a row on its line: its record built from `values` (the read columns' bytes, nil for
    /// NULL), or in a CSV file the raw record when the row has one. A record goes on its line (the
    /// lines between are left blank, which the reader skips), so rejected rows keep their lines
    /// when the rows before them were not written.
    func append(values: [UnsafeRawBufferPointer?], line sourceLine: Int?, raw: UnsafeRawBufferPointer?) throws {
        while let sourceLine, line < sourceLine { buffer.append(0x0A); line += 1 }
        if isFeed {
            appendItem(values)
        } else {
            let start = buffer.count
            if let raw { buffer += raw } else { appendCSV(values) }
            buffer.append(0x0A)
            line += buffer[start...].count { $0 == 0x0A }
        }
        if buffer.count >= 1 << 20 { try output.write(buffer); buffer.removeAll(keepingCapacity: true) }
    }

    /// A CSV line of the file's columns; the personal-data columns empty.
    private func appendCSV(_ values: [UnsafeRawBufferPointer?]) {
        for (position, column) in layout.kept.enumerated() {
            if position > 0 { buffer.append(UInt8(ascii: ",")) }
            if let value = values[column] { appendCSVField(value) }
        }
        buffer += repeatElement(UInt8(ascii: ","), count: layout.header.count - layout.kept.count)
    }

    /// A CSV field, quoted (quotes doubled) when it holds a comma, a quote or a line break.
    private func appendCSVField(_ value: UnsafeRawBufferPointer) {
        guard value.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) else {
            buffer += value
            return
        }
        buffer.append(UInt8(ascii: "\""))
        for byte in value {
            if byte == UInt8(ascii: "\"") { buffer.append(byte) }
            buffer.append(byte)
        }
        buffer.append(UInt8(ascii: "\""))
    }

    /// A feed's `<item>` with an element for each value (NULL: none), `&`, `<` and `>` escaped.
    private func appendItem(_ values: [UnsafeRawBufferPointer?]) {
        buffer += Array("<item>".utf8)
        for (column, element) in zip(layout.kept, elements) {
            guard let element, let value = values[column] else { continue }
            buffer.append(UInt8(ascii: "<")); buffer += element; buffer.append(UInt8(ascii: ">"))
            for byte in value {
                switch byte {
                case UInt8(ascii: "&"): buffer += Array("&amp;".utf8)
                case UInt8(ascii: "<"): buffer += Array("&lt;".utf8)
                case UInt8(ascii: ">"): buffer += Array("&gt;".utf8)
                default: buffer.append(byte)
                }
            }
            buffer += Array("</".utf8); buffer += element; buffer.append(UInt8(ascii: ">"))
        }
        buffer += Array("</item>".utf8)
    }

    func finish() throws {
        if isFeed { buffer += Array("</channel></rss>\n".utf8) }
        try output.write(buffer)
        try output.close()
    }
}

/// A snapshot file's bytes on disk, plain or gzip-compressed (level 1: written once, read once).
final class SnapshotOutput {
    private let path: String
    private var plain: FileHandle?
    private var compressed: gzFile?

    init(path: String, gzip: Bool) throws {
        self.path = path
        if gzip {
            guard let file = gzopen(path, "wb1") else { throw InputError(file: path, reason: "cannot write") }
            compressed = file
        } else {
            guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
                throw InputError(file: path, reason: "cannot write")
            }
            plain = handle
        }
    }

    func write(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        if let compressed {
            let written = bytes.withUnsafeBytes { gzwrite(compressed, $0.baseAddress, UInt32($0.count)) }
            guard written == Int32(bytes.count) else { throw InputError(file: path, reason: "cannot write") }
        } else {
            try plain?.write(contentsOf: bytes)
        }
    }

    func close() throws {
        if let compressed, gzclose(compressed) != Z_OK { throw InputError(file: path, reason: "cannot write") }
        compressed = nil
        try plain?.close()
        plain = nil
    }
}
