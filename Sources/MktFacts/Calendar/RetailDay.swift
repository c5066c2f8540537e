/// The days of the retail year whose trade differs from the weeks around them, most of them
/// moving from year to year. Each is defined here once, by its rule; the forecast learns what
/// each does to a shop from the shop's own past years (`CalendarEffects`).
public enum RetailDay: String, CaseIterable, Sendable {
    case christmasEve = "Christmas Eve"
    case christmas = "Christmas Day"
    case boxingDay = "Boxing Day"
    case newYearsEve = "New Year's Eve"
    case newYearsDay = "New Year's Day"
    case easter = "Easter Sunday"
    case singlesDay = "Singles' Day"
    case blackFriday = "Black Friday"
    case cyberMonday = "Cyber Monday"

    /// The day in `year` (within `Day.validYears`).
    public func day(in year: Int) -> Day {
        switch self {
        case .christmasEve: return Day(year: year, month: 12, day: 24)!
        case .christmas: return Day(year: year, month: 12, day: 25)!
        case .boxingDay: return Day(year: year, month: 12, day: 26)!
        case .newYearsEve: return Day(year: year, month: 12, day: 31)!
        case .newYearsDay: return Day(year: year, month: 1, day: 1)!
        case .easter: return Self.easterSunday(year)
        case .singlesDay: return Day(year: year, month: 11, day: 11)!
        case .blackFriday: return Self.thanksgiving(year) + 1
        case .cyberMonday: return Self.thanksgiving(year) + 4
        }
    }

    /// The kind of retail day `day` is, if any.
    public static func of(_ day: Day) -> RetailDay? {
        let year = day.components.year
        return allCases.first { $0.day(in: year) == day }
    }

    /// US Thanksgiving: the fourth Thursday of November.
    static func thanksgiving(_ year: Int) -> Day {
        let first = Day(year: year, month: 11, day: 1)!
        return first + (3 - first.weekday + 7) % 7 + 21
    }

    /// Western (Gregorian) Easter Sunday, by the anonymous Gregorian algorithm (Meeus, Astronomical
    /// Algorithms, ch. 8).
    static func easterSunday(_ year: Int) -> Day {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1
        return Day(year: year, month: month, day: day)!
    }
}
