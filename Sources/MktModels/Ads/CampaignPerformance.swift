import MktFacts

/// Advertising figures of one campaign (or one channel) in a window.
public struct CampaignPerformance: Sendable, Equatable {
    public var campaign: String
    public var channel: String
    public var impressions: Double
    public var clicks: Double
    public var conversions: Double
    public var cost: Double
    /// Platform-attributed revenue where the ads export has it, otherwise revenue
    /// of completed order lines carrying the campaign id (per campaign-day).
    public var revenue: Double
    /// 1 = best ROI among campaigns with enough data; low-volume campaigns rank after all of those.
    public var rank: Int
    /// True when clicks are below the configured minimum (or there is no spend): shown, never crowned.
    public var lowVolume: Bool
    /// False when the ad exports have no clicks: no click-through rate, and no minimum of clicks.
    public var clicksReported = true

    // Each rate is nil when its denominator is 0 (a figure that cannot be computed).
    public var ctr: Double? { clicksReported ? Self.rate(clicks, impressions) : nil }
    public var cvr: Double? { Self.rate(conversions, clicks) }
    public var cpc: Double? { Self.rate(cost, clicks) }
    public var cpa: Double? { Self.rate(cost, conversions) }
    public var roas: Double? { Self.rate(revenue, cost) }
    public var roi: Double? { Self.rate(revenue - cost, cost) }

    /// 95% Wilson intervals of CTR and CVR; nil without impressions (clicks).
    public var ctrInterval: [Double]? { impressions > 0 && clicksReported ? Self.pair(ProportionTests.wilsonInterval(successes: clicks, trials: impressions)) : nil }
    public var cvrInterval: [Double]? { clicks > 0 ? Self.pair(ProportionTests.wilsonInterval(successes: conversions, trials: clicks)) : nil }

    /// 95% interval of ROAS treating conversions as a Poisson count and revenue per conversion as
    /// fixed: ROAS x (exact Poisson bounds of the conversions / conversions). Wide for few conversions,
    /// which is the point; nil without spend or conversions.
    public var roasInterval: [Double]? {
        guard let roas, conversions > 0 else { return nil }
        let bounds = PoissonInterval.exact95(conversions)
        return [roas * bounds.low / conversions, roas * bounds.high / conversions]
    }

    static func rate(_ numerator: Double, _ denominator: Double) -> Double? { denominator == 0 ? nil : numerator / denominator }

    static func pair(_ interval: (low: Double, high: Double)) -> [Double] { [interval.low, interval.high] }
}

/// Sums ad rows per campaign and channel for a window and ranks campaigns by ROI.
public enum CampaignPerformanceModel {
    public struct Result: Sendable, Equatable {
        public var campaigns: [CampaignPerformance]
        public var channels: [CampaignPerformance]
    }

    /// Without clicks in the exports (`AdTable.clicksReported`) every campaign with spend is ranked.
    public static func compute(ads: AdTable, orders: CampaignOrderTable, window: DateWindow, minClicks: Int) -> Result {
        let minClicks = ads.clicksReported ? Double(minClicks) : 0
        struct Totals { var impressions = 0.0, clicks = 0.0, conversions = 0.0, cost = 0.0, revenue = 0.0; var channelCosts: [String: Double] = [:] }
        var totals: [Int32: Totals] = [:]
        var platformRevenueDays = Set<Key128>()
        for i in 0..<ads.count where window.contains(ads.day[i]) {
            let c = ads.campaign[i]
            var t = totals[c] ?? Totals()
            t.impressions += ads.impressions[i]
            t.clicks += ads.clicks[i]
            t.conversions += ads.conversions[i]
            t.cost += ads.cost[i]
            if !ads.revenue[i].isNaN {
                t.revenue += ads.revenue[i]
                platformRevenueDays.insert(campaignDayKey(c, ads.day[i]))
            }
            let channel = ads.channel[i] >= 0 ? ads.channels[Int(ads.channel[i])] : "unknown"
            t.channelCosts[channel, default: 0] += max(ads.cost[i], 1e-12)
            totals[c] = t
        }
        for i in 0..<orders.count where window.contains(orders.day[i]) {
            let c = orders.campaign[i]
            guard totals[c] != nil, !platformRevenueDays.contains(campaignDayKey(c, orders.day[i])) else { continue }
            totals[c]!.revenue += orders.revenue[i]
        }
        var campaigns = totals.map { c, t in
            CampaignPerformance(
                campaign: ads.campaigns[Int(c)],
                channel: t.channelCosts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }!.key,
                impressions: t.impressions, clicks: t.clicks, conversions: t.conversions, cost: t.cost,
                revenue: t.revenue, rank: 0, lowVolume: t.clicks < minClicks || t.cost <= 0, clicksReported: ads.clicksReported)
        }
        // Ranked by ROI among campaigns with enough data; campaigns without spend (no ROI) last.
        func byROI(_ a: CampaignPerformance, _ b: CampaignPerformance) -> Bool {
            let x = a.roi ?? -.infinity, y = b.roi ?? -.infinity
            return x != y ? x > y : a.campaign < b.campaign
        }
        campaigns.sort { $0.lowVolume != $1.lowVolume ? !$0.lowVolume : byROI($0, $1) }
        for i in campaigns.indices { campaigns[i].rank = i + 1 }

        var byChannel: [String: CampaignPerformance] = [:]
        for c in campaigns {
            var t = byChannel[c.channel] ?? CampaignPerformance(campaign: "", channel: c.channel, impressions: 0, clicks: 0,
                                                                conversions: 0, cost: 0, revenue: 0, rank: 0, lowVolume: false,
                                                                clicksReported: ads.clicksReported)
            t.impressions += c.impressions
            t.clicks += c.clicks
            t.conversions += c.conversions
            t.cost += c.cost
            t.revenue += c.revenue
            byChannel[c.channel] = t
        }
        var channels = byChannel.values.map { channel -> CampaignPerformance in
            var c = channel
            c.lowVolume = c.clicks < minClicks || c.cost <= 0
            return c
        }
        channels.sort { ($0.roi ?? -.infinity) != ($1.roi ?? -.infinity) ? ($0.roi ?? -.infinity) > ($1.roi ?? -.infinity) : $0.channel < $1.channel }
        for i in channels.indices { channels[i].rank = i + 1 }
        return Result(campaigns: campaigns, channels: channels)
    }

    private static func campaignDayKey(_ campaign: Int32, _ day: Day) -> Key128 {
        Key128(high: UInt64(UInt32(bitPattern: campaign)), low: UInt64(UInt32(bitPattern: day.index)))
    }
}
