import MktFacts
import MktModels

extension Report {
    public struct Campaign: Codable, Sendable, Equatable {
        public var campaignId: String
        public var channel: String
        public var impressions: Double
        public var clicks: Double
        public var conversions: Double
        public var cost: Double
        public var revenue: Double
        // Rates are nil when their denominator is 0.
        public var ctr: Double?
        public var cvr: Double?
        public var cpc: Double?
        public var cpa: Double?
        public var roas: Double?
        public var roi: Double?
        public var rank: Int
        public var lowVolume: Bool
        /// 95% Wilson intervals.
        public var ctrCI95: [Double]?
        public var cvrCI95: [Double]?
        /// 95% interval (conversions as a Poisson count); null without spend or conversions.
        public var roasCI95: [Double]?

        enum CodingKeys: String, CodingKey {
            case campaignId = "campaign_id", channel, impressions, clicks, conversions, cost, revenue, ctr, cvr, cpc, cpa
            case roas, roi, rank, lowVolume = "low_volume", ctrCI95 = "ctr_ci95", cvrCI95 = "cvr_ci95", roasCI95 = "roas_ci95"
        }
    }

    public struct Ads: Codable, Sendable, Equatable {
        /// What makes a campaign low volume (ranked last): `fewer than 100 clicks`, or `no spend`
        /// when the exports have no clicks (`CampaignPerformanceModel`).
        public var lowVolumeMeans: String { clicksReported ? "fewer than \(minClicks.counted("click"))" : "no spend" }

        /// The rule that sets campaigns apart as low volume, as the pages state it.
        public var volumeRule: String {
            clicksReported ? "Campaigns with \(lowVolumeMeans) are marked low volume and ranked last."
                : "The ad exports have no clicks, so campaigns are ranked by ROI with no minimum of clicks (those with \(lowVolumeMeans) last) and no click-through rate is shown."
        }

        public var campaigns: [Campaign]
        public var channels: [Campaign]
        public var abTests: [ABTestResult]
        /// Clicks a campaign needs to be ranked, when the exports have clicks (`clicksReported`).
        public var minClicks: Int
        /// False when no ads export has a clicks column: campaigns with spend are ranked by ROI alone.
        public var clicksReported: Bool
        /// Significance level of the A/B tests.
        public var alpha: Double
        public var conversionFactors: ConversionFactorSection?
        public var budgetShift: BudgetShift?
        /// The platforms' claimed revenue against the revenue of orders carrying each campaign.
        public var attribution: Attribution?

        enum CodingKeys: String, CodingKey {
            case campaigns, channels, abTests = "ab_tests", minClicks = "min_clicks", clicksReported = "clicks_reported", alpha
            case conversionFactors = "conversion_factors", budgetShift = "budget_shift", attribution
        }
    }

    /// `ads.attribution` (`AttributionCheck`).
    public struct Attribution: Codable, Sendable, Equatable {
        public struct Row: Codable, Sendable, Equatable {
            public var name: String
            public var channel: String
            public var platformRevenue: Double
            public var orderRevenue: Double
            /// platform_revenue / order_revenue; null when the orders carry none.
            @EncodesNil public var ratio: Double?
            /// The platform claims more than the orders carrying the campaign hold.
            public var overClaimed: Bool

            enum CodingKeys: String, CodingKey {
                case name, channel, platformRevenue = "platform_revenue", orderRevenue = "order_revenue", ratio, overClaimed = "over_claimed"
            }
        }
        public var campaigns: [Row]
        public var channels: [Row]
        /// Every claiming campaign together.
        public var platformRevenue: Double
        public var orderRevenue: Double
        public var overClaimedCampaigns: Int

        enum CodingKeys: String, CodingKey {
            case campaigns, channels, platformRevenue = "platform_revenue", orderRevenue = "order_revenue"
            case overClaimedCampaigns = "over_claimed_campaigns"
        }
    }

    public struct ConversionFactorSection: Codable, Sendable, Equatable {
        public var from: Day
        public var to: Day
        public var adRows: Int
        public var clicks: Double
        public var terms: [ConversionFactors.Term]

        enum CodingKeys: String, CodingKey { case from, to, adRows = "ad_rows", clicks, terms }
    }
}
