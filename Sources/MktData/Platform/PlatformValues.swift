import Foundation

/// Values as platforms write them, turned into the contract's plain forms before the canonical
/// reader sees them (which stays strict: `1,234.50` in a contract export is still rejected).
enum PlatformValues {
    /// `1,234.56`, `$1,234.56`, `€ 12`, `--`, `` -> a plain decimal (`1234.56`, `0` for none); nil
    /// when the text is not a number in any of those forms.
    static func plainNumber(_ text: String) -> String? {
        var body = text.trimmingCharacters(in: .whitespaces)
        if body.isEmpty || body == "--" || body == "-" { return "0" }
        body.removeAll { $0 == "," || $0 == " " || $0 == "\u{00A0}" || "$€£¥".contains($0) }
        if body.hasSuffix("%") { return nil }
        let digits = body.drop { $0 == "-" || $0 == "+" }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              digits.filter({ $0 == "." }).count <= 1, digits.contains(where: \.isNumber) else { return nil }
        return body
    }

    /// The UTC offset a timestamp ends with (`-0700`, `+08:00`), nil for none, `Z` or a zero offset.
    static func nonZeroOffset(_ text: String) -> String? {
        let value = text.trimmingCharacters(in: .whitespaces)
        for length in [6, 5] where value.count > length {
            let tail = value.suffix(length)
            let digits = tail.dropFirst().filter(\.isNumber)
            guard tail.first == "+" || tail.first == "-", digits.count == 4, length == 5 || tail.dropFirst(3).first == ":" else { continue }
            return digits.allSatisfy { $0 == "0" } ? nil : String(tail)
        }
        return nil
    }

    /// A platform timestamp as ISO 8601: `2022-01-04 01:08:35 -0500` (Shopify),
    /// `2022-01-04 01:08:35 UTC`, `2022-01-04T01:08:35-05:00` (already ISO). Nil otherwise.
    static func isoDateTime(_ text: String) -> String? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: " ").map(String.init)
        guard let date = parts.first, isISODay(date) else { return nil }
        if parts.count == 1 { return date }
        var time = parts[1]
        guard parts.count <= 3 else { return nil }
        if time.contains("T") || date.contains("T") { return nil }
        if time.count == 5 { time += ":00" }
        guard parts.count == 3 else { return "\(date)T\(time)" }
        let zone = parts[2]
        if zone == "UTC" || zone == "Z" || zone == "GMT" { return "\(date)T\(time)Z" }
        let sign = zone.first
        let digits = zone.dropFirst().filter { $0 != ":" }
        guard sign == "+" || sign == "-", digits.count == 4, digits.allSatisfy(\.isNumber) else { return nil }
        return "\(date)T\(time)\(sign!)\(digits.prefix(2)):\(digits.suffix(2))"
    }

    /// A platform day as ISO: `2026-11-23`, `Nov 23, 2026`, `Mon, Nov 23, 2026` (Google Ads). Nil otherwise.
    static func isoDay(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if isISODay(trimmed) { return trimmed }
        var words = trimmed.replacingOccurrences(of: ",", with: " ").split(separator: " ").map(String.init)
        if words.count == 4 { words.removeFirst() }
        guard words.count == 3, let month = months.firstIndex(of: String(words[0].prefix(3)).lowercased()),
              let day = Int(words[1]), let year = Int(words[2]), (1...31).contains(day), year >= 1900 else { return nil }
        return "\(year)-\(month + 1 < 10 ? "0" : "")\(month + 1)-\(day < 10 ? "0" : "")\(day)"
    }

    /// `YYYY-MM-DD` in shape (the canonical reader checks that the day exists).
    static func isISODay(_ text: String) -> Bool {
        let chars = Array(text)
        return chars.count == 10 && chars.indices.allSatisfy { [4, 7].contains($0) ? chars[$0] == "-" : chars[$0].isASCII && chars[$0].isNumber }
    }

    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// A field for a canonical CSV row: on one line (a translated row keeps its source's line
    /// number), quoted when it holds a comma or quote.
    static func csvField(_ text: String) -> String {
        let flat = text.contains(where: \.isNewline) ? String(text.map { $0.isNewline ? " " : $0 }) : text
        guard flat.contains(where: { $0 == "," || $0 == "\"" }) else { return flat }
        return "\"" + flat.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
