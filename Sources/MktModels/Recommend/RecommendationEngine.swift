import MktData

/// Settings the recommendation engine needs from the run configuration.
public struct RecommendationOptions: Sendable {
    public var topN: Int
    public var eventWeights: [String: Double]
    public var neighbours: Int
    public var shrinkage: Double

    public init(_ settings: Config.RecommendationSettings) {
        topN = settings.topN
        eventWeights = settings.eventWeights
        neighbours = settings.neighbours
        shrinkage = settings.shrinkage
    }
}

/// One recommended item.
public struct Recommendation: Sendable, Equatable {
    public var item: Int32
    public var score: Double
    /// True when the item comes from the customer's segment favourites or overall
    /// popularity rather than from the model (cold start, or too few model results).
    public var fallback: Bool
}

/// Trains, evaluates and applies the recommenders for one run.
///
/// Protocol: candidates are fitted on feedback up to the end of the previous
/// window and evaluated on the items customers bought for the first time in the
/// report window (`evaluation`); the best by NDCG@K is refitted on all feedback
/// up to the window end and produces the per-customer lists.
public enum RecommendationEngine {
    public struct Output: Sendable {
        public var chosen: String
        public var evaluation: RankingMetrics
        public var popularityEvaluation: RankingMetrics
        /// Customer index -> ranked list (every customer in the customer table).
        public var perCustomer: [[Recommendation]]
        /// Segment name -> favourites, in `segmentOrder`.
        public var perSegment: [(segment: String, items: [Recommendation])]
    }

    public static func run(_ facts: Facts, options: RecommendationOptions, segmentOf: [Int32: String],
                           segmentOrder: [String]) -> Output {
        let allowed = facts.catalog.inCatalog.contains(true) ? facts.catalog.inCatalog
            : Array(repeating: true, count: facts.catalog.count)
        let k = options.topN
        let train = Feedback.build(facts, weights: options.eventWeights, throughPeriod: 1)
        let truth = Feedback.newPurchases(facts, inPeriod: 2)
        let candidates: [(String, (Feedback) -> Recommender)] = [
            ("popularity", { PopularityRecommender(feedback: $0.matrix, allowed: allowed) }),
            ("item-knn", { ItemKNNRecommender(feedback: $0.matrix, neighbours: options.neighbours, shrinkage: Float(options.shrinkage)) }),
        ]
        let scored = candidates.map { name, make in
            (name, make, RecommendationEvaluation.evaluate(make(train), train: train, truth: truth, k: k, allowed: allowed))
        }
        let popularity = scored[0].2
        let best = scored.max { $0.2.ndcg != $1.2.ndcg ? $0.2.ndcg < $1.2.ndcg : $0.0 > $1.0 }!

        let full = Feedback.build(facts, weights: options.eventWeights, throughPeriod: 2)
        let model = best.1(full)
        let favourites = segmentFavourites(facts, full: full, segmentOf: segmentOf, allowed: allowed, n: max(k * 3, 30))
        let overall = PopularityRecommender(feedback: full.matrix, allowed: allowed, depth: max(k * 3, 30)).ranking
            .map { Recommendation(item: $0.item, score: Double($0.score), fallback: true) }

        var scratch = [Float](repeating: 0, count: facts.catalog.count)
        var touched: [Int32] = []
        var perCustomer: [[Recommendation]] = []
        perCustomer.reserveCapacity(facts.customers.count)
        for user in 0..<facts.customers.count {
            let bought = full.bought[user]
            var list = full.matrix.row(user).isEmpty ? [] :
                model.recommend(user: user, feedback: full.matrix, n: k, excluded: bought, allowed: allowed,
                                scratch: &scratch, touched: &touched)
                .map { Recommendation(item: $0.item, score: Double($0.score), fallback: false) }
            if list.count < k {
                let pool = segmentOf[Int32(user)].flatMap { favourites[$0] } ?? overall
                var used = Set(list.map(\.item))
                for candidate in pool where list.count < k && !used.contains(candidate.item) && !bought.containsSorted(candidate.item) {
                    list.append(candidate)
                    used.insert(candidate.item)
                }
            }
            perCustomer.append(list)
        }
        let perSegment = segmentOrder.compactMap { name in favourites[name].map { (name, Array($0.prefix(k))) } }
        return Output(chosen: best.0, evaluation: best.2, popularityEvaluation: popularity,
                      perCustomer: perCustomer, perSegment: perSegment)
    }

    /// Per segment: items ranked by the share of the segment's customers who bought them.
    static func segmentFavourites(_ facts: Facts, full: Feedback, segmentOf: [Int32: String], allowed: [Bool],
                                  n: Int) -> [String: [Recommendation]] {
        var buyers: [String: [Int32: Int]] = [:]
        var sizes: [String: Int] = [:]
        for (customer, segment) in segmentOf {
            sizes[segment, default: 0] += 1
            for item in full.bought[Int(customer)] where allowed[Int(item)] { buyers[segment, default: [:]][item, default: 0] += 1 }
        }
        var result: [String: [Recommendation]] = [:]
        for (segment, counts) in buyers {
            var top = TopN(capacity: n)
            for (item, count) in counts { top.offer(item: item, score: Float(count)) }
            let size = Double(sizes[segment]!)
            result[segment] = top.items.map { Recommendation(item: $0.item, score: Double($0.score) / size, fallback: true) }
        }
        return result
    }
}
