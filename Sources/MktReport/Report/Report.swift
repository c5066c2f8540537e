import MktFacts
import MktModels

/// Every figure of one report: the single source of `report.json`, the pages and the Markdown.
///
/// Field names are the JSON keys of DATA_CONTRACT.md section 4 (snake_case), plus extra figures the
/// contract allows. Money is rounded to cents here, once, so every output shows the same number;
/// rates keep full precision. A figure that cannot be computed is nil (JSON null), and `sections`
/// says for each part of the report whether it is shown and, if not, why.
public struct Report: Codable, Sendable {
    public var period: DateRange
    public var previousPeriod: DateRange
    public var currency: String
    /// How much of the two windows the orders cover.
    public var coverage: Coverage
    public var kpis: KPIs
    /// Window days of revenue, orders, top categories and campaigns that broke pattern; nil when
    /// no series has enough history.
    public var anomalies: AnomalySection?
    /// Earlier archived windows whose KPIs the current exports change; nil without such windows.
    public var restatements: RestatementSection?
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
    public var clusters: Clusters?
    public var segmentMigration: SegmentMigration?
    /// The whole shop's view -> cart -> purchase funnel in the window (customers); nil without events.
    public var funnel: Funnel?
    public var propensity: Propensity?
    /// Acquisition cohorts of the last 12 months; nil when no customer's first order falls in them.
    public var cohorts: CohortSection?
    /// Customer lifetime value per segment (BG/NBD and Gamma-Gamma); nil when too few customers.
    public var lifetimeValue: LifetimeValueSection?
    public var recommendations: [SegmentRecommendations]
    public var recommendationEval: RecommendationEval?
    /// For the products with the most buyers in the window: what their buyers also bought.
    public var alsoBought: [AlsoBoughtRow]
    public var forecasts: [ForecastSeries]
    /// How the forecasts and lists of earlier reports in the archive did; nil with none to grade.
    public var forecastLedger: ForecastLedgerSection?
    public var ads: Ads
    public var dataQuality: DataQualitySection
    /// The state of every section and part (see `Section`), keyed by `Section.rawValue`.
    public var sections: [String: SectionStatus]

    enum CodingKeys: String, CodingKey {
        case period, previousPeriod = "previous_period", currency, coverage, kpis, anomalies, restatements, daily, categoryMovers = "category_movers"
        case segmentation, segments, suppressedCustomers = "suppressed_customers", minSegmentSize = "min_segment_size"
        case rfmSegments = "rfm_segments", clusters, segmentMigration = "segment_migration", funnel, propensity, cohorts, lifetimeValue = "clv", recommendations
        case recommendationEval = "recommendation_eval", alsoBought = "also_bought", forecasts, forecastLedger = "forecast_ledger", ads, dataQuality = "data_quality"
        case sections
    }

    public func status(_ section: Section) -> SectionStatus { sections[section.rawValue] ?? SectionStatus(state: .shown) }

    public struct DateRange: Codable, Sendable, Equatable {
        public var from: Day
        public var to: Day
    }

    /// The days the orders cover, against the windows.
    public struct Coverage: Codable, Sendable, Equatable {
        /// First and last day with any order line in the data (after the window included); nil without orders.
        public var firstOrderDay: Day?
        public var lastOrderDay: Day?
        /// Days at the end of the report window after the last order day of the data.
        public var windowDaysAfterData: Int
        /// Days of the previous window before the first order day of the data.
        public var previousDaysBeforeData: Int
        /// Plain sentences about the windows' coverage, shown with the key figures.
        public var notes: [String]

        enum CodingKeys: String, CodingKey {
            case firstOrderDay = "first_order_day", lastOrderDay = "last_order_day", windowDaysAfterData = "window_days_after_data"
            case previousDaysBeforeData = "previous_days_before_data", notes
        }
    }

    public struct KPIValues: Codable, Sendable, Equatable {
        public var revenue: Double
        public var orders: Int
        public var customers: Int
        public var aov: Double
        public var guestOrders: Int
        public var new: CustomerGroup
        public var returning: CustomerGroup
        public var repeatPurchaseRate: Double?
        public var medianDaysToSecondOrder: Double?

        enum CodingKeys: String, CodingKey {
            case revenue, orders, customers, aov, guestOrders = "guest_orders", new, returning
            case repeatPurchaseRate = "repeat_purchase_rate", medianDaysToSecondOrder = "median_days_to_second_order"
        }
    }

    /// New or returning customers' part of a window's KPIs (`CustomerMix`).
    public struct CustomerGroup: Codable, Sendable, Equatable {
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
        /// Orders without a customer id (counted in orders and AOV, not in customers).
        public var guestOrders: Int
        /// Customers whose first completed order ever is in the window, and the others (`CustomerMix`).
        public var new: CustomerGroup
        public var returning: CustomerGroup
        /// Share of the customers with an order by the window's end who have two or more.
        public var repeatPurchaseRate: Double?
        public var medianDaysToSecondOrder: Double?
        public var previous: KPIValues
        /// Change per KPI (relative change null when the previous value is 0; direction up, down or flat).
        public var change: KPIChanges

        enum CodingKeys: String, CodingKey {
            case revenue, orders, customers, aov, guestOrders = "guest_orders", new, returning
            case repeatPurchaseRate = "repeat_purchase_rate", medianDaysToSecondOrder = "median_days_to_second_order", previous, change
        }
    }

    public struct KPIChanges: Codable, Sendable, Equatable {
        public var revenue: Change
        public var orders: Change
        public var customers: Change
        public var aov: Change
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
}

/// The parts of a report, each with a state (`SectionStatus`).
public enum Section: String, CaseIterable, Sendable {
    case categoryMovers = "category_movers"
    case segments, demographics, funnel, propensity, clusters, migration, cohorts, lifetimeValue = "clv"
    case recommendations, recommendationEval = "recommendation_eval", alsoBought = "also_bought"
    case forecasts, forecastLedger = "forecast_ledger", anomalies
    case ads, abTests = "ab_tests", conversionFactors = "conversion_factors", budgetShift = "budget_shift", attribution
}

/// Whether a section is shown and, when not, why: an export is missing (`notApplicable`, naming the
/// file that would enable it) or the data is too thin (`tooLittleData`, naming the minimum).
public struct SectionStatus: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable { case shown, notApplicable = "not_applicable", tooLittleData = "too_little_data" }

    public var state: State
    /// A sentence for the reader; nil when shown.
    public var reason: String?
    /// The export that would enable a section that is not applicable (`ads*.csv`).
    public var needs: String?

    public init(state: State, reason: String? = nil, needs: String? = nil) {
        self.state = state
        self.reason = reason
        self.needs = needs
    }

    public var isShown: Bool { state == .shown }

    /// The sentence the section itself shows: only for too little data. A section that is not
    /// applicable is left out and named once, in the page's "What more data would show" box.
    public var messageInPlace: String? { state == .tooLittleData ? reason : nil }

    static let shown = SectionStatus(state: .shown)
    static func missing(_ needs: String, _ reason: String) -> SectionStatus { SectionStatus(state: .notApplicable, reason: reason, needs: needs) }
    static func tooLittle(_ reason: String) -> SectionStatus { SectionStatus(state: .tooLittleData, reason: reason) }
}
