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

    init(sink: RejectSink) { self.sink = sink }

    func reject(_ kind: ExportKind, file: String, line: Int, reason: String, raw: UnsafeBufferPointer<UInt8>, hidesText: Bool) throws {
        quality[kind].rowsRejected += 1
        let category = reason.split(separator: ":", maxSplits: 1).first.map(String.init) ?? reason
        quality.rejectReasons[category, default: 0] += 1
        let text = hidesText ? "" : printableText(raw)
        try sink.receive(RejectedRow(file: file, line: line, reason: reason, text: text))
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
        for row in rejected { try sink.receive(row) }
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
