import Dispatch
import Foundation

/// Work split over all cores with results in a fixed order, so output does not depend on
/// scheduling (same inputs, same bytes).
public enum Parallel {
    /// `body` on contiguous chunks of `0..<count` (each chunk gets its own scratch state inside
    /// `body`), concatenated in index order.
    public static func map<T: Sendable>(_ count: Int, chunkSize: Int = 512, _ body: @Sendable (Range<Int>) -> [T]) -> [T] {
        let chunks = (count + chunkSize - 1) / chunkSize
        guard chunks > 1 else { return count > 0 ? body(0..<count) : [] }
        let results = ChunkResults<T>(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            results.set(c, body(c * chunkSize..<min(count, (c + 1) * chunkSize)))
        }
        return results.joined
    }
}

private final class ChunkResults<T>: @unchecked Sendable {
    private var chunks: [[T]]
    private let lock = NSLock()
    init(count: Int) { chunks = Array(repeating: [], count: count) }
    func set(_ index: Int, _ value: [T]) { lock.withLock { chunks[index] = value } }
    var joined: [T] { lock.withLock { chunks.flatMap { $0 } } }
}
