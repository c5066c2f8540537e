import Foundation
import MktTesting
import Testing
@testable import MktData

/// The hostile-input suite: every case under `fixtures/hostile/` (and the huge ones, generated
/// here) with its exact outcome: a one-line error naming file, line and reason, or rejected rows
/// counted with every good row kept. Each case folder also has three good order lines (2026-11-20,
/// 11-24 and 11-25; the first two in orders.csv are O1 and O2).
@Suite struct HostileInputTests {
    let window = DateWindow(from: Day(year: 2026, month: 11, day: 23)!, to: Day(year: 2026, month: 11, day: 29)!)

    func load(_ folder: String, config: Config = Config()) throws -> (facts: Facts, rejects: [RejectedRow]) {
        let sink = CollectingRejectSink()
        let facts = try DataLoader(directory: folder, config: config).load(window: .fixed(window), rejects: sink)
        return (facts, sink.rows)
    }

    func hostile(_ name: String) -> String { RepositoryFiles.path("fixtures/hostile/\(name)") }

    /// The reasons of the rejected rows, as "file:line: reason".
    func reasons(_ rejects: [RejectedRow]) -> [String] { rejects.map { "\($0.file):\($0.line): \($0.reason)" } }

    func error(_ folder: String, config: Config = Config()) -> String? {
        do {
            _ = try load(folder, config: config)
            return nil
        } catch {
            return String(describing: error)
        }
    }

    @Test func invalidUTF8AndNULBytesRejectTheirRows() throws {
        let (facts, rejects) = try load(hostile("invalid_utf8"))
        #expect(reasons(rejects) == ["orders.csv:5: invalid UTF-8 in customer_id", "orders.csv:6: NUL byte in customer_id"])
        #expect(facts.dataQuality[.orders].rowsRead == 5 && facts.orderDays.count == 3)
    }

    @Test func unbalancedQuoteAtEndOfFileRejectsOnlyThatRecord() throws {
        let (facts, rejects) = try load(hostile("unbalanced_quote"))
        #expect(reasons(rejects) == ["orders.csv:5: unterminated quoted field"])
        #expect(facts.orderDays.count == 3)
    }

    @Test func headerOnlyAndEmptyFilesAreNotedNotFatal() throws {
        let headerOnly = try load(hostile("header_only"))
        #expect(headerOnly.rejects.isEmpty && headerOnly.facts.dataQuality[.events].rowsRead == 0)
        #expect(headerOnly.facts.dataQuality[.events].files == ["events.csv"])
        let empty = try load(hostile("empty_file"))
        #expect(empty.rejects.isEmpty)
        #expect(empty.facts.dataQuality.notes.contains("customers.csv is empty (no header row); it was skipped."))
    }

    @Test func headerProblemsAreOneLineErrors() {
        #expect(error(hostile("missing_column")) == "events.csv:1: missing required column 'event_type' (map them with \"columns\" in the config)")
        #expect(error(hostile("duplicate_columns")) == "customers.csv:1: column 'region' appears more than once in the header")
    }

    @Test func extraAndMissingFieldsAreRejected() throws {
        let (facts, rejects) = try load(hostile("extra_missing_fields"))
        #expect(reasons(rejects) == ["orders.csv:5: expected 6 fields, found 7", "orders.csv:6: expected 6 fields, found 4"])
        #expect(facts.orderDays.count == 3)
    }

    /// 1e309, NaN, thousands separators and decimal commas are refused (a decimal comma says how to read it); -0, returns and a zero price are kept.
    @Test func numbersAreStrict() throws {
        let (facts, rejects) = try load(hostile("numbers"))
        #expect(reasons(rejects) == [
            "orders.csv:5: not a plain decimal number in unit_price: '1e309'",
            "orders.csv:6: not a plain decimal number in unit_price: 'NaN'",
            "orders.csv:8: number with a thousands separator in unit_price: '1,234.50'",
            "orders.csv:9: number with a decimal comma (set decimal_comma in the config) in unit_price: '1.234,50'",
        ])
        #expect(facts.dataQuality[.orders].rowsRead == 10)
        // Kept in the window: O2, O3 (11.00 + 5.50), O6 (-0 x 5 = 0), O9 (a return of 5.50) and O10 (price 0).
        let revenue = (0..<facts.orderDays.count).filter { window.contains(facts.orderDays.day[$0]) }
            .reduce(0.0) { $0 + facts.orderDays.revenue[$1] }
        #expect(abs(revenue - (11 + 5.5 - 5.5)) < 1e-9)
    }

    /// Impossible dates are rejected; local times in a daylight-saving gap or overlap of the configured
    /// zone are kept on their calendar date (only the day matters to every figure).
    @Test func datesAreCheckedAndDaylightSavingTimesKeepTheirDate() throws {
        var config = Config()
        config.timeZone = "Europe/Berlin"
        let (facts, rejects) = try load(hostile("dates"), config: config)
        #expect(reasons(rejects) == ["orders.csv:5: date does not exist in order_time: '2026-02-30T10:00:00Z'",
                                     "orders.csv:6: year outside 1900-2199 in order_time: '0000-01-01'"])
        let days = Set(facts.orderDays.day.map(\.description))
        #expect(days.isSuperset(of: ["2026-03-29", "2026-10-25"]))
    }

    @Test func unknownSKUsAndEventOnlyCustomersAreKept() throws {
        let unknown = try load(hostile("unknown_sku"))
        #expect(unknown.rejects.isEmpty && unknown.facts.orderDays.count == 4)
        #expect(unknown.facts.dataQuality.notes.contains {
            $0 == "1 order lines name 1 SKUs that are not in the product catalog; they count in sales but are never recommended."
        })
        let eventsOnly = try load(hostile("events_only_customer"))
        #expect(eventsOnly.rejects.isEmpty)
        #expect(eventsOnly.facts.customers.ids.contains("C99"))
        #expect(eventsOnly.facts.dataQuality[.events].rowsRead == 1)
    }

    @Test func brokenGzipDirectoriesAndUnreadableFilesAreErrors() {
        #expect(error(hostile("gzip_truncated"))?.hasPrefix("events.csv.gz") == true)
        #expect(error(hostile("gzip_truncated"))?.hasSuffix("truncated gzip data") == true)
        #expect(error(hostile("not_gzip")) == "events.csv.gz: not gzip data (incorrect header check)")
        #expect(error(hostile("directory")) == "events.csv: not a regular file")
        #expect(error(hostile("unreadable")) == "customers.csv: cannot open: No such file or directory")
    }

    @Test func a100MBLineIsRejectedAndTheRowsAfterItKept() throws {
        let folder = TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var text = "order_id,order_time,customer_id,sku,quantity,unit_price\nO1,2026-11-24T10:00:00Z,C1,S1,1,10.00\n"
        text += String(repeating: "x", count: 100_000_000) + "\nO2,2026-11-25T10:00:00Z,C2,S1,1,5.00\n"
        try text.write(toFile: folder + "/orders.csv", atomically: false, encoding: .utf8)
        let (facts, rejects) = try load(folder)
        #expect(reasons(rejects) == ["orders.csv:3: record longer than 16 MB"])
        #expect(facts.orderDays.count == 2)
    }

    // MARK: XML feed attacks

    @Test func externalEntitiesAreRefusedWithoutReadingTheFile() {
        let message = error(hostile("xxe"))
        #expect(message?.hasPrefix("products.xml:") == true && message?.hasSuffix("XML feed declares a DOCTYPE; DTDs and entities are refused") == true)
        #expect(message?.contains("root:") == false)
    }

    @Test func billionLaughsIsRefused() {
        let message = error(hostile("laughs")) ?? ""
        #expect(message.hasPrefix("products.xml:1: "), "\(message)")
        #expect(message.contains("DOCTYPE") || message.contains("entity"), "\(message)")
    }

    func feed(_ title: (FileHandle) -> Void) throws -> String {
        let folder = TemporaryDirectory.make()
        try "order_id,order_time,customer_id,sku,quantity,unit_price\nO1,2026-11-24T10:00:00Z,C1,S1,1,10.00\n"
            .write(toFile: folder + "/orders.csv", atomically: false, encoding: .utf8)
        try #require(FileManager.default.createFile(atPath: folder + "/products.xml", contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: folder + "/products.xml"))
        handle.write(Data("<rss xmlns:g=\"http://base.google.com/ns/1.0\"><channel><item><g:id>S1</g:id><title>".utf8))
        title(handle)
        handle.write(Data("</title></item></channel></rss>\n".utf8))
        try handle.close()
        return folder
    }

    @Test func deepNestingIsBounded() throws {
        let folder = try feed { handle in
            handle.write(Data(String(repeating: "<a>", count: 100_000).utf8))
            handle.write(Data(String(repeating: "</a>", count: 100_000).utf8))
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(error(folder) == "products.xml:1: malformed XML feed: Excessive depth in document: 256 use XML_PARSE_HUGE option")
    }

    /// A 1 GB text node stops at libxml2's 10 MB text limit, in bounded memory (the feed is streamed).
    @Test func aOneGigabyteTextNodeIsRefused() throws {
        let folder = try feed { handle in
            let chunk = Data(repeating: UInt8(ascii: "a"), count: 1 << 20)
            for _ in 0..<1024 { handle.write(chunk) }
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(error(folder) == "products.xml:1: malformed XML feed: xmlSAX2Characters: huge text node")
    }

    // MARK: Round two's classes, committed as cases under fixtures/hostile/

    /// 308 nines, a 16-digit quantity and a 17-digit price: no number the tool keeps can overflow a total.
    @Test func numbersTooLongToAddUpAreRejected() throws {
        let (facts, rejects) = try load(hostile("overflow"))
        let nines = String(repeating: "9", count: 40)
        #expect(reasons(rejects) == [
            "orders.csv:5: number of 16 or more digits in unit_price: '" + nines + "…'",
            "orders.csv:6: number of 16 or more digits in quantity: '1000000000000000'",
            "orders.csv:7: number of 16 or more digits in unit_price: '12345678901234567.00'",
        ])
        let revenue = facts.orderDays.revenue.reduce(0, +)
        #expect(revenue.isFinite && abs(revenue - (10 + 11 + 5.5 + 5)) < 1e-9)
    }

    @Test func placeholderAndTypoDatesInACommittedCaseAreLeftOutWithANote() throws {
        let (facts, rejects) = try load(hostile("outlying_dates"))
        #expect(rejects.isEmpty)
        #expect(facts.orderSpan == DateWindow(from: Day(year: 2026, month: 11, day: 4)!, to: Day(year: 2026, month: 11, day: 25)!))
        #expect(facts.daily.firstDay == Day(year: 2026, month: 11, day: 4)!)
        #expect(facts.dataQuality.notes.filter { $0.contains("lies over a year from the rest of the orders (2026-11-04 to 2026-11-25)") }.count == 2, "\(facts.dataQuality.notes)")
    }

    /// Counts that cannot be: more conversions than clicks, more clicks than impressions, negative counts.
    @Test func impossibleAdCountsAreRejected() throws {
        let (facts, rejects) = try load(hostile("ad_counts"))
        #expect(reasons(rejects) == ["ads.csv:3: conversions exceed clicks", "ads.csv:4: clicks exceed impressions", "ads.csv:5: negative conversions: '-1'"])
        #expect(facts.ads.conversions.sorted() == [2.5, 5])
    }

    /// E-mail, name and phone columns under their usual variant names, a shifted row in a customers
    /// export and e-mails typed into search: no personal value in any reason or rejected text.
    @Test func personalColumnsByAnyUsualNameNeverReachARejectedRow() throws {
        let (facts, rejects) = try load(hostile("pii_headers"))
        #expect(reasons(rejects) == ["customers.csv:3: not an ISO 8601 date or date-time in signup_date",
                                     "events.csv:4: not an ISO 8601 date or date-time in event_time"])
        #expect(rejects.allSatisfy { $0.text.isEmpty })
        #expect(facts.customers.ids.sorted() == ["C1", "C2"])
    }

    /// Config values that crashed a later stage in round two are one-line errors naming the key.
    @Test(arguments: [
        ("alpha.json", "'ads.alpha' must be a number above 0 and below 1, got '0'"),
        ("top_n.json", "'recommendations.top_n' must be a whole number from 1 to 100, got '-3'"),
        ("pii_sku.json", "'pii_columns' names 'sku', a key column the exports cannot be read without (a customer_id holding e-mail addresses or phone numbers is pseudonymised without configuration)"),
        ("aliases.json", "'columns.orders.sku' names the same header as 'columns.orders.order_id' (headers are matched without case), got 'id'"),
        ("type.json", "'forecast.horizon_days' must be a whole number from 1 to 730, got a string"),
    ])
    func configValuesOutOfRangeAreOneLineErrors(file: String, message: String) {
        #expect(throws: InputError(file: file, reason: message)) { _ = try Config.load(path: hostile("config_ranges/\(file)")) }
    }

}

/// Round two's classes: numbers too large to stay finite, personal values in reasons.
@Suite struct HostileValueTests {
    let window = DateWindow(from: Day(year: 2026, month: 11, day: 23)!, to: Day(year: 2026, month: 11, day: 29)!)

    @Test func aNumberOfSixteenDigitsIsRejectedSoEveryTotalStaysFinite() throws {
        var exports = TestExports()
        exports.order("O1", "2026-11-24T10:00:00Z", customer: "C1", sku: "S1", price: 10)
        exports.file("orders-2.csv", "order_id,order_time,customer_id,sku,quantity,unit_price\n"
            + "O2,2026-11-24T10:00:00Z,C1,S1,1," + String(repeating: "9", count: 308) + "\n"
            + "O3,2026-11-24T10:00:00Z,C1,S1,1234567890123456,1\n")
        let (facts, rejects) = try exports.load(window: .fixed(window))
        #expect(rejects.map(\.reason) == ["number of 16 or more digits in unit_price: '" + String(repeating: "9", count: 40) + "…'",
                                          "number of 16 or more digits in quantity: '1234567890123456'"])
        #expect(facts.orderDays.revenue.allSatisfy { $0.isFinite })
    }

    @Test func aDecompressionBombIsAOneLineErrorBeforeItFillsMemory() throws {
        var exports = TestExports()
        exports.order("O1", "2026-11-24T10:00:00Z", customer: "C1", sku: "S1", price: 10)
        let row = "E1,2026-11-24T10:00:00Z,C1,view,S1,S1\n"
        let text = "event_id,event_time,customer_id,event_type,sku,session_id\n" + String(repeating: row, count: (80 << 20) / row.utf8.count)
        exports.files["events.csv.gz"] = Gzip.compress(Data(text.utf8))
        #expect(throws: InputError(file: "events.csv.gz", reason: "inflates to more than 200 times its compressed size (a decompression bomb?); it was not read")) {
            _ = try exports.load(window: .fixed(window))
        }
    }

    @Test func aPlaceholderDateOrATypoFarFromTheDataIsLeftOutAndReported() throws {
        var exports = TestExports()
        for d in 0..<60 { exports.order("O\(d)", (Day(year: 2026, month: 10, day: 1)! + d).description + "T10:00:00Z", customer: "C\(d % 9)", sku: "S1", price: 10) }
        exports.order("P1", "1900-01-01T00:00:00Z", customer: "C1", sku: "S1", price: 10)
        exports.order("T1", "2099-06-01T10:00:00Z", customer: "C2", sku: "S1", price: 10)
        let (facts, rejects) = try exports.load(window: .lastCompleteWeek)
        #expect(rejects.isEmpty)
        #expect(facts.periods.current == DateWindow(from: Day(year: 2026, month: 11, day: 23)!, to: Day(year: 2026, month: 11, day: 29)!))
        #expect(facts.orderSpan == DateWindow(from: Day(year: 2026, month: 10, day: 1)!, to: Day(year: 2026, month: 11, day: 29)!))
        #expect(facts.dataQuality.notes.contains("1 order line dated 1900-01-01 lies over a year from the rest of the orders (2026-10-01 to 2026-11-29) and was left out (a placeholder date or a typo?)."), "\(facts.dataQuality.notes)")
        #expect(facts.dataQuality.notes.contains { $0.hasPrefix("1 order line dated 2099-06-01") })
    }

    @Test func aShiftedRowOfAnExportWithPersonalDataQuotesNoValue() throws {
        var exports = TestExports()
        exports.order("O1", "2026-11-24T10:00:00Z", customer: "C1", sku: "S1", price: 10)
        exports.file("customers.csv", "customer_id,E-Mail,signup_date\nC1,jane@example.com,2025-01-01\nC2,2025-01-01,jane@example.com\n")
        let (_, rejects) = try exports.load(window: .fixed(window))
        #expect(rejects.count == 1 && rejects[0].line == 3 && !rejects[0].reason.contains("@") && rejects[0].text.isEmpty, "\(rejects)")
        #expect(rejects[0].reason.hasSuffix("in signup_date"), "\(rejects[0].reason)")
    }
}
