import Foundation

/// k-means clustering with k-means++ seeding (Arthur & Vassilvitskii 2007) and Lloyd
/// iterations, best of several seeded starts, as scikit-learn's `KMeans(n_init=10)`;
/// plus the silhouette score used to choose k.
public enum KMeans {
    public struct Result: Sendable {
        public var centroids: [[Double]]
        public var labels: [Int]
        /// Sum of squared distances to the nearest centroid.
        public var inertia: Double
    }

    public static func fit(_ points: [[Double]], k: Int, starts: Int = 10, seed: UInt64, maxIterations: Int = 300) -> Result {
        var random = SeededRandom(seed: seed)
        var best: Result?
        for _ in 0..<starts {
            let result = lloyd(points, initial: plusPlus(points, k: k, random: &random), maxIterations: maxIterations)
            if best == nil || result.inertia < best!.inertia { best = result }
        }
        return best!
    }

    @inline(__always) static func distance2(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for i in a.indices { sum += (a[i] - b[i]) * (a[i] - b[i]) }
        return sum
    }

    /// k-means++ with scikit-learn's greedy variant: 2 + log(k) candidates per step, keep the one
    /// that lowers the potential most.
    static func plusPlus(_ points: [[Double]], k: Int, random: inout SeededRandom) -> [[Double]] {
        var centers = [points[Int(random.uniform() * Double(points.count))]]
        var closest = points.map { distance2($0, centers[0]) }
        let trials = 2 + Int(log(Double(k)))
        while centers.count < k {
            let cumulative = runningTotal(closest)
            var bestCandidate = 0, bestPotential = Double.infinity
            var bestDistances = closest
            for _ in 0..<trials {
                let candidate = cumulative.last! > 0 ? random.pick(cumulative: cumulative) : Int(random.uniform() * Double(points.count))
                let distances = points.indices.map { min(closest[$0], distance2(points[$0], points[candidate])) }
                let potential = distances.reduce(0, +)
                if potential < bestPotential {
                    bestPotential = potential
                    bestCandidate = candidate
                    bestDistances = distances
                }
            }
            centers.append(points[bestCandidate])
            closest = bestDistances
        }
        return centers
    }

    static func lloyd(_ points: [[Double]], initial: [[Double]], maxIterations: Int) -> Result {
        var centroids = initial
        var labels = [Int](repeating: 0, count: points.count)
        let dimensions = points[0].count
        for _ in 0..<maxIterations {
            var changed = false
            for (i, p) in points.enumerated() {
                var nearest = 0, nearestDistance = Double.infinity
                for (c, centroid) in centroids.enumerated() {
                    let d = distance2(p, centroid)
                    if d < nearestDistance { nearestDistance = d; nearest = c }
                }
                if labels[i] != nearest { labels[i] = nearest; changed = true }
            }
            var sums = Array(repeating: [Double](repeating: 0, count: dimensions), count: centroids.count)
            var counts = [Int](repeating: 0, count: centroids.count)
            for (i, p) in points.enumerated() {
                counts[labels[i]] += 1
                for d in 0..<dimensions { sums[labels[i]][d] += p[d] }
            }
            var moved = 0.0
            for c in centroids.indices where counts[c] > 0 {
                let updated = sums[c].map { $0 / Double(counts[c]) }
                moved += distance2(updated, centroids[c])
                centroids[c] = updated
            }
            if !changed || moved < 1e-12 { break }
        }
        let inertia = points.indices.reduce(0.0) { $0 + distance2(points[$1], centroids[labels[$1]]) }
        return Result(centroids: centroids, labels: labels, inertia: inertia)
    }

    /// Mean silhouette coefficient (Rousseeuw 1987) of a labelling, as scikit-learn's `silhouette_score`.
    public static func silhouette(_ points: [[Double]], labels: [Int]) -> Double {
        let clusters = Set(labels).count
        guard clusters > 1, clusters < points.count else { return 0 }
        var total = 0.0
        for i in points.indices {
            var sums = [Int: Double](), counts = [Int: Int]()
            for j in points.indices where j != i {
                sums[labels[j], default: 0] += distance2(points[i], points[j]).squareRoot()
                counts[labels[j], default: 0] += 1
            }
            let own = labels[i]
            guard let ownCount = counts[own], ownCount > 0 else { continue }  // singleton: silhouette 0
            let a = sums[own]! / Double(ownCount)
            let b = sums.keys.filter { $0 != own }.map { sums[$0]! / Double(counts[$0]!) }.min()!
            total += (b - a) / max(a, b)
        }
        return total / Double(points.count)
    }

    static func runningTotal(_ values: [Double]) -> [Double] {
        var sum = 0.0
        return values.map { sum += $0; return sum }
    }
}
