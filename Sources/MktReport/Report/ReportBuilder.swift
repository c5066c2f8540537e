import Dispatch
import MktData
import MktModels

/// Per-customer recommendations: the rows of `recommendations.csv`.
public struct CustomerRecommendations: Sendable {
    public var customerIds: [String]
    public var skus: [String]
    /// Customer index -> ranked list.
    public var lists: [[Recommendation]]
}

/// Runs every model on the facts and assembles the report value.
///
/// The model families are independent except that recommendations use the
/// segments for cold-start fallbacks, so three chains run concurrently:
/// segments then recommendations, forecasts, and ads.
public enum ReportBuilder {
    public struct Output: Sendable {
        public var report: Report
        public var customerRecommendations: CustomerRecommendations
    }

    public static func build(_ facts: Facts, config: Config) -> Output {
        let (segmentsAndRecs, forecasts, ads) = concurrently(
            {
                let segments = segmentSection(facts, config: config)
                let recs = RecommendationEngine.run(facts, options: RecommendationOptions(config.recommendations),
                                                    segmentOf: segments.membership, segmentOrder: segments.order)
                return (segments, recs)
            },
            { forecastSection(facts, config: config) },
            { adSection(facts, config: config) })
        let (segments, recs) = segmentsAndRecs
        let periods = facts.periods
        let current = WindowKPIs.compute(facts.orderDays, window: periods.current)
        let previous = WindowKPIs.compute(facts.orderDays, window: periods.previous)
        let sku = { (item: Int32) in facts.catalog.skus[Int(item)] }
        let title = { (item: Int32) in facts.catalog.titles[Int(item)] }

        let report = Report(
            period: .init(from: periods.current.from, to: periods.current.to),
            previousPeriod: .init(from: periods.previous.from, to: periods.previous.to),
            currency: facts.currency,
            kpis: kpis(current, previous),
            daily: dailyPoints(facts.daily, from: periods.current.to - 55, to: periods.current.to),
            categoryMovers: CategoryMovers.compute(facts.daily, categories: facts.catalog.categories, periods: periods).map {
                Report.Mover(category: $0.category, revenue: cents($0.revenue), previousRevenue: cents($0.previousRevenue), change: cents($0.change))
            },
            segmentation: "rfm",
            segments: segments.profiles.profiles.map(\.roundedToCents),
            suppressedCustomers: segments.profiles.suppressedCustomers,
            recommendations: recs.perSegment.map { entry in
                Report.SegmentRecommendations(segment: entry.segment, items: entry.items.map {
                    Report.RecommendedItem(sku: sku($0.item), title: title($0.item), score: $0.score)
                })
            },
            recommendationEval: evaluationRow(recs),
            forecasts: forecasts,
            ads: ads,
            dataQuality: qualitySection(facts.dataQuality))
        return Output(report: report, customerRecommendations: CustomerRecommendations(
            customerIds: facts.customers.ids, skus: facts.catalog.skus, lists: recs.perCustomer))
    }

    // MARK: Sections

    struct Segments: Sendable {
        var profiles: SegmentProfiles.Result
        var membership: [Int32: String]
        var order: [String]
    }

    static func segmentSection(_ facts: Facts, config: Config) -> Segments {
        let scores = RFM.score(facts.orderDays, customerIds: facts.customers.ids, asOf: facts.periods.current.to)
        var membership: [Int32: String] = [:]
        var recency: [Int32: Int] = [:]
        for i in 0..<scores.count {
            membership[scores.customers[i]] = RFM.segmentNames[scores.segment[i]]
            recency[scores.customers[i]] = scores.recencyDays[i]
        }
        let profiles = SegmentProfiles.build(members: membership, recencyDays: recency, order: RFM.segmentNames,
                                             facts: facts, minSize: config.minSegmentSize)
        // Customers of suppressed or merged groups take their shown group's name for fallbacks.
        let shown = Set(profiles.profiles.map(\.name))
        let visible = membership.mapValues { shown.contains($0) ? $0 : (shown.contains("Other") ? "Other" : "") }.filter { !$0.value.isEmpty }
        return Segments(profiles: profiles, membership: visible, order: profiles.profiles.map(\.name))
    }

    static func evaluationRow(_ recs: RecommendationEngine.Output) -> Report.RecommendationEval {
        let m = recs.evaluation, p = recs.popularityEvaluation
        return Report.RecommendationEval(
            k: m.k, method: recs.chosen, usersEvaluated: m.users, precisionAtK: m.precision, recallAtK: m.recall,
            ndcgAtK: m.ndcg, mapAtK: m.map, coverage: m.coverage, popularityPrecisionAtK: p.precision,
            popularityRecallAtK: p.recall, popularityNdcgAtK: p.ndcg, popularityMapAtK: p.map, popularityCoverage: p.coverage)
    }

    static func forecastSection(_ facts: Facts, config: Config) -> [Report.ForecastSeries] {
        let daily = facts.daily
        let horizon = config.forecast.horizonDays
        return [("revenue", daily.revenue), ("orders", daily.orders)].map { name, values in
            let series = TimeSeries(start: daily.firstDay, frequency: .daily, values: values)
            let forecast = ForecastSelection.forecast(series, name: name, horizon: horizon)
            let historyStart = max(0, values.count - 56)
            return Report.ForecastSeries(
                series: name, frequency: "daily", method: forecast.method, validationMase: forecast.validationMASE,
                history: (historyStart..<values.count).map { Report.HistoryPoint(date: series.date(at: $0), value: cents(values[$0])) },
                points: forecast.points.map(\.roundedToCents))
        }
    }

    static func adSection(_ facts: Facts, config: Config) -> Report.Ads {
        let window = facts.periods.current
        let performance = CampaignPerformanceModel.compute(ads: facts.ads, orders: facts.campaignOrders, window: window,
                                                           minClicks: config.ads.minClicks)
        let tests = ABTestModel.compute(ads: facts.ads, window: window, alpha: config.ads.alpha)
        return Report.Ads(
            campaigns: performance.campaigns.map(campaignRow), channels: performance.channels.map(campaignRow),
            abTests: tests,
            minClicks: config.ads.minClicks)
    }

    static func campaignRow(_ c: CampaignPerformance) -> Report.Campaign {
        Report.Campaign(campaignId: c.campaign, channel: c.channel, impressions: c.impressions, clicks: c.clicks,
                        conversions: c.conversions, cost: cents(c.cost), revenue: cents(c.revenue), ctr: c.ctr, cvr: c.cvr,
                        cpc: cents(c.cpc), cpa: cents(c.cpa), roas: c.roas, roi: c.roi, rank: c.rank, lowVolume: c.lowVolume)
    }

    static func kpis(_ current: WindowKPIs, _ previous: WindowKPIs) -> Report.KPIs {
        Report.KPIs(
            revenue: cents(current.revenue), orders: current.orders, customers: current.customers, aov: cents(current.aov),
            previous: .init(revenue: cents(previous.revenue), orders: previous.orders, customers: previous.customers, aov: cents(previous.aov)),
            change: .init(revenue: WindowKPIs.change(current.revenue, from: previous.revenue),
                          orders: WindowKPIs.change(Double(current.orders), from: Double(previous.orders)),
                          customers: WindowKPIs.change(Double(current.customers), from: Double(previous.customers)),
                          aov: WindowKPIs.change(current.aov, from: previous.aov)))
    }

    static func dailyPoints(_ daily: DailySeries, from: Day, to: Day) -> [Report.DailyPoint] {
        stride(from: max(from, daily.firstDay).index, through: to.index, by: 1).map { index in
            let day = Day(index: index), i = daily.offset(of: day)
            return Report.DailyPoint(date: day, revenue: cents(daily.revenue[i]), orders: daily.orders[i])
        }
    }

    static func qualitySection(_ q: DataQuality) -> Report.DataQualitySection {
        func per(_ value: (DataQuality.ExportCounts) -> Int) -> [String: Int] {
            Dictionary(uniqueKeysWithValues: ExportKind.allCases.map { ($0.rawValue, value(q[$0])) })
        }
        return Report.DataQualitySection(
            files: Dictionary(uniqueKeysWithValues: ExportKind.allCases.map { ($0.rawValue, q[$0].files) }),
            rowsRead: per(\.rowsRead), rowsRejected: per(\.rowsRejected), duplicates: per(\.duplicates),
            rowsAfterWindow: per(\.rowsAfterWindow), rejectReasons: q.rejectReasons, notes: q.notes)
    }
}

/// Runs three independent computations on separate threads and returns their results.
func concurrently<A: Sendable, B: Sendable, C: Sendable>(
    _ a: @escaping @Sendable () -> A, _ b: @escaping @Sendable () -> B, _ c: @escaping @Sendable () -> C
) -> (A, B, C) {
    let sa = Slot<A>(), sb = Slot<B>(), sc = Slot<C>()
    DispatchQueue.concurrentPerform(iterations: 3) { i in
        switch i {
        case 0: sa.value = a()
        case 1: sb.value = b()
        default: sc.value = c()
        }
    }
    return (sa.value!, sb.value!, sc.value!)
}

/// A result written by exactly one concurrent task before it is read.
private final class Slot<T>: @unchecked Sendable { var value: T? }
