import MktFacts

/// Settings the recommendation engine needs from the run configuration.
public struct RecommendationOptions: Sendable {
    public var topN: Int
    public var eventWeights: [String: Double]
    public var neighbours: Int
    public var shrinkage: Double

    public init(topN: Int, eventWeights: [String: Double], neighbours: Int, shrinkage: Double) {
        self.topN = topN
        self.eventWeights = eventWeights
        self.neighbours = neighbours
        self.shrinkage = shrinkage
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

/// Items customers who bought one product also bought (purchase co-occurrence, cosine).
public struct AlsoBought: Sendable {
    public var item: Int32
    /// Customers who bought the item in the report window.
    public var buyers: Int
    public var together: [(item: Int32, score: Double)]
}

/// Trains, evaluates and applies the recommenders for one run.
///
/// Protocol (temporal, inside every run): candidates are fitted on feedback up to the end of
/// the window before the previous one and compared by NDCG@K on the items customers first bought
/// in the previous window; the winner is refitted on feedback up to the previous window's end and
/// reported, with the popularity baseline, on first-time purchases in the report window; then it
/// is refitted on all feedback up to the window end to make the per-customer lists.
public enum RecommendationEngine {
    public struct Output: Sendable {
        public var chosen: String
        public var selectionNDCG: [(name: String, ndcg: Double)]
        public var evaluation: RankingMetrics
        public var popularityEvaluation: RankingMetrics
        /// Customer index -> ranked list (every customer in the customer table).
        public var perCustomer: [[Recommendation]]
        /// Segment name -> favourites (score: share of the segment's customers who bought the item), in segment order.
        public var perSegment: [(segment: String, items: [Recommendation])]
        /// For the ten products with the most buyers in the window.
        public var alsoBought: [AlsoBought]
    }

    /// The part of a run that does not depend on the segments (it can run alongside them):
    /// the chosen model, fitted on all feedback, its evaluation, and the "also bought" lists.
    public struct Trained: Sendable {
        var selection: RecommendationSelection.Result
        var full: Feedback
        var allowed: [Bool]
        var alsoBought: [AlsoBought]
    }

    public static func run(_ facts: Facts, options: RecommendationOptions, segmentOf: [Int32: String],
                           segmentOrder: [String], seed: UInt64 = 42) -> Output {
        lists(facts, trained: train(facts, options: options, seed: seed), options: options, segmentOf: segmentOf, segmentOrder: segmentOrder)
    }

    public static func train(_ facts: Facts, options: RecommendationOptions, seed: UInt64 = 42) -> Trained {
        let allowed = facts.catalog.inCatalog.contains(true) ? facts.catalog.inCatalog
            : Array(repeating: true, count: facts.catalog.count)
        // "Also bought" needs none of the rest: it runs on another thread alongside.
        let (alsoBought, (selection, full)) = Parallel.both({ Self.alsoBought(facts, allowed: allowed, products: 10, neighbours: 5) }) {
            let feedback = Parallel.map(3, chunkSize: 1) { periods in
                periods.map { Feedback.build(facts, weights: options.eventWeights, throughPeriod: $0) }
            }
            let splits = RecommendationSplits(
                selectionTrain: feedback[0],
                selectionTruth: Feedback.newPurchases(facts, inPeriod: 1),
                evaluationTrain: feedback[1],
                evaluationTruth: Feedback.newPurchases(facts, inPeriod: 2),
                full: feedback[2],
                allowed: allowed, features: facts.catalog.inCatalog.contains(true) ? ItemFeatures.catalog(facts.catalog) : nil,
                categories: facts.catalog.categories.isEmpty ? nil : facts.catalog.category)
            let selection = RecommendationSelection.run(splits, k: options.topN, neighbours: options.neighbours,
                                                        shrinkage: options.shrinkage, seed: seed)
            return (selection, splits.full)
        }
        return Trained(selection: selection, full: full, allowed: allowed, alsoBought: alsoBought)
    }

    /// Customers the shop knew by the end of the window: an order or an event up to then, or listed
    /// in the customers export with no signup date or one up to then. Customers first seen later
    /// get no list, so the output never depends on data after the window (no look-ahead).
    static func knownCustomers(_ facts: Facts) -> [Bool] {
        let end = facts.periods.current.to
        var known = Array(repeating: false, count: facts.customers.count)
        for row in facts.orderDays.day.indices where facts.orderDays.day[row] <= end { known[Int(facts.orderDays.customer[row])] = true }
        for c in 0..<facts.customers.count where !known[c] {
            let listed = facts.customers.listed[c] && (facts.customers.signup[c].map { $0 <= end } ?? true)
            known[c] = listed || Period.allCases.contains { p in EventType.allCases.contains { facts.activity.count(customer: c, period: p, type: $0) > 0 } }
        }
        return known
    }

    /// Per-customer and per-segment lists: the model's, topped up from segment favourites and then
    /// from every item with feedback by popularity, so that a list falls short of `topN` only when
    /// the customer has bought nearly everything anyone bought. (With segment favourites alone and
    /// EASE^R as the model, 12 of 22 test customers of a film set got short lists: they had seen
    /// all 30 favourites, and EASE^R scores only its 1,000 items.)
    public static func lists(_ facts: Facts, trained: Trained, options: RecommendationOptions, segmentOf: [Int32: String],
                             segmentOrder: [String]) -> Output {
        let k = options.topN, full = trained.full, allowed = trained.allowed, selection = trained.selection
        let favourites = segmentFavourites(facts, full: full, segmentOf: segmentOf, allowed: allowed, n: max(k * 3, 30))
        let overall = PopularityRecommender(feedback: full.matrix, allowed: allowed, depth: facts.catalog.count).ranking
            .map { Recommendation(item: $0.item, score: Double($0.score), fallback: true) }

        let final = selection.final, itemCount = facts.catalog.count
        let known = knownCustomers(facts)
        let perCustomer = Parallel.map(facts.customers.count) { users -> [[Recommendation]] in
            var board = ScoreBoard(itemCount: itemCount)
            return users.map { user in
                guard known[user] else { return [] }
                let bought = full.bought[user]
                var list = full.matrix.row(user).isEmpty ? [] :
                    final.recommend(user: user, feedback: full.matrix, n: k, excluded: bought, allowed: allowed, board: &board)
                    .map { Recommendation(item: $0.item, score: Double($0.score), fallback: false) }
                if list.count < k {
                    var used = Set(list.map(\.item))
                    for candidate in [segmentOf[Int32(user)].flatMap { favourites[$0] } ?? [], overall].joined() {
                        guard list.count < k else { break }
                        guard !used.contains(candidate.item) && !bought.containsSorted(candidate.item) else { continue }
                        list.append(candidate)
                        used.insert(candidate.item)
                    }
                }
                return list
            }
        }
        let perSegment = segmentOrder.compactMap { name in favourites[name].map { (name, Array($0.prefix(k))) } }
        return Output(chosen: selection.chosen.name, selectionNDCG: selection.selectionNDCG, evaluation: selection.evaluation,
                      popularityEvaluation: selection.popularityEvaluation, perCustomer: perCustomer, perSegment: perSegment,
                      alsoBought: trained.alsoBought)
    }

    /// Per segment: items ranked by the share of the segment's customers who bought them.
    ///
    /// Counted in one array of items per segment: with a dictionary per segment this took a
    /// second on one core of the large shop while the other waited (perf, 600k customers).
    static func segmentFavourites(_ facts: Facts, full: Feedback, segmentOf: [Int32: String], allowed: [Bool],
                                  n: Int) -> [String: [Recommendation]] {
        let names = Array(Set(segmentOf.values))
        let position = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        let itemCount = allowed.count
        var buyers = [Int32](repeating: 0, count: names.count * itemCount)
        var sizes = [Int](repeating: 0, count: names.count)
        for (customer, segment) in segmentOf {
            let s = position[segment]!
            sizes[s] += 1
            for item in full.bought[Int(customer)] where allowed[Int(item)] { buyers[s * itemCount + Int(item)] += 1 }
        }
        var result: [String: [Recommendation]] = [:]
        for (s, segment) in names.enumerated() {
            var top = TopN(capacity: n)
            for item in 0..<itemCount where buyers[s * itemCount + item] > 0 {
                top.offer(item: Int32(item), score: Float(buyers[s * itemCount + item]))
            }
            guard !top.items.isEmpty else { continue }  // (a segment whose customers bought nothing has no favourites)
            let size = Double(sizes[s])
            result[segment] = top.items.map { Recommendation(item: $0.item, score: Double($0.score) / size, fallback: true) }
        }
        return result
    }

    /// "Customers who bought X also bought": item-kNN (cosine, no shrinkage) on purchases only,
    /// for the products with the most buyers in the report window.
    static func alsoBought(_ facts: Facts, allowed: [Bool], products: Int, neighbours: Int) -> [AlsoBought] {
        var windowBuyers = [Float](repeating: 0, count: facts.catalog.count)
        let t = facts.interactions
        for row in 0..<t.count where t.boughtIn[row] & 4 != 0 { windowBuyers[Int(t.item[row])] += 1 }
        var top = TopN(capacity: products)
        for item in 0..<windowBuyers.count where windowBuyers[item] > 0 && allowed[item] { top.offer(item: Int32(item), score: windowBuyers[item]) }
        // Item-kNN similarities on purchases, for the listed products only.
        let purchases = Feedback.build(facts, weights: ["purchase": 1], throughPeriod: 2)
        let similar = ItemKNNRecommender.neighbourLists(of: top.items.map { Int($0.item) }, feedback: purchases.matrix,
                                                        neighbours: 50, shrinkage: 0)
        return zip(top.items, similar).map { product, similar in
            var together = TopN(capacity: neighbours)
            for entry in similar where allowed[Int(entry.item)] { together.offer(item: entry.item, score: entry.score) }
            return AlsoBought(item: product.item, buyers: Int(product.score), together: together.items.map { ($0.item, Double($0.score)) })
        }
    }
}
