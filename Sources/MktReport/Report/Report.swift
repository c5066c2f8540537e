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
    /// Which segmentation leads the report and `segments`: `rfm` or `clusters`.
    public var segmentation: String
    /// Profiles of the leading segmentation.
    public var segments: [SegmentProfile]
    /// Customers in groups too small to show (below the minimum segment size).
    public var suppressedCustomers: Int
    public var minSegmentSize: Int
    public var rfmSegments: [SegmentProfile]
    @EncodesNil public var clusters: Clusters?
    public var segmentMigration: SegmentMigration
    /// The whole shop's view -> cart -> purchase funnel in the window (customers).
    public var funnel: Funnel
    @EncodesNil public var propensity: Propensity?
    public var recommendations: [SegmentRecommendations]
    public var recommendationEval: RecommendationEval
    /// For the products with the most buyers in the window: what their buyers also bought.
    public var alsoBought: [AlsoBoughtRow]
    public var forecasts: [ForecastSeries]
    public var ads: Ads
    public var dataQuality: DataQualitySection

    enum CodingKeys: String, CodingKey {
        case period, previousPeriod = "previous_period", currency, kpis, daily, categoryMovers = "category_movers"
        case segmentation, segments, suppressedCustomers = "suppressed_customers", minSegmentSize = "min_segment_size"
        case rfmSegments = "rfm_segments", clusters, segmentMigration = "segment_migration", funnel, propensity, recommendations
        case recommendationEval = "recommendation_eval", alsoBought = "also_bought", forecasts, ads, dataQuality = "data_quality"
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
        @EncodesNil public var revenue: Double?
        @EncodesNil public var orders: Double?
        @EncodesNil public var customers: Double?
        @EncodesNil public var aov: Double?
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

    public struct Clusters: Codable, Sendable, Equatable {
        public var k: Int
        public var silhouette: Double
        /// Silhouette for k = 2, 3, ... (on the seeded sample).
        public var silhouettes: [Double]
        public var features: [String]
        /// Centroids in standard deviations from the mean, one row per cluster, in `profiles` order.
        public var centroids: [[Double]]
        public var profiles: [SegmentProfile]
    }

    public struct Propensity: Codable, Sendable, Equatable {
        public var auc: Double
        public var trainingCustomers: Int
        public var testCustomers: Int
        public var testBaseRate: Double
        public var coefficients: [PurchasePropensity.Coefficient]
        public var calibration: [PurchasePropensity.CalibrationBin]

        enum CodingKeys: String, CodingKey {
            case auc, trainingCustomers = "training_customers", testCustomers = "test_customers"
            case testBaseRate = "test_base_rate", coefficients, calibration
        }
    }

    public struct RecommendedItem: Codable, Sendable, Equatable {
        public var sku: String
        public var title: String
        public var score: Double
        /// Why the item is listed, in words.
        public var reason: String
    }

    public struct AlsoBoughtRow: Codable, Sendable, Equatable {
        public var sku: String
        public var title: String
        public var buyers: Int
        public var together: [RecommendedItem]
    }

    public struct CandidateScore: Codable, Sendable, Equatable {
        public var method: String
        public var ndcgAtK: Double

        enum CodingKeys: String, CodingKey { case method, ndcgAtK = "ndcg_at_k" }
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
        /// NDCG@K of every candidate on the selection split (the window before).
        public var selection: [CandidateScore]

        enum CodingKeys: String, CodingKey {
            case selection
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
        /// `revenue`, `orders`, or `revenue: <category>`.
        public var series: String
        public var frequency: String
        public var method: String
        public var validationMase: Double
        /// Rolling-origin validation of every candidate method, best first.
        public var backtest: [BacktestScore]
        public var notes: [String]
        /// Recent history shown before the forecast in the chart.
        public var history: [HistoryPoint]
        public var points: [ForecastPoint]

        enum CodingKeys: String, CodingKey {
            case series, frequency, method, validationMase = "validation_mase", backtest, notes, history, points
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
        /// 95% Wilson intervals.
        public var ctrCI95: [Double]
        public var cvrCI95: [Double]
        /// 95% interval (conversions as a Poisson count); null without spend or conversions.
        @EncodesNil public var roasCI95: [Double]?

        enum CodingKeys: String, CodingKey {
            case campaignId = "campaign_id", channel, impressions, clicks, conversions, cost, revenue, ctr, cvr, cpc, cpa
            case roas, roi, rank, lowVolume = "low_volume", ctrCI95 = "ctr_ci95", cvrCI95 = "cvr_ci95", roasCI95 = "roas_ci95"
        }
    }

    public struct Ads: Codable, Sendable, Equatable {
        public var campaigns: [Campaign]
        public var channels: [Campaign]
        public var abTests: [ABTestResult]
        /// Clicks a campaign needs to be ranked.
        public var minClicks: Int
        @EncodesNil public var conversionFactors: ConversionFactorSection?
        @EncodesNil public var budgetShift: BudgetShift?

        enum CodingKeys: String, CodingKey {
            case campaigns, channels, abTests = "ab_tests", minClicks = "min_clicks"
            case conversionFactors = "conversion_factors", budgetShift = "budget_shift"
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
