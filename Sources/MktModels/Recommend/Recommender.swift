import Foundation
import MktData

/// A fitted top-N recommender: scores every item for one customer's feedback row.
public protocol Recommender: Sendable {
    var name: String { get }
    /// Adds item scores for customer `user` into `scores` (length = item count, all zero on entry)
    /// and lists the items it touched in `touched` (each once).
    func score(user: Int, feedback: SparseMatrix, into scores: inout [Float], touched: inout [Int32])
    /// Adds `weight` x the scores for `user` scaled to a maximum of 1 into `scores`, as a blend
    /// part (`HybridRecommender`). The default finds the maximum by scoring into `part` first
    /// (through `scratch`: all zero, left all zero); a model that can find it on its own adds
    /// its scores in one pass.
    func addScaled(user: Int, feedback: SparseMatrix, weight: Float, into scores: inout [Float], touched: inout [Int32],
                   part: inout PartScores, scratch: inout [Float])
}

extension Recommender {
    public func addScaled(user: Int, feedback: SparseMatrix, weight: Float, into scores: inout [Float], touched: inout [Int32],
                          part: inout PartScores, scratch: inout [Float]) {
        part.fill(self, user: user, feedback: feedback, scratch: &scratch)
        part.add(weight: weight, into: &scores, touched: &touched)
    }
}

extension Recommender {
    /// The best `n` items for `user`, excluding `excluded` (sorted ascending) and
    /// items outside `allowed`.
    public func recommend(user: Int, feedback: SparseMatrix, n: Int, excluded: [Int32], allowed: [Bool],
                          scratch: inout [Float], touched: inout [Int32]) -> [(item: Int32, score: Float)] {
        touched.removeAll(keepingCapacity: true)
        score(user: user, feedback: feedback, into: &scratch, touched: &touched)
        return takeBest(n, scores: &scratch, touched: touched, excluded: excluded, allowed: allowed)
    }
}

/// The best `n` positive-scored, allowed, not excluded items among `touched`; resets their scores to zero.
func takeBest(_ n: Int, scores: inout [Float], touched: [Int32], excluded: [Int32], allowed: [Bool]) -> [(item: Int32, score: Float)] {
    var top = TopN(capacity: n)
    for item in touched {
        let s = scores[Int(item)]
        scores[Int(item)] = 0
        guard s > 0, top.wouldKeep(item: item, score: s), allowed[Int(item)], !excluded.containsSorted(item) else { continue }
        top.offer(item: item, score: s)
    }
    return top.items
}

extension Array where Element == Int32 {
    /// Binary search in an ascending array.
    @inline(__always) public func containsSorted(_ value: Int32) -> Bool {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if self[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low < count && self[low] == value
    }
}

/// Recommends the items with the most feedback overall: the baseline every model must beat.
public struct PopularityRecommender: Recommender {
    public let name = "popularity"
    /// Items by descending popularity with their scores (number of customers with feedback, scaled to 1 for the top).
    public let ranking: [(item: Int32, score: Float)]

    public init(feedback: SparseMatrix, allowed: [Bool], depth: Int = 200) {
        var counts = [Float](repeating: 0, count: feedback.columnCount)
        for c in feedback.columns { counts[Int(c)] += 1 }
        var top = TopN(capacity: depth)
        for item in 0..<counts.count where counts[item] > 0 && allowed[item] { top.offer(item: Int32(item), score: counts[item]) }
        let maximum = top.items.first?.score ?? 1
        ranking = top.items.map { ($0.item, $0.score / maximum) }
    }

    public func score(user: Int, feedback: SparseMatrix, into scores: inout [Float], touched: inout [Int32]) {
        for entry in ranking {
            scores[Int(entry.item)] = entry.score
            touched.append(entry.item)
        }
    }

    public func addScaled(user: Int, feedback: SparseMatrix, weight: Float, into scores: inout [Float], touched: inout [Int32],
                          part: inout PartScores, scratch: inout [Float]) {
        let scale = PartScores.scale(weight: weight, maximum: ranking.first?.score ?? 0)  // (the ranking is in descending order)
        guard scale > 0 else { return }
        for entry in ranking { PartScores.blend(entry.item, entry.score * scale, into: &scores, touched: &touched) }
    }
}

/// Scratch space reused from customer to customer: a model that needs its own workspace while
/// scoring (a blend, a dense model) takes one and gives it back clean. Allocating and zeroing a
/// fresh item-sized buffer per customer cost more than the scoring itself on 100k customers.
final class ScratchPool<Scratch>: @unchecked Sendable {  // the free list is only touched under the lock
    private var free: [Scratch] = []
    private let lock = NSLock()

    init() {}

    /// Runs `body` with a pooled scratch that `fits`, or a new one from `make`; `body` must leave it clean.
    func with<R>(fits: (Scratch) -> Bool, make: () -> Scratch, _ body: (inout Scratch) -> R) -> R {
        var scratch = lock.withLock { free.popLast() }.flatMap { fits($0) ? $0 : nil } ?? make()
        let result = body(&scratch)
        lock.withLock { free.append(scratch) }
        return result
    }
}

/// Zeroed score buffers.
typealias ScoreBuffers = ScratchPool<[Float]>

extension ScratchPool where Scratch == [Float] {
    /// Runs `body` with an all-zero buffer of `count` entries; `body` must leave it all zero.
    func with<R>(count: Int, _ body: (inout [Float]) -> R) -> R {
        with(fits: { $0.count == count }, make: { [Float](repeating: 0, count: count) }, body)
    }
}
