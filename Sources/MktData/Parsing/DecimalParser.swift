/// Parses plain decimal numbers (`19.99`, `-3`, `.5`) straight from bytes.
///
/// Deliberately strict, because a misread number is worse than a rejected row:
/// no exponents (`1e309`), no `NaN`/`inf`, no thousands separators (`1,234.50`
/// is ambiguous across locales). Up to 19 significant digits are converted with
/// one correctly rounded division, so `0.1` parses to the same `Double` as
/// Swift's own parser; longer inputs fall back to it. Hand-written for speed:
/// `Double(String)` needs a `String` per field.
///
/// Numbers of more than `maximumIntegerDigits` digits before the point are refused, so every
/// product and total of parsed values stays finite (no `1e308` price times a quantity).
public enum DecimalParser {
    public static let maximumIntegerDigits = 15

    public enum Failure: Error, Equatable, Sendable {
        case empty
        case malformed
        case thousandsSeparator
        /// `12,5` or `1.234,56`: a comma that cannot be grouping thousands.
        case decimalComma
        case tooLarge

        public var reason: String {
            switch self {
            case .empty: return "empty number"
            case .malformed: return "not a plain decimal number"
            case .thousandsSeparator: return "number with a thousands separator"
            case .decimalComma: return "number with a decimal comma (set decimal_comma in the config)"
            case .tooLarge: return "number of \(maximumIntegerDigits + 1) or more digits"
            }
        }
    }

    private static let powersOfTen: [Double] = (0...22).map { p in
        var value = 1.0
        for _ in 0..<p { value *= 10 }
        return value
    }

    public static func parse(_ raw: UnsafeBufferPointer<UInt8>) -> Result<Double, Failure> {
        let b = trimmed(raw)
        guard !b.isEmpty else { return .failure(.empty) }
        var i = 0
        var negative = false
        if b[0] == UInt8(ascii: "-") || b[0] == UInt8(ascii: "+") {
            negative = b[0] == UInt8(ascii: "-")
            i = 1
        }
        var mantissa: UInt64 = 0
        var significant = 0
        var fractionDigits = 0
        var sawDigit = false
        var sawPoint = false
        while i < b.count {
            let c = b[i]
            if c &- 48 < 10 {
                sawDigit = true
                if mantissa != 0 || c != 48 { significant += 1 }
                if significant <= 19 { mantissa = mantissa &* 10 &+ UInt64(c &- 48) }
                if sawPoint { fractionDigits += 1 } else if significant > maximumIntegerDigits { return .failure(.tooLarge) }
            } else if c == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else if c == UInt8(ascii: ",") {
                return .failure(isDecimalComma(b, at: i) ? .decimalComma : .thousandsSeparator)
            } else if c == UInt8(ascii: "'") || c == 0x20 {
                return .failure(.thousandsSeparator)
            } else {
                return .failure(.malformed)
            }
            i += 1
        }
        guard sawDigit else { return .failure(.malformed) }
        let value: Double
        if significant <= 15 && fractionDigits <= 22 {
            value = Double(mantissa) / powersOfTen[fractionDigits]
        } else {
            guard let slow = Double(String(decoding: b, as: UTF8.self)), slow.isFinite else { return .failure(.malformed) }
            return .success(slow)
        }
        return .success(negative && value != 0 ? -value : value)
    }

    /// Whether the comma at `comma` is the number's last comma, followed only by digits, and either
    /// after a point (`1.234,56`) or followed by other than three digits (`12,5`; `12,500` may be
    /// twelve thousand five hundred).
    private static func isDecimalComma(_ b: UnsafeBufferPointer<UInt8>, at comma: Int) -> Bool {
        let rest = b[(comma + 1)...]
        guard !rest.isEmpty, rest.allSatisfy({ $0 &- 48 < 10 }) else { return false }
        return b[..<comma].contains(UInt8(ascii: ".")) || rest.count != 3
    }

    /// Parses a whole number (used for years, counts).
    public static func parseInteger(_ raw: UnsafeBufferPointer<UInt8>) -> Int? {
        let b = trimmed(raw)
        guard !b.isEmpty, b.count <= 18 else { return nil }
        var value = 0
        var i = 0
        var negative = false
        if b[0] == UInt8(ascii: "-") { negative = true; i = 1 }
        guard i < b.count else { return nil }
        while i < b.count {
            let d = b[i] &- 48
            guard d < 10 else { return nil }
            value = value * 10 + Int(d)
            i += 1
        }
        return negative ? -value : value
    }
}
