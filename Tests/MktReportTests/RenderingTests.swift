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
        for svg in [bars, spark, forecast].map({ $0.render(standalone: true) }) {
            try XMLCheck.check(svg, file: "chart.svg")
            #expect(svg.contains("<title>") && svg.contains("<desc>"))
            #expect(!svg.contains("<script>"))
        }
        #expect(bars.render(standalone: false).hasPrefix("<svg "))
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
        try first.write("index.html", "one")
        let target = try first.publish(as: "2026-11-23_2026-11-29")
        #expect(try String(contentsOfFile: target + "/index.html", encoding: .utf8) == "one")
        let second = try Publisher(root: root)
        try second.write("index.html", "two")
        try second.publish(as: "2026-11-23_2026-11-29")
        #expect(try String(contentsOfFile: target + "/index.html", encoding: .utf8) == "two")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.hasPrefix(".staging") }
        #expect(leftovers.isEmpty)
        let abandoned = try Publisher(root: root)
        try abandoned.write("index.html", "three")
        abandoned.abandon()
        #expect(try String(contentsOfFile: target + "/index.html", encoding: .utf8) == "two")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).sorted() == [".mktreport.lock", "2026-11-23_2026-11-29"])
    }
}
