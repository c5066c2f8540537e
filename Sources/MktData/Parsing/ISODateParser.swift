/// Parses ISO 8601 dates and date-times straight from bytes, without creating strings.
///
/// Accepted: `2026-11-02`, `2026-11-02T14:03`, `2026-11-02T14:03:00`, fractional
/// seconds, a space instead of `T`, and an optional offset `Z`, `+08:00`, `+0800`
/// or `+08`. A time without an offset is wall-clock time in the configured zone, so
/// its day is its date; a time with an offset is converted to the zone's day.
/// Hand-written because Foundation's `ISO8601DateFormatter` needs a `String` per
/// value and one fixed format, and costs about 1 µs per call (measured in
/// `make bench`), which is the whole budget for an events row.
public enum ISODateParser {
    public enum Failure: Error, Equatable, Sendable {
        case malformed
        case nonexistentDate
        case yearOutOfRange

        public var reason: String {
            switch self {
            case .malformed: return "not an ISO 8601 date or date-time"
            case .nonexistentDate: return "date does not exist"
            case .yearOutOfRange: return "year outside \(Day.validYears.lowerBound)-\(Day.validYears.upperBound)"
            }
        }
    }

    /// Parses `YYYY-MM-DD` at the start of `bytes`; nil if the prefix is not a valid date.
    public static func parseDate(_ bytes: UnsafeBufferPointer<UInt8>) -> Day? {
        if case .success(let day) = parseDatePrefix(bytes) { return day }
        return nil
    }

    static func parseDatePrefix(_ b: UnsafeBufferPointer<UInt8>) -> Result<Day, Failure> {
        guard b.count >= 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              let year = digits(b, 0, 4), let month = digits(b, 5, 2), let day = digits(b, 8, 2)
        else { return .failure(.malformed) }
        guard Day.validYears.contains(year) else { return .failure(.yearOutOfRange) }
        guard let result = Day(year: year, month: month, day: day) else { return .failure(.nonexistentDate) }
        return .success(result)
    }

    /// Parses a date or date-time and returns its day in `clock`'s zone.
    @inline(__always)
    public static func parseDay(_ raw: UnsafeBufferPointer<UInt8>, clock: ZoneClock) -> Result<Day, Failure> {
        parseMoment(raw, clock: clock).map(\.day)
    }

    /// Parses a date or date-time and returns its day and second of the day in `clock`'s zone (a
    /// date alone is its day's first second).
    public static func parseMoment(_ raw: UnsafeBufferPointer<UInt8>, clock: ZoneClock) -> Result<LocalMoment, Failure> {
        let b = trimmed(raw)
        let date: Day
        switch parseDatePrefix(b) {
        case .success(let day): date = day
        case .failure(let failure): return .failure(failure)
        }
        if b.count == 10 { return .success(LocalMoment(day: date, second: 0)) }
        let separator = b[10]
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: " ") || separator == UInt8(ascii: "t"),
              b.count >= 16, b[13] == UInt8(ascii: ":"),
              let hour = digits(b, 11, 2), let minute = digits(b, 14, 2), hour <= 23, minute <= 59
        else { return .failure(.malformed) }
        var i = 16
        var second = 0
        if i < b.count, b[i] == UInt8(ascii: ":") {
            guard let s = digits(b, i + 1, 2), s <= 60 else { return .failure(.malformed) }
            second = s
            i += 3
            if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
                i += 1
                let start = i
                while i < b.count, isDigit(b[i]) { i += 1 }
                if i == start { return .failure(.malformed) }
            }
        }
        let wallSecond = Int32(hour * 3600 + minute * 60 + min(second, 59))
        if i == b.count { return .success(LocalMoment(day: date, second: wallSecond)) }  // wall-clock time in the configured zone
        let offsetSeconds: Int64
        switch b[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard i + 1 == b.count else { return .failure(.malformed) }
            offsetSeconds = 0
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign: Int64 = b[i] == UInt8(ascii: "-") ? -1 : 1
            let rest = b.count - i - 1
            guard let hh = digits(b, i + 1, 2), hh <= 23 else { return .failure(.malformed) }
            var mm = 0
            if rest == 5, b[i + 3] == UInt8(ascii: ":"), let m = digits(b, i + 4, 2) { mm = m }
            else if rest == 4, let m = digits(b, i + 3, 2) { mm = m }
            else if rest != 2 { return .failure(.malformed) }
            guard mm <= 59 else { return .failure(.malformed) }
            offsetSeconds = sign * Int64(hh * 3600 + mm * 60)
        default:
            return .failure(.malformed)
        }
        let wall = Int64(date.index) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return .success(clock.moment(ofInstant: wall - offsetSeconds))
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- 48 < 10 }

    @inline(__always) static func digits(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        guard start + count <= b.count else { return nil }
        var value = 0
        for i in start..<(start + count) {
            let d = b[i] &- 48
            guard d < 10 else { return nil }
            value = value * 10 + Int(d)
        }
        return value
    }
}

/// Strips leading and trailing ASCII spaces and tabs.
@inline(__always) public func trimmed(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    var start = 0, end = b.count
    while start < end, b[start] == 0x20 || b[start] == 0x09 { start += 1 }
    while end > start, b[end - 1] == 0x20 || b[end - 1] == 0x09 { end -= 1 }
    return UnsafeBufferPointer(rebasing: b[start..<end])
}

extension UnsafeBufferPointer<UInt8> {
    /// True when the bytes spell `word` (lowercase ASCII letters), in any letter case; no `String` is made.
    @inline(__always) func equalsIgnoringCase(_ word: StaticString) -> Bool {
        guard count == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for i in 0..<count where (self[i] | 0x20) != w[i] { return false }
        return true
    }
}
