import MktFacts

/// The ad platforms' claimed revenue next to the shop's own: per campaign (and channel), the
/// revenue the ads export attributes to it in the window against the revenue of the window's
/// order lines that carry its campaign_id. A platform counts view-through and cross-device
/// conversions the shop cannot see, so its figure is a claim to check, not a fact.
public enum AttributionCheck {
    public struct Row: Sendable, Equatable {
        /// Campaign id, or channel name for a channel row.
        public var name: String
        public var channel: String
        public var platformRevenue: Double
        public var orderRevenue: Double
        /// platform / order revenue; nil when the orders carry none.
        public var ratio: Double? { orderRevenue > 0 ? platformRevenue / orderRevenue : nil }
        public var overClaimed: Bool { platformRevenue > orderRevenue + 0.005 }
    }

    public struct Result: Sendable, Equatable {
        public var campaigns: [Row]
        public var channels: [Row]
        /// Every claiming campaign together.
        public var total: Row
    }

    /// Campaigns with platform revenue in the window, largest claim first; `channelOf` names each
    /// campaign's channel (the one it spent most on).
    public static func compute(ads: AdTable, orders: CampaignOrderTable, window: DateWindow, channelOf: [String: String]) -> Result {
        var claimed: [Int32: Double] = [:], own: [Int32: Double] = [:]
        for i in 0..<ads.count where window.contains(ads.day[i]) && !ads.revenue[i].isNaN { claimed[ads.campaign[i], default: 0] += ads.revenue[i] }
        for i in 0..<orders.count where window.contains(orders.day[i]) && claimed[orders.campaign[i]] != nil {
            own[orders.campaign[i], default: 0] += orders.revenue[i]
        }
        let campaigns = claimed.map { c, revenue in
            let name = ads.campaigns[Int(c)]
            return Row(name: name, channel: channelOf[name] ?? "unknown", platformRevenue: revenue, orderRevenue: own[c] ?? 0)
        }.sorted { ($0.platformRevenue, $1.name) > ($1.platformRevenue, $0.name) }
        var byChannel: [String: Row] = [:]
        for row in campaigns {
            byChannel[row.channel, default: Row(name: row.channel, channel: row.channel, platformRevenue: 0, orderRevenue: 0)].platformRevenue += row.platformRevenue
            byChannel[row.channel]!.orderRevenue += row.orderRevenue
        }
        let total = Row(name: "", channel: "", platformRevenue: campaigns.reduce(0) { $0 + $1.platformRevenue },
                        orderRevenue: campaigns.reduce(0) { $0 + $1.orderRevenue })
        return Result(campaigns: campaigns, channels: byChannel.values.sorted { ($0.platformRevenue, $1.name) > ($1.platformRevenue, $0.name) },
                      total: total)
    }
}
