/// Field-level checks shared by the export loaders. Each returns a value or the
/// reason the row is rejected.
enum FieldReading {
    /// A text field as validated bytes: no NUL, valid UTF-8, surrounding spaces removed.
    @inline(__always)
    static func text(_ raw: UnsafeBufferPointer<UInt8>, column: String) -> Result<UnsafeBufferPointer<UInt8>, RowProblem> {
        let b = trimmed(raw)
        var plain = true
        for byte in b where byte == 0 || byte >= 0x80 {
            if byte == 0 { return .failure(RowProblem("NUL byte in \(column)")) }
            plain = false
        }
        if !plain && String(validating: b, as: UTF8.self) == nil {
            return .failure(RowProblem("invalid UTF-8 in \(column)"))
        }
        return .success(b)
    }

    /// A required, non-empty text field.
    @inline(__always)
    static func key(_ raw: UnsafeBufferPointer<UInt8>, column: String) -> Result<UnsafeBufferPointer<UInt8>, RowProblem> {
        switch text(raw, column: column) {
        case .success(let b) where b.isEmpty: return .failure(RowProblem("missing \(column)"))
        case let other: return other
        }
    }

    @inline(__always)
    static func number(_ raw: UnsafeBufferPointer<UInt8>, column: String) -> Result<Double, RowProblem> {
        switch DecimalParser.parse(raw) {
        case .success(let value): return .success(value)
        case .failure(let failure): return .failure(RowProblem("\(failure.reason) in \(column)", raw))
        }
    }

    /// An amount of money: a plain decimal, optionally with the currency code before or after it (`19.99 USD`).
    static func money(_ raw: UnsafeBufferPointer<UInt8>, column: String, currency: String) -> Result<Double, RowProblem> {
        let b = trimmed(raw)
        if b.count > 4 {
            let code: UnsafeBufferPointer<UInt8>, amount: UnsafeBufferPointer<UInt8>
            if isLetter(b[b.count - 1]) && b[b.count - 4] == 0x20 {
                code = UnsafeBufferPointer(rebasing: b[(b.count - 3)...])
                amount = UnsafeBufferPointer(rebasing: b[..<(b.count - 4)])
            } else if isLetter(b[0]) && b[3] == 0x20 {
                code = UnsafeBufferPointer(rebasing: b[..<3])
                amount = UnsafeBufferPointer(rebasing: b[4...])
            } else {
                return number(b, column: column)
            }
            let codeText = String(decoding: code, as: UTF8.self).uppercased()
            guard codeText == currency else {
                return .failure(RowProblem("unknown currency \(String(decoding: code, as: UTF8.self)) in \(column) (expected \(currency))"))
            }
            return number(amount, column: column)
        }
        return number(b, column: column)
    }

    @inline(__always) private static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) &- 97 < 26 }

    @inline(__always)
    static func day(_ raw: UnsafeBufferPointer<UInt8>, column: String, clock: ZoneClock) -> Result<Day, RowProblem> {
        moment(raw, column: column, clock: clock).map(\.day)
    }

    @inline(__always)
    static func moment(_ raw: UnsafeBufferPointer<UInt8>, column: String, clock: ZoneClock) -> Result<LocalMoment, RowProblem> {
        switch ISODateParser.parseMoment(raw, clock: clock) {
        case .success(let moment): return .success(moment)
        case .failure(let failure): return .failure(RowProblem("\(failure.reason) in \(column)", raw))
        }
    }
}

/// Why a row is rejected, with the offending value quoted (cut short).
struct RowProblem: Error {
    var reason: String

    init(_ reason: String) { self.reason = reason }

    init(_ reason: String, _ value: UnsafeBufferPointer<UInt8>) {
        let shown = String(decoding: UnsafeBufferPointer(rebasing: value[0..<min(value.count, 40)]), as: UTF8.self)
        self.reason = "\(reason): '\(shown.replacingNULs())\(value.count > 40 ? "…" : "")'"
    }
}
