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
            Self.fill(start + old.count, with: value, count: newCount - old.count)
            initialized = newCount
        }
    }

    /// Writes `value` into `count` fresh elements; a block of 64 MB or more in eight parts on all
    /// cores. Writing fresh memory is mostly the kernel zeroing its pages on first touch, and one
    /// thread doing it for the large shop's event-id set (768 MB) left the other core idle for 2 s
    /// (perf). Medium wall, medians of 3 alternating runs: 10.69 -> 10.07 s; large 56.2/57.7 ->
    /// 53.8/58.0 s, within this VM's spread.
    private static func fill(_ start: UnsafeMutablePointer<Element>, with value: Element, count: Int) {
        guard count * MemoryLayout<Element>.stride >= 64 << 20 else {
            start.initialize(repeating: value, count: count)
            return
        }
        let target = SharedPointer(start)
        nonisolated(unsafe) let value = value
        Parallel.forEach(count, chunkSize: (count + 7) / 8) { range in
            (target.base + range.lowerBound).initialize(repeating: value, count: range.count)
        }
    }
}
