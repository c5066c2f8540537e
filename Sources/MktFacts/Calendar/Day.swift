/// A calendar day in the configured time zone, stored as days since 1970-01-01.
///
/// Days are the unit of every time axis in mktreport: windows, daily series and
/// recency. Conversions use Howard Hinnant's civil-date algorithms, so no
/// Foundation `Calendar` is involved on the hot path.
///
///     let day = Day(year: 2026, month: 11, day: 23)!   // a Monday
///     day.weekday            // 0 (Monday) ... 6 (Sunday)
///     (day + 6).description  // "2026-11-29"
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public var index: Int32

    public init(index: Int32) { self.index = index }

    /// The earliest and latest years accepted anywhere in the input.
    public static let validYears: ClosedRange<Int> = 1900...2199

    /// Creates a day from a proleptic Gregorian date, or nil when the date does not exist
    /// (2026-02-30) or lies outside `validYears`.
    public init?(year: Int, month: Int, day: Int) {
        guard Day.validYears.contains(year), (1...12).contains(month),
              day >= 1, day <= Day.daysInMonth(year: year, month: month) else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        index = Int32(era * 146_097 + dayOfEra - 719_468)
    }

    public static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Year, month (1-12) and day of month.
    public var components: (year: Int, month: Int, day: Int) {
        let z = Int(index) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// ISO weekday with Monday = 0 ... Sunday = 6.
    public var weekday: Int { Int((Int64(index) % 7 + 7 + 3) % 7) }

    /// The Monday on or before this day.
    public var startOfWeek: Day { self - weekday }

    /// The first day of this day's month.
    public var startOfMonth: Day {
        let c = components
        return Day(year: c.year, month: c.month, day: 1)!
    }

    /// Day of the year, 1-based.
    public var dayOfYear: Int { Int(index - Day(year: components.year, month: 1, day: 1)!.index) + 1 }

    /// Adds whole months, clamping the day of month (Jan 31 + 1 month = Feb 28/29).
    public func addingMonths(_ months: Int) -> Day {
        let c = components
        let total = c.year * 12 + (c.month - 1) + months
        let year = total / 12, month = total % 12 + 1
        return Day(year: year, month: month, day: min(c.day, Day.daysInMonth(year: year, month: month)))!
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(iso text: String) {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for c in b[range] {
                guard c &- 48 < 10 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let parsed = Day(year: year, month: month, day: day) else { return nil }
        self = parsed
    }

    public var description: String {
        let c = components
        return "\(c.year)-\(c.month < 10 ? "0" : "")\(c.month)-\(c.day < 10 ? "0" : "")\(c.day)"
    }

    public static func < (a: Day, b: Day) -> Bool { a.index < b.index }
    public static func + (a: Day, days: Int) -> Day { Day(index: a.index + Int32(days)) }
    public static func - (a: Day, days: Int) -> Day { Day(index: a.index - Int32(days)) }
    /// Whole days from `b` to `a`.
    public static func - (a: Day, b: Day) -> Int { Int(a.index - b.index) }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DD date: \(text)"))
        }
        self = day
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// An inclusive range of days, such as a report window.
public struct DateWindow: Hashable, Sendable, Codable, CustomStringConvertible {
    public var from: Day
    public var to: Day

    public init(from: Day, to: Day) {
        precondition(from <= to, "window start after end")
        self.from = from
        self.to = to
    }

    public var length: Int { to - from + 1 }
    public func contains(_ day: Day) -> Bool { day >= from && day <= to }
    /// The window of equal length that ends the day before this one starts.
    public var previous: DateWindow { DateWindow(from: from - length, to: from - 1) }
    public var days: [Day] { (0..<length).map { from + $0 } }
    /// `2026-11-23_2026-11-29`, the name of the window's output folder.
    public var folderName: String { "\(from)_\(to)" }
    public var description: String { "\(from) to \(to)" }

    /// The last complete Monday-Sunday week that ends on or before `day`.
    public static func lastCompleteWeek(endingOnOrBefore day: Day) -> DateWindow {
        let sunday = day.weekday == 6 ? day : day.startOfWeek - 1
        return DateWindow(from: sunday - 6, to: sunday)
    }
}
