import MktData
import MktModels

extension ReportBuilder {
    /// The advertising part of the report, with why its optional parts are missing.
    struct AdResults: Sendable {
        var ads: Report.Ads
        var conversionFactors: Outcome<ConversionFactors.Result>
        var budgetShift: Outcome<BudgetShift>
    }

    static func adSection(_ facts: Facts, config: Config) -> AdResults {
        let window = facts.periods.current
        let performance = CampaignPerformanceModel.compute(ads: facts.ads, orders: facts.campaignOrders, window: window,
                                                           minClicks: config.ads.minClicks)
        let tests = ABTestModel.compute(ads: facts.ads, window: window, alpha: config.ads.alpha, seed: config.seed)
        let factors = ConversionFactors.fit(facts.ads, periods: facts.periods)
        let shift = BudgetShift.suggest(performance.campaigns)
        let channelOf = Dictionary(performance.campaigns.map { ($0.campaign, $0.channel) }, uniquingKeysWith: { a, _ in a })
        let attribution = AttributionCheck.compute(ads: facts.ads, orders: facts.campaignOrders, window: window, channelOf: channelOf)
        func row(_ r: AttributionCheck.Row) -> Report.Attribution.Row {
            Report.Attribution.Row(name: r.name, channel: r.channel, platformRevenue: cents(r.platformRevenue), orderRevenue: cents(r.orderRevenue),
                                   ratio: r.ratio, overClaimed: r.overClaimed)
        }
        let ads = Report.Ads(
            campaigns: performance.campaigns.map(campaignRow), channels: performance.channels.map(campaignRow),
            abTests: tests, minClicks: config.ads.minClicks, clicksReported: facts.ads.clicksReported, alpha: config.ads.alpha,
            conversionFactors: factors.value.map {
                Report.ConversionFactorSection(from: $0.from, to: $0.to, adRows: $0.rows, clicks: $0.clicks, terms: $0.terms)
            },
            budgetShift: shift.value.map {
                BudgetShift(from: $0.from, to: $0.to, amount: cents($0.amount), expectedRevenueChange: cents($0.expectedRevenueChange),
                            revenueChangeRange: $0.revenueChangeRange.map(cents))
            },
            attribution: attribution.campaigns.isEmpty ? nil
                : Report.Attribution(campaigns: attribution.campaigns.map(row), channels: attribution.channels.map(row),
                                     platformRevenue: cents(attribution.total.platformRevenue), orderRevenue: cents(attribution.total.orderRevenue),
                                     overClaimedCampaigns: attribution.campaigns.filter(\.overClaimed).count))
        return AdResults(ads: ads, conversionFactors: factors, budgetShift: shift)
    }

    static func campaignRow(_ c: CampaignPerformance) -> Report.Campaign {
        Report.Campaign(campaignId: c.campaign, channel: c.channel, impressions: c.impressions, clicks: c.clicks,
                        conversions: c.conversions, cost: cents(c.cost), revenue: cents(c.revenue), ctr: c.ctr, cvr: c.cvr,
                        cpc: c.cpc.map(cents), cpa: c.cpa.map(cents), roas: c.roas, roi: c.roi, rank: c.rank, lowVolume: c.lowVolume,
                        ctrCI95: c.ctrInterval, cvrCI95: c.cvrInterval, roasCI95: c.roasInterval)
    }
}
