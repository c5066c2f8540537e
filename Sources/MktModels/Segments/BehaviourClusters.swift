import Foundation
import MktFacts

/// Customer segments from k-means++ on standardised behaviour features, k chosen by silhouette.
///
/// Features of every buyer as of the window end: recency (days), frequency (orders), monetary
/// (log of 1 + revenue), tenure (days since the first order), category focus (share of revenue in
/// the customer's main category), browse-to-buy (views per order) and discount share (discount
/// over revenue plus discount). They are z-scored (population standard deviation, as scikit-learn's
/// StandardScaler); a feature that is the same for every buyer (browse-to-buy without events,
/// category focus without a catalog) carries no information and is left out. k runs from 2 to 8;
/// for each, k-means (10 seeded starts) on a seeded sample of at most 1,000 buyers is scored by
/// the silhouette; the best k is then fitted on every buyer. A cluster is named by its two most
/// distinctive features (largest centroid z-scores).
public enum BehaviourClusters {
    public static let featureNames = ["recency", "frequency", "monetary", "tenure", "category focus", "browse-to-buy", "discount share"]
    static let words: [(high: String, low: String)] = [
        ("lapsed", "recent"), ("frequent", "infrequent"), ("high-spending", "low-spending"), ("long-standing", "new"),
        ("single-category", "multi-category"), ("heavy browsers", "quick buyers"), ("deal-seeking", "full-price"),
    ]

    /// Buyers needed before clusters are fitted.
    public static let minimumBuyers = 20

    public struct Result: Sendable {
        public var k: Int
        /// The features that varied and were clustered on, in `featureNames` order.
        public var features: [String]
        public var silhouette: Double
        /// Silhouette of every k tried, k = 2 first.
        public var silhouettes: [Double]
        public var names: [String]
        /// Centroids in z-scores over `features`, one row per cluster.
        public var centroids: [[Double]]
        public var inertia: Double
        /// Customer index -> cluster name.
        public var membership: [Int32: String]
    }

    /// Standardised feature rows of every buyer (customer indices ascending), over every feature.
    public static func features(_ basis: SegmentProfiles.Basis) -> (customers: [Int32], rows: [[Double]]) {
        let facts = basis.facts, history = basis.history, categoryShares = basis.categoryRevenue
        let end = facts.periods.current.to
        let customers = history.buyers
        let raw = customers.map { c32 -> [Double] in
            let c = Int(c32)
            let revenue = history.revenue[c]
            let byCategory = categoryShares.entries(of: c32).map { categoryShares.revenue[$0] }
            let total = byCategory.reduce(0, +)
            let focus = total > 0 ? byCategory.max()! / total : 1
            var views = 0
            for period in Period.allCases { views += facts.activity.count(customer: c, period: period, type: .view) }
            let gross = max(0, revenue) + history.discount[c]
            return [Double(history.recencyDays(c)!), Double(history.orders[c]), log1p(max(0, revenue)),
                    Double(end - history.firstOrder[c]!), focus, Double(views) / Double(history.orders[c]),
                    gross > 0 ? history.discount[c] / gross : 0]
        }
        return (customers, standardise(raw))
    }

    /// z-scores per column (population standard deviation; constant columns become 0).
    public static func standardise(_ rows: [[Double]]) -> [[Double]] {
        guard let width = rows.first?.count else { return [] }
        let n = Double(rows.count)
        let means = (0..<width).map { j in rows.reduce(0) { $0 + $1[j] } / n }
        let sds = (0..<width).map { j in (rows.reduce(0) { $0 + ($1[j] - means[j]) * ($1[j] - means[j]) } / n).squareRoot() }
        return rows.map { row in (0..<width).map { sds[$0] > 0 ? (row[$0] - means[$0]) / sds[$0] : 0 } }
    }

    public static func fit(_ basis: SegmentProfiles.Basis, seed: UInt64, ks: ClosedRange<Int> = 2...8, sampleSize: Int = 1000) -> Outcome<Result> {
        let (customers, all) = features(basis)
        guard all.count >= minimumBuyers else {
            return .unavailable("Behaviour clusters need at least \(minimumBuyers) customers who have bought; there \(all.count == 1 ? "is" : "are") \(all.count.grouped).")
        }
        let used = featureNames.indices.filter { j in all.contains { $0[j] != 0 } }
        guard !used.isEmpty else { return .unavailable("Every buyer has the same behaviour features, so there is nothing to cluster.") }
        let rows = all.map { row in used.map { row[$0] } }
        var random = SeededRandom(seed: seed)
        var indices = Array(rows.indices)
        for i in stride(from: indices.count - 1, to: 0, by: -1) { indices.swapAt(i, Int(random.uniform() * Double(i + 1))) }
        let sample = indices.prefix(sampleSize).sorted().map { rows[$0] }
        let candidates = ks.filter { $0 < sample.count }
        let silhouettes = candidates.map { k in
            KMeans.silhouette(sample, labels: KMeans.fit(sample, k: k, seed: seed &+ UInt64(k)).labels)
        }
        guard let bestIndex = silhouettes.indices.max(by: { silhouettes[$0] < silhouettes[$1] }) else {
            return .unavailable("Too few buyers to compare cluster counts.")
        }
        let k = candidates[bestIndex]
        let result = KMeans.fit(rows, k: k, seed: seed)
        let names = uniqueNames(result.centroids.map { name($0, features: used) })
        var membership: [Int32: String] = [:]
        for (i, customer) in customers.enumerated() { membership[customer] = names[result.labels[i]] }
        return .available(Result(k: k, features: used.map { featureNames[$0] }, silhouette: silhouettes[bestIndex],
                                 silhouettes: silhouettes, names: names, centroids: result.centroids, inertia: result.inertia,
                                 membership: membership))
    }

    /// "Recent, frequent": the two features whose centroid z-scores are largest in size.
    /// `features[i]` is the index in `featureNames` of centroid column i.
    static func name(_ centroid: [Double], features: [Int]) -> String {
        let top = centroid.indices.sorted { abs(centroid[$0]) != abs(centroid[$1]) ? abs(centroid[$0]) > abs(centroid[$1]) : $0 < $1 }.prefix(2)
        let text = top.map { centroid[$0] >= 0 ? words[features[$0]].high : words[features[$0]].low }.joined(separator: ", ")
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    static func uniqueNames(_ names: [String]) -> [String] {
        var seen: [String: Int] = [:]
        return names.map { name in
            seen[name, default: 0] += 1
            return seen[name]! > 1 ? "\(name) (\(seen[name]!))" : name
        }
    }
}
