import Foundation
import MktFacts

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
        // Seeds are drawn in sequence from one generator; the Lloyd runs are independent, so they
        // run on all cores (best of them chosen in start order, as a sequential loop would).
        var random = SeededRandom(seed: seed)
        let initials = (0..<starts).map { _ in plusPlus(points, k: k, random: &random) }
        let flat = points.flatMap { $0 }, dimensions = points[0].count
        let results = Parallel.map(starts, chunkSize: 1) { range in
            range.map { lloyd(flat, dimensions: dimensions, initial: initials[$0], maxIterations: maxIterations) }
        }
        var best = results[0]
        for result in results.dropFirst() where result.inertia < best.inertia { best = result }
        return best
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

    /// Lloyd iterations over points stored row after row in `flat` (contiguous: several times
    /// faster than an array of arrays, with the same arithmetic in the same order).
    static func lloyd(_ flat: [Double], dimensions: Int, initial: [[Double]], maxIterations: Int) -> Result {
        let n = flat.count / dimensions, k = initial.count
        var centroids = initial.flatMap { $0 }
        var labels = [Int](repeating: 0, count: n)
        func distance2(_ p: UnsafeBufferPointer<Double>, _ i: Int, _ c: UnsafeBufferPointer<Double>, _ j: Int) -> Double {
            var sum = 0.0
            for t in 0..<dimensions { sum += (p[i * dimensions + t] - c[j * dimensions + t]) * (p[i * dimensions + t] - c[j * dimensions + t]) }
            return sum
        }
        // The assignment step measures a point against eight centroids at once, feature by
        // feature, in SIMD lanes: independent sums in registers instead of one chain of dependent
        // additions per centroid. Each lane still adds its terms in feature order, so every
        // distance is bit for bit the same (a third off the medium shop's final fit, perf).
        let groups = (k + 7) / 8
        var packed = [SIMD8<Double>](repeating: .zero, count: groups * dimensions)
        flat.withUnsafeBufferPointer { p in
            for _ in 0..<maxIterations {
                var changed = false
                for j in 0..<k { for t in 0..<dimensions { packed[(j / 8) * dimensions + t][j % 8] = centroids[j * dimensions + t] } }
                packed.withUnsafeBufferPointer { c in
                    for i in 0..<n {
                        var nearest = 0, nearestDistance = Double.infinity
                        for g in 0..<groups {
                            var sums = SIMD8<Double>.zero
                            for t in 0..<dimensions {
                                let difference = SIMD8(repeating: p[i * dimensions + t]) - c[g * dimensions + t]
                                sums += difference * difference
                            }
                            for lane in 0..<min(8, k - g * 8) where sums[lane] < nearestDistance {
                                nearestDistance = sums[lane]
                                nearest = g * 8 + lane
                            }
                        }
                        if labels[i] != nearest { labels[i] = nearest; changed = true }
                    }
                }
                var sums = [Double](repeating: 0, count: k * dimensions)
                var counts = [Int](repeating: 0, count: k)
                for i in 0..<n {
                    counts[labels[i]] += 1
                    for t in 0..<dimensions { sums[labels[i] * dimensions + t] += p[i * dimensions + t] }
                }
                var moved = 0.0
                for j in 0..<k where counts[j] > 0 {
                    var shift = 0.0
                    for t in 0..<dimensions {
                        let updated = sums[j * dimensions + t] / Double(counts[j])
                        shift += (updated - centroids[j * dimensions + t]) * (updated - centroids[j * dimensions + t])
                        centroids[j * dimensions + t] = updated
                    }
                    moved += shift
                }
                if !changed || moved < 1e-12 { break }
            }
        }
        let inertia = flat.withUnsafeBufferPointer { p in
            centroids.withUnsafeBufferPointer { c in (0..<n).reduce(0.0) { $0 + distance2(p, $1, c, labels[$1]) } }
        }
        return Result(centroids: (0..<k).map { Array(centroids[($0 * dimensions)..<(($0 + 1) * dimensions)]) }, labels: labels,
                      inertia: inertia)
    }

    /// Mean silhouette coefficient (Rousseeuw 1987) of a labelling, as scikit-learn's `silhouette_score`.
    public static func silhouette(_ points: [[Double]], labels: [Int]) -> Double {
        let clusters = Set(labels).count
        guard clusters > 1, clusters < points.count else { return 0 }
        // Per-label sums in arrays (dictionaries made this a second of the medium shop's clustering).
        let labelCount = (labels.max() ?? 0) + 1
        var total = 0.0
        var sums = [Double](repeating: 0, count: labelCount), counts = [Int](repeating: 0, count: labelCount)
        for i in points.indices {
            for l in 0..<labelCount { sums[l] = 0; counts[l] = 0 }
            for j in points.indices where j != i {
                sums[labels[j]] += distance2(points[i], points[j]).squareRoot()
                counts[labels[j]] += 1
            }
            let own = labels[i]
            guard counts[own] > 0 else { continue }  // singleton: silhouette 0
            let a = sums[own] / Double(counts[own])
            var b = Double.infinity
            for l in 0..<labelCount where l != own && counts[l] > 0 { b = min(b, sums[l] / Double(counts[l])) }
            total += (b - a) / max(a, b)
        }
        return total / Double(points.count)
    }

    static func runningTotal(_ values: [Double]) -> [Double] {
        var sum = 0.0
        return values.map { sum += $0; return sum }
    }
}
