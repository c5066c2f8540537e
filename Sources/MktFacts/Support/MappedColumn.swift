import CPosixShims
import Glibc

/// A growable column of plain values for the loader's per-pair accumulators, in memory mapped
/// from the kernel instead of a Swift array: new elements are zero without being written, and
/// growing moves the kernel's page tables (`mremap`) instead of copying. A doubling array holds
/// its old and new copies at once and writes every new element: on the large scale the pairs'
/// signals held up to 1.2 GB while they grew from 8.4M to 16.8M pairs, and 805 MB once grown
/// whatever the pairs in use (15.8M).
///
/// Not bounds-checked: the owner reserves room (`reserve`) before it writes past what it used.
final class MappedColumn<Element: BitwiseCopyable>: @unchecked Sendable {  // used by one thread at a time
    /// (Unchecked: a class's stored property is otherwise checked for exclusive access on every
    /// read, and the loader reads this once per event.)
    @exclusivity(unchecked) private(set) var base: UnsafeMutablePointer<Element>
    /// Elements the mapping holds.
    @exclusivity(unchecked) private(set) var capacity: Int

    init(capacity: Int = 1 << 16) {
        self.capacity = capacity
        base = Self.checked(mkt_map_zeroed(UInt(capacity * MemoryLayout<Element>.stride)), bytes: capacity)
    }

    deinit { mkt_unmap(base, UInt(capacity * MemoryLayout<Element>.stride)) }

    @inline(__always) subscript(index: Int) -> Element {
        get { base[index] }
        set { base[index] = newValue }
    }

    /// Makes room for at least `count` elements (zeros past the old capacity), doubling the mapping.
    @inline(__always) func reserve(_ count: Int) {
        if count > capacity { grow(to: count) }
    }

    @inline(never) private func grow(to count: Int) {
        let larger = max(count, capacity * 2), stride = MemoryLayout<Element>.stride
        base = Self.checked(mkt_remap(base, UInt(capacity * stride), UInt(larger * stride)), bytes: larger)
        capacity = larger
    }

    private static func checked(_ address: UnsafeMutableRawPointer?, bytes count: Int) -> UnsafeMutablePointer<Element> {
        guard let address else {
            let reason = String(cString: strerror(errno))
            fatalError("out of memory: the kernel refused \(count * MemoryLayout<Element>.stride) bytes (\(reason))")
        }
        return address.bindMemory(to: Element.self, capacity: count)
    }
}
