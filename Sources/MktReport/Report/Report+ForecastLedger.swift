import MktFacts
import MktModels

/// What a run reads back from the output root's archive before it builds: the published KPIs of
/// earlier windows (restatements), their forecasts and the previous window's lists (the ledger).
public struct ArchivedReports: Sendable {
    public var kpis: [PublishedKPIs] = []
    public var forecasts: [ForecastLedger.Published] = []
    /// The previous window's recommendations.csv: customer id -> listed SKUs; nil when absent.
    public var previousLists: [String: [String]]?

    public init() {}
}

extension Report {
    /// `forecast_ledger`: how the forecasts and lists of earlier reports did.
    public struct ForecastLedgerSection: Codable, Sendable, Equatable {
        public typealias Miss = ForecastLedger.Miss
        public struct Series: Codable, Sendable, Equatable {
            public var series: String
            public var frequency: String
            public var reports: Int
            public var points: Int
            @EncodesNil public var mase: Double?
            public var isMoney: Bool { Report.ForecastSeries.isMoney(series) }
            public var coverage80: Double
            public var coverage95: Double
            public var biggestMisses: [Miss]
            enum CodingKeys: String, CodingKey {
                case series, frequency, reports, points, mase, coverage80 = "coverage_80", coverage95 = "coverage_95", biggestMisses = "biggest_misses"
            }

            public init(series: String, frequency: String, reports: Int, points: Int, mase: Double?, coverage80: Double, coverage95: Double,
                        biggestMisses: [Miss]) {
                (self.series, self.frequency, self.reports, self.points) = (series, frequency, reports, points)
                (self.mase, self.coverage80, self.coverage95, self.biggestMisses) = (mase, coverage80, coverage95, biggestMisses)
            }
        }
        public struct Lists: Codable, Sendable, Equatable {
            /// Customers the previous report listed, and of them those who bought a listed item in this window.
            public var customers: Int
            public var hits: Int
            public var hitRate: Double
            enum CodingKeys: String, CodingKey { case customers, hits, hitRate = "hit_rate" }

            public init(customers: Int, hits: Int, hitRate: Double) { (self.customers, self.hits, self.hitRate) = (customers, hits, hitRate) }
        }
        public var series: [Series]
        @EncodesNil public var recommendations: Lists?

        public init(series: [Series], recommendations: Lists?) {
            self.series = series
            self.recommendations = recommendations
        }
    }
}

extension ReportBuilder {
    static func forecastLedger(_ facts: Facts, archive: ArchivedReports) -> Report.ForecastLedgerSection? {
        let end = facts.periods.current.to
        let grades = ForecastLedger.grade(archive.forecasts, daily: facts.daily, through: end)
        var lists: Report.ForecastLedgerSection.Lists?
        if let published = archive.previousLists, !published.isEmpty {
            let customerIndex = Dictionary(facts.customers.ids.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { a, _ in a })
            let skuIndex = Dictionary(facts.catalog.skus.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { a, _ in a })
            var indexed: [Int32: [Int32]] = [:]
            for (customer, skus) in published { if let c = customerIndex[customer] { indexed[c] = skus.compactMap { skuIndex[$0] } } }
            var bought = Set<Int64>()
            let t = facts.interactions
            for row in 0..<t.count where t.boughtIn[row] & 4 != 0 { bought.insert(Int64(t.customer[row]) << 32 | Int64(UInt32(bitPattern: t.item[row]))) }
            let (customers, hits) = ForecastLedger.hitRate(lists: indexed, boughtInWindow: bought)
            if customers > 0 { lists = .init(customers: customers, hits: hits, hitRate: Double(hits) / Double(customers)) }
        }
        guard !grades.isEmpty || lists != nil else { return nil }
        let round = { (series: String, x: Double) in Report.ForecastSeries.isMoney(series) ? cents(x) : (x * 100).rounded() / 100 }
        return Report.ForecastLedgerSection(series: grades.map { g in
            .init(series: g.series, frequency: g.frequency, reports: g.reports, points: g.points, mase: g.mase, coverage80: g.coverage80,
                  coverage95: g.coverage95, biggestMisses: g.misses.map {
                      .init(date: $0.date, madeAt: $0.madeAt, forecast: round(g.series, $0.forecast), actual: round(g.series, $0.actual),
                            lo95: round(g.series, $0.lo95), hi95: round(g.series, $0.hi95))
                  })
        }, recommendations: lists)
    }
}
