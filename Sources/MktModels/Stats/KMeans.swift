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
        let packed = PackedPoints(points)
        let initials = (0..<starts).map { _ in plusPlus(packed, k: k, random: &random) }
        let results = Parallel.map(starts, chunkSize: 1) { range in
            range.map { lloyd(packed, initial: initials[$0], maxIterations: maxIterations) }
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
    static func plusPlus(_ points: PackedPoints, k: Int, random: inout SeededRandom) -> [[Double]] {
        let n = points.count, stride = points.stride, dimensions = points.dimensions
        return points.withFeatures { p in
            /// Squared distances of every point to point `center`.
            func distances(to center: Int) -> [Double] { (0..<n).map { distance2(p, $0 * stride, p, center * stride, dimensions: dimensions) } }
            var centers = [Int(random.uniform() * Double(n))]
            var closest = distances(to: centers[0])
            let trials = 2 + Int(log(Double(k)))
            while centers.count < k {
                let cumulative = runningTotal(closest)
                var bestCandidate = 0, bestPotential = Double.infinity
                var bestDistances = closest
                for _ in 0..<trials {
                    let candidate = cumulative.last! > 0 ? random.pick(cumulative: cumulative) : Int(random.uniform() * Double(n))
                    var distances = distances(to: candidate)
                    for i in 0..<n { distances[i] = min(closest[i], distances[i]) }
                    let potential = distances.reduce(0, +)
                    if potential < bestPotential {
                        bestPotential = potential
                        bestCandidate = candidate
                        bestDistances = distances
                    }
                }
                centers.append(bestCandidate)
                closest = bestDistances
            }
            return centers.map { center in (0..<dimensions).map { p[center * stride + $0] } }
        }
    }

    /// Points as rows of SIMD8 blocks of features (the last block padded with zeros), row after
    /// row: contiguous (several times faster than an array of arrays), and a row's features add
    /// to its cluster's sums block by block, each lane the same addition as one feature's.
    struct PackedPoints: Sendable {
        let count: Int, dimensions: Int
        /// SIMD8 blocks per row.
        let blocks: Int
        let rows: [SIMD8<Double>]

        init(_ points: [[Double]]) {
            count = points.count
            dimensions = points.first?.count ?? 0
            blocks = (dimensions + 7) / 8
            var rows = [SIMD8<Double>](repeating: .zero, count: count * blocks)
            for (i, point) in points.enumerated() {
                for (t, value) in point.enumerated() { rows[i * blocks + t / 8][t % 8] = value }
            }
            self.rows = rows
        }

        /// Doubles per row: feature t of point i is double `i * stride + t` of `rows`.
        var stride: Int { blocks * 8 }

        /// Calls `body` with the features as doubles: feature t of point i at `i * stride + t`.
        func withFeatures<T>(_ body: (UnsafeBufferPointer<Double>) -> T) -> T {
            rows.withUnsafeBufferPointer { $0.withMemoryRebound(to: Double.self, body) }
        }
    }

    /// Lloyd iterations, each point's assignment skipped when bounds prove it cannot change
    /// (Hamerly 2010, "Making k-means even faster"): an upper bound on the distance to its own
    /// centroid and a lower bound on the distance to any other, carried across iterations by how
    /// far the centroids moved. The bounds are rounded outwards and a skip needs a relative
    /// margin of 1e-9, far above the rounding of a computed distance, so a skipped point is one
    /// whose computed distances would have chosen the same centroid: labels, centroids and inertia
    /// are bit for bit those of plain Lloyd (test `KMeansBoundsTests`). On issue 24's held-out-like
    /// large shop (370k buyers, k = 7, about 55 iterations a start) the final fit went from
    /// 8.3-8.4 to 5.7-5.9 s CPU, same hash (`mktreport-bench clusters-speed`, three fits each).
    static func lloyd(_ points: PackedPoints, initial: [[Double]], maxIterations: Int) -> Result {
        let n = points.count, dimensions = points.dimensions, blocks = points.blocks, stride = points.stride, k = initial.count
        var centroids = initial.flatMap { $0 }
        var labels = [Int](repeating: 0, count: n)
        var upper = [Double](repeating: 0, count: n), lower = [Double](repeating: 0, count: n)
        /// How far each centroid moved in the last update, and half the distance from each to its nearest other.
        var moves = [Double](repeating: 0, count: k), halfGaps = [Double](repeating: 0, count: k)
        // The assignment step measures a point against eight centroids at once, feature by
        // feature, in SIMD lanes: independent sums in registers instead of one chain of dependent
        // additions per centroid. Each lane still adds its terms in feature order, so every
        // distance is bit for bit the same (a third off the medium shop's final fit, perf).
        let groups = (k + 7) / 8
        var packed = [SIMD8<Double>](repeating: .zero, count: groups * dimensions)
        // Raw buffers for the per-point arrays: the arrays, written inside these closures, were
        // checked and reloaded at every access (perf annotate).
        points.rows.withUnsafeBufferPointer { rows in points.withFeatures { p in
        labels.withUnsafeMutableBufferPointer { labels in upper.withUnsafeMutableBufferPointer { upper in
        lower.withUnsafeMutableBufferPointer { lower in
            for iteration in 0..<maxIterations {
                var changed = false
                for j in 0..<k { for t in 0..<dimensions { packed[(j / 8) * dimensions + t][j % 8] = centroids[j * dimensions + t] } }
                for j in 0..<k where iteration > 0 {
                    var nearest = Double.infinity
                    for other in 0..<k where other != j {
                        nearest = min(nearest, distance2(centroids, j * dimensions, centroids, other * dimensions, dimensions: dimensions))
                    }
                    halfGaps[j] = 0.5 * Self.lowerDistance(nearest)
                }
                let farthestMove = moves.max() ?? 0
                packed.withUnsafeBufferPointer { c in centroids.withUnsafeBufferPointer { centroids in
                    for i in 0..<n {
                        if iteration > 0 {
                            let own = labels[i]
                            upper[i] = (upper[i] + moves[own]).nextUp
                            lower[i] = (lower[i] - farthestMove).nextDown
                            let bound = max(halfGaps[own], lower[i])
                            if Self.clearlyBelow(upper[i], bound) { continue }
                            upper[i] = Self.upperDistance(distance2(p, i * stride, centroids, own * dimensions, dimensions: dimensions))
                            if Self.clearlyBelow(upper[i], bound) { continue }
                        }
                        var nearest = 0, nearestDistance = Double.infinity, secondDistance = Double.infinity
                        for g in 0..<groups {
                            var sums = SIMD8<Double>.zero
                            for t in 0..<dimensions {
                                let difference = SIMD8(repeating: p[i * stride + t]) - c[g * dimensions + t]
                                sums += difference * difference
                            }
                            for lane in 0..<min(8, k - g * 8) {
                                if sums[lane] < nearestDistance {
                                    secondDistance = nearestDistance
                                    nearestDistance = sums[lane]
                                    nearest = g * 8 + lane
                                } else if sums[lane] < secondDistance {
                                    secondDistance = sums[lane]
                                }
                            }
                        }
                        upper[i] = Self.upperDistance(nearestDistance)
                        lower[i] = Self.lowerDistance(secondDistance)
                        if labels[i] != nearest { labels[i] = nearest; changed = true }
                    }
                } }
                var sums = [SIMD8<Double>](repeating: .zero, count: k * blocks)
                var counts = [Int](repeating: 0, count: k)
                sums.withUnsafeMutableBufferPointer { sums in
                    for i in 0..<n {
                        counts[labels[i]] += 1
                        for b in 0..<blocks { sums[labels[i] * blocks + b] += rows[i * blocks + b] }
                    }
                }
                var moved = 0.0
                for j in 0..<k {
                    guard counts[j] > 0 else { moves[j] = 0; continue }
                    var shift = 0.0
                    for t in 0..<dimensions {
                        let updated = sums[j * blocks + t / 8][t % 8] / Double(counts[j])
                        shift += (updated - centroids[j * dimensions + t]) * (updated - centroids[j * dimensions + t])
                        centroids[j * dimensions + t] = updated
                    }
                    moves[j] = Self.upperDistance(shift)
                    moved += shift
                }
                if !changed || moved < 1e-12 { break }
            }
        } } } } }
        let inertia = points.withFeatures { p in
            (0..<n).reduce(0.0) { $0 + distance2(p, $1 * stride, centroids, labels[$1] * dimensions, dimensions: dimensions) }
        }
        return Result(centroids: (0..<k).map { Array(centroids[($0 * dimensions)..<(($0 + 1) * dimensions)]) }, labels: labels,
                      inertia: inertia)
    }

    /// Squared distance between the points whose features start at `x[xStart]` and `y[yStart]`, features added in order.
    @inline(__always) private static func distance2<X: Collection<Double>, Y: Collection<Double>>(
        _ x: X, _ xStart: Int, _ y: Y, _ yStart: Int, dimensions: Int
    ) -> Double where X.Index == Int, Y.Index == Int {
        var sum = 0.0
        for t in 0..<dimensions {
            let difference = x[xStart + t] - y[yStart + t]
            sum += difference * difference
        }
        return sum
    }

    /// A distance at least the true one, from a computed squared distance (whose relative rounding
    /// error is below 1e-12 for fewer than a thousand features).
    @inline(__always) private static func upperDistance(_ squared: Double) -> Double { (squared * (1 + 1e-12)).squareRoot().nextUp }
    /// A distance at most the true one.
    @inline(__always) private static func lowerDistance(_ squared: Double) -> Double { (squared * (1 - 1e-12)).squareRoot().nextDown }
    /// Whether a point whose own centroid is at most `upper` away and every other at least `bound`
    /// is nearer its own by so much that computed squared distances could not rank them otherwise.
    @inline(__always) private static func clearlyBelow(_ upper: Double, _ bound: Double) -> Bool { upper * (1 + 1e-9) < bound }

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
