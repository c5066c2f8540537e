import Foundation
import MktFacts

/// A fitted top-N recommender: scores every item for one customer's feedback row.
public protocol Recommender: Sendable {
    var name: String { get }
    /// Adds positive item scores for customer `user` into `board` (clear on entry, item-count long).
    func score(user: Int, feedback: SparseMatrix, into board: inout ScoreBoard)
    /// Adds `weight` x the scores for `user` scaled to a maximum of 1 into `board`, as a blend
    /// part (`HybridRecommender`). The default finds the maximum by scoring into `scratch` first
    /// (clear, left clear) and then moves the scaled scores over; a model that can find it on its
    /// own adds its scores in one pass.
    func addScaled(user: Int, feedback: SparseMatrix, weight: Float, into board: inout ScoreBoard, scratch: inout ScoreBoard)
}

extension Recommender {
    public func addScaled(user: Int, feedback: SparseMatrix, weight: Float, into board: inout ScoreBoard, scratch: inout ScoreBoard) {
        score(user: user, feedback: feedback, into: &scratch)
        let factor = PartScores.scale(weight: weight, maximum: scratch.maximum)
        guard factor > 0 else { return scratch.drain { _, _ in } }
        scratch.drain { item, value in board.add(item, value * factor) }
    }
}

extension Recommender {
    /// The best `n` items for `user`, excluding `excluded` (sorted ascending) and
    /// items outside `allowed`; `board` is clear before and after.
    public func recommend(user: Int, feedback: SparseMatrix, n: Int, excluded: [Int32], allowed: [Bool],
                          board: inout ScoreBoard) -> [(item: Int32, score: Float)] {
        score(user: user, feedback: feedback, into: &board)
        return takeBest(n, from: &board, excluded: excluded, allowed: allowed)
    }
}

/// The best `n` positive-scored, allowed, not excluded items on `board`, which it leaves clear.
func takeBest(_ n: Int, from board: inout ScoreBoard, excluded: [Int32], allowed: [Bool]) -> [(item: Int32, score: Float)] {
    var top = TopN(capacity: n)
    board.drain { item, s in
        guard s > 0, top.wouldKeep(item: item, score: s), allowed[Int(item)], !excluded.containsSorted(item) else { return }
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
    public let name: String
    /// Items by descending popularity with their scores (number of customers with feedback, scaled to 1 for the top).
    public let ranking: [(item: Int32, score: Float)]

    public init(feedback: SparseMatrix, allowed: [Bool], depth: Int = 200) {
        var counts = [Float](repeating: 0, count: feedback.columnCount)
        for c in feedback.columns { counts[Int(c)] += 1 }
        self.init(name: "popularity", counts: counts, allowed: allowed, depth: depth)
    }

    /// Recent popularity: items by their purchases in the last `days` days up to the feedback's
    /// cut-off. On real shops this one-line baseline beat every model fitted on the whole history
    /// (issue 22: 1.10 x EASE^R), as tastes and stock move; nil when no item was bought then.
    public init?(recentPurchases table: RecentPurchaseTable, days: Int, itemCount: Int, allowed: [Bool], depth: Int = 200) {
        var counts = [Float](repeating: 0, count: itemCount)
        for row in 0..<table.count where table.age[row] < Int32(days) { counts[Int(table.item[row])] += table.purchases[row] }
        guard counts.contains(where: { $0 > 0 }) else { return nil }
        self.init(name: "recent popularity", counts: counts, allowed: allowed, depth: depth)
    }

    /// The `depth` best items in `TopN`'s order, found by one sort (a depth may be the whole catalog).
    init(name: String, counts: [Float], allowed: [Bool], depth: Int) {
        self.name = name
        let top = (0..<counts.count).filter { counts[$0] > 0 && allowed[$0] }.map { (item: Int32($0), score: counts[$0]) }
            .sorted(by: TopN.better).prefix(depth)
        let maximum = top.first?.score ?? 1
        ranking = top.map { ($0.item, $0.score / maximum) }
    }

    public func score(user: Int, feedback: SparseMatrix, into board: inout ScoreBoard) {
        for entry in ranking { board.add(entry.item, entry.score) }
    }

    public func addScaled(user: Int, feedback: SparseMatrix, weight: Float, into board: inout ScoreBoard, scratch: inout ScoreBoard) {
        let scale = PartScores.scale(weight: weight, maximum: ranking.first?.score ?? 0)  // (the ranking is in descending order)
        guard scale > 0 else { return }
        for entry in ranking { board.add(entry.item, entry.score * scale) }
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

extension ScratchPool where Scratch == ScoreBoard {
    /// Runs `body` with a clear board over `itemCount` ids; `body` must leave it clear.
    func with<R>(itemCount: Int, _ body: (inout ScoreBoard) -> R) -> R {
        with(fits: { $0.itemCount == itemCount }, make: { ScoreBoard(itemCount: itemCount) }, body)
    }
}
