import MktData
import MktModels

/// Every figure of one report: the single source of `report.json`, the HTML and the Markdown.
///
/// Field names are the JSON keys of DATA_CONTRACT.md section 4 (snake_case), plus
/// extra figures the contract allows. Money is rounded to cents here, once, so
/// every output shows the same number; rates keep full precision.
public struct Report: Codable, Sendable, Equatable {
    public var period: DateRange
    public var previousPeriod: DateRange
    public var currency: String
    public var kpis: KPIs
    /// Daily shop totals for the report window and the seven weeks before it (sparklines).
    public var daily: [DailyPoint]
    /// Categories by absolute revenue change against the previous window.
    public var categoryMovers: [Mover]
    public var segmentation: String
    public var segments: [SegmentProfile]
    /// Customers in groups too small to show (below the minimum segment size).
    public var suppressedCustomers: Int
    public var recommendations: [SegmentRecommendations]
    public var recommendationEval: RecommendationEval
    public var forecasts: [ForecastSeries]
    public var ads: Ads
    public var dataQuality: DataQualitySection

    enum CodingKeys: String, CodingKey {
        case period, previousPeriod = "previous_period", currency, kpis, daily, categoryMovers = "category_movers"
        case segmentation, segments, suppressedCustomers = "suppressed_customers", recommendations
        case recommendationEval = "recommendation_eval", forecasts, ads, dataQuality = "data_quality"
    }

    public struct DateRange: Codable, Sendable, Equatable {
        public var from: Day
        public var to: Day
    }

    public struct KPIValues: Codable, Sendable, Equatable {
        public var revenue: Double
        public var orders: Int
        public var customers: Int
        public var aov: Double
    }

    public struct KPIs: Codable, Sendable, Equatable {
        public var revenue: Double
        public var orders: Int
        public var customers: Int
        public var aov: Double
        public var previous: KPIValues
        /// Relative change per KPI (0.05 = +5%); null when the previous value is 0.
        public var change: KPIChange
    }

    public struct KPIChange: Codable, Sendable, Equatable {
        public var revenue: Double?
        public var orders: Double?
        public var customers: Double?
        public var aov: Double?

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(revenue, forKey: .revenue)
            try c.encode(orders, forKey: .orders)
            try c.encode(customers, forKey: .customers)
            try c.encode(aov, forKey: .aov)
        }
    }

    public struct DailyPoint: Codable, Sendable, Equatable {
        public var date: Day
        public var revenue: Double
        public var orders: Double
    }

    public struct Mover: Codable, Sendable, Equatable {
        public var category: String
        public var revenue: Double
        public var previousRevenue: Double
        public var change: Double

        enum CodingKeys: String, CodingKey { case category, revenue, previousRevenue = "previous_revenue", change }
    }

    public struct RecommendedItem: Codable, Sendable, Equatable {
        public var sku: String
        public var title: String
        public var score: Double
    }

    public struct SegmentRecommendations: Codable, Sendable, Equatable {
        public var segment: String
        public var items: [RecommendedItem]
    }

    public struct RecommendationEval: Codable, Sendable, Equatable {
        public var k: Int
        public var method: String
        /// Customers with training feedback and a first-time purchase in the window.
        public var usersEvaluated: Int
        public var precisionAtK: Double
        public var recallAtK: Double
        public var ndcgAtK: Double
        public var mapAtK: Double
        public var coverage: Double
        public var popularityPrecisionAtK: Double
        public var popularityRecallAtK: Double
        public var popularityNdcgAtK: Double
        public var popularityMapAtK: Double
        public var popularityCoverage: Double

        enum CodingKeys: String, CodingKey {
            case k, method, usersEvaluated = "users_evaluated", precisionAtK = "precision_at_k", recallAtK = "recall_at_k"
            case ndcgAtK = "ndcg_at_k", mapAtK = "map_at_k", coverage, popularityPrecisionAtK = "popularity_precision_at_k"
            case popularityRecallAtK = "popularity_recall_at_k", popularityNdcgAtK = "popularity_ndcg_at_k"
            case popularityMapAtK = "popularity_map_at_k", popularityCoverage = "popularity_coverage"
        }
    }

    public struct HistoryPoint: Codable, Sendable, Equatable {
        public var date: Day
        public var value: Double
    }

    public struct ForecastSeries: Codable, Sendable, Equatable {
        public var series: String
        public var frequency: String
        public var method: String
        public var validationMase: Double
        /// Recent history shown before the forecast in the chart.
        public var history: [HistoryPoint]
        public var points: [ForecastPoint]

        enum CodingKeys: String, CodingKey {
            case series, frequency, method, validationMase = "validation_mase", history, points
        }
    }

    public struct Campaign: Codable, Sendable, Equatable {
        public var campaignId: String
        public var channel: String
        public var impressions: Double
        public var clicks: Double
        public var conversions: Double
        public var cost: Double
        public var revenue: Double
        public var ctr: Double
        public var cvr: Double
        public var cpc: Double
        public var cpa: Double
        public var roas: Double
        public var roi: Double
        public var rank: Int
        public var lowVolume: Bool

        enum CodingKeys: String, CodingKey {
            case campaignId = "campaign_id", channel, impressions, clicks, conversions, cost, revenue, ctr, cvr, cpc, cpa
            case roas, roi, rank, lowVolume = "low_volume"
        }
    }

    public struct Ads: Codable, Sendable, Equatable {
        public var campaigns: [Campaign]
        public var channels: [Campaign]
        public var abTests: [ABTestResult]
        /// Clicks a campaign needs to be ranked.
        public var minClicks: Int

        enum CodingKeys: String, CodingKey { case campaigns, channels, abTests = "ab_tests", minClicks = "min_clicks" }
    }

    public struct DataQualitySection: Codable, Sendable, Equatable {
        public var files: [String: [String]]
        public var rowsRead: [String: Int]
        public var rowsRejected: [String: Int]
        public var duplicates: [String: Int]
        public var rowsAfterWindow: [String: Int]
        public var rejectReasons: [String: Int]
        public var notes: [String]

        enum CodingKeys: String, CodingKey {
            case files, rowsRead = "rows_read", rowsRejected = "rows_rejected", duplicates
            case rowsAfterWindow = "rows_after_window", rejectReasons = "reject_reasons", notes
        }
    }
}
