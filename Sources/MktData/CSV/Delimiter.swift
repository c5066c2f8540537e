/// The field separator of a CSV file, found from its first lines.
///
/// The contract's exports use commas, but a spreadsheet saved where the decimal mark is a comma
/// writes `;`, and Google Ads' "Excel" download separates by tabs. Each candidate splits the first
/// records (quotes respected); the one that gives the same number of fields (two or more) on the
/// most records wins, then the one giving more fields, then the comma. So a comma file whose text
/// holds semicolons stays a comma file, and a `;` file whose prices hold decimal commas is a `;`
/// file: its commas split its records unevenly, its semicolons evenly.
public enum Delimiter {
    public static let comma = UInt8(ascii: ","), semicolon = UInt8(ascii: ";"), tab: UInt8 = 9
    static let candidates = [comma, semicolon, tab]
    /// Records looked at.
    static let sampleRecords = 20

    /// The separator a first line `sep=X` names (Excel writes and reads it), with that line's length
    /// including its line end; nil without one.
    public static func excelHint(_ bytes: UnsafeBufferPointer<UInt8>) -> (delimiter: UInt8, length: Int)? {
        guard bytes.count >= 5, bytes.prefix(4).map({ $0 | 0x20 }) == Array("sep=".utf8),
              bytes[4] != UInt8(ascii: "\""), bytes[4] != 10, bytes[4] != 13, bytes[4] < 0x80 else { return nil }
        let rest = bytes.dropFirst(5)
        if rest.isEmpty { return (bytes[4], 5) }
        if rest.starts(with: [13, 10]) { return (bytes[4], 7) }
        return rest.first == 10 || rest.first == 13 ? (bytes[4], 6) : nil
    }

    /// The separator of a file starting with `bytes`; `complete` when they are the whole file (so a
    /// last record without a line end counts).
    public static func sniff(_ bytes: UnsafeBufferPointer<UInt8>, complete: Bool) -> UInt8 {
        // fields[r][c]: fields of record r split by candidate c.
        var fields: [[Int]] = []
        var counts = [1, 1, 1], inQuotes = false, blank = true, i = 0
        while i < bytes.count && fields.count < sampleRecords {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                inQuotes.toggle()
                blank = false
            } else if !inQuotes && (c == 10 || c == 13) {
                if !blank { fields.append(counts) }
                counts = [1, 1, 1]
                blank = true
            } else if !inQuotes, let k = candidates.firstIndex(of: c) {
                counts[k] += 1
                blank = false
            } else if c != 32 {
                blank = false
            }
            i += 1
        }
        if complete && i == bytes.count && !blank && !inQuotes { fields.append(counts) }
        var best = (delimiter: comma, agreeing: 0, width: 0)
        for (k, candidate) in candidates.enumerated() {
            var records: [Int: Int] = [:]
            for record in fields where record[k] >= 2 { records[record[k], default: 0] += 1 }
            guard let (width, agreeing) = records.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }) else { continue }
            if (agreeing, width) > (best.agreeing, best.width) { best = (candidate, agreeing, width) }
        }
        return best.delimiter
    }
}
