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
    /// Standard error of `ndcg`: the per-customer NDCGs' sample standard deviation over sqrt(users).
    public var ndcgStandardError: Double = 0
    /// Mean self-information of the recommended items, -log2 of the share of training customers
    /// with feedback on each (Zhou et al. 2010): higher recommends less obvious items.
    public var novelty: Double = 0
    /// Mean share of item pairs within a list from different categories (Ziegler et al. 2005's
    /// intra-list diversity with a category distance); nil without categories.
    public var intraListDiversity: Double?

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
    /// `categories`: each item's category (-1 unknown), for the intra-list diversity.
    public static func evaluate(_ recommender: Recommender, train: Feedback, truth: [Int32: [Int32]], k: Int,
                                allowed: [Bool], categories: [Int32]? = nil) -> RankingMetrics {
        let customers = evaluatedCustomers(train: train, truth: truth)
        let lists = topLists(recommender, customers: customers, train: train, k: k, allowed: allowed)
        // Summed in customer order, so the figures do not depend on scheduling.
        var sum = RankingMetrics(k: k)
        var recommended = Set<Int32>(), ndcgs: [Double] = []
        var information = 0.0, listed = 0.0, diversity = 0.0, diverseLists = 0.0
        let trainingCustomers = Double(max(1, (0..<train.matrix.rowCount).filter { !train.matrix.row($0).isEmpty }.count))
        var itemCustomers = [Double](repeating: 0, count: train.matrix.columnCount)
        for c in train.matrix.columns { itemCustomers[Int(c)] += 1 }
        for (customer, list) in zip(customers, lists) {
            let m = RankingMetrics.single(ranked: list, relevant: Set(truth[customer]!), k: k)
            sum.precision += m.precision
            sum.recall += m.recall
            sum.ndcg += m.ndcg
            sum.map += m.ap
            sum.users += 1
            ndcgs.append(m.ndcg)
            recommended.formUnion(list)
            for item in list {
                information += -log2(max(itemCustomers[Int(item)], 1) / trainingCustomers)
                listed += 1
            }
            if let categories, list.count > 1 {
                var pairs = 0.0, apart = 0.0
                for i in list.indices {
                    for j in list.indices where j > i {
                        pairs += 1
                        let a = categories[Int(list[i])], b = categories[Int(list[j])]
                        if a < 0 || b < 0 || a != b { apart += 1 }
                    }
                }
                diversity += apart / pairs
                diverseLists += 1
            }
        }
        guard sum.users > 0 else { return sum }
        let n = Double(sum.users)
        let allowedCount = allowed.reduce(0) { $0 + ($1 ? 1 : 0) }
        var result = RankingMetrics(k: k, precision: sum.precision / n, recall: sum.recall / n, ndcg: sum.ndcg / n,
                                    map: sum.map / n, coverage: ratio(Double(recommended.count), Double(allowedCount)), users: sum.users)
        result.ndcgStandardError = Descriptive.standardError(ndcgs)
        result.novelty = listed > 0 ? information / listed : 0
        result.intraListDiversity = diverseLists > 0 ? diversity / diverseLists : nil
        return result
    }

    /// Each evaluated customer's NDCG@K (ascending customer ids, as `evaluate` averages them), so
    /// that two models can be compared customer by customer.
    public static func customerNDCGs(_ recommender: Recommender, train: Feedback, truth: [Int32: [Int32]], k: Int,
                                     allowed: [Bool]) -> [Double] {
        let customers = evaluatedCustomers(train: train, truth: truth)
        let lists = topLists(recommender, customers: customers, train: train, k: k, allowed: allowed)
        return zip(customers, lists).map { RankingMetrics.single(ranked: $1, relevant: Set(truth[$0]!), k: k).ndcg }
    }

    /// `customerNDCGs` of `HybridRecommender(parts: zip(parts, weights))` for each of `weightings`,
    /// scoring each part once per customer instead of once per weighting.
    public static func blendNDCGs(_ parts: [Recommender], weightings: [[Float]], train: Feedback, truth: [Int32: [Int32]],
                                  k: Int, allowed: [Bool]) -> [[Double]] {
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
            zip(customers, lists).map { customer, perWeighting in
                RankingMetrics.single(ranked: perWeighting[w], relevant: Set(truth[customer]!), k: k).ndcg
            }
        }
    }

    /// Each customer's top `k` of `recommender`, scored on both cores.
    private static func topLists(_ recommender: Recommender, customers: [Int32], train: Feedback, k: Int, allowed: [Bool]) -> [[Int32]] {
        Parallel.map(customers.count, chunkSize: 128) { range -> [[Int32]] in
            var board = ScoreBoard(itemCount: train.matrix.columnCount)
            return range.map { i in
                let user = Int(customers[i])
                return recommender.recommend(user: user, feedback: train.matrix, n: k, excluded: train.bought[user],
                                             allowed: allowed, board: &board).map(\.item)
            }
        }
    }

    /// Customers with training feedback and at least one new purchase, ascending.
    private static func evaluatedCustomers(train: Feedback, truth: [Int32: [Int32]]) -> [Int32] {
        truth.keys.sorted().filter { !train.matrix.row(Int($0)).isEmpty }
    }
}
