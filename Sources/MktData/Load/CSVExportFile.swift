import Foundation

/// One CSV export file, opened, with its header resolved to column positions.
///
/// Columns are found by header name, case-insensitively, through the config's
/// aliases; personal-data columns are never resolved, so their values are never
/// read. A header that lacks a required column or names one twice is an error
/// for the whole file.
final class CSVExportFile {
    let name: String
    let kind: ExportKind
    let reader: CSVReader
    let headerFieldCount: Int
    /// True when the header has a personal-data column: rejected rows then omit their text.
    let hidesRejectedText: Bool
    /// Set when the customer_id column is a personal-data column (mapped to `Email` or a phone
    /// column): its values are written everywhere as keyed pseudonyms, never as they are.
    private(set) var customerPseudonyms: Pseudonyms?
    /// SKUs the platform marks as no merchandise (Shopify tips, gift cards, shipping protection).
    private(set) var nonProductSKUs: Set<[UInt8]> = []
    /// An ad platform's attributed conversions, which may exceed a day's clicks (`CanonicalExport`).
    private(set) var attributedConversions = false
    /// Source rows a platform's rules rejected before the canonical reader (`PlatformTranslation`).
    private var platformRejects: [(line: Int, reason: String)] = []
    private let positions: [String: Int]

    /// Opens an export; nil for an empty file (no header). A platform download (its format found
    /// by the loader) is read through its translation into the contract's columns.
    static func open(path: String, name: String, kind: ExportKind, config: Config) throws -> CSVExportFile? {
        let source: ByteSource
        var translated: CanonicalExport?
        if let format = config.platform.formats[name] {
            let table = try PlatformTable.read(path: path, name: name, encoding: config.encoding)
            let export = try PlatformTranslation.translate(format, table, file: name, currency: config.currency,
                                                           pseudonyms: config.platform.pseudonyms ?? Pseudonyms(key: []))
            source = MemoryByteSource(export.csvBytes())
            translated = export
        } else if config.platform.joined.contains(name) {
            let items = try PlatformTable.read(path: path, name: name, encoding: config.encoding) { _ in true }
            let headers = try config.platform.orderHeaderPaths.map { path in
                try PlatformTable.read(path: path, name: (path as NSString).lastPathComponent, encoding: config.encoding) { _ in true }
            }
            let joined = TwoTableOrders.join(items: items, headers: headers, config: config)
            var export = try MappedExport.translate(joined.table, kind: .orders, file: name, config: config)
            export.rejects += joined.rejects
            export.personalCustomerKey = joined.personalCustomerKey
            source = MemoryByteSource(export.csvBytes())
            translated = export
        } else if config.platform.mapped.contains(name) {
            let table = try PlatformTable.read(path: path, name: name, encoding: config.encoding) { _ in true }
            let export = try MappedExport.translate(table, kind: kind, file: name, config: config)
            source = MemoryByteSource(export.csvBytes())
            translated = export
        } else {
            source = try openByteSource(path: path, name: name, encoding: config.encoding)
        }
        let reader = CSVReader(source: source)
        guard let status = try reader.next() else { return nil }
        guard status == .record else {
            throw InputError(file: name, line: reader.recordLine, reason: "unreadable header row")
        }
        var header: [String] = []
        for i in 0..<reader.fieldCount {
            guard case .success(let bytes) = FieldReading.text(reader.field(i), column: "header"),
                  let text = String(validating: bytes, as: UTF8.self) else {
                throw InputError(file: name, line: reader.recordLine, reason: "header is not valid UTF-8 text")
            }
            header.append(text.lowercased())
        }
        let file = try CSVExportFile(name: name, kind: kind, reader: reader, header: header, config: config,
                                     hidesText: translated != nil, personalCustomerKey: translated?.personalCustomerKey ?? false)
        file.platformRejects = translated?.rejects ?? []
        file.nonProductSKUs = Set((translated?.nonProductSKUs ?? []).map { Array($0.utf8) })
        file.attributedConversions = translated?.attributedConversions ?? false
        return file
    }

    /// `hidesText`: rejected rows keep no text whatever the header (a translated row is not the
    /// downloaded record, and a platform's download holds personal data).
    /// `personalCustomerKey`: a translation copied customer_id from a personal-data column.
    private init(name: String, kind: ExportKind, reader: CSVReader, header: [String], config: Config, hidesText: Bool,
                 personalCustomerKey: Bool) throws {
        self.name = name
        self.kind = kind
        self.reader = reader
        headerFieldCount = header.count
        let pii = config.extraPIIColumns
        hidesRejectedText = hidesText || header.contains { PersonalData.isPersonal(header: $0, extra: pii) }
        let aliases = config.columnAliases[kind] ?? [:]
        var positions: [String: Int] = [:], missing: [String] = []
        for column in kind.requiredColumns + kind.optionalColumns where !pii.contains(column) {
            let names = Set(config.headerNames(of: column, in: kind))
            let matches = header.indices.filter { names.contains(header[$0]) }
            if matches.count > 1 {
                throw InputError(file: name, line: 1, reason: "column '\(column)' appears more than once in the header")
            }
            if let index = matches.first {
                positions[column] = index
            } else if kind.requiredColumns.contains(column) {
                missing.append(column)
            }
        }
        guard missing.isEmpty else {
            let named = missing.map { column in
                let alias = aliases[column].map { " (or '\($0)')" } ?? ""
                let free = header.indices.filter { !positions.values.contains($0) }.map { header[$0] }
                let near = HeaderSuggestion.nearest(to: config.headerNames(of: column, in: kind), in: free)
                return "'\(column)'\(alias)" + (near.map { ": the nearest header is '\($0)'" } ?? "")
            }
            let list = named.joined(separator: "; ")
            throw InputError(file: name, line: 1, reason: "missing required column\(missing.count == 1 ? "" : "s") \(list) (map them with \"columns\" in the config)")
        }
        self.positions = positions
        if let at = positions["customer_id"], personalCustomerKey || PersonalData.isPersonal(header: header[at], extra: []) {
            customerPseudonyms = config.platform.pseudonyms
        }
    }

    /// The id a customer key is interned as: its pseudonym when the column holds personal data.
    @inline(__always) func internCustomer(_ key: UnsafeBufferPointer<UInt8>, in ids: inout Interner) -> Int32 {
        guard let customerPseudonyms else { return ids.intern(key) }
        return ids.intern(customerPseudonyms.id(String(decoding: key, as: UTF8.self)))
    }

    /// Position of a canonical column, nil when the file does not have it.
    func position(_ column: String) -> Int? { positions[column] }

    /// Calls `body` for every record with the right number of fields; malformed
    /// records, wrong field counts and rows `body` rejects go to `log`.
    func forEachRow(log: RejectLog, _ body: (CSVReader) throws(RowProblem) -> Void) throws {
        // Counted here and added once: a dictionary update per row cost 4% of reading the events.
        var rowsRead = platformRejects.count
        defer { log.quality[kind].rowsRead += rowsRead }
        for reject in platformRejects.sorted(by: { $0.line < $1.line }) {
            try log.reject(kind, file: name, line: reject.line, reason: reject.reason, raw: UnsafeBufferPointer(start: nil, count: 0), hidesText: true)
        }
        while let status = try reader.next() {
            rowsRead += 1
            let problem: RowProblem?
            switch status {
            case .malformed(let reason):
                problem = RowProblem(reason)
            case .record where reader.fieldCount != headerFieldCount:
                problem = RowProblem("expected \(headerFieldCount) fields, found \(reader.fieldCount)")
            case .record:
                do { try body(reader); problem = nil } catch { problem = error }
            }
            if let problem {
                try log.reject(kind, file: name, line: reader.recordLine, reason: problem.reason,
                               raw: reader.rawRecord, hidesText: hidesRejectedText)
            }
        }
    }
}

/// The header a missing column was most likely meant by: the closest by edit distance (case and
/// `_`, `-`, spaces ignored), when close enough to be a plausible match.
enum HeaderSuggestion {
    static func nearest(to names: [String], in header: [String]) -> String? {
        func normal(_ text: String) -> [Character] { Array(text.lowercased().filter { $0.isLetter || $0.isNumber }) }
        var best: (header: String, distance: Int)?
        for candidate in header where !candidate.isEmpty {
            for name in names {
                let a = normal(name), b = normal(candidate)
                let d = distance(a, b)
                if d <= max(2, a.count / 3), best == nil || d < best!.distance { best = (candidate, d) }
                if b.count >= 3, a.count >= 3, (b.starts(with: a) || a.starts(with: b) || String(b).contains(String(a))), best == nil { best = (candidate, a.count) }
            }
        }
        return best?.header
    }

    /// Levenshtein distance.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count), current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
