import Foundation
import MktFacts

/// Descriptive features of items for content-based recommendations: category, brand, price band
/// and title tokens for a shop catalog (genres and title tokens for other data), as sparse ids.
public struct ItemFeatures: Sendable {
    /// Feature ids of each item.
    public var features: [[Int32]]
    public var featureCount: Int

    public init(features: [[Int32]], featureCount: Int) {
        self.features = features
        self.featureCount = featureCount
    }

    /// Category, brand, price band (quintile of list price within the catalog) and lowercase title
    /// words of three or more letters.
    public static func catalog(_ catalog: Catalog) -> ItemFeatures {
        var ids: [String: Int32] = [:]
        func id(_ key: String) -> Int32 {
            if let existing = ids[key] { return existing }
            ids[key] = Int32(ids.count)
            return Int32(ids.count - 1)
        }
        let prices = catalog.price.filter { $0.isFinite }.sorted()
        func band(_ price: Double) -> Int {
            guard price.isFinite, !prices.isEmpty else { return -1 }
            var low = 0, high = prices.count
            while low < high { let mid = (low + high) / 2; if prices[mid] < price { low = mid + 1 } else { high = mid } }
            return min(4, low * 5 / prices.count)
        }
        let features = (0..<catalog.count).map { i -> [Int32] in
            var list: [Int32] = []
            if let category = catalog.categoryName(of: i) { list.append(id("category:" + category)) }
            if catalog.brand[i] >= 0 { list.append(id("brand:" + catalog.brands[Int(catalog.brand[i])])) }
            let b = band(catalog.price[i])
            if b >= 0 { list.append(id("price band:\(b)")) }
            let words = catalog.titles[i].lowercased().split { !$0.isLetter }.map(String.init).filter { $0.count >= 3 }
            for word in Set(words).sorted() { list.append(id("word:" + word)) }
            return Array(Set(list)).sorted()
        }
        return ItemFeatures(features: features, featureCount: ids.count)
    }
}

/// Content-based recommendations: a customer's profile is the feedback-weighted sum of the
/// TF-IDF vectors of their items; items score by their TF-IDF similarity to it. For speed the
/// profile keeps its strongest `profileFeatures` features and each feature's posting list its
/// `itemsPerFeature` most popular items. 100 rather than 300 items a feature: a third of the
/// scoring (content was half the final lists' time on medium), and no worse: validation NDCG@10
/// of content alone 0.009 -> 0.017 and of the hybrid 0.1022 -> 0.1025 on medium, MovieLens test
/// NDCG@10 0.1396 -> 0.1402, coverage 1.9% either way (50 items lowered coverage to 1.7%).
public struct ContentRecommender: Recommender {
    public let name = "content"
    /// Items x features: each item's TF-IDF vector, unit length.
    let itemVectors: SparseMatrix
    /// Feature f's posting list, most popular items first: `postingItems[postingStart[f] ..< postingStart[f + 1]]`.
    /// (Flat arrays rather than an array of arrays: reading a nested array per item retained and
    /// released it, a tenth of the final lists' time.)
    let postingStart: [Int]
    let postingItems: [Int32]
    let postingWeights: [Float]
    let profileFeatures: Int

    public init(features: ItemFeatures, feedback: SparseMatrix, profileFeatures: Int = 8, itemsPerFeature: Int = 100) {
        self.profileFeatures = profileFeatures
        let items = features.features.count
        var documentFrequency = [Float](repeating: 0, count: features.featureCount)
        for list in features.features { for f in list { documentFrequency[Int(f)] += 1 } }
        let idf = documentFrequency.map { $0 > 0 ? Float(log(Double(items) / Double($0))) : 0 }
        var vectorStart = [0], vectorFeatures: [Int32] = [], vectorWeights: [Float] = []
        for list in features.features {
            let raw = list.map { idf[Int($0)] }
            let norm = raw.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
            if norm > 0 {
                vectorFeatures += list
                vectorWeights += raw.map { $0 / norm }
            }
            vectorStart.append(vectorFeatures.count)
        }
        itemVectors = SparseMatrix(rowCount: items, columnCount: features.featureCount, rowStart: vectorStart,
                                   columns: vectorFeatures, values: vectorWeights)
        var popularity = [Float](repeating: 0, count: items)
        for c in feedback.columns where Int(c) < items { popularity[Int(c)] += 1 }
        var lists = Array(repeating: [(item: Int32, weight: Float)](), count: features.featureCount)
        for item in 0..<items {
            for k in itemVectors.row(item) { lists[Int(itemVectors.columns[k])].append((Int32(item), itemVectors.values[k])) }
        }
        var postingStart = [0], postingItems: [Int32] = [], postingWeights: [Float] = []
        for list in lists {
            let kept = list.sorted { popularity[Int($0.item)] != popularity[Int($1.item)] ? popularity[Int($0.item)] > popularity[Int($1.item)] : $0.item < $1.item }
                .prefix(itemsPerFeature)
            postingItems += kept.map(\.item)
            postingWeights += kept.map(\.weight)
            postingStart.append(postingItems.count)
        }
        self.postingStart = postingStart
        self.postingItems = postingItems
        self.postingWeights = postingWeights
    }

    private let profiles = ScratchPool<ScoreBoard>()

    public func score(user: Int, feedback: SparseMatrix, into board: inout ScoreBoard) {
        // The profile on a reused board over the features (a dictionary per customer cost a
        // quarter of the final lists' time); only positive weights can make the strongest list.
        let strongest = profiles.with(itemCount: postingStart.count - 1) { profile in
            for k in feedback.row(user) where Int(feedback.columns[k]) < itemVectors.rowCount {
                for m in itemVectors.row(Int(feedback.columns[k])) {
                    let weight = feedback.values[k] * itemVectors.values[m]
                    if weight > 0 { profile.add(itemVectors.columns[m], weight) }
                }
            }
            var top = TopN(capacity: profileFeatures)
            profile.drain { f, weight in top.offer(item: f, score: weight) }
            return top
        }
        postingItems.withUnsafeBufferPointer { postingItems in
            postingWeights.withUnsafeBufferPointer { postingWeights in
                for (f, weight) in strongest.items {
                    for p in postingStart[Int(f)]..<postingStart[Int(f) + 1] { board.add(postingItems[p], weight * postingWeights[p]) }
                }
            }
        }
    }
}

/// A weighted blend of other recommenders' scores, each scaled to a maximum of 1 per customer,
/// added in the order of `parts`.
public struct HybridRecommender: Recommender {
    public let name = "hybrid"
    public let parts: [(recommender: Recommender, weight: Float)]

    /// The board a part's scores pass through, reused from customer to customer.
    private let scratches = ScratchPool<ScoreBoard>()

    public init(parts: [(recommender: Recommender, weight: Float)]) { self.parts = parts.filter { $0.weight > 0 } }

    public func score(user: Int, feedback: SparseMatrix, into board: inout ScoreBoard) {
        guard let (first, weight) = parts.first else { return }
        // The board is clear: the first part scores straight into it and is scaled in place, in
        // one pass whatever the model (the selection puts the content part, which needs two, first).
        first.score(user: user, feedback: feedback, into: &board)
        board.scale(by: PartScores.scale(weight: weight, maximum: board.maximum))
        guard parts.count > 1 else { return }
        let count = board.itemCount
        scratches.with(itemCount: count) { scratch in
            for (recommender, weight) in parts.dropFirst() {
                recommender.addScaled(user: user, feedback: feedback, weight: weight, into: &board, scratch: &scratch)
            }
        }
    }
}

/// One blend part's scores for one customer, kept so the weight search can try many weightings on
/// one scoring (`RecommendationEvaluation.blendNDCGs`); `scale` is the weighting both it and
/// `HybridRecommender` use.
public struct PartScores {
    var items: [Int32] = []
    var values: [Float] = []
    var maximum: Float = 0

    init() {}

    /// Scores `user` with `recommender` through `scratch` (clear, left clear), replacing
    /// the scores kept before (their storage is reused).
    mutating func fill(_ recommender: Recommender, user: Int, feedback: SparseMatrix, scratch: inout ScoreBoard) {
        items.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        recommender.score(user: user, feedback: feedback, into: &scratch)
        scratch.drain { item, value in
            items.append(item)
            values.append(value)
        }
        maximum = values.reduce(Float(0)) { max($0, $1) }
    }

    /// Adds `weight` x score / maximum for every item (nothing when the part scored nothing).
    func add(weight: Float, into board: inout ScoreBoard) {
        let scale = Self.scale(weight: weight, maximum: maximum)
        guard scale > 0 else { return }
        for (item, value) in zip(items, values) { board.add(item, value * scale) }
    }

    /// What a part's scores are multiplied by in a blend: its weight over its maximum score, so
    /// the best item of each part counts `weight` (0 when the part scored nothing).
    @inline(__always) static func scale(weight: Float, maximum: Float) -> Float {
        weight > 0 && maximum > 0 ? weight / maximum : 0
    }
}
