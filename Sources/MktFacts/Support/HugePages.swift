import CPosixShims

/// Arrays for the loaders' big random-access tables (hash tables, per-pair and per-customer
/// accumulators), in memory the kernel is asked to back with 2 MiB pages. Their rows land on
/// random pages, and with 4 KiB pages nearly every access of a large table also missed the TLB;
/// on medium the events load went from 7.4 to 5.2-6.0 s.
extension Array {
    /// `count` copies of `value`.
    static func hugePaged(repeating value: Element, count: Int) -> [Element] {
        var array: [Element] = []
        array.growHugePaged(toAtLeast: count, with: value)
        return array
    }

    /// Extends the array with `value` to at least `count` elements, at least doubling it.
    @inline(__always) mutating func growHugePaged(toAtLeast count: Int, with value: Element) {
        if count > self.count { regrowHugePaged(count, value) }
    }

    @inline(never) private mutating func regrowHugePaged(_ count: Int, _ value: Element) {
        let newCount = Swift.max(count, self.count * 2)
        let old = self
        self = Array(unsafeUninitializedCapacity: newCount) { buffer, initialized in
            let start = buffer.baseAddress!
            mkt_advise_huge_pages(start, UInt(newCount * MemoryLayout<Element>.stride))
            old.withUnsafeBufferPointer { start.initialize(from: $0.baseAddress!, count: old.count) }
            (start + old.count).initialize(repeating: value, count: newCount - old.count)
            initialized = newCount
        }
    }
}
