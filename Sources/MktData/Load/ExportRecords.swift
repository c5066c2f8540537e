/// The records of one contract-layout CSV export, unvalidated, each field under its contract
/// column: what `mktreport import` copies into a table, so that reading the table back gives the
/// loader the same file.
public enum ExportRecords {
    /// One record of the file.
    public struct Record {
        /// Line of the record's start in the file.
        public var line: Int
        /// Text per column of `columns(kind)`: nil when the file has no such column. Empty when
        /// `raw` is set.
        public var values: [String?]
        /// The record as it stands in the file, when it cannot be split into the header's fields
        /// (malformed quoting, another number of fields, bytes that are not UTF-8 text); another
        /// number of fields from a file separated by other than commas, as comma-separated fields.
        public var raw: String?
    }

    /// The columns a table of `kind` holds: the contract's required and optional columns, less the
    /// personal-data ones (which the loader never reads, so they are never copied).
    public static func columns(_ kind: ExportKind, config: Config) -> [String] {
        (kind.requiredColumns + kind.optionalColumns).filter { !PersonalData.isPersonal(header: $0, extra: config.extraPIIColumns) }
    }

    /// Calls `body` for every record after the header; nothing for an empty file. Returns the
    /// header's personal-data column names (a header with any hides rejected rows' text).
    @discardableResult
    public static func read(path: String, name: String, kind: ExportKind, config: Config, _ body: (Record) throws -> Void) throws -> [String] {
        let reader = CSVReader(source: try openByteSource(path: path, name: name, encoding: config.encoding))
        guard let status = try reader.next() else { return [] }
        guard status == .record, let header = text(of: reader) else {
            throw InputError(file: name, line: reader.recordLine, reason: "unreadable header row")
        }
        let lower = header.map { $0.lowercased() }
        let columns = Self.columns(kind, config: config)
        let positions = columns.map { column in lower.firstIndex { config.headerNames(of: column, in: kind).contains($0) } }
        for (column, position) in zip(columns, positions) where position == nil && kind.requiredColumns.contains(column) {
            throw InputError(file: name, line: 1, reason: "missing required column '\(column)'")
        }
        while let status = try reader.next() {
            if status == .record, reader.fieldCount == header.count, let fields = text(of: reader) {
                try body(Record(line: reader.recordLine, values: positions.map { $0.map { fields[$0] } }, raw: nil))
            } else if status == .record, reader.delimiter != Delimiter.comma, let fields = text(of: reader) {
                // Kept whole as the comma-separated record it is, so that read back from the table
                // (where every record is comma-separated) it has the fields it had.
                try body(Record(line: reader.recordLine, values: [], raw: fields.map(CSVFormat.field).joined(separator: ",")))
            } else {
                try body(Record(line: reader.recordLine, values: [], raw: String(decoding: reader.rawRecord, as: UTF8.self)))
            }
        }
        return header.filter { PersonalData.isPersonal(header: $0, extra: config.extraPIIColumns) }
    }

    /// The record's fields as text; nil when one is not UTF-8 or holds a NUL byte (a database's text can hold neither).
    private static func text(of reader: CSVReader) -> [String]? {
        var fields: [String] = []
        for i in 0..<reader.fieldCount {
            let bytes = reader.field(i)
            guard !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) else { return nil }
            fields.append(text)
        }
        return fields
    }
}
