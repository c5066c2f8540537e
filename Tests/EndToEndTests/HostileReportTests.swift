import Foundation
import MktData
import MktReport
import MktTesting
import Testing

/// Strings an export can carry that try to break out of where they land.
let hostileNames = [
    "<script>alert(\"x\")</script>", "Quote \"double\" & 'single'", "Pipe | in | title", String(repeating: "Long", count: 120),
    "\u{202E}evil\u{202C} عربي", "🎉 Party 🎉", "**bold** [link](javascript:alert(1)) `code`", "Line\nBreak",
    "<img src=x onerror=alert(1)>", "=HYPERLINK(\"http://evil.example\")", "../../etc/passwd", "Home & <Garden>",
]

/// A report on a shop whose product titles, categories, brands, SKUs and campaign ids are all
/// hostile, whose customers have names, emails and phone numbers, and with a minimum segment size
/// of 10: every output must be well-formed, inert, intact and free of personal data.
final class HostileRun: Sendable {
    static let shared = HostileRun()
    let root: String
    let folder: String
    let files: [String: String]

    init() {
        var exports = TinyShop.exports(titles: hostileNames, categories: Array(hostileNames.prefix(4)), brands: Array(hostileNames.suffix(3)),
                                       campaigns: ["<img src=x onerror=alert(1)>", "a|b \"c\"", "../../camp"],
                                       skus: ["=1+1", "+SUM(A1)", "-2", "@cmd", "S|4", "S<5>", "S6", "S7", "S8", "S9", "S10", "S11"])
        exports.file("orders-broken.csv", "order_id,order_time,customer_id,sku,quantity,unit_price\n=cmd|'/c calc'!A1,2026-11-24,C1\n")
        let data = try! exports.write()
        root = TemporaryDirectory.make()
        var config = Config()
        config.minSegmentSize = 10
        let job = ReportJob(dataDirectory: data, outputRoot: root, config: config, window: .lastCompleteWeek,
                            templates: try! TemplateSet(directory: RepositoryFiles.path("templates")), progress: { _ in })
        folder = try! job.run()
        files = readOutputs(folder).files
    }
}

@Suite(.serialized) struct HostileReportTests {
    let run = HostileRun.shared

    @Test func everyPageAndChartIsWellFormedAndInert() throws {
        #expect(run.files.keys.filter { $0.hasSuffix(".svg") }.count >= 10)
        for (name, content) in run.files where name.hasSuffix(".svg") || name.hasSuffix(".html") {
            try XMLCheck.check(content, file: name)
            #expect(!content.contains("<script") && !content.contains("<img src=x"), "\(name) carries live markup")
        }
        let html = run.files["index.html"]!
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") || html.contains("&lt;script&gt;alert(\"x\")&lt;/script&gt;"))
        try XMLCheck.check(String(contentsOfFile: run.root + "/index.html", encoding: .utf8), file: "archive index.html")
    }

    /// Every Markdown table row has as many cell separators as its header: no pipe or line break
    /// from the data splits a cell, and no raw HTML or link from the data survives.
    @Test func markdownTablesStayIntact() throws {
        let markdown = run.files["report.md"]!
        func separators(_ line: Substring) -> Int {
            var count = 0, escaped = false
            for c in line {
                if c == "|" && !escaped { count += 1 }
                escaped = c == "\\" && !escaped
            }
            return count
        }
        var header: Int?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("|") else { header = nil; continue }
            if let header { #expect(separators(line) == header, "broken table row: \(line.prefix(120))") } else { header = separators(line) }
        }
        #expect(!markdown.contains("<script") && !markdown.contains("](javascript:"))
    }

    /// Cells starting with =, +, - or @ get a leading apostrophe, so spreadsheets show them as text
    /// and the value stays recoverable (drop the apostrophe).
    @Test func csvCellsCannotBeFormulas() throws {
        for name in ["recommendations.csv", "rejected.csv"] {
            let rows = try CSVTable.parse(run.files[name]!)
            #expect(rows.count > 1, "\(name) is empty")
            for cell in rows.joined() where !cell.isEmpty {
                #expect(!"=+-@".contains(cell.first!) || Double(cell) != nil, "\(name) has a formula cell: \(cell)")
            }
        }
        #expect(run.files["recommendations.csv"]!.contains("'=1+1"))
        #expect(run.files["rejected.csv"]!.contains("'=cmd"))
    }

    @Test func filesStayInsideTheOutputFolder() throws {
        let everything = FileManager.default.enumerator(atPath: run.root)!.compactMap { $0 as? String }.filter { !$0.hasPrefix(".") }
        let expected = Set(["index.html", "latest", "latest/index.html", "2026-11-23_2026-11-29"])
        for path in everything {
            #expect(expected.contains(path) || path.hasPrefix("2026-11-23_2026-11-29/"), "unexpected file \(path)")
            for token in ["passwd", "onerror", "a|b", "../"] { #expect(!path.contains(token), "a file named from data: \(path)") }
        }
    }

    @Test func noPersonalDataInAnyOutput() throws {
        let secrets = (0..<TinyShop.customers).flatMap { [TinyShop.email($0), TinyShop.name($0), TinyShop.phone($0)] }
        for (name, content) in run.files {
            for secret in secrets { #expect(!content.contains(secret), "\(secret) in \(name)") }
            #expect(!content.contains("@example.org") && !content.contains("Jordan Quill") && !content.contains("+44-7700"), "PII in \(name)")
        }
    }

    /// No segment, cluster or demographic cell below the minimum size (10) is shown anywhere.
    @Test func noGroupBelowTheMinimumSizeIsShown() throws {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.files["report.json"]!.utf8)) as? [String: Any])
        var profiles = (json["segments"] as! [[String: Any]]) + (json["rfm_segments"] as! [[String: Any]])
        profiles += ((json["clusters"] as? [String: Any])?["profiles"] as? [[String: Any]]) ?? []
        #expect(!profiles.isEmpty)
        for profile in profiles {
            #expect((profile["customers"] as! Int) >= 10, "segment \(profile["name"]!) is too small to show")
            for cell in profile["demographics"] as! [[String: Any]] {
                if let count = cell["customers"] as? Int { #expect(count >= 10, "demographic cell \(cell)") }
            }
            let funnel = profile["funnel"] as! [String: Any]
            for key in ["viewed", "carted", "purchased"] {
                if let count = funnel[key] as? Int { #expect(count == 0 || count >= 10, "funnel \(key) \(count)") }
            }
        }
        let migration = json["segment_migration"] as! [String: Any]
        for row in migration["counts"] as! [[Any]] {
            for cell in row { if let count = cell as? Int { #expect(count == 0 || count >= 10) } }
        }
    }
}

/// The report of 2026-11-23..29 on `exports` with no configuration: its files by name, and report.json read back.
func reportOfTheWeek(_ exports: TestExports) throws -> (files: [String: String], report: Report) {
    let data = try exports.write(), out = TemporaryDirectory.make()
    defer { try? FileManager.default.removeItem(atPath: data); try? FileManager.default.removeItem(atPath: out) }
    let week = DateWindow(from: Day(year: 2026, month: 11, day: 23)!, to: Day(year: 2026, month: 11, day: 29)!)
    let folder = try ReportJob(dataDirectory: data, outputRoot: out, config: Config(), window: .fixed(week),
                               templates: try TemplateSet(directory: RepositoryFiles.path("templates")), progress: { _ in }).run()
    let files = readOutputs(folder).files
    return (files, try JSONDecoder().decode(Report.self, from: Data(files["report.json"]!.utf8)))
}

/// A shop's platform downloads (Shopify orders, Meta and Google Ads) reported with no configuration.
@Suite struct PlatformReportTests {
    @Test func aReportFromPlatformDownloadsHoldsNoPersonalData() throws {
        let (files, report) = try reportOfTheWeek(PlatformShop.exports())
        #expect(abs(report.kpis.revenue - 72) < 1e-9 && report.kpis.orders == 3 && report.kpis.guestOrders == 1)
        #expect(report.ads.campaigns.count == 2 && report.dataQuality.formats.count == 3)
        for (name, text) in files {
            for value in PlatformShop.personalData { #expect(!text.contains(value), "\(name) holds '\(value)'") }
            #expect(!text.contains("@example"), "\(name) holds an e-mail")
        }
        let markdown = try #require(files["report.md"])
        #expect(markdown.contains("was read as a Shopify orders export") && markdown.contains("notes.txt was skipped"))
    }
}

/// Ad-level exports can name hundreds of thousands of "campaigns": the pages' tables list the
/// first 1,000 by rank and say how many there are; report.json keeps every one.
@Suite struct ManyCampaignsReportTests {
    @Test func thePagesListTheFirstThousandCampaignsAndSaySo() throws {
        var exports = TinyShop.exports()
        for n in 0..<1_200 {
            exports.ad("2026-11-2\(3 + n % 7)", campaign: "ad_\(n)", impressions: 1_000, clicks: 150, conversions: 1 + n % 9,
                       cost: 5, revenue: "\(n % 50)", file: "ads-many.csv")
        }
        let (files, report) = try reportOfTheWeek(exports)
        let total = report.ads.campaigns.count
        #expect(total > 1_200)
        let sentence = "This table lists the 1,000 campaigns ranked first of \(NumberFormatting.integer(Double(total))); report.json has every one."
        let markdown = try #require(files["report.md"]), html = try #require(files["index.html"])
        #expect(markdown.contains(sentence) && html.contains(sentence))
        // The campaigns table's rows are ranks 1 to 1,000.
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        let header = try #require(lines.firstIndex { $0.hasPrefix("| Rank | Campaign |") })
        let rows = lines[(header + 2)...].prefix { $0.hasPrefix("|") }
        #expect(rows.map { Int($0.dropFirst(2).prefix { $0 != " " }) } == Array(1...1_000))
    }
}
