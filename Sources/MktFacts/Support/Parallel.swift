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
        let results = ResultSlots<[T]>(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            results.set(c, body(c * chunkSize..<min(count, (c + 1) * chunkSize)))
        }
        return results.values.flatMap { $0 }
    }

    /// `body` on contiguous chunks of `0..<count` at once, for work done in place on disjoint
    /// parts of shared memory (see `SharedPointer`).
    public static func forEach(_ count: Int, chunkSize: Int, _ body: @Sendable (Range<Int>) -> Void) {
        let chunks = (count + chunkSize - 1) / chunkSize
        guard chunks > 1 else { if count > 0 { body(0..<count) }; return }
        DispatchQueue.concurrentPerform(iterations: chunks) { c in body(c * chunkSize..<min(count, (c + 1) * chunkSize)) }
    }

    /// Runs `first` on another thread and `second` on this one, and returns both results.
    /// (A plain async job, not `concurrentPerform`, so each side's own parallel loops still use every core.)
    public static func both<A: Sendable, B>(_ first: @escaping @Sendable () -> A, _ second: () throws -> B) rethrows -> (A, B) {
        let slot = ResultSlots<A>(count: 1)
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { slot.set(0, first()) }
        let b: B
        do {
            b = try second()
        } catch {
            group.wait()
            throw error
        }
        group.wait()
        return (slot.values[0], b)
    }
}

/// A pointer handed to concurrent chunks that each touch only their own elements.
public struct SharedPointer<T>: @unchecked Sendable {
    public let base: UnsafeMutablePointer<T>
    public init(_ base: UnsafeMutablePointer<T>) { self.base = base }
}

/// Results of concurrent jobs, one slot per job, read after all have finished.
public final class ResultSlots<T>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()
    public init(count: Int) { slots = Array(repeating: nil, count: count) }
    public func set(_ index: Int, _ value: T) { lock.withLock { slots[index] = value } }
    public var values: [T] { lock.withLock { slots.map { $0! } } }
}
