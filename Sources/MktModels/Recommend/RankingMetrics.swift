#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MktFacts

/// Top-K ranking quality averaged over test customers (binary relevance).
public struct RankingMetrics: Sendable, Equatable {
    public var k: Int
    /// Hits in the top K / K.
    public var precision: Double
    /// Hits in the top K / number of relevant items.
    public var recall: Double
    /// DCG / ideal DCG with gains 1 / log2(rank + 1).
    public var ndcg: Double
    /// Mean of precision at each hit, over min(K, relevant).
    public var map: Double
    /// Distinct items recommended / items that could be recommended.
    public var coverage: Double
    /// Customers the averages are over.
    public var users: Int

    public init(k: Int, precision: Double = 0, recall: Double = 0, ndcg: Double = 0, map: Double = 0, coverage: Double = 0, users: Int = 0) {
        self.k = k
        self.precision = precision
        self.recall = recall
        self.ndcg = ndcg
        self.map = map
        self.coverage = coverage
        self.users = users
    }

    /// Metrics of one ranked list against the relevant set.
    public static func single(ranked: [Int32], relevant: Set<Int32>, k: Int) -> (precision: Double, recall: Double, ndcg: Double, ap: Double) {
        guard !relevant.isEmpty else { return (0, 0, 0, 0) }
        var hits = 0.0, dcg = 0.0, apSum = 0.0
        for (position, item) in ranked.prefix(k).enumerated() where relevant.contains(item) {
            hits += 1
            dcg += 1 / log2(Double(position) + 2)
            apSum += hits / Double(position + 1)
        }
        let ideal = (0..<min(k, relevant.count)).reduce(0.0) { $0 + 1 / log2(Double($1) + 2) }
        return (hits / Double(k), hits / Double(relevant.count), dcg / ideal, apSum / Double(min(k, relevant.count)))
    }
}

/// Offline evaluation on a temporal split: train on feedback up to a cut-off,
/// test on the items each customer bought for the first time after it.
public enum RecommendationEvaluation {
    /// Evaluates over customers who have training feedback and at least one new purchase.
    public static func evaluate(_ recommender: Recommender, train: Feedback, truth: [Int32: [Int32]], k: Int,
                                allowed: [Bool]) -> RankingMetrics {
        let customers = evaluatedCustomers(train: train, truth: truth)
        let lists = Parallel.map(customers.count, chunkSize: 128) { range -> [[Int32]] in
            var board = ScoreBoard(itemCount: train.matrix.columnCount)
            return range.map { i in
                let user = Int(customers[i])
                return recommender.recommend(user: user, feedback: train.matrix, n: k, excluded: train.bought[user],
                                             allowed: allowed, board: &board).map(\.item)
            }
        }
        // Summed in customer order, so the figures do not depend on scheduling.
        var sum = RankingMetrics(k: k)
        var recommended = Set<Int32>()
        for (customer, list) in zip(customers, lists) {
            let m = RankingMetrics.single(ranked: list, relevant: Set(truth[customer]!), k: k)
            sum.precision += m.precision
            sum.recall += m.recall
            sum.ndcg += m.ndcg
            sum.map += m.ap
            sum.users += 1
            recommended.formUnion(list)
        }
        guard sum.users > 0 else { return sum }
        let n = Double(sum.users)
        let allowedCount = allowed.reduce(0) { $0 + ($1 ? 1 : 0) }
        return RankingMetrics(k: k, precision: sum.precision / n, recall: sum.recall / n, ndcg: sum.ndcg / n,
                              map: sum.map / n, coverage: ratio(Double(recommended.count), Double(allowedCount)), users: sum.users)
    }

    /// NDCG@K of `HybridRecommender(parts: zip(parts, weights))` for each of `weightings`, as
    /// `evaluate` would give it, but scoring each part once per customer instead of once per weighting.
    public static func blendNDCG(_ parts: [Recommender], weightings: [[Float]], train: Feedback, truth: [Int32: [Int32]],
                                 k: Int, allowed: [Bool]) -> [Double] {
        let customers = evaluatedCustomers(train: train, truth: truth)
        let itemCount = train.matrix.columnCount
        let lists = Parallel.map(customers.count, chunkSize: 128) { range -> [[[Int32]]] in
            var partScratch = ScoreBoard(itemCount: itemCount), board = ScoreBoard(itemCount: itemCount)
            var outputs = Array(repeating: PartScores(), count: parts.count)
            return range.map { i in
                let user = Int(customers[i])
                for p in parts.indices { outputs[p].fill(parts[p], user: user, feedback: train.matrix, scratch: &partScratch) }
                return weightings.map { weights in
                    for (output, weight) in zip(outputs, weights) { output.add(weight: weight, into: &board) }
                    return takeBest(k, from: &board, excluded: train.bought[user], allowed: allowed).map(\.item)
                }
            }
        }
        return weightings.indices.map { w in
            var sum = 0.0
            for (customer, perWeighting) in zip(customers, lists) {
                sum += RankingMetrics.single(ranked: perWeighting[w], relevant: Set(truth[customer]!), k: k).ndcg
            }
            return customers.isEmpty ? 0 : sum / Double(customers.count)
        }
    }

    /// Customers with training feedback and at least one new purchase, ascending.
    private static func evaluatedCustomers(train: Feedback, truth: [Int32: [Int32]]) -> [Int32] {
        truth.keys.sorted().filter { !train.matrix.row(Int($0)).isEmpty }
    }
}
