import MktModels

/// Advertising: campaigns and channels ranked by return, A/B tests, the conversion factors and the
/// budget suggestion.
public struct AdsView {
    public struct Campaign {
        public var rank: String
        public var campaign: String
        public var channel: String
        public var lowVolume: Bool
        public var impressions: String
        public var clicks: String
        public var conversions: String
        public var cost: String
        public var revenue: String
        public var ctr: String
        public var ctrCI: String
        public var cvr: String
        public var cvrCI: String
        public var cpc: String
        public var cpa: String
        public var roas: String
        public var roasCI: String
        public var roi: String
    }

    public struct Test {
        public var campaign: String
        public var metric: String
        public var control: String
        public var treatment: String
        public var controlRate: String
        public var treatmentRate: String
        public var lift: String
        public var pValue: String
        /// Holm- and BH-adjusted across the report's tests; the always-valid p-value, Holm-adjusted.
        public var pValueHolm: String
        public var qValue: String
        public var sequentialP: String
        public var ci95: String
        public var chance: String
        public var mde: String
        public var srm: String
        public var verdict: String
        public var summary: String
    }

    public struct Factors {
        public var sentence: String
        public var terms: [Term]
    }

    public struct Term {
        public var term: String
        public var oddsRatio: String
        public var ci: String
        public var pValue: String
    }

    public var shown: Bool
    public var message: String?
    public var chart: ChartView?
    public var minClicks: String
    /// `Report.Ads.volumeRule`.
    public var volumeRule: String
    /// `5%`.
    public var level: String
    /// The campaigns ranked first, at most `listedCampaigns`; report.json has them all.
    public var campaigns: [Campaign]
    /// `moreCampaigns(of:)` under the table; nil when it lists every campaign.
    public var moreCampaigns: String?
    public var channels: [Campaign]
    public var tests: [Test]
    public var hasTests: Bool
    public var testsMessage: String?
    public var factors: Factors?
    public var factorsMessage: String?
    public var budget: String?
    public var budgetMessage: String?
    public var attribution: AttributionView?
    public var attributionMessage: String?

    /// The platforms' claimed revenue against the shop's orders (`ads.attribution`).
    public struct AttributionView {
        public var sentence: String
        /// At most `listedCampaigns`, with `moreRows` (`moreCampaigns(of:)`) under them when there
        /// are more (its own name: a nil `moreCampaigns` here would read the ads' one).
        public var campaigns: [AttributionRow]
        public var moreRows: String?
        public var channels: [AttributionRow]
    }

    public struct AttributionRow {
        public var name: String
        public var channel: String
        public var platform: String
        public var orders: String
        /// `1.42x`, or `n/a` when the orders carry none of the campaign's revenue.
        public var ratio: String
        /// `claims more` where the platform claims more than the orders hold; empty otherwise.
        public var flag: String
    }

    /// The most campaigns a page's table lists. 300,000 ad-level campaigns took the templates
    /// over three minutes to fill (each field is looked up by reflection), for a table no one reads.
    static let listedCampaigns = 1_000

    init(_ report: Report, _ format: ViewFormat) {
        let ads = report.ads, status = report.status(.ads), money = format.money
        shown = status.isShown
        message = status.messageInPlace
        chart = shown ? format.chart(ReportCharts.campaignsFile) : nil
        minClicks = NumberFormatting.integer(Double(ads.minClicks))
        volumeRule = ads.volumeRule
        level = ABTestModel.levelText(ads.alpha)
        let rate = { (x: Double?) in x.map { NumberFormatting.percent($0, decimals: 2) } ?? "n/a" }
        let interval = { (ci: [Double]?, text: (Double) -> String) in ci.map { "\(text($0[0])) to \(text($0[1]))" } ?? "" }
        func row(_ c: Report.Campaign) -> Campaign {
            Campaign(
                rank: String(c.rank), campaign: c.campaignId, channel: c.channel, lowVolume: c.lowVolume,
                impressions: NumberFormatting.integer(c.impressions), clicks: NumberFormatting.integer(c.clicks),
                conversions: NumberFormatting.integer(c.conversions), cost: money.money(c.cost), revenue: money.money(c.revenue),
                ctr: rate(c.ctr), ctrCI: interval(c.ctrCI95) { NumberFormatting.percent($0, decimals: 2) },
                cvr: rate(c.cvr), cvrCI: interval(c.cvrCI95) { NumberFormatting.percent($0, decimals: 2) },
                cpc: format.amount(c.cpc), cpa: format.amount(c.cpa), roas: c.roas.map { NumberFormatting.decimal($0) } ?? "n/a",
                roasCI: interval(c.roasCI95) { NumberFormatting.decimal($0) },
                roi: c.roi.map { NumberFormatting.percent($0, decimals: 0) } ?? "n/a")
        }
        campaigns = shown ? ads.campaigns.prefix(Self.listedCampaigns).map(row) : []
        moreCampaigns = shown ? Self.moreCampaigns(of: ads.campaigns.count) : nil
        channels = shown ? ads.channels.map(row) : []
        tests = shown ? ads.abTests.map { t in
            Test(campaign: t.campaign, metric: t.metric.rawValue.uppercased(), control: t.control, treatment: t.treatment,
                 controlRate: NumberFormatting.percent(t.controlRate, decimals: 2), treatmentRate: NumberFormatting.percent(t.treatmentRate, decimals: 2),
                 lift: t.lift.map { NumberFormatting.change($0) } ?? "n/a", pValue: t.pValue.map(NumberFormatting.pValue) ?? "n/a",
                 pValueHolm: t.pValueHolm.map(NumberFormatting.pValue) ?? "n/a", qValue: t.qValueBH.map(NumberFormatting.pValue) ?? "n/a",
                 sequentialP: t.sequentialPValueHolm.map(NumberFormatting.pValue) ?? "n/a",
                 ci95: "\(NumberFormatting.percent(t.ci95[0], decimals: 2)) to \(NumberFormatting.percent(t.ci95[1], decimals: 2))",
                 chance: NumberFormatting.percent(t.chanceToBeatControl, decimals: 0),
                 mde: t.minimumDetectableLift.map { NumberFormatting.percent($0, decimals: 0) } ?? "n/a",
                 srm: NumberFormatting.pValue(t.srmPValue),
                 verdict: Self.verdict(t), summary: t.summary)
        } : []
        hasTests = !tests.isEmpty
        // Each part's heading is always printed: one the data cannot give says why under it (what a
        // missing column would show stood only in "What more data would show", the heading empty).
        func inPlace(_ part: Section) -> String? { shown ? report.status(part).reason : nil }
        testsMessage = inPlace(.abTests)
        if let f = ads.conversionFactors, report.status(.conversionFactors).isShown {
            factors = Factors(
                sentence: "Logistic regression of conversions per click on channel, weekday, test variant and cost per click, over \(NumberFormatting.longDate(f.from)) to \(NumberFormatting.longDate(f.to)) (\(f.adRows.counted("ad row")), \(NumberFormatting.integer(f.clicks)) clicks). An odds ratio above 1 means more conversions per click than the reference (the first channel, Monday, the control variant).",
                terms: f.terms.map { t in
                    Term(term: t.term, oddsRatio: NumberFormatting.decimal(t.oddsRatio, 3),
                         ci: "\(NumberFormatting.decimal(t.oddsRatioCI95[0], 3)) to \(NumberFormatting.decimal(t.oddsRatioCI95[1], 3))",
                         pValue: NumberFormatting.pValue(t.pValue))
                })
        }
        factorsMessage = inPlace(.conversionFactors)
        if let b = ads.budgetShift, report.status(.budgetShift).isShown {
            budget = "Moving \(money.money(b.amount)) (a tenth of its spend) from \(b.from) to \(b.to) would change revenue by about \(money.money(b.expectedRevenueChange)) (range \(money.money(b.revenueChangeRange[0])) to \(money.money(b.revenueChangeRange[1]))), if each campaign's average return holds at the margin."
        }
        budgetMessage = inPlace(.budgetShift)
        if let a = ads.attribution, report.status(.attribution).isShown {
            func row(_ r: Report.Attribution.Row) -> AttributionRow {
                AttributionRow(name: r.name, channel: r.channel, platform: money.money(r.platformRevenue), orders: money.money(r.orderRevenue),
                               ratio: r.ratio.map { NumberFormatting.decimal($0) + "x" } ?? "n/a", flag: r.overClaimed ? "claims more" : "")
            }
            let (claimed, confirmed, over) = (a.platformRevenue, a.orderRevenue, a.overClaimedCampaigns)
            attribution = AttributionView(
                sentence: "The ad platforms claim \(money.money(claimed)) of revenue for \(a.campaigns.count.counted("campaign")) this period; the shop's order lines that carry those campaigns hold \(money.money(confirmed)). \(over == 0 ? "No campaign claims more than its orders hold" : "\(over.counted("campaign")) \(over == 1 ? "claims" : "claim") more than \(over == 1 ? "its" : "their") orders hold") (platforms also count view-through and cross-device sales the shop cannot see, so a claim is a figure to check, not a fact).",
                campaigns: a.campaigns.prefix(Self.listedCampaigns).map(row), moreRows: Self.moreCampaigns(of: a.campaigns.count),
                channels: a.channels.map(row))
        }
        attributionMessage = inPlace(.attribution)
    }

    /// "This table lists the 1,000 campaigns ranked first of 300,000; report.json has every one.";
    /// nil when a table lists all `count`.
    static func moreCampaigns(of count: Int) -> String? {
        guard count > listedCampaigns else { return nil }
        return "This table lists the \(NumberFormatting.integer(Double(listedCampaigns))) campaigns ranked first of \(NumberFormatting.integer(Double(count))); report.json has every one."
    }

    /// The call in two or three words, from the test's decision.
    static func verdict(_ t: ABTestResult) -> String {
        switch t.decision {
        case .treatmentBetter: return "\(t.treatment) better"
        case .treatmentWorse: return "\(t.treatment) worse"
        case .noClearDifference: return "no call yet"
        case .notTestable: return "not testable"
        }
    }
}
