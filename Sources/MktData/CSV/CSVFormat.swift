import Foundation

/// Writing CSV (RFC 4180) fields.
public enum CSVFormat {
    /// The field as it must appear in a CSV line: quoted, with quotes doubled, when
    /// it contains a comma, quote, CR or LF.
    public static func field(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A text cell that a spreadsheet must not run as a formula. Cells starting
    /// with `=`, `+`, `-`, `@`, tab or CR get a leading apostrophe (the OWASP
    /// recommendation); a reader recovers the value by removing one leading `'`
    /// when the next character is one of those.
    public static func safeTextField(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return field(value) }
        return field("'" + value)
    }

    public static func line(_ fields: [String]) -> String { fields.joined(separator: ",") + "\n" }
}
