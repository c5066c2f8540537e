import Foundation
import MktData
import MktTesting
import Testing
@testable import MktReport

@Suite struct FormattingTests {
    @Test func numbersCurrencyAndPercentages() {
        #expect(NumberFormatting.grouped(1_234_567.891, decimals: 2) == "1,234,567.89")
        #expect(NumberFormatting.grouped(-0.001, decimals: 2) == "0.00")
        let usd = NumberFormatting(currency: "USD"), chf = NumberFormatting(currency: "CHF")
        #expect(usd.money(-5) == "-$5.00")
        #expect(usd.money(1234.5) == "$1,234.50")
        #expect(chf.money(10) == "CHF 10.00")
        #expect(usd.shortMoney(12_345) == "$12.3k")
        #expect(NumberFormatting.short(1_000_000) == "1M")
        #expect(NumberFormatting.short(7.25) == "7.3" || NumberFormatting.short(7.25) == "7.2")
        #expect(NumberFormatting.percent(0.1234) == "12.3%")
        #expect(NumberFormatting.change(0.045) == "+4.5%")
        #expect(NumberFormatting.change(-0.032) == "-3.2%")
        #expect(NumberFormatting.change(nil) == "n/a")
        #expect(NumberFormatting.pValue(0.00001) == "< 0.0001")
        #expect(NumberFormatting.range(Day(year: 2026, month: 11, day: 23)!, Day(year: 2026, month: 11, day: 29)!) == "23–29 Nov 2026")
        #expect(NumberFormatting.range(Day(year: 2026, month: 11, day: 30)!, Day(year: 2026, month: 12, day: 6)!) == "30 Nov – 6 Dec 2026")
    }

    @Test func escapingForEachContext() {
        #expect(Escape.xml("<b>\"Tom\" & 'Jerry'</b>") == "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;")
        #expect(Escape.xml("bell\u{7}null\u{0}") == "bell\u{FFFD}null\u{FFFD}")
        #expect(Escape.markdown("a|b *c* <script>") == "a\\|b \\*c\\* &lt;script&gt;")
        #expect(Escape.markdown("two\nlines") == "two lines")
    }

    @Test func niceAxisTicks() {
        let scale = NiceScale(minimum: 0, maximum: 97)
        #expect(scale.ticks == [0, 20, 40, 60, 80, 100])
        #expect(NiceScale(minimum: 0, maximum: 0).ticks.count >= 2)
        #expect(NiceScale(minimum: -3.2, maximum: 7.9).ticks == [-4, -2, 0, 2, 4, 6, 8])
    }
}

@Suite struct ChartAndCheckTests {
    @Test func everyChartIsWellFormedWithTitleAndDescription() throws {
        let hostile = "<script>alert(1)</script> & \"quotes\" \u{202E}rtl 😀 " + String(repeating: "long ", count: 60)
        let bars = BarChart.draw(title: hostile, description: hostile, bars: [
            .init(label: hostile, value: 5, valueText: "5"), .init(label: "neg", value: -2, valueText: "-2", muted: true),
        ])
        let spark = Sparkline.draw(title: "t", values: [1, 3, 2, 5], highlightLast: 2)
        let day = Day(year: 2026, month: 11, day: 1)!
        let forecast = ForecastChart.draw(.init(title: hostile, history: (0..<20).map { (day + $0, Double($0)) },
                                                forecast: (20..<30).map { (day + $0, 20, 15, 25, 10, 30) }, format: { "\($0)" }))
        let stacked = StackedBarChart.draw(title: hostile, description: hostile, series: [hostile, "b", "c"],
                                           rows: [.init(label: hostile, values: [3, nil, 1]), .init(label: "empty", values: [nil, 0, nil])])
        let funnel = FunnelChart.draw(title: hostile, description: hostile, steps: [.init(label: hostile, count: 100), .init(label: "b", count: 0)])
        let heat = HeatMap.draw(title: hostile, description: hostile, rows: [hostile, "b"], columns: [hostile, "x", "y"],
                                values: [[0.5, nil, 0.1], [0, 0.25, nil]])
        for svg in [bars, spark, forecast, stacked, funnel, heat].map({ $0.render(standalone: true) }) {
            try XMLCheck.check(svg, file: "chart.svg")
            #expect(svg.contains("<title>") && svg.contains("<desc>"))
            #expect(!svg.contains("<script>"))
        }
        #expect(bars.render(standalone: false).hasPrefix("<svg "))
    }

    /// Past line 65,535 (libxml2's 16-bit line numbers) a refused element still names its line.
    @Test func checkNamesTheLineOfAnElementFarDown() {
        let markup = "<html><body>\n" + String(repeating: "<p>x</p>\n", count: 70_000) + "<div>\n<script>alert(1)</script></div></body></html>"
        #expect(throws: XMLCheck.Failure.self) { try XMLCheck.check(markup, file: "x.html") }
        do { try XMLCheck.check(markup, file: "x.html") } catch let failure as XMLCheck.Failure {
            #expect(failure.line == 70_003 && failure.problem.contains("<script>"), "\(failure.line) \(failure.problem)")
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test func checkRefusesMalformedOrExecutableMarkup() {
        let cases = [
            ("<svg><g></svg>", "not well-formed"),
            ("<html><body><script>alert(1)</script></body></html>", "forbidden element <script>"),
            ("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"x()\"/>", "event-handler attribute onload"),
            ("<html><a href=\" javascript:alert(1)\">x</a></html>", "unsafe URL in href"),
            ("<html><img src=\"https://tracker.example/p.gif\"/></html>", "network fetch in src"),
        ]
        for (markup, problem) in cases {
            do {
                try XMLCheck.check(markup, file: "x.html")
                Issue.record("accepted \(markup)")
            } catch let failure as XMLCheck.Failure {
                #expect(failure.problem.contains(problem), "\(failure.problem)")
                #expect(failure.file == "x.html")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test func markdownRendersTablesAndDropsRawHTML() throws {
        let html = MarkdownHTML.render("# Notes\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n")
        #expect(html.contains("<table>") && html.contains("<td>1</td>"))
        #expect(!html.contains("<script>") && !html.contains("javascript:"))
        try XMLCheck.check("<div>\(html)</div>", file: "notes")
    }
}

@Suite struct PublisherTests {
    @Test func publishingSwapsFoldersAtomicallyAndCleansUp() throws {
        let root = TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let first = try Publisher(root: root)
        try first.write("index.html", Data("one".utf8))
        let target = try first.publish(as: "2026-11-23_2026-11-29")
        #expect(try String(contentsOfFile: target + "/index.html", encoding: .utf8) == "one")
        let second = try Publisher(root: root)
        try second.write("index.html", Data("two".utf8))
        try second.publish(as: "2026-11-23_2026-11-29")
        #expect(try String(contentsOfFile: target + "/index.html", encoding: .utf8) == "two")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.hasPrefix(".staging") }
        #expect(leftovers.isEmpty)
        let abandoned = try Publisher(root: root)
        try abandoned.write("index.html", Data("three".utf8))
        abandoned.abandon()
        #expect(try String(contentsOfFile: target + "/index.html", encoding: .utf8) == "two")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).sorted() == [".mktreport.lock", "2026-11-23_2026-11-29"])
    }
}

@Suite struct ArchiveTests {
    /// A minimal report.json with the headline figures the archive reads.
    func window(_ root: String, _ from: String, _ to: String, revenue: Double) throws {
        let folder = (root as NSString).appendingPathComponent("\(from)_\(to)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let json = """
        {"period": {"from": "\(from)", "to": "\(to)"}, "currency": "EUR",
         "kpis": {"revenue": \(revenue), "orders": 1200, "customers": 900, "aov": 41.5, "change": {"revenue": 0.125}}}
        """
        try json.write(toFile: folder + "/report.json", atomically: true, encoding: .utf8)
    }

    @Test func indexListsWindowsNewestFirstAndLatestForwardsToTheNewest() throws {
        let root = TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try window(root, "2026-11-16", "2026-11-22", revenue: 1000)
        try window(root, "2026-11-23", "2026-11-29", revenue: 49800.5)
        try window(root, "2026-11-02", "2026-11-08", revenue: 10)
        try FileManager.default.createDirectory(atPath: root + "/../escape", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/not-a-window", withIntermediateDirectories: true)
        let templates = try TemplateSet(directory: RepositoryFiles.path("templates"))
        try Archive.update(root: root, templates: templates)
        let index = try String(contentsOfFile: root + "/index.html", encoding: .utf8)
        try XMLCheck.check(index, file: "index.html")
        let links = index.components(separatedBy: "<a href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(links == ["latest/index.html", "2026-11-23_2026-11-29/index.html", "2026-11-16_2026-11-22/index.html",
                          "2026-11-02_2026-11-08/index.html"])
        #expect(index.contains("€49,800.50") && index.contains("+12.5%") && index.contains("1,200"))
        #expect(!index.contains("not-a-window"))
        let latest = try String(contentsOfFile: root + "/latest/index.html", encoding: .utf8)
        #expect(latest.contains("url=../2026-11-23_2026-11-29/index.html") && latest.contains("href=\"../2026-11-23_2026-11-29/index.html\""))
        #expect(links.allSatisfy { !$0.contains(":") && !$0.hasPrefix("/") }, "links must be relative")
    }
}

/// report.json's one encoder: every figure that cannot be computed is `null`, never NaN or infinity.
@Suite struct FiniteJSONTests {
    /// The committed sample's report with every fractional number replaced by NaN (or an infinity),
    /// decoded into a `Report` and encoded again: the result is strict JSON with `null` at each of
    /// those places and every other value unchanged.
    @Test(arguments: ["nan", "inf", "-inf"])
    func everyNonFiniteFigureOfAReportIsWrittenAsNull(poison: String) throws {
        let committed = try Data(contentsOf: URL(fileURLWithPath: RepositoryFiles.path("reports/2026-11-23_2026-11-29/report.json")))
        let tree = try JSONSerialization.jsonObject(with: committed)
        var poisoned = 0
        func poisonFractions(_ value: Any) -> Any {
            switch value {
            case let object as [String: Any]: return object.mapValues(poisonFractions)
            case let array as [Any]: return array.map(poisonFractions)
            case let number as NSNumber where number.doubleValue.rounded() != number.doubleValue:
                poisoned += 1
                return poison
            default: return value
            }
        }
        let input = try JSONSerialization.data(withJSONObject: poisonFractions(tree))
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let report = try decoder.decode(Report.self, from: input)
        let output = try FiniteJSONEncoder.encode(report)
        let parsed = try JSONSerialization.jsonObject(with: Data(output.utf8))
        #expect(poisoned > 1_000)
        var nulls = 0
        func countNulls(_ value: Any) {
            switch value {
            case let object as [String: Any]: object.values.forEach(countNulls)
            case let array as [Any]: array.forEach(countNulls)
            case is NSNull: nulls += 1
            default: break
            }
        }
        countNulls(parsed)
        var originalNulls = 0
        do { let before = nulls; nulls = 0; countNulls(tree); originalNulls = nulls; nulls = before }
        #expect(nulls == originalNulls + poisoned, "\(nulls) nulls for \(poisoned) poisoned figures and \(originalNulls) nulls before")
        #expect(!output.contains("nan") && !output.contains("inf"))
    }

    @Test func absentOptionalsAreNullAndNumbersKeepTheirForm() throws {
        struct Figures: Encodable { var a: Double?; var b: [Double]; var c: [String: Double]; var n: Int; var x: Double }
        let text = try FiniteJSONEncoder.encode(Figures(a: nil, b: [1, .nan, -.infinity], c: ["z": .infinity, "y": 0.1], n: 3, x: 2.5))
        #expect(text == """
        {
          "a" : null,
          "b" : [
            1,
            null,
            null
          ],
          "c" : {
            "y" : 0.1,
            "z" : null
          },
          "n" : 3,
          "x" : 2.5
        }

        """)
    }
}

/// docs/TEMPLATES.md lists every tag a template can use: each property of the view models.
@Suite struct TemplateReferenceTests {
    @Test func everyViewPropertyIsDocumented() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: RepositoryFiles.path("reports/2026-11-23_2026-11-29/report.json")))
        let report = try JSONDecoder().decode(Report.self, from: data)
        let page = ReportPage.make(report, charts: ReportCharts.make(report), notesHTML: "<p>notes</p>")
        var labels = Set<String>()
        func collect(_ value: Any) {
            for child in Mirror(reflecting: value).children {
                if let label = child.label, Mirror(reflecting: value).displayStyle == .struct { labels.insert(label) }
                collect(child.value)
            }
        }
        collect(page)
        let archive = ArchivePage(windows: [], hasWindows: false, latest: ArchivePage.Latest(href: "", folder: ""))
        collect(archive)
        collect(ArchivePage.Window(folder: "", href: "", label: "", revenue: "", change: "", orders: "", customers: "", aov: ""))
        let doc = try String(contentsOfFile: RepositoryFiles.path("docs/TEMPLATES.md"), encoding: .utf8)
        let missing = labels.filter { !doc.contains("`\($0)`") }.sorted()
        #expect(labels.count > 100)
        #expect(missing.isEmpty, "not in docs/TEMPLATES.md: \(missing)")
    }
}
