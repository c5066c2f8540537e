/// Reads a `date,value` CSV (the input of `mktreport forecast`), in file order.
///
/// An empty value is a missing observation (nil); any other unreadable row is
/// an error naming its line, since a forecast from a silently altered series
/// would mislead.
public enum SeriesFile {
    public static func read(path: String, name: String) throws -> [(date: Day, value: Double?)] {
        let reader = CSVReader(source: try openByteSource(path: path, name: name))
        guard try reader.next() == .record else { throw InputError(file: name, reason: "empty file") }
        var header: [String] = []
        for i in 0..<reader.fieldCount {
            header.append(String(decoding: trimmed(reader.field(i)), as: UTF8.self).lowercased())
        }
        guard let dateAt = header.firstIndex(of: "date"), let valueAt = header.firstIndex(of: "value") else {
            throw InputError(file: name, line: 1, reason: "header must have the columns date and value")
        }
        var rows: [(Day, Double?)] = []
        while let status = try reader.next() {
            guard status == .record, reader.fieldCount == header.count else {
                throw InputError(file: name, line: reader.recordLine, reason: "expected \(header.count) fields")
            }
            guard case .success(let day) = ISODateParser.parseDay(reader.field(dateAt), clock: .utc) else {
                throw InputError(file: name, line: reader.recordLine, reason: "not a date: '\(String(decoding: reader.field(dateAt), as: UTF8.self))'")
            }
            let valueBytes = trimmed(reader.field(valueAt))
            if valueBytes.isEmpty {
                rows.append((day, nil))
                continue
            }
            switch DecimalParser.parse(valueBytes) {
            case .success(let value): rows.append((day, value))
            case .failure(let failure):
                throw InputError(file: name, line: reader.recordLine, reason: "\(failure.reason): '\(String(decoding: valueBytes, as: UTF8.self))'")
            }
        }
        guard !rows.isEmpty else { throw InputError(file: name, reason: "no data rows") }
        return rows
    }
}
