import Dispatch
import Foundation
import MktData
import MktReport
import MktSampleData
import MktTesting
import Testing

/// Every named shop shape (orders only, no ads, 25 customers, one customer, a closed week, guests,
/// ...), generated small, reported over many windows (the default, a week, a month, one day, a
/// quarter, a year, the first week of history, a week after the data): each run must give a
/// complete, sound report whose KPIs equal the contract's, computed independently.
final class ShapeSweep: Sendable {
    static let shared = ShapeSweep()

    struct Run: Sendable {
        var shape: String
        var window: String
        var error: String?
        var folder: String
        var json: String
        var markdown: String
        var html: String
        var emailHTML: String
        var kpis: (current: ContractKPIs, previous: ContractKPIs)?
        var report: Report?
        var tagProblems: [String]
        var resolvedTags: Set<TemplateTagCheck.Tag>
    }

    let runs: [Run]
    let allTags: Set<TemplateTagCheck.Tag>
    static let lastDay = Day(year: 2026, month: 11, day: 29)!

    /// The windows each shape is reported over (nil: the default window).
    static func windows(_ shape: SampleShape) -> [(name: String, window: DateWindow?)] {
        let first = lastDay - (shape.days - 1)
        var windows: [(String, DateWindow?)] = [
            ("default", nil),
            ("week", DateWindow(from: lastDay - 6, to: lastDay)),
            ("month", DateWindow(from: Day(year: 2026, month: 11, day: 1)!, to: Day(year: 2026, month: 11, day: 30)!)),
            ("one day", DateWindow(from: lastDay - 2, to: lastDay - 2)),
            ("quarter", DateWindow(from: Day(year: 2026, month: 9, day: 1)!, to: Day(year: 2026, month: 11, day: 30)!)),
            ("year", DateWindow(from: Day(year: 2025, month: 12, day: 1)!, to: Day(year: 2026, month: 11, day: 30)!)),
            ("first week", DateWindow(from: first, to: first + 6)),
            ("after the data", DateWindow(from: lastDay + 8, to: lastDay + 14)),
        ]
        if let quiet = shape.quietWeekEndingDaysBeforeEnd {
            windows.append(("the quiet week", DateWindow(from: lastDay - quiet - 6, to: lastDay - quiet)))
        }
        return windows
    }

    /// Runs that reach what no plain shape does: small groups hidden, a first week with no earlier
    /// buyers, notes, and propensity with features left out (orders only, at full sample size).
    struct Variation: Sendable {
        var name: String
        var shape: String
        var fullSize = false
        /// The window, given the shape's first week.
        var window: @Sendable (DateWindow) -> DateWindow
        var minSegmentSize: Int?
        var notes: String?
        var nonProductSKUs: Set<String> = []
    }

    static let variations: [Variation] = [
        Variation(name: "large groups, with notes", shape: "all", window: { _ in DateWindow(from: lastDay - 6, to: lastDay) }, minSegmentSize: 40,
                  notes: "Campaign **launch** on Monday; see the [plan](https://example.com/plan).",
                  nonProductSKUs: ["SKU-00001", "SKU-00002", "SKU-00003"]),
        Variation(name: "groups of two, first week", shape: "all", window: { $0 }, minSegmentSize: 2),
        Variation(name: "full size, quarter", shape: "orders-only", fullSize: true,
                  window: { _ in DateWindow(from: Day(year: 2026, month: 9, day: 1)!, to: Day(year: 2026, month: 11, day: 30)!) }),
    ]

    init() {
        let templates = try! TemplateSet(directory: RepositoryFiles.path("templates"))
        let pages = ["index.html", "email.html", "report.md"]
        allTags = TemplateTagCheck(templates).allTags(of: pages)
        let small = { (shape: SampleShape) in shape.scaledDown(customers: 200, products: 60, ordersPerDay: 4, campaigns: 5, days: 182) }
        let shops = SampleShape.named.map { (name: $0.name, shape: small($0.shape)) }
            + Self.variations.filter(\.fullSize).map { (name: $0.shape + " (full size)", shape: SampleShape.named($0.shape)!) }
        let folders = shops.map { _ in TemporaryDirectory.make() }
        DispatchQueue.concurrentPerform(iterations: shops.count) { i in
            _ = try! SampleGenerator(seed: 7, scale: .small, shape: shops[i].shape, lastDay: Self.lastDay).write(to: folders[i])
        }
        func folder(_ name: String) -> String { folders[shops.firstIndex { $0.name == name }!] }
        var planned: [Job] = SampleShape.named.indices.flatMap { i in
            Self.windows(shops[i].shape).map { Job(shape: shops[i].name, data: folders[i], window: $0.name, dates: $0.window) }
        }
        for variation in Self.variations {
            let shape = shops.first { $0.name == variation.shape }!.shape
            let first = Self.lastDay - (shape.days - 1)
            var config = Config()
            if let size = variation.minSegmentSize { config.minSegmentSize = size }
            config.nonProductSKUs = variation.nonProductSKUs
            planned.append(Job(shape: variation.shape, data: folder(variation.fullSize ? variation.shape + " (full size)" : variation.shape),
                            window: variation.name, dates: variation.window(DateWindow(from: first, to: first + 6)),
                            config: config, notes: variation.notes))
        }
        let jobs = planned
        let results = ResultSlots<Run>(count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { j in
            results.set(j, Self.run(jobs[j], templates: templates, pages: pages))
        }
        runs = results.values
    }

    struct Job: Sendable {
        var shape: String
        var data: String
        var window: String
        var dates: DateWindow?
        var config = Config()
        var notes: String?
    }

    static func run(_ job: Job, templates: TemplateSet, pages: [String]) -> Run {
        let out = TemporaryDirectory.make()
        var run = Run(shape: job.shape, window: job.window, error: nil, folder: "", json: "", markdown: "", html: "", emailHTML: "",
                      kpis: nil, report: nil, tagProblems: [], resolvedTags: [])
        do {
            let reportJob = ReportJob(dataDirectory: job.data, outputRoot: out, config: job.config,
                                      window: job.dates.map { .fixed($0) } ?? .lastCompleteWeek, templates: templates,
                                      notesMarkdown: job.notes, progress: { _ in })
            run.folder = try reportJob.run()
            func read(_ name: String) -> String { (try? String(contentsOfFile: run.folder + "/" + name, encoding: .utf8)) ?? "" }
            run.json = read("report.json")
            run.markdown = read("report.md")
            run.html = read("index.html")
            run.emailHTML = read("email.html")
            let report = try JSONDecoder().decode(Report.self, from: Data(run.json.utf8))
            run.report = report
            let contract = { (window: Report.DateRange) in
                try ContractKPIs.compute(folder: job.data, from: window.from.description, to: window.to.description,
                                         guests: job.config.guestCustomerIds, nonProduct: job.config.nonProductSKUs)
            }
            run.kpis = (try contract(report.period), try contract(report.previousPeriod))
            var check = TemplateTagCheck(templates)
            let page = ReportPage.make(report, charts: ReportCharts.make(report), notesHTML: job.notes.map(MarkdownHTML.render))
            for name in pages { check.check(name, view: page) }
            run.tagProblems = check.problems.map(\.description)
            run.resolvedTags = check.resolved
        } catch {
            run.error = "\(error)"
        }
        try? FileManager.default.removeItem(atPath: out)
        return run
    }
}

@Suite struct ShapeSweepTests {
    let sweep = ShapeSweep.shared

    @Test(arguments: SampleShape.named.map(\.name))
    func everyWindowOfTheShapeGivesASoundReport(shape: String) throws {
        let runs = sweep.runs.filter { $0.shape == shape }
        #expect(runs.count >= 8)
        for run in runs {
            let label = "\(shape), \(run.window)"
            #expect(run.error == nil, "\(label): \(run.error ?? "")")
            guard run.error == nil, let report = run.report, let kpis = run.kpis else { continue }
            // Strict JSON (JSONSerialization refuses NaN and infinities) with the contract's fields.
            let json = try #require(try JSONSerialization.jsonObject(with: Data(run.json.utf8)) as? [String: Any], "\(label)")
            for key in ["period", "previous_period", "kpis", "segments", "recommendations", "recommendation_eval", "forecasts", "ads", "data_quality"] {
                #expect(json.keys.contains(key), "\(label): report.json has no \(key)")
            }
            #expect(report.kpis.revenue == kpis.current.revenue && report.kpis.orders == kpis.current.orders
                    && report.kpis.customers == kpis.current.customers && report.kpis.guestOrders == kpis.current.guestOrders,
                    "\(label): KPIs \(report.kpis) against the contract's \(kpis.current)")
            #expect(report.kpis.previous.revenue == kpis.previous.revenue && report.kpis.previous.orders == kpis.previous.orders
                    && report.kpis.previous.customers == kpis.previous.customers, "\(label): previous KPIs against \(kpis.previous)")
            for (page, text) in [("report.md", run.markdown), ("index.html", SoundText.visibleText(html: run.html)),
                                 ("email.html", SoundText.visibleText(html: run.emailHTML))] {
                let problems = SoundText.problems(in: text)
                #expect(problems.isEmpty, "\(label), \(page): \(problems)")
            }
            #expect(run.tagProblems.isEmpty, "\(label): \(run.tagProblems)")
            #expect(SoundText.emptySections(inMarkdown: run.markdown).isEmpty, "\(label): \(SoundText.emptySections(inMarkdown: run.markdown))")
        }
    }

    @Test func everyTemplateTagIsCheckedInSomeShape() throws {
        var resolved = sweep.runs.reduce(into: Set<TemplateTagCheck.Tag>()) { $0.formUnion($1.resolvedTags) }
        // Hidden customers need the pooled "Other" group itself to stay under the minimum, which no
        // generated shop reaches; so one real report gets a count of hidden customers.
        var hiding = try #require(sweep.runs.first { $0.shape == "all" && $0.window == "week" }?.report)
        hiding.suppressedCustomers = 3
        // Generated shops never break Gamma-Gamma's assumption, so the same report is given the
        // refusal the model makes when frequency and order value are correlated.
        var lifetime = try #require(hiding.lifetimeValue)
        lifetime.gammaGamma = nil
        lifetime.gammaGammaNote = "Expected value is not shown: order value and purchase frequency are correlated (r = 0.45), so the Gamma-Gamma model's assumption fails."
        for i in lifetime.segments.indices { lifetime.segments[i].expectedValue = nil }
        hiding.lifetimeValue = lifetime
        // Every generated ads export carries platform revenue, so the report is also given the
        // state of an ads export whose window has none.
        hiding.sections[Section.attribution.rawValue] = SectionStatus(state: .tooLittleData, reason: "No campaign reported platform revenue in this period.")
        // Sweep runs publish into roots of their own, so none has an earlier window to restate.
        hiding.restatements = Report.RestatementSection(windowsChecked: 2, changes: [
            .init(from: hiding.previousPeriod.from, to: hiding.previousPeriod.to, figure: "revenue", then: 100, now: 90)])
        // Nor an earlier report whose forecasts and lists could be graded.
        let day = hiding.period.from
        hiding.forecastLedger = Report.ForecastLedgerSection(series: [
            .init(series: "revenue", frequency: "daily", reports: 1, points: 7, mase: 0.8, coverage80: 0.71, coverage95: 1,
                  biggestMisses: [.init(date: day, madeAt: day - 1, forecast: 100, actual: 150, lo95: 60, hi95: 140)])],
            recommendations: .init(customers: 40, hits: 6, hitRate: 0.15))
        hiding.sections[Section.forecastLedger.rawValue] = SectionStatus(state: .shown)
        // A shop whose customers all first ordered over a year ago has no cohorts; none is generated.
        var noCohorts = hiding
        noCohorts.cohorts = nil
        noCohorts.sections[Section.cohorts.rawValue] = SectionStatus(state: .tooLittleData, reason: "No customer placed a first order in the 12 months to 29 Nov 2026, so there are no acquisition cohorts.")
        // No generated shop has more campaigns than a page's table lists (1,000): one is given 1,001.
        var manyCampaigns = try #require(sweep.runs.first { $0.shape == "all" && $0.window == "week" }?.report)
        manyCampaigns.ads.campaigns = Array(repeating: manyCampaigns.ads.campaigns[0], count: 1_001)
        let claimed = try #require(manyCampaigns.ads.attribution?.campaigns.first)
        manyCampaigns.ads.attribution?.campaigns = Array(repeating: claimed, count: 1_001)
        var check = TemplateTagCheck(try TemplateSet(directory: RepositoryFiles.path("templates")))
        for page in ["index.html", "email.html", "report.md"] {
            for report in [hiding, noCohorts, manyCampaigns] { check.check(page, view: ReportPage.make(report, charts: ReportCharts.make(report), notesHTML: nil)) }
        }
        #expect(check.problems.isEmpty, "\(check.problems)")
        resolved.formUnion(check.resolved)
        let unchecked = sweep.allTags.subtracting(resolved).sorted { ($0.template, $0.line) < ($1.template, $1.line) }
        #expect(unchecked.isEmpty, "never resolved in any shape: \(unchecked.map { "\($0.template):\($0.line) \($0.name)" })")
    }

    @Test func sectionsWithoutTheirExportSayWhichFileWouldEnableThem() throws {
        let ordersOnly = try #require(sweep.runs.first { $0.shape == "orders-only" && $0.window == "week" }?.report)
        for section in [Section.ads, .funnel, .demographics, .categoryMovers] {
            #expect(ordersOnly.status(section).state == .notApplicable, "\(section)")
        }
        #expect(ordersOnly.status(.segments).isShown && ordersOnly.status(.recommendations).isShown)
        #expect(ordersOnly.funnel == nil && ordersOnly.ads.campaigns.isEmpty)
        let markdown = try #require(sweep.runs.first { $0.shape == "orders-only" && $0.window == "week" }?.markdown)
        #expect(markdown.contains("## What more data would show") && markdown.contains("**ads\\*.csv**"))
        #expect(!markdown.contains("No data") && !markdown.contains("unknown 100%"))
    }
}
