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

/// Runs every model on the facts and assembles the report value: every figure a page shows is
/// computed here or in the models, never in the renderers.
///
/// The model families are independent except that the recommendation lists use the segments for
/// cold-start fallbacks, so these run as concurrent jobs: segments, recommendation training, ads,
/// and one job per forecast series; then the lists. Each section's part of the value is made in
/// its own file (`ReportBuilder+Segments.swift`, `+Recommendations`, `+Forecasts`, `+Ads`), and
/// `ReportBuilder+Sections.swift` decides what each section shows.
public enum ReportBuilder {
    public struct Output: Sendable {
        public var report: Report
        public var customerRecommendations: CustomerRecommendations
        /// The rows of `customers_at_risk.csv` (empty without a lifetime-value fit).
        public var customersAtRisk: [LifetimeValue.Customer]
        /// Wall seconds of each model stage; the stages run concurrently, so they overlap.
        public var stageSeconds: [(stage: String, seconds: Double)]
    }

    /// `archive`: what the earlier reports in the output root published.
    public static func build(_ facts: Facts, config: Config, archive: ArchivedReports = ArchivedReports()) -> Output {
        let forecastInputs = forecastInputs(facts)
        let options = RecommendationOptions(config.recommendations)
        let segmentSlot = Slot<Segments>()
        let trained = Slot<RecommendationEngine.Trained>()
        let ads = Slot<AdResults>()
        let anomalies = Slot<AnomalyDetection.Result>()
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
                    anomalies.value = AnomalyDetection.compute(facts)
                    timings.set(2, ("ads and anomalies", started.elapsedSeconds))
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
        let movers = CategoryMovers.compute(facts.daily, categories: facts.catalog.categories, periods: periods)
        let recommendations = recommendationSection(facts, recs)
        let adResults = ads.value!

        var report = Report(
            period: .init(from: periods.current.from, to: periods.current.to),
            previousPeriod: .init(from: periods.previous.from, to: periods.previous.to),
            currency: facts.currency,
            coverage: coverage(facts),
            kpis: kpis(facts),
            anomalies: anomalies.value!.seriesChecked == 0 ? nil : Report.AnomalySection(anomalies.value!),
            restatements: restatements(facts, published: archive.kpis),
            daily: dailyPoints(facts.daily, from: periods.current.to - 55, to: periods.current.to),
            categoryMovers: movers.map {
                Report.Mover(category: $0.category, revenue: cents($0.revenue), previousRevenue: cents($0.previousRevenue), change: cents($0.change))
            },
            segmentation: segments.leadingName,
            segments: segments.leading.profiles.map(\.roundedToCents),
            suppressedCustomers: segments.leading.suppressedCustomers,
            minSegmentSize: config.minSegmentSize,
            rfmSegments: segments.rfm.profiles.map(\.roundedToCents),
            clusters: segments.clustersValue,
            segmentMigration: segments.migration.hasEarlierBuyers ? segments.migration : nil,
            funnel: facts.dataQuality[.events].files.isEmpty ? nil : Funnel.shop(facts, minSize: config.minSegmentSize),
            propensity: segments.propensityValue,
            cohorts: segments.cohorts.overall.isEmpty ? nil : Report.CohortSection(segments.cohorts),
            lifetimeValue: segments.lifetimeValueSection,
            recommendations: recommendations.perSegment,
            recommendationEval: recommendations.evaluation,
            alsoBought: recommendations.alsoBought,
            forecasts: reconciled(forecasts.values),
            forecastLedger: forecastLedger(facts, archive: archive),
            ads: adResults.ads,
            dataQuality: qualitySection(facts.dataQuality),
            sections: [:])
        report.sections = sectionStates(report, facts: facts, segments: segments, ads: adResults)
        return Output(report: report, customerRecommendations: CustomerRecommendations(
            customerIds: facts.customers.ids, skus: facts.catalog.skus, lists: recs.perCustomer),
                      customersAtRisk: segments.lifetimeValue.value?.atRisk ?? [], stageSeconds: stageSeconds)
    }

    // MARK: Key figures

    static func kpis(_ facts: Facts) -> Report.KPIs {
        let windows = [facts.periods.current, facts.periods.previous]
        let (current, previous) = (WindowKPIs.compute(facts, window: windows[0]), WindowKPIs.compute(facts, window: windows[1]))
        let mix = windows.map { CustomerMix.compute(facts, window: $0) }
        func group(_ g: CustomerMix.Group) -> Report.CustomerGroup {
            Report.CustomerGroup(revenue: cents(g.revenue), orders: g.orders, customers: g.customers, aov: cents(g.aov))
        }
        return Report.KPIs(
            revenue: cents(current.revenue), orders: current.orders, customers: current.customers, aov: cents(current.aov),
            guestOrders: current.guestOrders, new: group(mix[0].new), returning: group(mix[0].returning),
            repeatPurchaseRate: mix[0].repeatPurchaseRate, medianDaysToSecondOrder: mix[0].medianDaysToSecondOrder,
            previous: .init(revenue: cents(previous.revenue), orders: previous.orders, customers: previous.customers,
                            aov: cents(previous.aov), guestOrders: previous.guestOrders, new: group(mix[1].new),
                            returning: group(mix[1].returning), repeatPurchaseRate: mix[1].repeatPurchaseRate,
                            medianDaysToSecondOrder: mix[1].medianDaysToSecondOrder),
            change: .init(revenue: Change(current.revenue, from: previous.revenue),
                          orders: Change(Double(current.orders), from: Double(previous.orders)),
                          customers: Change(Double(current.customers), from: Double(previous.customers)),
                          aov: Change(current.aov, from: previous.aov)))
    }

    /// How the data's order days cover the two windows, with a sentence for each gap.
    static func coverage(_ facts: Facts) -> Report.Coverage {
        let window = facts.periods.current, previous = facts.periods.previous
        var coverage = Report.Coverage(firstOrderDay: facts.orderSpan?.from, lastOrderDay: facts.orderSpan?.to,
                                       windowDaysAfterData: 0, previousDaysBeforeData: 0, notes: [])
        guard let span = facts.orderSpan else {
            coverage.notes.append("The exports hold no valid order lines.")
            return coverage
        }
        let last = NumberFormatting.longDate(span.to), first = NumberFormatting.longDate(span.from)
        if span.to < window.to {
            coverage.windowDaysAfterData = min(window.length, window.to - span.to)
            if span.to < window.from {
                coverage.notes.append("The data ends on \(last), before this period: the period holds no orders.")
            } else {
                let days = coverage.windowDaysAfterData
                coverage.notes.append("The data ends on \(last): the last \(days.counted("day")) of this period \(days == 1 ? "holds" : "hold") no orders, so its figures cover \(window.length - days) of \(window.length.counted("day")).")
            }
        }
        if span.from > previous.from {
            coverage.previousDaysBeforeData = min(previous.length, span.from - previous.from)
            if span.from > previous.to {
                coverage.notes.append("The data starts on \(first), after the previous period: there is nothing to compare against.")
            } else {
                coverage.notes.append("The data starts on \(first): the previous period's figures cover \(previous.length - coverage.previousDaysBeforeData) of its \(previous.length.counted("day")).")
            }
        }
        return coverage
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
            rowsAfterWindow: per(\.rowsAfterWindow), rejectReasons: q.rejectReasons,
            nonProductLines: .init(lines: q.nonProductLines, revenue: q.nonProductRevenue), notes: q.notes, formats: q.formats)
    }
}

/// A result written by exactly one concurrent job before it is read (after the jobs have finished).
final class Slot<T>: @unchecked Sendable { var value: T? }
