import Dispatch
import Foundation
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
/// The model families are independent except that the recommendation lists use the
/// segments for cold-start fallbacks, so these run as concurrent jobs: segments,
/// recommendation training, ads, and one job per forecast series; then the lists.
public enum ReportBuilder {
    public struct Output: Sendable {
        public var report: Report
        public var customerRecommendations: CustomerRecommendations
        /// Wall seconds of each model stage; the stages run concurrently, so they overlap.
        public var stageSeconds: [(stage: String, seconds: Double)]
    }

    public static func build(_ facts: Facts, config: Config) -> Output {
        // Independent jobs on all cores: segments, recommendation training, ads and each forecast
        // series; the recommendation lists, which need the segments for fallbacks, come after.
        let forecastInputs = forecastInputs(facts)
        let options = RecommendationOptions(config.recommendations)
        let segmentSlot = Slot<Segments>()
        let trained = Slot<RecommendationEngine.Trained>()
        let ads = Slot<Report.Ads>()
        let forecasts = ResultSlots<Report.ForecastSeries>(count: forecastInputs.count)
        let timings = ResultSlots<(stage: String, seconds: Double)>(count: 3 + forecastInputs.count)
        // Plain async jobs, not `concurrentPerform`: libdispatch runs a `concurrentPerform` nested in
        // another one on a single thread, which left the recommendation engine's own parallel loops
        // on one core (49.7 s against 32 s alone, medium scale).
        let jobs = DispatchGroup()
        for job in 0..<(3 + forecastInputs.count) {
            DispatchQueue.global().async(group: jobs) {
                let started = ContinuousClock.now
                switch job {
                case 0:
                    segmentSlot.value = segmentSection(facts, config: config)
                    timings.set(0, ("segments", started.elapsedSeconds))
                case 1:
                    trained.value = RecommendationEngine.train(facts, options: options, seed: config.seed)
                    timings.set(1, ("recommendations", started.elapsedSeconds))
                case 2:
                    ads.value = adSection(facts, config: config)
                    timings.set(2, ("ads", started.elapsedSeconds))
                default:
                    let input = forecastInputs[job - 3]
                    forecasts.set(job - 3, forecastRow(input.name, input.series, config: config))
                    timings.set(job, ("forecasts", started.elapsedSeconds))
                }
            }
        }
        jobs.wait()
        let segments = segmentSlot.value!
        let listsStarted = ContinuousClock.now
        let recs = RecommendationEngine.lists(facts, trained: trained.value!, options: options,
                                              segmentOf: segments.membership, segmentOrder: segments.order)
        // Forecast series run side by side; their stage time is the longest of them.
        let stageTimes = timings.values
        let forecastSeconds = stageTimes.dropFirst(3).map(\.seconds).max() ?? 0
        let stageSeconds = [stageTimes[0], ("recommendations", stageTimes[1].seconds + listsStarted.elapsedSeconds), stageTimes[2],
                            ("forecasts", forecastSeconds)]
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
            segmentation: config.segmentation == "clusters" && segments.clusters != nil ? "clusters" : "rfm",
            segments: segments.leading.profiles.map(\.roundedToCents),
            suppressedCustomers: segments.leading.suppressedCustomers,
            minSegmentSize: config.minSegmentSize,
            rfmSegments: segments.rfm.profiles.map(\.roundedToCents),
            clusters: segments.clusters.map { model, profiles in
                // Centroids follow the shown profiles; merged clusters ("Other") have none.
                Report.Clusters(k: model.k, silhouette: model.silhouette, silhouettes: model.silhouettes,
                                features: BehaviourClusters.featureNames,
                                centroids: profiles.profiles.compactMap { p in model.names.firstIndex(of: p.name).map { model.centroids[$0] } },
                                profiles: profiles.profiles.map(\.roundedToCents))
            },
            segmentMigration: segments.migration,
            funnel: Funnel.shop(facts),
            propensity: segments.propensity.map {
                Report.Propensity(auc: $0.auc, trainingCustomers: $0.trainingCustomers, testCustomers: $0.testCustomers,
                                  testBaseRate: $0.testBaseRate, coefficients: $0.coefficients, calibration: $0.calibration)
            },
            recommendations: recs.perSegment.map { entry in
                Report.SegmentRecommendations(segment: entry.segment, items: entry.items.map {
                    Report.RecommendedItem(sku: sku($0.item), title: title($0.item), score: $0.score,
                                           reason: "bought by \(Int(($0.score * 100).rounded()))% of \(entry.segment)")
                })
            },
            recommendationEval: evaluationRow(recs),
            alsoBought: recs.alsoBought.map { row in
                Report.AlsoBoughtRow(sku: sku(row.item), title: title(row.item), buyers: row.buyers, together: row.together.map {
                    Report.RecommendedItem(sku: sku($0.item), title: title($0.item), score: $0.score,
                                           reason: "bought together with \(title(row.item).isEmpty ? sku(row.item) : title(row.item))")
                })
            },
            forecasts: forecasts.values,
            ads: ads.value!,
            dataQuality: qualitySection(facts.dataQuality))
        return Output(report: report, customerRecommendations: CustomerRecommendations(
            customerIds: facts.customers.ids, skus: facts.catalog.skus, lists: recs.perCustomer), stageSeconds: stageSeconds)
    }

    // MARK: Sections

    struct Segments: Sendable {
        var leading: SegmentProfiles.Result
        var rfm: SegmentProfiles.Result
        var clusters: (model: BehaviourClusters.Result, profiles: SegmentProfiles.Result)?
        var migration: SegmentMigration
        var propensity: PurchasePropensity.Result?
        /// Customer -> the leading segment it is shown under (recommendation fallbacks).
        var membership: [Int32: String] { leading.shownMembership }
        var order: [String] { leading.profiles.map(\.name) }
    }

    static func segmentSection(_ facts: Facts, config: Config) -> Segments {
        let minSize = config.minSegmentSize
        let propensity = PurchasePropensity.fit(facts)
        let basis = SegmentProfiles.Basis(facts)
        let rfm = SegmentProfiles.build(members: rfmMembers(facts), order: RFM.segmentNames, basis: basis, minSize: minSize,
                                        propensity: propensity?.scores)
        let clusters = BehaviourClusters.fit(basis, seed: config.seed).map { model in
            (model, SegmentProfiles.build(members: model.membership, order: model.names, basis: basis, minSize: minSize,
                                          propensity: propensity?.scores))
        }
        let leading = config.segmentation == "clusters" ? (clusters?.1 ?? rfm) : rfm
        return Segments(leading: leading, rfm: rfm, clusters: clusters, migration: SegmentMigration.compute(facts, minSize: minSize),
                        propensity: propensity)
    }

    /// Customer -> RFM segment name as of the window end.
    static func rfmMembers(_ facts: Facts) -> [Int32: String] {
        let scores = RFM.score(facts.orderDays, customerIds: facts.customers.ids, asOf: facts.periods.current.to)
        var members: [Int32: String] = [:]
        for i in 0..<scores.count { members[scores.customers[i]] = RFM.segmentNames[scores.segment[i]] }
        return members
    }

    /// Only what recommendation fallbacks need: the leading segmentation's shown groups, without
    /// the profiles' propensity model, the other segmentation or the migration table.
    static func leadingSegments(_ facts: Facts, config: Config) -> SegmentProfiles.Result {
        let basis = SegmentProfiles.Basis(facts)
        if config.segmentation == "clusters", let model = BehaviourClusters.fit(basis, seed: config.seed) {
            return SegmentProfiles.build(members: model.membership, order: model.names, basis: basis, minSize: config.minSegmentSize)
        }
        return SegmentProfiles.build(members: rfmMembers(facts), order: RFM.segmentNames, basis: basis, minSize: config.minSegmentSize)
    }

    static func evaluationRow(_ recs: RecommendationEngine.Output) -> Report.RecommendationEval {
        let m = recs.evaluation, p = recs.popularityEvaluation
        return Report.RecommendationEval(
            k: m.k, method: recs.chosen, usersEvaluated: m.users, precisionAtK: m.precision, recallAtK: m.recall,
            ndcgAtK: m.ndcg, mapAtK: m.map, coverage: m.coverage, popularityPrecisionAtK: p.precision,
            popularityRecallAtK: p.recall, popularityNdcgAtK: p.ndcg, popularityMapAtK: p.map, popularityCoverage: p.coverage,
            selection: recs.selectionNDCG.map { Report.CandidateScore(method: $0.name, ndcgAtK: $0.ndcg) })
    }

    /// The series the report forecasts: revenue and orders (daily), revenue (weekly) and the daily
    /// revenue of the three categories with the most revenue in the window.
    static func forecastInputs(_ facts: Facts) -> [(name: String, series: TimeSeries)] {
        let daily = facts.daily
        let window = facts.periods.current
        let revenue = TimeSeries(start: daily.firstDay, frequency: .daily, values: daily.revenue)
        let orders = TimeSeries(start: daily.firstDay, frequency: .daily, values: daily.orders)
        var series: [(String, TimeSeries)] = [("revenue", revenue), ("orders", orders), ("revenue", revenue.weeklyTotals())]
        let inWindow = window.days.map { daily.offset(of: $0) }.filter { $0 >= 0 && $0 < daily.dayCount }
        let names = facts.catalog.categories
        var totals: [(category: Int, revenue: Double)] = []
        for c in names.indices {
            let total = inWindow.reduce(0.0) { $0 + daily.categoryRevenue[c][$1] }
            if total > 0 { totals.append((c, total)) }
        }
        totals.sort { $0.revenue != $1.revenue ? $0.revenue > $1.revenue : names[$0.category] < names[$1.category] }
        for (c, _) in totals.prefix(3) {
            series.append(("revenue: \(facts.catalog.categories[c])",
                           TimeSeries(start: daily.firstDay, frequency: .daily, values: daily.categoryRevenue[c])))
        }
        return series.map { (name: $0.0, series: $0.1) }
    }

    static func forecastRow(_ name: String, _ series: TimeSeries, config: Config) -> Report.ForecastSeries {
        let horizon = series.frequency == .weekly ? config.forecast.horizonWeeks : config.forecast.horizonDays
        let result = ForecastEngine.forecast(series, options: .init(horizon: horizon, holidays: config.forecast.holidays, seed: config.seed))
        let historyLength = series.frequency == .weekly ? 26 : 56
        let historyStart = max(0, series.count - historyLength)
        return Report.ForecastSeries(
            series: name, frequency: series.frequency.rawValue, method: result.method, validationMase: result.validationMASE,
            backtest: result.backtest, notes: result.notes,
            history: (historyStart..<series.count).map { Report.HistoryPoint(date: series.date(at: $0), value: cents(series.values[$0])) },
            points: series.points(of: result.path).map(\.roundedToCents))
    }

    static func adSection(_ facts: Facts, config: Config) -> Report.Ads {
        let window = facts.periods.current
        let performance = CampaignPerformanceModel.compute(ads: facts.ads, orders: facts.campaignOrders, window: window,
                                                           minClicks: config.ads.minClicks)
        let tests = ABTestModel.compute(ads: facts.ads, window: window, alpha: config.ads.alpha, seed: config.seed)
        let factors = ConversionFactors.fit(facts.ads, periods: facts.periods)
        return Report.Ads(
            campaigns: performance.campaigns.map(campaignRow), channels: performance.channels.map(campaignRow),
            abTests: tests, minClicks: config.ads.minClicks,
            conversionFactors: factors.map { Report.ConversionFactorSection(from: $0.from, to: $0.to, adRows: $0.rows, clicks: $0.clicks, terms: $0.terms) },
            budgetShift: BudgetShift.suggest(performance.campaigns).map {
                BudgetShift(from: $0.from, to: $0.to, amount: cents($0.amount), expectedRevenueChange: cents($0.expectedRevenueChange),
                            revenueChangeRange: $0.revenueChangeRange.map(cents))
            })
    }

    static func campaignRow(_ c: CampaignPerformance) -> Report.Campaign {
        Report.Campaign(campaignId: c.campaign, channel: c.channel, impressions: c.impressions, clicks: c.clicks,
                        conversions: c.conversions, cost: cents(c.cost), revenue: cents(c.revenue), ctr: c.ctr, cvr: c.cvr,
                        cpc: cents(c.cpc), cpa: cents(c.cpa), roas: c.roas, roi: c.roi, rank: c.rank, lowVolume: c.lowVolume,
                        ctrCI95: c.ctrInterval, cvrCI95: c.cvrInterval, roasCI95: c.roasInterval)
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

/// A result written by exactly one concurrent job before it is read (after the jobs have finished).
final class Slot<T>: @unchecked Sendable { var value: T? }

