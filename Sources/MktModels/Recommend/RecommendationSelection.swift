import MktFacts

/// The feedback a temporal validation needs: a split to choose the method on, a later split to
/// report its quality on, and all feedback to make the final lists from.
public struct RecommendationSplits: Sendable {
    public var selectionTrain: Feedback
    public var selectionTruth: [Int32: [Int32]]
    public var evaluationTrain: Feedback
    public var evaluationTruth: [Int32: [Int32]]
    public var full: Feedback
    /// Items that may be recommended (in the current catalog).
    public var allowed: [Bool]
    public var features: ItemFeatures?
    /// Each item's category (-1 unknown) for the lists' diversity; nil without categories.
    public var categories: [Int32]?

    public init(selectionTrain: Feedback, selectionTruth: [Int32: [Int32]], evaluationTrain: Feedback,
                evaluationTruth: [Int32: [Int32]], full: Feedback, allowed: [Bool], features: ItemFeatures?, categories: [Int32]? = nil) {
        self.selectionTrain = selectionTrain
        self.selectionTruth = selectionTruth
        self.evaluationTrain = evaluationTrain
        self.evaluationTruth = evaluationTruth
        self.full = full
        self.allowed = allowed
        self.features = features
        self.categories = categories
    }
}

/// Chooses the recommender by NDCG@K on the selection split, reports it and the popularity
/// baseline on the evaluation split, and fits it on all feedback.
///
/// Candidates: popularity, recent popularity (look-back tuned on the selection split), item-kNN,
/// user-kNN, bought next (basket transitions), content-based (when item features exist), EASE^R
/// (lambda tuned on the selection split) and a hybrid blend of the two best of item-kNN, user-kNN,
/// bought next and EASE^R with content and the better popularity (weights tuned on the selection split).
///
/// The rule (`rule`): the hybrid is kept unless another candidate's NDCG@K beats it by more than
/// the standard error of their difference, customer by customer on the selection split;
/// otherwise the highest NDCG@K wins. A single week's new purchases are few and noisy: on three
/// real purchase sets (BENCHMARKS.md, issue 22) picking the plain maximum lost to the blend on
/// two of them. The paired difference, not either model's own spread, is what says whether one
/// beats the other: the same customers are easy or hard for both.
public enum RecommendationSelection {
    public struct Candidate: Sendable {
        public var name: String
        public var make: @Sendable (Feedback) -> Recommender?
    }

    public struct Result: Sendable {
        public var chosen: Candidate
        /// NDCG@K of every candidate on the selection split.
        public var selectionNDCG: [(name: String, ndcg: Double)]
        public var evaluation: RankingMetrics
        public var popularityEvaluation: RankingMetrics
        public var final: Recommender
    }

    /// The selection rule in words, for the report.
    public static let rule = "the hybrid blend is kept unless another method scores higher by more than the standard error of the difference, customer by customer; without a blend, the highest score wins"

    public static func run(_ splits: RecommendationSplits, k: Int, neighbours: Int, shrinkage: Double, seed: UInt64,
                           maxSelectionUsers: Int = 3000) -> Result {
        let allowed = splits.allowed
        let features = splits.features
        var base: [Candidate] = [
            Candidate(name: "popularity") { PopularityRecommender(feedback: $0.matrix, allowed: allowed) },
            Candidate(name: "item-knn") { ItemKNNRecommender(feedback: $0.matrix, neighbours: neighbours, shrinkage: Float(shrinkage)) },
            Candidate(name: "user-knn") { UserKNNRecommender(feedback: $0.matrix, neighbours: neighbours) },
            Candidate(name: "bought next") { BoughtNextRecommender(feedback: $0, neighbours: neighbours) },
        ]
        if let features { base.append(Candidate(name: "content") { ContentRecommender(features: features, feedback: $0.matrix) }) }
        let selectionTruth = sampled(splits.selectionTruth, limit: maxSelectionUsers, seed: seed)
        @Sendable func ndcgs(_ model: Recommender) -> [Double] {
            RecommendationEvaluation.customerNDCGs(model, train: splits.selectionTrain, truth: selectionTruth, k: k, allowed: allowed)
        }
        // Each base model is fitted once on the selection split; blends reuse the fitted models.
        // The fits run side by side: some use one core (bought next: a second of the large shop
        // with the other core idle), the others' own parallel loops share the cores.
        let candidates = base
        var fitted: [(candidate: Candidate, model: Recommender, ndcgs: [Double])] = Parallel.map(candidates.count, chunkSize: 1) { range in
            range.compactMap { index in
                candidates[index].make(splits.selectionTrain).map { (candidates[index], $0, ndcgs($0)) }
            }
        }
        // EASE^R: lambda tuned on the selection split, every lambda fitted on one Gram matrix.
        if let gram = EASERecommender.Gram(feedback: splits.selectionTrain.matrix) {
            let tuned = [50.0, 300.0].compactMap { lambda in
                EASERecommender(gram: gram, lambda: lambda).map { (lambda: lambda, model: $0, ndcgs: ndcgs($0)) }
            }
            if let best = tuned.max(by: { mean($0.ndcgs) < mean($1.ndcgs) }) {  // (the first of equals: the smaller lambda)
                fitted.append((Candidate(name: "ease") { EASERecommender(feedback: $0.matrix, lambda: best.lambda) }, best.model, best.ndcgs))
            }
        }
        // Recent popularity: its look-back tuned on the selection split, as EASE^R's lambda.
        let tunedRecency = RecentPopularity.lookBacks.compactMap { days in
            PopularityRecommender(recentPurchases: splits.selectionTrain.recentPurchases, days: days,
                                  itemCount: splits.selectionTrain.matrix.columnCount, allowed: allowed)
                .map { (days: days, model: $0, ndcgs: ndcgs($0)) }
        }
        if let best = tunedRecency.max(by: { mean($0.ndcgs) < mean($1.ndcgs) }) {  // (the first of equals: the shorter look-back)
            fitted.append((RecentPopularity.candidate(days: best.days, allowed: allowed), best.model, best.ndcgs))
        }
        var scored = fitted.map { (candidate: $0.candidate, ndcgs: $0.ndcgs) }
        let collaborative = fitted.filter { ["item-knn", "user-knn", "ease", "bought next"].contains($0.candidate.name) }
            .sorted { mean($0.ndcgs) > mean($1.ndcgs) }.prefix(2)
        if collaborative.count == 2 {
            let first = collaborative[collaborative.startIndex], second = collaborative[collaborative.startIndex + 1]
            let content = fitted.first { $0.candidate.name == "content" }
            // The blend's popularity part: overall or recent, whichever validated better.
            let popularity = fitted.filter { ["popularity", "recent popularity"].contains($0.candidate.name) }
                .max { mean($0.ndcgs) < mean($1.ndcgs) }!
            var best: (weights: [Float], ndcgs: [Double])?
            // Parts in the order their scores are added: content (when there is one), popularity,
            // the second collaborative model, the first. (The first part of a blend is the cheapest
            // place for content, which needs two passes anywhere else: `HybridRecommender`.)
            var weightings: [[Float]] = []
            for w2 in [0.0, 0.5, 1.0] as [Float] {
                for wc in (content == nil ? [0.0] : [0.0, 0.2]) as [Float] {
                    for wp in [0.0, 0.2] as [Float] where w2 + wc + wp > 0 { weightings.append((content == nil ? [] : [wc]) + [wp, w2, 1]) }
                }
            }
            let parts = (content.map { [$0.model] } ?? []) + [popularity.model, second.model, first.model]
            let values = RecommendationEvaluation.blendNDCGs(parts, weightings: weightings, train: splits.selectionTrain,
                                                             truth: selectionTruth, k: k, allowed: allowed)
            for (weights, value) in zip(weightings, values) where best == nil || mean(value) > mean(best!.ndcgs) {
                best = (weights, value)
            }
            if let best {
                let members = (content.map { [$0.candidate] } ?? []) + [popularity.candidate, second.candidate, first.candidate]
                let hybrid = Candidate(name: "hybrid") { feedback in
                    HybridRecommender(parts: zip(members, best.weights).compactMap { candidate, weight in
                        weight > 0 ? candidate.make(feedback).map { ($0, weight) } : nil
                    })
                }
                scored.append((hybrid, best.ndcgs))
            }
        }
        let winner = scored[chosenIndex(scored.map { ($0.candidate.name, $0.ndcgs) })].candidate
        // The winner's two refits are independent: one on another thread, one on this.
        let fallback = base[0]
        let (evaluationModel, final) = Parallel.both({ winner.make(splits.evaluationTrain) ?? fallback.make(splits.evaluationTrain)! },
                                                     { winner.make(splits.full) ?? fallback.make(splits.full)! })
        let evaluation = RecommendationEvaluation.evaluate(evaluationModel, train: splits.evaluationTrain,
                                                           truth: splits.evaluationTruth, k: k, allowed: allowed, categories: splits.categories)
        let popularity = RecommendationEvaluation.evaluate(fallback.make(splits.evaluationTrain)!, train: splits.evaluationTrain,
                                                           truth: splits.evaluationTruth, k: k, allowed: allowed, categories: splits.categories)
        return Result(chosen: winner, selectionNDCG: scored.map { ($0.candidate.name, mean($0.ndcgs)) }, evaluation: evaluation,
                      popularityEvaluation: popularity, final: final)
    }

    /// The position in `scores` (each method's NDCG@K per selection customer, the same customers
    /// in the same order) of the method `rule` chooses: the highest mean (ties to the earlier
    /// name), unless a hybrid is within one standard error of the paired difference of it. With
    /// fewer than two customers the error is infinite: one tells nothing about the spread.
    static func chosenIndex(_ scores: [(name: String, ndcgs: [Double])]) -> Int {
        let means = scores.map { mean($0.ndcgs) }
        let top = scores.indices.max { means[$0] != means[$1] ? means[$0] < means[$1] : scores[$0].name > scores[$1].name }!
        guard let hybrid = scores.firstIndex(where: { $0.name == "hybrid" }) else { return top }
        let differences = zip(scores[top].ndcgs, scores[hybrid].ndcgs).map { $0 - $1 }
        let margin = differences.count > 1 ? Descriptive.standardError(differences) : .infinity
        return means[top] - means[hybrid] > margin ? top : hybrid
    }

    private static func mean(_ values: [Double]) -> Double { Descriptive.mean(values) }

    /// At most `limit` customers of the truth (a seeded sample), to bound selection time.
    static func sampled(_ truth: [Int32: [Int32]], limit: Int, seed: UInt64) -> [Int32: [Int32]] {
        guard truth.count > limit else { return truth }
        var keys = truth.keys.sorted()
        var random = SeededRandom(seed: seed)
        for i in stride(from: keys.count - 1, to: 0, by: -1) { keys.swapAt(i, Int(random.uniform() * Double(i + 1))) }
        return Dictionary(uniqueKeysWithValues: keys.prefix(limit).map { ($0, truth[$0]!) })
    }
}

/// Popularity over the last days before the training cut-off, one candidate per run.
enum RecentPopularity {
    /// Look-backs tried, in days (at most `RecentPurchaseTable.longestLookBack`).
    static let lookBacks = [7, 14, 28, 56]

    static func candidate(days: Int, allowed: [Bool]) -> RecommendationSelection.Candidate {
        RecommendationSelection.Candidate(name: "recent popularity") {
            PopularityRecommender(recentPurchases: $0.recentPurchases, days: days, itemCount: $0.matrix.columnCount, allowed: allowed)
        }
    }
}
