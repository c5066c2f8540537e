import Foundation
import MktData
import MktReport
import MktTesting
import Testing

@Suite struct CommandLineTests {
    @Test(arguments: [
        (["--from", "2026-11-29", "--to", "2026-11-23"], "--from 2026-11-29 is after --to 2026-11-23"),
        (["--from", "2026-13-01", "--to", "2026-11-23"], "--from must be a date like 2026-11-23"),
        (["--from", "2026-11-23"], "give both --from and --to"),
        (["--data", "/nonexistent/folder"], "/nonexistent/folder: data directory not found"),
        (["--from", "2020-01-06", "--to", "2020-01-12"], "orders: the window 2020-01-06 to 2020-01-12 ends before the data, which holds orders from 2024-12-01 to 2026-11-29"),
        (["--from", "2027-12-01", "--to", "2027-12-07"], "orders: the window 2027-12-01 to 2027-12-07 starts over a year after the last order (2026-11-29): download the exports again, or check the dates"),
        (["--bogus"], "Unknown option '--bogus'"),
        (["--email-out", "/tmp/mktreport-test.eml", "--email-to", "a@b.c\r\nBcc: evil@x.y"], "not an e-mail address (like name@example.com): 'a@b.c??Bcc: evil@x.y'"),
        (["--email-out", "/tmp/mktreport-test.eml"], "--email-out needs at least one --email-to ADDRESS"),
        (["--email-out", "fixtures/sample/orders-2024-12-01.csv", "--email-to", "team@example.com"], "is inside the data folder fixtures/sample"),
        (["--email-out", "/nonexistent/folder/x.eml", "--email-to", "team@example.com"], "the folder /nonexistent/folder does not exist"),
        (["--notes", "/nonexistent/notes.md"], "cannot read --notes file /nonexistent/notes.md: No such file or directory"),
    ])
    func usageErrorsAreOneLineWithStatusTwo(arguments: [String], message: String) throws {
        let out = TemporaryDirectory.make()
        let result = try runTool(arguments + ["--out", out, "--quiet"])
        #expect(result.status == 2)
        #expect(result.err.contains(message), "\(result.err)")
        #expect(result.err.hasPrefix("mktreport: "))
        // A failed run leaves no report folder behind.
        let left = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
        #expect(left.filter { !$0.hasPrefix(".") }.isEmpty)
    }

    @Test func negativeCountsReachTheRangeCheck() throws {
        let series = TemporaryDirectory.make() + "/series.csv"
        try "date,value\n2026-01-01,1\n2026-01-02,2\n".write(toFile: series, atomically: true, encoding: .utf8)
        let forecast = try runTool(["forecast", "--input", series, "--horizon", "-1"])
        #expect(forecast.status == 2 && forecast.err == "mktreport: --horizon must be from 1 to 10,000, got -1\n", "\(forecast.err)")
        let recommend = try runTool(["recommend", "--data", "fixtures/sample", "--to", "2026-11-29", "--top", "-3"])
        #expect(recommend.status == 2 && recommend.err == "mktreport: --top must be from 1 to 100, got -3\n", "\(recommend.err)")
    }

    @Test func deeplyNestedNotesAreRefusedAtOnce() throws {
        let notes = TemporaryDirectory.make() + "/notes.md"
        try ("# Notes\n" + String(repeating: ">", count: 100_000) + " deep\n").write(toFile: notes, atomically: true, encoding: .utf8)
        let result = try runTool(["--notes", notes, "--out", TemporaryDirectory.make(), "--quiet"])
        #expect(result.status == 2 && result.err == "mktreport: --notes file \(notes): line 2 is nested more than 32 levels deep\n", "\(result.err)")
    }

    @Test func aFileWhereTheArchiveGoesFailsTheRunBeforeAnythingIsPublished() throws {
        let out = TemporaryDirectory.make()
        try "not a folder".write(toFile: out + "/latest", atomically: true, encoding: .utf8)
        let result = try runTool(["--out", out, "--quiet"])
        #expect(result.status == 2 && result.err == "mktreport: \(out)/latest: is a file; the archive needs a folder here (latest/index.html)\n", "\(result.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).filter { !$0.hasPrefix(".") } == ["latest"])
    }

    /// A late cancellation in a window already published: the next week's report says the
    /// window's figures changed, then and now.
    @Test func aLateCancellationInAPublishedWindowIsReportedAsARestatement() throws {
        func shop(cancelled: Bool) throws -> String {
            var e = TestExports()
            for d in 0..<21 {
                e.order("O\(d)", "\(Day(year: 2026, month: 11, day: 9)! + d)T10:00:00Z", customer: "C\(d % 4)", sku: "S1", price: 10)
            }
            if cancelled { e.file("orders_update.csv", "order_id,order_time,customer_id,sku,quantity,unit_price,status\nO9,2026-11-18T10:00:00Z,C1,S1,1,10,cancelled\n") }
            return try e.write()
        }
        let out = TemporaryDirectory.make()
        #expect(try runTool(["--data", shop(cancelled: false), "--from", "2026-11-16", "--to", "2026-11-22", "--out", out, "--quiet"]).status == 0)
        #expect(try runTool(["--data", shop(cancelled: true), "--from", "2026-11-23", "--to", "2026-11-29", "--out", out, "--quiet"]).status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/2026-11-23_2026-11-29/report.json"))) as! [String: Any]
        let restated = try #require(json["restatements"] as? [String: Any])
        let changes = try #require(restated["changes"] as? [[String: Any]])
        #expect(restated["windows_checked"] as? Int == 1)
        #expect(changes.map { $0["figure"] as? String } == ["revenue", "orders"] && changes.allSatisfy { $0["from"] as? String == "2026-11-16" })
        #expect(changes.first?["then"] as? Double == 70 && changes.first?["now"] as? Double == 60)
        let markdown = try String(contentsOfFile: out + "/2026-11-23_2026-11-29/report.md", encoding: .utf8)
        #expect(markdown.contains("16–22 Nov 2026 now has revenue \\$60.00 (published: \\$70.00), orders 6 (published: 7)"), "\(markdown)")
    }

    /// The next week's report grades the forecasts and lists the previous one published.
    @Test func theNextReportGradesTheForecastsAndListsOfThePreviousOne() throws {
        let out = TemporaryDirectory.make(), data = try TinyShop.exports().write()
        #expect(try runTool(["--data", data, "--from", "2026-11-16", "--to", "2026-11-22", "--out", out, "--quiet"]).status == 0)
        #expect(try runTool(["--data", data, "--from", "2026-11-23", "--to", "2026-11-29", "--out", out, "--quiet"]).status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/2026-11-23_2026-11-29/report.json"))) as! [String: Any]
        let ledger = try #require(json["forecast_ledger"] as? [String: Any])
        let series = try #require(ledger["series"] as? [[String: Any]])
        // The daily revenue and orders forecasts of 16-22 Nov covered the seven days of 23-29 Nov.
        let dailyRevenue = try #require(series.first { $0["series"] as? String == "revenue" && $0["frequency"] as? String == "daily" })
        #expect(dailyRevenue["points"] as? Int == 7 && dailyRevenue["reports"] as? Int == 1)
        let coverage = try #require(dailyRevenue["coverage_95"] as? Double)
        #expect(coverage >= 0 && coverage <= 1 && (dailyRevenue["biggest_misses"] as? [Any])?.count == 3)
        #expect(series.contains { $0["series"] as? String == "revenue" && $0["frequency"] as? String == "weekly" && $0["points"] as? Int == 1 })
        let lists = try #require(ledger["recommendations"] as? [String: Any])
        #expect((lists["customers"] as? Int ?? 0) > 0 && (lists["hit_rate"] as? Double).map { $0 >= 0 && $0 <= 1 } == true)
        let first = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/2026-11-16_2026-11-22/report.json"))) as! [String: Any]
        #expect(first["forecast_ledger"] is NSNull)
    }

    @Test func aFailedFirstRunLeavesNoOutputFolder() throws {
        let out = TemporaryDirectory.make() + "/new-reports"
        let result = try runTool(["--from", "2020-01-06", "--to", "2020-01-12", "--out", out, "--quiet"])
        #expect(result.status == 2 && !FileManager.default.fileExists(atPath: out), "\(result.err)")
    }

    @Test func recommendRefusesToWriteOverAnInputOrIntoAFolder() throws {
        for (out, message) in [("fixtures/sample/customers.csv", "is inside the data folder"), ("/", "is a folder")] {
            let result = try runTool(["recommend", "--data", "fixtures/sample", "--to", "2026-11-29", "--out", out, "--quiet"])
            #expect(result.status == 2 && result.err.contains(message) && result.err.split(separator: "\n").count == 1, "\(result.err)")
        }
    }

    @Test func forecastCommandPrintsTheContractColumns() throws {
        let dir = TemporaryDirectory.make()
        let input = (dir as NSString).appendingPathComponent("series.csv")
        var text = "date,value\n"
        for week in 0..<60 { text += "\(DayText.add(weeks: week)),\(100 + week % 4 * 10)\n" }
        try text.write(toFile: input, atomically: true, encoding: .utf8)
        let csv = try runTool(["forecast", "--input", input, "--horizon", "8", "--quiet"])
        #expect(csv.status == 0)
        let lines = csv.out.split(separator: "\n")
        #expect(lines.first == "date,mean,lo80,hi80,lo95,hi95")
        #expect(lines.count == 9)
        #expect(lines[1].hasPrefix(DayText.add(weeks: 60)))
        let json = try runTool(["forecast", "--input", input, "--horizon", "3", "--format", "json", "--quiet"])
        let rows = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as! [[String: Any]]
        #expect(rows.count == 3 && rows[0]["lo95"] is NSNumber)
    }

    @Test func recommendCommandWritesTopNPerCustomer() throws {
        let result = try runTool(["recommend", "--data", "fixtures/sample", "--to", "2026-11-29", "--top", "3", "--quiet"])
        #expect(result.status == 0)
        let lines = result.out.split(separator: "\n")
        #expect(lines[0] == "customer_id,rank,sku,score,source")
        let ranks = lines.dropFirst().prefix(3).map { $0.split(separator: ",")[1] }
        #expect(ranks == ["1", "2", "3"])
    }
}

/// Dates for generated series without pulling in the data module.
enum DayText {
    static func add(weeks: Int) -> String {
        let date = Date(timeIntervalSince1970: 1_767_571_200 + Double(weeks) * 7 * 86_400)  // 2026-01-05, a Monday
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: date)
    }
}

/// No look-ahead: `recommend --to D`, and the lists of a report ending on D, on the full history
/// equal the same on the history cut at D. The customers seen only after D (C1a, C1b, C1c) sort
/// among the others by id, as the facts number customers (`KeyOrder`).
@Suite struct LookAheadTests {
    /// A small shop; `through` leaves out every row after that day.
    static func shop(through: String?) -> TestExports {
        var exports = TestExports()
        func keep(_ day: String) -> Bool { through.map { day <= $0 } ?? true }
        for c in 0..<30 {
            for w in 0..<6 {
                let day = String(format: "2026-%02d-%02d", 10 + (w + c) / 28, 1 + (w * 5 + c) % 28)
                guard keep(day) else { continue }
                exports.order("O\(c)-\(w)", day + "T10:00:00Z", customer: "C\(c)", sku: "S\((c * 7 + w * 3) % 12)", price: 10)
            }
            exports.customer("C\(c)")
        }
        for (day, customer, sku) in [("2026-11-20", "C1", "S5"), ("2026-11-21", "C1a", "S1"), ("2026-11-22", "C2", "S11")] where keep(day) {
            exports.order("L-\(customer)-\(day)", day + "T10:00:00Z", customer: customer, sku: sku, price: 12)
        }
        if keep("2026-11-23") { exports.event("E1", "2026-11-23T10:00:00Z", customer: "C1b", type: "view", sku: "S3") }
        if keep("2026-11-20") { exports.customer("C1c", signup: "2026-11-20") }
        return exports
    }

    @Test func recommendationsDoNotDependOnDataAfterTheDay() throws {
        let to = Day(year: 2026, month: 11, day: 15)!
        func run(_ exports: TestExports) throws -> String {
            let folder = try exports.write()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let recs = try RecommendJob(dataDirectory: folder, config: Config(), through: to, progress: { _ in }).run().recommendations
            return String(decoding: RecommendationsCSV.render(recs), as: UTF8.self)
        }
        let full = try run(Self.shop(through: nil)), cut = try run(Self.shop(through: "2026-11-15"))
        #expect(full == cut, "\(LineDiff.text(cut, full))")
        #expect(!full.contains("C1a") && !full.contains("C1b") && !full.contains("C1c") && full.contains("C1,"))
    }

    @Test func aReportsListsDoNotDependOnDataAfterItsWindow() throws {
        let window = DateWindow(from: Day(year: 2026, month: 11, day: 9)!, to: Day(year: 2026, month: 11, day: 15)!)
        func lists(_ exports: TestExports) throws -> String {
            let folder = try exports.write(), out = TemporaryDirectory.make()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let job = ReportJob(dataDirectory: folder, outputRoot: out, config: Config(), window: .fixed(window),
                                templates: try TemplateSet(directory: RepositoryFiles.path("templates")), progress: { _ in })
            return try String(contentsOfFile: try job.run() + "/recommendations.csv", encoding: .utf8)
        }
        let full = try lists(Self.shop(through: nil)), cut = try lists(Self.shop(through: "2026-11-15"))
        #expect(full == cut, "\(LineDiff.text(cut, full))")
        #expect(!full.contains("C1a") && full.contains("C1,"))
    }
}
