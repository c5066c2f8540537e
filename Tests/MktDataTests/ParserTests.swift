import Testing
@testable import MktData

func withBytes<T>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBufferPointer(body)
}

@Suite struct DecimalParserTests {
    @Test(arguments: [("19.99", 19.99), ("-3", -3.0), (".5", 0.5), ("+7.25", 7.25), (" 42 ", 42.0), ("0.1", 0.1),
                      ("-0", 0.0), ("1234567.891", 1234567.891), ("123456789012345.678", 123456789012345.678),
                      ("0.000000000000000000012345678901234567", 0.000000000000000000012345678901234567)])
    func parsesPlainDecimals(text: String, expected: Double) {
        let result = withBytes(text) { DecimalParser.parse($0) }
        #expect(result == .success(expected))
        if case .success(let value) = result { #expect(value.sign == .plus || expected < 0) }
    }

    @Test(arguments: [("1e309", DecimalParser.Failure.malformed), ("NaN", .malformed), ("inf", .malformed), ("", .empty),
                      ("1,234.50", .thousandsSeparator), ("1.234,50", .decimalComma), ("12,5", .decimalComma), ("12,500", .thousandsSeparator), ("1 234", .thousandsSeparator),
                      ("12.3.4", .malformed), ("-", .malformed), ("$5", .malformed),
                      ("1234567890123456", .tooLarge), ("12345678901234567890.5", .tooLarge), (String(repeating: "9", count: 308), .tooLarge)])
    func rejectsAmbiguousNumbers(text: String, failure: DecimalParser.Failure) {
        #expect(withBytes(text) { DecimalParser.parse($0) } == .failure(failure))
    }
}

@Suite struct ISODateParserTests {
    let utc = ZoneClock.utc

    @Test(arguments: ["2026-11-02", "2026-11-02T14:03:00Z", "2026-11-02 14:03:00", "2026-11-02T14:03", "2026-11-02T23:59:59.999Z",
                      "2026-11-02T14:03:00+00:00", "2026-11-02T01:00:00+0000", "2026-11-03T02:00:00+08:00", "2026-11-01T20:00:00-05"])
    func parsesToTheUTCDay(text: String) {
        #expect(withBytes(text) { ISODateParser.parseDay($0, clock: utc) } == .success(Day(year: 2026, month: 11, day: 2)!))
    }

    @Test func offsetsMoveTheDayInTheConfiguredZone() throws {
        let berlin = try #require(ZoneClock(identifier: "Europe/Berlin"))
        // 23:30 UTC on 1 Nov is 00:30 on 2 Nov in Berlin (UTC+1 in winter).
        #expect(withBytes("2026-11-01T23:30:00Z") { ISODateParser.parseDay($0, clock: berlin) } == .success(Day(year: 2026, month: 11, day: 2)!))
        // Wall-clock times without an offset keep their date in any zone.
        #expect(withBytes("2026-11-01 23:30:00") { ISODateParser.parseDay($0, clock: berlin) } == .success(Day(year: 2026, month: 11, day: 1)!))
    }

    @Test func daylightSavingTransitionsUseTheRightOffset() throws {
        let newYork = try #require(ZoneClock(identifier: "America/New_York"))
        // DST ends 2026-11-01 at 06:00 UTC: 05:30Z is 01:30 EDT (still 1 Nov), 03:59Z is 23:59 EDT on 31 Oct.
        #expect(withBytes("2026-11-01T05:30:00Z") { ISODateParser.parseDay($0, clock: newYork) } == .success(Day(year: 2026, month: 11, day: 1)!))
        #expect(withBytes("2026-11-01T03:59:00Z") { ISODateParser.parseDay($0, clock: newYork) } == .success(Day(year: 2026, month: 10, day: 31)!))
        // DST starts 2026-03-08 07:00 UTC; 04:30Z is 23:30 EST on 7 March.
        #expect(withBytes("2026-03-08T04:30:00Z") { ISODateParser.parseDay($0, clock: newYork) } == .success(Day(year: 2026, month: 3, day: 7)!))
        #expect(newYork.offset(atInstant: 1_783_000_000) == -4 * 3600)
    }

    @Test(arguments: [("2026-02-30", ISODateParser.Failure.nonexistentDate), ("2025-02-29", .nonexistentDate),
                      ("0000-01-01", .yearOutOfRange), ("2026-13-01", .nonexistentDate), ("26-11-02", .malformed),
                      ("2026-11-02T24:00:00Z", .malformed), ("2026-11-02T10:00:00+25:00", .malformed), ("yesterday", .malformed),
                      ("2026-11-02X", .malformed), ("2026-11-02T10:00:00Zjunk", .malformed)])
    func rejectsInvalidDates(text: String, failure: ISODateParser.Failure) {
        #expect(withBytes(text) { ISODateParser.parseDay($0, clock: utc) } == .failure(failure))
    }

    @Test func leapDayExists() {
        #expect(withBytes("2028-02-29") { ISODateParser.parseDay($0, clock: utc) } == .success(Day(year: 2028, month: 2, day: 29)!))
    }
}

@Suite struct DayTests {
    @Test func civilConversionsRoundTrip() {
        for index in stride(from: Int32(-25_000), through: 60_000, by: 7) {
            let day = Day(index: index)
            let c = day.components
            #expect(Day(year: c.year, month: c.month, day: c.day) == day)
        }
        #expect(Day(year: 1970, month: 1, day: 1)!.index == 0)
        #expect(Day(year: 2026, month: 11, day: 23)!.weekday == 0)
        #expect(Day(year: 2026, month: 11, day: 29)!.weekday == 6)
    }

    @Test func lastCompleteWeek() {
        let sunday = Day(year: 2026, month: 11, day: 29)!
        #expect(DateWindow.lastCompleteWeek(endingOnOrBefore: sunday) == DateWindow(from: sunday - 6, to: sunday))
        #expect(DateWindow.lastCompleteWeek(endingOnOrBefore: sunday + 3) == DateWindow(from: sunday - 6, to: sunday))
        #expect(DateWindow.lastCompleteWeek(endingOnOrBefore: sunday - 1) == DateWindow(from: sunday - 13, to: sunday - 7))
        #expect(DateWindow(from: sunday - 6, to: sunday).previous == DateWindow(from: sunday - 13, to: sunday - 7))
    }

    @Test func monthArithmeticClamps() {
        #expect(Day(year: 2026, month: 1, day: 31)!.addingMonths(1) == Day(year: 2026, month: 2, day: 28)!)
        #expect(Day(year: 2026, month: 11, day: 15)!.addingMonths(3) == Day(year: 2027, month: 2, day: 15)!)
    }
}
