import Foundation
import MktData

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
/// `itemsPerFeature` most popular items.
public struct ContentRecommender: Recommender {
    public let name = "content"
    let itemVectors: [[(Int32, Float)]]
    let postings: [[(item: Int32, weight: Float)]]
    let profileFeatures: Int

    public init(features: ItemFeatures, feedback: SparseMatrix, profileFeatures: Int = 8, itemsPerFeature: Int = 300) {
        self.profileFeatures = profileFeatures
        let items = features.features.count
        var documentFrequency = [Float](repeating: 0, count: features.featureCount)
        for list in features.features { for f in list { documentFrequency[Int(f)] += 1 } }
        let idf = documentFrequency.map { $0 > 0 ? Float(log(Double(items) / Double($0))) : 0 }
        itemVectors = features.features.map { list in
            let raw = list.map { ($0, idf[Int($0)]) }
            let norm = raw.reduce(Float(0)) { $0 + $1.1 * $1.1 }.squareRoot()
            return norm > 0 ? raw.map { ($0.0, $0.1 / norm) } : []
        }
        var popularity = [Float](repeating: 0, count: items)
        for c in feedback.columns where Int(c) < items { popularity[Int(c)] += 1 }
        var lists = Array(repeating: [(item: Int32, weight: Float)](), count: features.featureCount)
        for (item, vector) in itemVectors.enumerated() { for (f, w) in vector { lists[Int(f)].append((Int32(item), w)) } }
        postings = lists.map { list in
            Array(list.sorted { popularity[Int($0.item)] != popularity[Int($1.item)] ? popularity[Int($0.item)] > popularity[Int($1.item)] : $0.item < $1.item }
                .prefix(itemsPerFeature))
        }
    }

    private let buffers = ScoreBuffers()

    public func score(user: Int, feedback: SparseMatrix, into scores: inout [Float], touched: inout [Int32]) {
        // The profile in a reused dense buffer over the features (a dictionary per customer cost a
        // quarter of the final lists' time); only positive weights can make the strongest list.
        var used: [Int32] = []
        let strongest = buffers.with(count: postings.count) { profile in
            for k in feedback.row(user) where Int(feedback.columns[k]) < itemVectors.count {
                for (f, w) in itemVectors[Int(feedback.columns[k])] {
                    let weight = feedback.values[k] * w
                    guard weight > 0 else { continue }
                    if profile[Int(f)] == 0 { used.append(f) }
                    profile[Int(f)] += weight
                }
            }
            var top = TopN(capacity: profileFeatures)
            for f in used {
                top.offer(item: f, score: profile[Int(f)])
                profile[Int(f)] = 0
            }
            return top
        }
        for (f, weight) in strongest.items {
            for posting in postings[Int(f)] {
                let item = Int(posting.item)
                if scores[item] == 0 { touched.append(posting.item) }
                scores[item] += weight * posting.weight
            }
        }
    }
}

/// A weighted blend of other recommenders' scores, each scaled to a maximum of 1 per customer.
public struct HybridRecommender: Recommender {
    public let name = "hybrid"
    public let parts: [(recommender: Recommender, weight: Float)]

    private let buffers = ScoreBuffers()

    public init(parts: [(recommender: Recommender, weight: Float)]) { self.parts = parts.filter { $0.weight > 0 } }

    public func score(user: Int, feedback: SparseMatrix, into scores: inout [Float], touched: inout [Int32]) {
        buffers.with(count: scores.count) { partScores in
            for (recommender, weight) in parts {
                PartScores(recommender, user: user, feedback: feedback, scratch: &partScores).add(weight: weight, into: &scores, touched: &touched)
            }
        }
    }
}

/// One blend part's scores for one customer: what `HybridRecommender` adds per part, kept so the
/// weight search can try many weightings on one scoring (`RecommendationEvaluation.blendNDCG`).
struct PartScores {
    var items: [Int32] = []
    var values: [Float]
    var maximum: Float

    /// Scores `user` with `recommender` through `scratch` (all zero, left all zero).
    init(_ recommender: Recommender, user: Int, feedback: SparseMatrix, scratch: inout [Float]) {
        recommender.score(user: user, feedback: feedback, into: &scratch, touched: &items)
        values = items.map { scratch[Int($0)] }
        for item in items { scratch[Int(item)] = 0 }
        maximum = values.reduce(Float(0)) { max($0, $1) }
    }

    /// Adds `weight` x score / maximum for every item (nothing when the part scored nothing).
    func add(weight: Float, into scores: inout [Float], touched: inout [Int32]) {
        guard weight > 0, maximum > 0 else { return }
        for (item, value) in zip(items, values) {
            if scores[Int(item)] == 0 { touched.append(item) }
            scores[Int(item)] += weight * value / maximum
        }
    }
}
