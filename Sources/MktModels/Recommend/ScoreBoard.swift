/// One customer's scores over the catalog and the list of items that have one: what every
/// recommender adds into. Unlisted items score zero, so one board serves customer after customer,
/// left clear by `drain` (which `takeBest` uses).
///
/// Raw buffers and a branch-free add. Listing an item only when its score was zero was a branch
/// the processor guessed wrong about half the time, and each add into Swift arrays also checked
/// uniqueness and capacity: with that, the content part of the medium shop's final lists spent
/// about 20 cycles an add (perf; with the board the final lists took 3.3 s instead of 4.8 s).
///
/// A handle to buffers it owns: pass it `inout` (a copy would share the scores, not the list).
public struct ScoreBoard {
    /// Owns the buffers; the list is reallocated when it grows.
    private final class Storage {
        let scores: UnsafeMutablePointer<Float>
        var items: UnsafeMutablePointer<Int32>

        init(itemCount: Int, capacity: Int) {
            scores = .allocate(capacity: itemCount)
            scores.initialize(repeating: 0, count: itemCount)
            items = .allocate(capacity: capacity)
        }

        deinit {
            scores.deallocate()
            items.deallocate()
        }
    }

    private let storage: Storage
    public let itemCount: Int
    private let scores: UnsafeMutablePointer<Float>
    private var items: UnsafeMutablePointer<Int32>
    private var capacity: Int
    /// Number of listed items.
    public private(set) var count = 0

    public init(itemCount: Int) {
        self.itemCount = itemCount
        capacity = itemCount + 1
        storage = Storage(itemCount: itemCount, capacity: capacity)
        scores = storage.scores
        items = storage.items
    }

    /// The score of `item` (zero when unlisted).
    @inline(__always) public subscript(item: Int32) -> Float { scores[Int(item)] }

    /// The listed items in the order they first got a non-zero score: each once, unless a score
    /// cancelled back to zero and rose again (the models here add only positive scores).
    public var listed: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: items, count: count) }

    /// Adds `value` to `item`'s score, listing the item when its score turns non-zero.
    @inline(__always) public mutating func add(_ item: Int32, _ value: Float) {
        let old = scores[Int(item)], new = old + value
        scores[Int(item)] = new
        if count == capacity { grow() }  // only after a score went back to zero and was raised again
        items[count] = item
        count &+= (old == 0 ? 1 : 0) & (new != 0 ? 1 : 0)
    }

    /// The largest listed score (0 when none is positive).
    public var maximum: Float {
        var top: Float = 0
        for item in listed { top = max(top, scores[Int(item)]) }
        return top
    }

    /// Multiplies every listed score by `factor` (a positive factor keeps the list; zero clears the board).
    public mutating func scale(by factor: Float) {
        guard factor != 0 else { return drain { _, _ in } }
        for item in listed { scores[Int(item)] *= factor }
    }

    /// Visits each listed item with its score and leaves the board clear.
    @inline(__always) public mutating func drain(_ body: (Int32, Float) -> Void) {
        for item in listed {
            let value = scores[Int(item)]
            scores[Int(item)] = 0
            body(item, value)
        }
        count = 0
    }

    private mutating func grow() {
        let larger = UnsafeMutablePointer<Int32>.allocate(capacity: capacity * 2)
        larger.update(from: items, count: count)
        items.deallocate()
        items = larger
        storage.items = larger
        capacity *= 2
    }
}
