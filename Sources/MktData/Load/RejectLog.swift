/// One input row that could not be read, as written to `rejected.csv`.
public struct RejectedRow: Sendable, Equatable {
    /// File name as it appears in the data directory.
    public var file: String
    /// Physical line where the record starts.
    public var line: Int
    public var reason: String
    /// The raw record; empty for files with personal-data columns.
    public var text: String

    public init(file: String, line: Int, reason: String, text: String) {
        self.file = file
        self.line = line
        self.reason = reason
        self.text = text
    }
}

/// Receives rejected rows as they are found (the report run streams them to `rejected.csv`).
public protocol RejectSink: AnyObject {
    func receive(_ row: RejectedRow) throws
}

/// Keeps rejected rows in memory (tests, `validate`).
public final class CollectingRejectSink: RejectSink {
    public private(set) var rows: [RejectedRow] = []
    public init() {}
    public func receive(_ row: RejectedRow) throws { rows.append(row) }
}

/// Counts rejections and forwards them to a sink.
final class RejectLog {
    let sink: RejectSink
    var quality = DataQuality()
    /// Per export: how often each reason occurred and the first rejected row (for the error when no
    /// row of an export could be read).
    private(set) var rejectedByKind: [ExportKind: (reasons: [String: Int], first: RejectedRow)] = [:]

    init(sink: RejectSink) { self.sink = sink }

    private func remember(_ row: RejectedRow, kind: ExportKind) {
        let category = Self.category(row.reason)
        if rejectedByKind[kind] == nil { rejectedByKind[kind] = ([:], row) }
        rejectedByKind[kind]!.reasons[category, default: 0] += 1
    }

    /// "not an ISO 8601 date in signup_date: 'a@b.c'" -> "not an ISO 8601 date in signup_date".
    static func withoutQuotedValue(_ reason: String) -> String {
        guard let quote = reason.range(of: ": '") else { return reason }
        return String(reason[..<quote.lowerBound])
    }

    /// A reason without the value it quotes ("negative unit_price: '-5'" -> "negative unit_price").
    static func category(_ reason: String) -> String { reason.split(separator: ":", maxSplits: 1).first.map(String.init) ?? reason }

    /// "811 rows rejected: 800 not an ISO 8601 date-time in order_time, 11 missing sku; the first on
    /// line 2 of orders_export_1.csv: ..." for an export none of whose rows could be read.
    func summaryOfRejects(_ kind: ExportKind) -> String {
        guard let found = rejectedByKind[kind] else { return "the files hold no data rows" }
        let total = found.reasons.values.reduce(0, +)
        let common = found.reasons.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(3)
            .map { "\($0.value.grouped) \($0.key)" }.joined(separator: ", ")
        return "\(total.grouped) row\(total == 1 ? "" : "s") rejected: \(common); the first on line \(found.first.line) of \(found.first.file): \(found.first.reason)"
    }

    func reject(_ kind: ExportKind, file: String, line: Int, reason: String, raw: UnsafeBufferPointer<UInt8>, hidesText: Bool) throws {
        quality[kind].rowsRejected += 1
        quality.rejectReasons[Self.category(reason), default: 0] += 1
        let text = hidesText ? "" : printableText(raw)
        // A shifted row of an export with personal data can put an e-mail where a date was
        // expected: such a reason keeps its rule and drops the value it would quote.
        let row = RejectedRow(file: file, line: line, reason: hidesText ? Self.withoutQuotedValue(reason) : reason, text: text)
        remember(row, kind: kind)
        try sink.receive(row)
    }

    func noteEmptyFile(_ name: String) {
        quality.notes.append("\(name) is empty (no header row); it was skipped.")
    }

    /// Adds what another log found (one file read in parallel) and forwards its rejected rows
    /// to this log's sink in their order.
    func absorb(_ other: DataQuality, rejected: [RejectedRow]) throws {
        for (kind, counts) in other.exports {
            quality[kind].rowsRead += counts.rowsRead
            quality[kind].rowsRejected += counts.rowsRejected
            quality[kind].duplicates += counts.duplicates
            quality[kind].rowsAfterWindow += counts.rowsAfterWindow
        }
        for (reason, count) in other.rejectReasons { quality.rejectReasons[reason, default: 0] += count }
        quality.notes += other.notes
        let kind = other.exports.first { $0.value.rowsRejected > 0 }?.key
        for row in rejected {
            if let kind { remember(row, kind: kind) }
            try sink.receive(row)
        }
    }

    /// The raw record as valid UTF-8 without NULs, cut to 1,000 bytes so one huge line cannot bloat the output.
    private func printableText(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        let limit = 1000
        let cut = UnsafeBufferPointer(rebasing: raw[0..<min(raw.count, limit)])
        var text = String(decoding: cut, as: UTF8.self).replacingNULs()
        if raw.count > limit { text += "…" }
        return text
    }
}

extension String {
    func replacingNULs() -> String {
        contains("\u{0}") ? String(unicodeScalars.map { $0 == "\u{0}" ? "\u{FFFD}" : Character($0) }) : self
    }
}
