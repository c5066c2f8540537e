import Foundation
import Testing
@testable import MktModels

/// `KMeans.lloyd` skips points whose bounds prove their centroid cannot change; its labels,
/// centroids and inertia must be bit for bit those of plain Lloyd iterations.
struct KMeansBoundsTests {
    /// Plain Lloyd, written out as the textbook loop: every point against every centroid (the
    /// first nearest wins a tie), centroid sums in point order, the same stopping rule.
    static func plainLloyd(_ points: [[Double]], initial: [[Double]], maxIterations: Int) -> KMeans.Result {
        let k = initial.count, d = points[0].count
        var centroids = initial
        var labels = [Int](repeating: 0, count: points.count)
        for _ in 0..<maxIterations {
            var changed = false
            for (i, point) in points.enumerated() {
                var nearest = 0, nearestDistance = Double.infinity
                for j in 0..<k {
                    var sum = 0.0
                    for t in 0..<d { sum += (point[t] - centroids[j][t]) * (point[t] - centroids[j][t]) }
                    if sum < nearestDistance { nearestDistance = sum; nearest = j }
                }
                if labels[i] != nearest { labels[i] = nearest; changed = true }
            }
            var sums = [[Double]](repeating: [Double](repeating: 0, count: d), count: k), counts = [Int](repeating: 0, count: k)
            for (i, point) in points.enumerated() {
                counts[labels[i]] += 1
                for t in 0..<d { sums[labels[i]][t] += point[t] }
            }
            var moved = 0.0
            for j in 0..<k where counts[j] > 0 {
                var shift = 0.0
                for t in 0..<d {
                    let updated = sums[j][t] / Double(counts[j])
                    shift += (updated - centroids[j][t]) * (updated - centroids[j][t])
                    centroids[j][t] = updated
                }
                moved += shift
            }
            if !changed || moved < 1e-12 { break }
        }
        var inertia = 0.0
        for (i, point) in points.enumerated() {
            var sum = 0.0
            for t in 0..<d { sum += (point[t] - centroids[labels[i]][t]) * (point[t] - centroids[labels[i]][t]) }
            inertia += sum
        }
        return KMeans.Result(centroids: centroids, labels: labels, inertia: inertia)
    }

    /// Overlapping blobs (many points near a boundary), repeated points (exact ties) and integer
    /// grids (ties between centroids), with k past one SIMD group and features past one block.
    @Test(arguments: [(k: 2, d: 1), (k: 7, d: 7), (k: 8, d: 3), (k: 9, d: 2), (k: 12, d: 10)])
    func boundedLloydEqualsPlainLloydBitForBit(k: Int, d: Int) {
        var random = SeededRandom(seed: UInt64(k * 100 + d))
        var points: [[Double]] = (0..<1_500).map { i in
            let blob = Double(i % 5)
            return (0..<d).map { _ in blob * 0.8 + random.uniform() * 2 - 1 }
        }
        points += points.prefix(200)  // exact duplicates
        points += (0..<300).map { i in (0..<d).map { Double((i >> $0) % 3) } }  // grid points
        for start in 0..<3 {
            let initial = KMeans.plusPlus(KMeans.PackedPoints(points), k: k, random: &random)
            // Centroids on grid points too, so some start exactly equidistant from a point.
            let seeds = start == 2 ? (0..<k).map { points[1_700 + $0 * 7] } : initial
            let expected = Self.plainLloyd(points, initial: seeds, maxIterations: 300)
            let actual = KMeans.lloyd(KMeans.PackedPoints(points), initial: seeds, maxIterations: 300)
            #expect(zip(actual.labels, expected.labels).filter { $0 != $1 }.count == 0)
            #expect(actual.centroids.joined().map(\.bitPattern) == expected.centroids.joined().map(\.bitPattern))
            #expect(actual.inertia.bitPattern == expected.inertia.bitPattern)
        }
    }
}
