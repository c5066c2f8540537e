#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming RFC 4180 CSV reader over raw bytes.
///
/// Handles quoted fields, doubled quotes, commas and newlines inside quotes, a
/// UTF-8 byte-order mark, LF, CRLF and bare-CR line ends, a `;` or tab separator
/// found from the first lines (`Delimiter.sniff`) or named by Excel's `sep=;` line,
/// and tracks the physical
/// line where each record starts (what `rejected.csv` reports). Fields are handed
/// out as byte views into the reader's buffer, valid until the next call to
/// `next()`, so reading a record creates no `String`s and no arrays.
///
/// Hand-written rather than using yaslab/CSV.swift or swiftcsv/SwiftCSV: both
/// build a `String` per field (SwiftCSV also loads the whole file), which made
/// the events export 6-8x slower to read in `make bench`; neither reports the
/// physical line of a record. An unquoted field's end is looked for sixteen bytes
/// a step (`SIMD16`): `mktreport-bench csv-speed` on 2.4M records of a held-out-like
/// shop, 0.30-0.33 s of CPU byte by byte, 0.20-0.21 s so.
///
///     let reader = CSVReader(source: try openByteSource(path: p, name: "orders.csv"))
///     while let status = try reader.next() {
///         guard case .record = status else { continue }
///         let first = reader.field(0)   // UnsafeBufferPointer<UInt8>
///     }
public final class CSVReader {
    public enum Status: Equatable {
        /// A well-formed record.
        case record
        /// A record that could not be split into fields; `reason` says why.
        case malformed(reason: String)
    }

    public static let defaultMaxRecordBytes = 16 << 20

    private let source: ByteSource
    private let maxRecordBytes: Int
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var start = 0
    private var end = 0
    private var sourceEnded = false
    /// Whether the byte-order mark and the separator have been looked for (in the first
    /// `sniffBytes`, or the whole input when shorter).
    private var sniffed = false
    private static let sniffBytes = 64 << 10
    /// The field separator, decided from the first bytes read.
    public private(set) var delimiter = Delimiter.comma
    private var nextLine = 1

    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity: Int
    private var scratchUsed = 0
    private var fields: [UnsafeBufferPointer<UInt8>] = []
    private var raw = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    private let oversizedPrefix = UnsafeMutablePointer<UInt8>.allocate(capacity: 1024)

    /// Physical line (1-based) where the current record starts.
    public private(set) var recordLine = 0

    public init(source: ByteSource, maxRecordBytes: Int = CSVReader.defaultMaxRecordBytes, chunkSize: Int = 1 << 20) {
        self.source = source
        self.maxRecordBytes = maxRecordBytes
        capacity = max(chunkSize, 64)
        buffer = .allocate(capacity: capacity)
        scratchCapacity = 4096
        scratch = .allocate(capacity: scratchCapacity)
        fields.reserveCapacity(32)
    }

    deinit {
        buffer.deallocate()
        scratch.deallocate()
        oversizedPrefix.deallocate()
    }

    public var fieldCount: Int { fields.count }

    /// The bytes of field `i` of the current record, unquoted and unescaped.
    @inline(__always) public func field(_ i: Int) -> UnsafeBufferPointer<UInt8> { fields[i] }

    /// The record's bytes as they stand in the file, without its line end
    /// (for an over-long record, its first kilobyte).
    public var rawRecord: UnsafeBufferPointer<UInt8> { raw }

    /// Reads the next record; nil at the end of the input. Blank lines are skipped.
    public func next() throws -> Status? {
        while true {
            if !sniffed || start == end {
                if sourceEnded { return nil }
                try fill()
                continue
            }
            recordLine = nextLine
            switch parseRecord() {
            case .needMore:
                if end - start > maxRecordBytes {
                    return try skipOversizedRecord()
                }
                try fill()
            case .complete(let next, let rawEnd, let newlines, let problem):
                // A record that completed within the last chunk read can still be over the limit.
                let oversized = rawEnd - start > maxRecordBytes
                raw = UnsafeBufferPointer(start: buffer + start, count: oversized ? min(1024, rawEnd - start) : rawEnd - start)
                start = next
                nextLine += newlines
                if oversized {
                    fields.removeAll(keepingCapacity: true)
                    return .malformed(reason: "record longer than \(maxRecordBytes >> 20) MB")
                }
                if let problem { return .malformed(reason: problem) }
                if fields.count == 1 && raw.isEmpty { continue }  // blank line
                return .record
            }
        }
    }

    // MARK: - Buffering

    /// Moves the unread bytes to the front, grows the buffer when one record fills it, and reads more.
    private func fill() throws {
        if start > 0 {
            let remaining = end - start
            if remaining > 0 { memmove(buffer, buffer + start, remaining) }
            start = 0
            end = remaining
        }
        if end == capacity {
            let newCapacity = capacity * 2
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            grown.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = grown
            capacity = newCapacity
        }
        let n = try source.read(into: UnsafeMutableRawBufferPointer(start: buffer + end, count: capacity - end))
        if n == 0 { sourceEnded = true }
        end += n
        if !sniffed && (end >= Self.sniffBytes || end == capacity || sourceEnded) {
            sniffed = true
            if end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { start = 3 }
            let first = UnsafeBufferPointer(start: buffer + start, count: end - start)
            if let hint = Delimiter.excelHint(first) {
                delimiter = hint.delimiter
                start += hint.length
                nextLine = 2
            } else {
                delimiter = Delimiter.sniff(first, complete: sourceEnded)
            }
        }
    }

    // MARK: - Parsing

    private enum Outcome {
        case needMore
        /// `next`: where the following record starts; `rawEnd`: end of this record before its line end.
        case complete(next: Int, rawEnd: Int, newlines: Int, problem: String?)
    }

    private static let quote = UInt8(ascii: "\""), lf: UInt8 = 10, cr: UInt8 = 13

    private func parseRecord() -> Outcome {
        let delimiter = delimiter
        let separators = SIMD16<UInt8>(repeating: delimiter), lineFeeds = SIMD16<UInt8>(repeating: Self.lf), returns = SIMD16<UInt8>(repeating: Self.cr)
        fields.removeAll(keepingCapacity: true)
        scratchUsed = 0
        let atEnd = sourceEnded
        var p = start
        var newlines = 0
        var problem: String?
        while true {
            if p == end {
                guard atEnd else { return .needMore }
                fields.append(UnsafeBufferPointer(start: buffer + p, count: 0))
                return .complete(next: p, rawEnd: p, newlines: newlines, problem: problem)
            }
            if buffer[p] == Self.quote {
                var q = p + 1
                var escaped = false
                var closing = -1
                while q < end {
                    let c = buffer[q]
                    if c == Self.quote {
                        if q + 1 < end {
                            if buffer[q + 1] == Self.quote { escaped = true; q += 2; continue }
                            closing = q
                            break
                        }
                        guard atEnd else { return .needMore }
                        closing = q
                        break
                    }
                    if c == Self.lf { newlines += 1 }
                    q += 1
                }
                if closing < 0 {
                    guard atEnd else { return .needMore }
                    return .complete(next: end, rawEnd: end, newlines: newlines, problem: "unterminated quoted field")
                }
                fields.append(escaped ? unescape(from: p + 1, to: closing) : UnsafeBufferPointer(start: buffer + p + 1, count: closing - p - 1))
                p = closing + 1
                if p < end, buffer[p] != delimiter, buffer[p] != Self.lf, buffer[p] != Self.cr {
                    problem = problem ?? "unexpected text after a closing quote"
                    while p < end, buffer[p] != Self.lf, buffer[p] != Self.cr { p += 1 }
                }
            } else {
                var q = p
                // Sixteen bytes a step while a whole block is in the buffer, then byte by byte.
                scan: do {
                    while q + 16 <= end {
                        let block = UnsafeRawPointer(buffer + q).loadUnaligned(as: SIMD16<UInt8>.self)
                        let stops = (block .== separators) .| (block .== lineFeeds) .| (block .== returns)
                        let lanes = unsafeBitCast(SIMD16<UInt8>.zero.replacing(with: 0xFF, where: stops), to: SIMD2<UInt64>.self)
                        if lanes[0] != 0 { q += lanes[0].trailingZeroBitCount >> 3; break scan }
                        if lanes[1] != 0 { q += 8 + lanes[1].trailingZeroBitCount >> 3; break scan }
                        q += 16
                    }
                    while q < end {
                        let c = buffer[q]
                        if c == delimiter || c == Self.lf || c == Self.cr { break }
                        q += 1
                    }
                }
                fields.append(UnsafeBufferPointer(start: buffer + p, count: q - p))
                p = q
            }
            if p == end {
                guard atEnd else { return .needMore }
                return .complete(next: p, rawEnd: p, newlines: newlines, problem: problem)
            }
            let c = buffer[p]
            if c == delimiter { p += 1; continue }
            if c == Self.lf { return .complete(next: p + 1, rawEnd: p, newlines: newlines + 1, problem: problem) }
            // Carriage return: CRLF, or a bare CR line end.
            if p + 1 == end && !atEnd { return .needMore }
            let length = (p + 1 < end && buffer[p + 1] == Self.lf) ? 2 : 1
            return .complete(next: p + length, rawEnd: p, newlines: newlines + 1, problem: problem)
        }
    }

    /// Copies a quoted field's content to the scratch area, turning `""` into `"`.
    private func unescape(from: Int, to: Int) -> UnsafeBufferPointer<UInt8> {
        if scratchUsed == 0 && scratchCapacity < end - start {
            // Reserve once per record for everything left in the buffer, so earlier
            // fields of this record keep valid pointers.
            scratch.deallocate()
            scratchCapacity = end - start
            scratch = .allocate(capacity: scratchCapacity)
        }
        let begin = scratchUsed
        var i = from
        while i < to {
            scratch[scratchUsed] = buffer[i]
            scratchUsed += 1
            i += buffer[i] == Self.quote ? 2 : 1
        }
        return UnsafeBufferPointer(start: scratch + begin, count: scratchUsed - begin)
    }

    /// Consumes a record longer than `maxRecordBytes` without keeping it, tracking quotes to find its end.
    private func skipOversizedRecord() throws -> Status {
        let prefixLength = min(1024, end - start)
        oversizedPrefix.update(from: buffer + start, count: prefixLength)
        var inQuotes = false
        var newlines = 0
        var sawCR = false
        scanning: while true {
            var p = start
            while p < end {
                let c = buffer[p]
                if sawCR {
                    // A CR outside quotes ended the record; swallow a following LF.
                    if c == Self.lf { p += 1 }
                    start = p
                    break scanning
                }
                if c == Self.quote { inQuotes.toggle() } else if c == Self.lf {
                    newlines += 1
                    if !inQuotes { start = p + 1; break scanning }
                } else if c == Self.cr && !inQuotes {
                    newlines += 1
                    sawCR = true
                }
                p += 1
            }
            start = end
            if sourceEnded { break }
            try fill()
            if sourceEnded && start == end { break }
        }
        nextLine += newlines
        fields.removeAll(keepingCapacity: true)
        raw = UnsafeBufferPointer(start: oversizedPrefix, count: prefixLength)
        return .malformed(reason: "record longer than \(maxRecordBytes >> 20) MB")
    }
}
