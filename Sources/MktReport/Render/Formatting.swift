import Foundation
import MktData
import MktModels

/// Locale-independent number formatting for every output (the same bytes on every machine).
public struct NumberFormatting: Sendable {
    public var currency: String

    public init(currency: String) { self.currency = currency }

    /// Symbol placed before amounts: `$`, `€`, `£`, else the ISO code and a space.
    public var currencyPrefix: String {
        switch currency {
        case "USD": return "$"
        case "EUR": return "€"
        case "GBP": return "£"
        case "JPY": return "¥"
        default: return currency + " "
        }
    }

    /// `12345.6` as `12,345.60`.
    public static func grouped(_ value: Double, decimals: Int) -> String {
        let text = String(format: "%.\(decimals)f", abs(value))
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let whole = Int(parts[0]).map { $0.grouped } ?? String(parts[0])
        let sign = value < 0 && text.contains(where: { $0 != "0" && $0 != "." }) ? "-" : ""
        return sign + whole + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// `$12,345.67`; `-$5.00`.
    public func money(_ value: Double) -> String {
        let body = Self.grouped(abs(value), decimals: 2)
        return (value < 0 && body != "0.00" ? "-" : "") + currencyPrefix + body
    }

    /// Compact money for axes and sparklines: `$950`, `$12.3k`, `$1.2M`.
    public func shortMoney(_ value: Double) -> String {
        let sign = value < 0 ? "-" : ""
        return sign + currencyPrefix + Self.short(abs(value))
    }

    /// `950`, `12.3k`, `1.2M`.
    public static func short(_ value: Double) -> String {
        let magnitude = abs(value)
        func trim(_ text: String) -> String { text.hasSuffix(".0") ? String(text.dropLast(2)) : text }
        let sign = value < 0 ? "-" : ""
        if magnitude >= 1e9 { return sign + trim(String(format: "%.1f", magnitude / 1e9)) + "B" }
        if magnitude >= 1e6 { return sign + trim(String(format: "%.1f", magnitude / 1e6)) + "M" }
        if magnitude >= 1e3 { return sign + trim(String(format: "%.1f", magnitude / 1e3)) + "k" }
        if magnitude >= 10 || magnitude == 0 { return sign + String(format: "%.0f", magnitude) }
        return sign + trim(String(format: "%.1f", magnitude))
    }

    public static func integer(_ value: Double) -> String { grouped(value, decimals: 0) }

    /// A fraction as a percentage: `0.1234` -> `12.3%`.
    public static func percent(_ fraction: Double, decimals: Int = 1) -> String {
        grouped(fraction * 100, decimals: decimals) + "%"
    }

    /// A relative change with its sign: `+4.5%`, `-3.2%`, `n/a` when undefined.
    public static func change(_ fraction: Double?) -> String {
        guard let fraction else { return "n/a" }
        let text = percent(fraction)
        return fraction > 0 && text != "0.0%" ? "+" + text : text
    }

    /// A change between windows: `+4.5%`, `-3.2%`; `up`, `down` or `no change` when the previous
    /// value was 0 (no relative change).
    public static func change(_ change: Change) -> String {
        if let relative = change.relative { return self.change(relative) }
        switch change.direction {
        case .up: return "up"
        case .down: return "down"
        case .flat: return "no change"
        }
    }

    /// A plain decimal with `decimals` places and thousands separators.
    public static func decimal(_ value: Double, _ decimals: Int = 2) -> String { grouped(value, decimals: decimals) }

    /// A p-value: `0.0312`, `< 0.0001`.
    public static func pValue(_ p: Double) -> String { p < 0.0001 ? "< 0.0001" : String(format: "%.4f", p) }

    /// `23 Nov 2026`.
    public static func longDate(_ day: Day) -> String {
        let c = day.components
        return "\(c.day) \(monthNames[c.month - 1]) \(c.year)"
    }

    /// `Nov 2026`.
    public static func monthYear(_ day: Day) -> String {
        let c = day.components
        return "\(monthNames[c.month - 1]) \(c.year)"
    }

    /// `23 Nov`.
    public static func shortDate(_ day: Day) -> String {
        let c = day.components
        return "\(c.day) \(monthNames[c.month - 1])"
    }

    /// `23–29 Nov 2026`, `30 Nov – 6 Dec 2026`.
    public static func range(_ from: Day, _ to: Day) -> String {
        let a = from.components, b = to.components
        if a.year == b.year && a.month == b.month { return "\(a.day)–\(b.day) \(monthNames[b.month - 1]) \(b.year)" }
        if a.year == b.year { return "\(shortDate(from)) – \(shortDate(to)) \(b.year)" }
        return "\(longDate(from)) – \(longDate(to))"
    }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
}

extension Int {
    /// `1 day`, `3 days`, `1,204 customers`: a count with its noun, singular or plural.
    public func counted(_ singular: String, plural: String? = nil) -> String {
        "\(grouped) \(self == 1 ? singular : plural ?? singular + "s")"
    }
}
