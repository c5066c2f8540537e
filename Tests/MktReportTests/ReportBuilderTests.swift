import MktData
@testable import MktModels
import MktTesting
import Testing
@testable import MktReport

/// The report builder, its section states and the summary, on facts stated in the test (no files).
@Suite struct ReportBuilderTests {
    static let monday = Day(year: 2026, month: 11, day: 23)!
    static let week = DateWindow(from: monday, to: monday + 6)

    /// A small orders-only shop: 12 customers over five weeks, one guest order and one cancelled
    /// order in the window.
    static func ordersOnlyShop() -> FactsFixture {
        var shop = FactsFixture(window: week)
        for c in 0..<12 {
            for w in 0..<(1 + c % 4) {
                shop.order("O\(c)-\(w)", day: monday - 7 * (4 - w) + c % 7, customer: "C\(c)", sku: "S\(c % 5)", quantity: 1, price: 10 + Double(c))
            }
        }
        shop.order("G1", day: monday + 1, customer: nil, sku: "S1", quantity: 2, price: 15)
        shop.order("X1", day: monday + 2, customer: "C1", sku: "S2", quantity: 1, price: 99, status: .cancelled)
        return shop
    }

    @Test func kpisCountGuestsInOrdersButNotInCustomers() {
        let facts = Self.ordersOnlyShop().facts()
        let kpis = WindowKPIs.compute(facts, window: Self.week)
        // In the window (week w = 4 is not written; the last week written is w = 3, i.e. monday - 7 ...).
        // Orders placed in the window: only the guest's; the cancelled one does not count.
        #expect(kpis.orders == 1 && kpis.guestOrders == 1 && kpis.customers == 0)
        #expect(kpis.revenue == 30)
        let previous = WindowKPIs.compute(facts, window: DateWindow(from: Self.monday - 7, to: Self.monday - 1))
        // Customers c with 1 + c % 4 == 4 order in week w = 3: c = 3, 7, 11.
        #expect(previous.orders == 3 && previous.customers == 3 && previous.guestOrders == 0)
        #expect(previous.revenue == 13 + 17 + 21)
    }

    /// A guest order of several lines is one order, its lines together or among other orders'.
    @Test func aGuestOrderOfSeveralLinesCountsOnce() {
        var shop = FactsFixture(window: Self.week)
        shop.order("G1", day: Self.monday, customer: nil, sku: "S1", quantity: 1, price: 10)
        shop.order("G1", day: Self.monday, customer: nil, sku: "S2", quantity: 1, price: 10)
        shop.order("G2", day: Self.monday, customer: nil, sku: "S1", quantity: 1, price: 10)
        shop.order("C1-1", day: Self.monday + 1, customer: "C1", sku: "S1", quantity: 1, price: 10)
        shop.order("G1", day: Self.monday, customer: nil, sku: "S3", quantity: 2, price: 5)
        shop.order("G2", day: Self.monday, customer: nil, sku: "S4", quantity: 1, price: 10)
        let facts = shop.facts()
        let kpis = WindowKPIs.compute(facts, window: Self.week)
        #expect(kpis.orders == 3 && kpis.guestOrders == 2 && kpis.customers == 1)
        #expect(kpis.revenue == 60)
        // The daily series (the orders forecast and anomalies): two orders on Monday, one on Tuesday.
        let monday = Self.monday - facts.daily.firstDay
        #expect(Array(facts.daily.orders[monday...]) == [2, 1] + Array(repeating: 0, count: facts.daily.orders.count - monday - 2))
    }

    @Test func anOrdersOnlyShopHasEveryOrderSectionAndNamesTheMissingExports() {
        let report = ReportBuilder.build(Self.ordersOnlyShop().facts(), config: Config()).report
        for section in [Section.ads, .abTests, .funnel, .demographics, .categoryMovers] {
            #expect(report.status(section).state == .notApplicable, "\(section)")
            #expect(report.status(section).needs != nil)
        }
        #expect(report.kpis.guestOrders == 1 && report.kpis.orders == 1)
        #expect(report.kpis.change.orders.direction == .down)
        #expect(report.segments.allSatisfy { $0.customers >= 10 || $0.name == "Other" })
        #expect(report.status(.propensity).state == .tooLittleData)
        #expect(report.status(.propensity).reason?.contains("at least 30") == true)
    }

    /// Earlier windows of the archive are recomputed from the current exports: a changed one is
    /// listed figure by figure, then and now; windows the exports do not cover are not checked.
    @Test func archivedWindowsTheExportsChangeAreListedAsRestatements() {
        let facts = Self.ordersOnlyShop().facts()
        let previous = DateWindow(from: Self.monday - 7, to: Self.monday - 1), before = DateWindow(from: Self.monday - 14, to: Self.monday - 8)
        let now = WindowKPIs.compute(facts, window: before)
        let published = [
            // As published: one more order, 10 more revenue (a cancellation arrived since).
            PublishedKPIs(window: previous, revenue: 51 + 10, orders: 4, customers: 3, aov: cents(61.0 / 4)),
            PublishedKPIs(window: before, revenue: cents(now.revenue), orders: now.orders, customers: now.customers, aov: cents(now.aov)),
            PublishedKPIs(window: DateWindow(from: Self.monday - 700, to: Self.monday - 694), revenue: 5, orders: 1, customers: 1, aov: 5),
            PublishedKPIs(window: Self.week, revenue: 1, orders: 1, customers: 1, aov: 1),
        ]
        var archive = ArchivedReports()
        archive.kpis = published
        let report = ReportBuilder.build(facts, config: Config(), archive: archive).report
        let r = try! #require(report.restatements)
        #expect(r.windowsChecked == 2)
        #expect(r.changes.map(\.figure) == ["revenue", "orders", "aov"] && r.changes.allSatisfy { $0.from == previous.from })
        #expect(r.changes[0].then == 61 && r.changes[0].now == 51 && r.changes[1].then == 4 && r.changes[1].now == 3)
        let view = KPIsView(report, ViewFormat(report: report, charts: []))
        #expect(view.restated == ["16–22 Nov 2026 now has revenue $51.00 (published: $61.00), orders 3 (published: 4), average order value $17.00 (published: $15.25): later exports changed it."], "\(view.restated)")
        #expect(ReportBuilder.build(facts, config: Config()).report.restatements == nil)
    }

    /// The top categories and the rest split the total's forecast by their forecast shares; the total
    /// is the sum of the parts in cents, and the rest is never published.
    @Test func categoryForecastsSplitTheTotal() {
        func series(_ name: String, _ means: [Double]) -> Report.ForecastSeries {
            Report.ForecastSeries(series: name, frequency: "daily", method: "ETS", rule: "", validationMase: nil, backtest: [], notes: [], history: [],
                                  points: means.enumerated().map { ForecastPoint(date: Self.monday + $0, mean: $1, lo80: $1 / 2, hi80: $1 * 2, lo95: 0, hi95: $1 * 3) })
        }
        let result = ReportBuilder.reconciled([series("revenue", [100, 100, 100]), series("orders", [9, 9, 9]),
                                               series("revenue: A", [60, 30, 50]), series("revenue: B", [60, 30, 25]),
                                               series(ReportBuilder.otherCategoriesSeries, [0, 20, 25])])
        #expect(result.map(\.series) == ["revenue", "orders", "revenue: A", "revenue: B"])
        // Day 1: 120 over 100, both times 5/6; day 2: 80 under 100, all times 5/4; day 3 already adds up.
        #expect(result[2].points.map(\.mean) == [50, 37.5, 50] && result[3].points.map(\.mean) == [50, 37.5, 25])
        #expect(result[2].points[0].hi95 == 150 && result[2].points[1].hi80 == 75)
        #expect(result[0].points.map(\.mean) == [100, 100, 100] && result[1].points.map(\.mean) == [9, 9, 9])
        #expect(result[2].notes == ["scaled on 2 days so that the top categories and the rest split the shop's daily revenue forecast by their forecast shares"])
        #expect(result[0].notes.isEmpty && result[1].notes.isEmpty)
        // Three parts of a third each: rounded to cents, 33.33 three times, and the total follows to 99.99.
        let thirds = ReportBuilder.reconciled([series("revenue", [100]), series("revenue: A", [1]), series("revenue: B", [1]),
                                               series(ReportBuilder.otherCategoriesSeries, [1])])
        #expect(thirds[1].points[0].mean == 33.33 && thirds[0].points[0].mean == 99.99)
        // Without the rest's forecast (no categories), nothing changes.
        let alone = [series("revenue", [100]), series("revenue: A", [120])]
        #expect(ReportBuilder.reconciled(alone) == alone)
    }

    /// Ad exports that end before the window say so, with the date to download them again from.
    @Test func adExportsEndingBeforeTheWindowSaySo() throws {
        var e = TestExports()
        e.order("O1", "2026-11-24T10:00:00Z", customer: "C1", sku: "S1", price: 10)
        e.ad("2026-11-15", campaign: "K1", impressions: 1_000, clicks: 100, conversions: 3, cost: 10)
        let (facts, _) = try e.load(window: .fixed(Self.week))
        let ads = ReportBuilder.build(facts, config: Config()).report.status(.ads)
        #expect(ads.state == .tooLittleData && ads.reason == "The ad exports end on 15 Nov 2026, before this period: download them again to cover it.")
    }

    @Test func aQuietWindowIsAReportWithZeroKPIs() {
        var shop = Self.ordersOnlyShop()
        shop.window = DateWindow(from: Self.monday + 7, to: Self.monday + 13)
        let report = ReportBuilder.build(shop.facts(), config: Config()).report
        #expect(report.kpis.revenue == 0 && report.kpis.orders == 0 && report.kpis.aov == 0)
        #expect(report.kpis.previous.orders == 1)
        #expect(report.kpis.change.revenue.direction == .down && report.kpis.change.revenue.relative == -1)
        let summary = Narrative.summary(report)
        #expect(summary.contains("no orders") || summary.contains("0 orders"), "\(summary)")
        #expect(SoundText.problems(in: summary).isEmpty, "\(summary)")
    }

    @Test func theSummaryUsesSingularsAndSaysDownForADeeperLoss() {
        var shop = FactsFixture(window: Self.week)
        shop.order("P1", day: Self.monday - 3, customer: "C1", sku: "S1", quantity: 1, price: 100)
        shop.order("R1", day: Self.monday - 2, customer: "C2", sku: "S1", quantity: -1, price: 20)
        shop.order("N1", day: Self.monday + 1, customer: "C1", sku: "S1", quantity: 1, price: 5)
        shop.order("R2", day: Self.monday + 2, customer: "C2", sku: "S1", quantity: -1, price: 100)
        let report = ReportBuilder.build(shop.facts(), config: Config()).report
        #expect(report.kpis.revenue == -95 && report.kpis.previous.revenue == 80)
        let summary = Narrative.summary(report)
        #expect(summary.contains("1 order by 1 customer"), "\(summary)")
        #expect(summary.contains("down") && !summary.contains("up 2"), "\(summary)")
        #expect(SoundText.problems(in: summary).isEmpty, "\(summary)")
    }

    @Test func migrationNeedsCustomersWhoHadBoughtBefore() {
        var shop = FactsFixture(window: Self.week)
        for c in 0..<15 { shop.order("O\(c)", day: Self.monday + c % 7, customer: "C\(c)", sku: "S1", price: 10) }
        let firstWeek = SegmentMigration.compute(shop.facts(), minSize: 1)
        #expect(firstWeek.from == [SegmentMigration.newBuyer] && !firstWeek.hasEarlierBuyers)
        for c in 0..<15 { shop.order("E\(c)", day: Self.monday - 10, customer: "C\(c)", sku: "S2", price: 10) }
        let later = SegmentMigration.compute(shop.facts(), minSize: 1)
        #expect(later.hasEarlierBuyers && !later.from.contains(SegmentMigration.newBuyer))
        let moved = later.counts.flatMap { $0 }.compactMap { $0 }.reduce(0, +)
        #expect(moved == 15)
    }

    @Test func aBudgetShiftNeedsTwoCampaignsWithDifferentReturns() {
        func campaign(_ name: String, cost: Double, revenue: Double) -> CampaignPerformance {
            CampaignPerformance(campaign: name, channel: "search", impressions: 100_000, clicks: 5_000, conversions: 200, cost: cost,
                                revenue: revenue, rank: 1, lowVolume: false)
        }
        #expect(BudgetShift.suggest([campaign("A", cost: 1_000, revenue: 3_000)]).value == nil)
        #expect(BudgetShift.suggest([campaign("A", cost: 1_000, revenue: 3_000), campaign("B", cost: 1_000, revenue: 3_000)]).value == nil)
        let shift = try! #require(BudgetShift.suggest([campaign("A", cost: 1_000, revenue: 1_000), campaign("B", cost: 500, revenue: 2_000)]).value)
        // 10% of the worse campaign's spend moves to the better: 100 x (4.0 - 1.0) expected.
        #expect(shift.from == "A" && shift.to == "B" && shift.amount == 100 && abs(shift.expectedRevenueChange - 300) < 1e-9)
        #expect(shift.revenueChangeRange[0] < 300 && shift.revenueChangeRange[1] > 300)
    }
}
