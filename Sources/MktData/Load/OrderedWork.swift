import Dispatch
import Foundation

/// Produces items on background threads and consumes them in index order on the calling
/// thread, with at most `ahead` items produced and not yet consumed (which bounds memory).
///
/// The loaders use it to read export files in parallel while merging them strictly in file
/// order, so "first row wins" and every id and count stay the same as a sequential read.
enum OrderedWork {
    /// `before` runs on the calling thread once the producers have started, before the first item is consumed.
    static func run<T: Sendable>(count: Int, ahead: Int, produce: @escaping @Sendable (Int) -> T,
                                 before: () throws -> Void = {}, consume: (Int, T) throws -> Void) throws {
        guard count > 0 else { return try before() }
        let slots = Slots<T>(count: count)
        let window = DispatchSemaphore(value: max(ahead, 1))
        DispatchQueue.global().async {
            for i in 0..<count {
                window.wait()
                if slots.cancelled {
                    slots.fill(i, nil)
                } else {
                    DispatchQueue.global().async { slots.fill(i, produce(i)) }
                }
            }
        }
        do {
            try before()
        } catch {
            slots.cancel()
            for _ in 0..<count { window.signal() }
            throw error
        }
        for i in 0..<count {
            let item = slots.take(i)
            window.signal()
            do {
                if let item { try consume(i, item) }
            } catch {
                // Let the scheduler run through the remaining indices without producing them.
                slots.cancel()
                for _ in (i + 1)..<count { window.signal() }
                throw error
            }
        }
    }

    /// One result per index, each handed from exactly one producer to the consumer.
    private final class Slots<T: Sendable>: @unchecked Sendable {
        private var values: [T?]
        private let ready: [DispatchSemaphore]
        private let lock = NSLock()
        private var isCancelled = false

        init(count: Int) {
            values = Array(repeating: nil, count: count)
            ready = (0..<count).map { _ in DispatchSemaphore(value: 0) }
        }

        var cancelled: Bool { lock.withLock { isCancelled } }
        func cancel() { lock.withLock { isCancelled = true } }

        func fill(_ i: Int, _ value: T?) {
            lock.withLock { values[i] = value }
            ready[i].signal()
        }

        /// Waits for index `i` and hands its value over (nil when cancelled).
        func take(_ i: Int) -> T? {
            ready[i].wait()
            return lock.withLock {
                defer { values[i] = nil }
                return values[i]
            }
        }
    }
}

/// Jobs on one object, run one after another in the order they were submitted on a background
/// thread while the submitting thread carries on; at most `pending` wait at a time (which bounds
/// the memory their inputs hold).
final class InOrderWorker<Target>: @unchecked Sendable {  // `target` is only used by one job at a time, and not by the submitter
    private let target: Target
    private let queue = DispatchQueue(label: "mktreport.in-order")
    private let running = DispatchGroup()
    private let slots: DispatchSemaphore

    init(_ target: Target, pending: Int) {
        self.target = target
        slots = DispatchSemaphore(value: pending)
    }

    func submit<Input: Sendable>(_ input: Input, _ job: @escaping @Sendable (Target, Input) -> Void) {
        slots.wait()
        queue.async(group: running) { [self] in
            job(target, input)
            slots.signal()
        }
    }

    /// Waits until every submitted job has run.
    func finish() { running.wait() }
}
