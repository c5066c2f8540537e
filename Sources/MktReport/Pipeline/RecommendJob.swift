import MktData
import MktModels

/// `mktreport recommend`: learns from all data up to a day and returns per-customer lists.
public struct RecommendJob {
    public var dataDirectory: String
    /// The events a database decided (`--source`; see `DataLoader.pushedEvents`).
    public var pushedEvents: EventPushdown?
    public var config: Config
    public var through: Day
    public var progress: @Sendable (String) -> Void

    public init(dataDirectory: String, pushedEvents: EventPushdown? = nil, config: Config, through: Day, progress: @escaping @Sendable (String) -> Void) {
        self.dataDirectory = dataDirectory
        self.pushedEvents = pushedEvents
        self.config = config
        self.through = through
        self.progress = progress
    }

    /// The evaluation window is the week ending on `through`; rejected rows are counted, not written.
    public func run() throws -> (recommendations: CustomerRecommendations, rejectedRows: Int) {
        let rejects = CollectingRejectSink()
        let facts = try DataLoader(directory: dataDirectory, config: config, pushedEvents: pushedEvents, progress: progress)
            .load(window: .ending(through, days: 7), rejects: rejects)
        let segments = ReportBuilder.leadingSegments(facts, config: config)
        let recs = RecommendationEngine.run(facts, options: RecommendationOptions(config.recommendations),
                                            segmentOf: segments.shownMembership, segmentOrder: segments.profiles.map(\.name),
                                            seed: config.seed)
        progress("recommend: \(recs.chosen) chosen (NDCG@\(recs.evaluation.k) \(recs.evaluation.ndcg) vs popularity \(recs.popularityEvaluation.ndcg))")
        return (CustomerRecommendations(customerIds: facts.customers.ids, skus: facts.catalog.skus, lists: recs.perCustomer),
                rejects.rows.count)
    }
}
