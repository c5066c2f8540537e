import MktData
import MktTesting
import Testing
@testable import MktModels

@Suite struct AdTests {
    @Test func campaignsAreRankedByROIAndLowVolumeIsNotCrowned() throws {
        var e = TestExports()
        e.order("O1", "2026-11-24", customer: "C1", sku: "S1", price: 300, campaign: "email_1")
        e.ad("2026-11-24", campaign: "search_1", impressions: 10_000, clicks: 400, conversions: 20, cost: 200, revenue: "800")
        e.ad("2026-11-24", campaign: "social_1", channel: "social", impressions: 50_000, clicks: 500, conversions: 10, cost: 250, revenue: "300")
        e.ad("2026-11-24", campaign: "tiny_1", channel: "social", impressions: 100, clicks: 5, conversions: 3, cost: 10, revenue: "500")
        e.ad("2026-11-24", campaign: "email_1", channel: "email", impressions: 2_000, clicks: 150, conversions: 4, cost: 30)
        let (facts, _) = try e.load(window: .fixed(week))
        let result = CampaignPerformanceModel.compute(ads: facts.ads, orders: facts.campaignOrders, window: week, minClicks: 100)
        #expect(result.campaigns.map(\.campaign) == ["email_1", "search_1", "social_1", "tiny_1"])
        #expect(result.campaigns.map(\.rank) == [1, 2, 3, 4])
        #expect(result.campaigns.last!.lowVolume)
        let email = result.campaigns[0]
        #expect(email.revenue == 300)  // no platform revenue: attributed from orders
        #expect(email.roas == 10 && email.roi == 9)
        #expect(result.campaigns[1].ctr == 0.04 && result.campaigns[1].cvr == 0.05 && result.campaigns[1].cpa == 10)
        #expect(result.channels.map(\.channel) == ["email", "search", "social"])
        #expect(result.channels[2].cost == 260)
    }

    /// Ad exports without a clicks column (Meta's default columns): no campaign is held back for
    /// lack of clicks, no click-through rate of 0% is shown, and there is no A/B test of rates.
    @Test func withoutClicksInTheExportsCampaignsAreRankedBySpendAlone() throws {
        var e = TestExports()
        e.order("O1", "2026-11-24", customer: "C1", sku: "S1", price: 1)
        e.file("ads.csv", """
        date,campaign_id,variant,impressions,conversions,cost,revenue
        2026-11-24,big,A,50000,30,900.00,2700
        2026-11-24,big,B,50000,20,900.00,1800
        2026-11-24,small,,2000,2,50.00,90
        2026-11-25,idle,,0,0,0,

        """)
        let (facts, rejects) = try e.load(window: .fixed(week))
        #expect(rejects.isEmpty && !facts.ads.clicksReported, "\(rejects)")
        let result = CampaignPerformanceModel.compute(ads: facts.ads, orders: facts.campaignOrders, window: week, minClicks: 100)
        #expect(result.campaigns.map(\.campaign) == ["big", "small", "idle"] && result.campaigns.map(\.lowVolume) == [false, false, true])
        #expect(result.campaigns.allSatisfy { $0.ctr == nil && $0.ctrInterval == nil && $0.cvr == nil })
        #expect(result.campaigns[0].roas == 2.5)
        #expect(ABTestModel.compute(ads: facts.ads, window: week, alpha: 0.05).isEmpty)
        // With a clicks column the minimum applies as before.
        var withClicks = TestExports()
        withClicks.order("O1", "2026-11-24", customer: "C1", sku: "S1", price: 1)
        withClicks.ad("2026-11-24", campaign: "big", impressions: 50_000, clicks: 40, conversions: 30, cost: 900)
        let (clicked, _) = try withClicks.load(window: .fixed(week))
        #expect(clicked.ads.clicksReported)
        #expect(CampaignPerformanceModel.compute(ads: clicked.ads, orders: clicked.campaignOrders, window: week, minClicks: 100).campaigns[0].lowVolume)
    }

    @Test func abTestsUseTheAlphabeticallyFirstVariantAsControl() throws {
        var e = TestExports()
        e.order("O1", "2026-11-24", customer: "C1", sku: "S1", price: 1)
        e.ad("2026-11-24", campaign: "c", variant: "B", impressions: 1000, clicks: 120, conversions: 10, cost: 1)
        e.ad("2026-11-25", campaign: "c", variant: "A", impressions: 1000, clicks: 100, conversions: 10, cost: 1)
        e.ad("2026-11-25", campaign: "solo", variant: "A", impressions: 1000, clicks: 100, conversions: 10, cost: 1)
        let (facts, _) = try e.load(window: .fixed(week))
        let tests = ABTestModel.compute(ads: facts.ads, window: week, alpha: 0.05)
        #expect(tests.map(\.metric) == [.ctr, .cvr])
        let ctr = tests[0]
        #expect((ctr.control, ctr.treatment, ctr.controlRate, ctr.treatmentRate) == ("A", "B", 0.1, 0.12))
        #expect(abs(ctr.lift! - 0.2) < 1e-12)
        // statsmodels proportions_ztest([120, 100], [1000, 1000]) = (1.4293008498232314, 0.1529177818639462)
        #expect(abs(ctr.zStatistic! - 1.4293008498232314) < 1e-9 && abs(ctr.pValue! - 0.1529177818639462) < 1e-9)
        #expect(!ctr.significant)
    }
}

/// The platforms' claimed revenue against the orders carrying each campaign (`AttributionCheck`).
@Suite struct AttributionCheckTests {
    @Test func claimsAreSetAgainstTheOrdersThatCarryTheCampaign() {
        let week = DateWindow(from: Day(year: 2026, month: 11, day: 23)!, to: Day(year: 2026, month: 11, day: 29)!)
        var f = FactsFixture(window: week)
        let day = week.from + 1
        f.ad(day: day, campaign: "K1", channel: "social", impressions: 1000, clicks: 50, conversions: 5, cost: 20, revenue: 300)
        f.ad(day: day + 1, campaign: "K1", channel: "social", impressions: 1000, clicks: 50, conversions: 5, cost: 20, revenue: 100)
        f.ad(day: day, campaign: "K2", channel: "search", impressions: 1000, clicks: 50, conversions: 5, cost: 20, revenue: 50)
        f.ad(day: day, campaign: "K3", channel: "search", impressions: 1000, clicks: 50, conversions: 5, cost: 20)  // no claim
        f.ad(day: week.from - 3, campaign: "K2", channel: "search", impressions: 1000, clicks: 50, conversions: 5, cost: 20, revenue: 999)
        f.order("O1", day: day, customer: "C1", sku: "S1", price: 120, campaign: "K1")
        f.order("O2", day: day + 2, customer: "C2", sku: "S1", price: 80, campaign: "K2")
        f.order("O3", day: day, customer: "C3", sku: "S1", price: 500, campaign: "K3")
        f.order("O4", day: day, customer: "C3", sku: "S1", price: 70, status: .cancelled, campaign: "K2")
        let facts = f.facts()
        let result = AttributionCheck.compute(ads: facts.ads, orders: facts.campaignOrders, window: week,
                                              channelOf: ["K1": "social", "K2": "search"])
        // K1 claims 400 against 120 in orders; K2 claims 50 (the earlier week's 999 is outside) against 80.
        #expect(result.campaigns.map(\.name) == ["K1", "K2"])
        #expect(result.campaigns.map(\.platformRevenue) == [400, 50] && result.campaigns.map(\.orderRevenue) == [120, 80])
        #expect(abs(result.campaigns[0].ratio! - 400.0 / 120) < 1e-12 && result.campaigns.map(\.overClaimed) == [true, false])
        #expect(result.channels.map(\.name) == ["social", "search"] && result.channels.map(\.platformRevenue) == [400, 50])
        #expect(result.total.platformRevenue == 450 && result.total.orderRevenue == 200)
    }
}

