#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Dictionary-encodes byte strings (customer ids, SKUs, categories) to dense `Int32` ids.
///
/// Looking up an id that was seen before costs a hash and one hash-table slot, and creates no
/// `String`; a `String` is made once per distinct value.
///
///     var skus = Interner()
///     let id = skus.intern(fieldBytes)   // 0, 1, 2, ... in first-seen order
///     skus.strings[Int(id)]              // "SKU-00017"
///
/// Written by hand: `Dictionary<String, Int32>` would make a `String` per lookup, and the
/// tables of swift-collections key on `Hashable` values, not on bytes in a read buffer.
public struct Interner: Sendable {
    public private(set) var strings: [String] = []
    /// The bytes of every value, back to back (for values longer than a slot holds).
    private var arena: [UInt8] = []
    private var offsets: [Int] = [0]
    private var table: [Slot]
    private var mask: Int
    /// The value returned last: exports often repeat a value on consecutive rows (a session's events
    /// carry one customer id), and comparing with it first skips the table (on medium, 79% of
    /// event rows repeat the previous row's customer).
    private var last = Slot()

    /// One table entry. A value of up to 16 bytes (customer ids, SKUs) is held in the slot itself,
    /// so a lookup reads one cache line: with the value's hash, bytes and id in separate arrays a
    /// lookup missed the cache up to four times in a row (a third of reading the events, perf).
    private struct Slot {
        var hash: UInt64 = 0
        /// `Slot.words` of the value: all its bytes when it has at most 16.
        var words: (UInt64, UInt64) = (0, 0)
        var length: Int32 = 0
        /// -1 when the slot is empty.
        var id: Int32 = -1

        /// The bytes as two words, the same for the same bytes of one length: for 8 to 16 bytes the
        /// first and last eight (overlapping), for 4 to 7 the first and last four, below that each
        /// byte; for longer values their first 16 bytes.
        @inline(__always) static func words(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
            let count = bytes.count
            guard let base = bytes.baseAddress else { return (0, 0) }
            let raw = UnsafeRawPointer(base)
            switch count {
            case 8...:
                return (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: min(count, 16) - 8, as: UInt64.self))
            case 4..<8:
                return (UInt64(raw.loadUnaligned(as: UInt32.self)) | UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)) << 32, 0)
            default:
                var word: UInt64 = 0
                for i in 0..<count { word |= UInt64(base[i]) << (8 * UInt64(i)) }
                return (word, 0)
            }
        }

        @inline(__always) func holds(_ hash: UInt64, _ words: (UInt64, UInt64), _ length: Int) -> Bool {
            self.hash == hash && self.words == words && Int(self.length) == length
        }
    }

    public init() {
        table = Array(repeating: Slot(), count: 1024)
        mask = 1023
    }

    public var count: Int { strings.count }

    /// The id of `bytes`, assigning the next id when it is new. `bytes` must be valid UTF-8.
    @inline(__always)
    public mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let words = Slot.words(bytes)
        if last.id >= 0 && last.words == words && Int(last.length) == bytes.count && (bytes.count <= 16 || equals(last.id, bytes)) {
            return last.id
        }
        let h = ByteHash.hash(bytes, state: ByteHash.seedA)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = table[slot]
            if entry.id < 0 { break }
            if entry.holds(h, words, bytes.count) && (bytes.count <= 16 || equals(entry.id, bytes)) {
                last = entry
                return entry.id
            }
            slot = (slot + 1) & mask
        }
        let entry = Slot(hash: h, words: words, length: Int32(bytes.count), id: Int32(strings.count))
        table[slot] = entry
        last = entry
        arena.append(contentsOf: bytes)
        offsets.append(arena.count)
        strings.append(String(decoding: bytes, as: UTF8.self))
        if strings.count * 2 > table.count { rehash() }
        return entry.id
    }

    public mutating func intern(_ string: String) -> Int32 {
        var copy = string
        return copy.withUTF8 { intern($0) }
    }

    /// Whether value `id` has exactly `bytes` (for values longer than a slot holds).
    private func equals(_ id: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = offsets[Int(id)], length = offsets[Int(id) + 1] - start
        guard length == bytes.count else { return false }
        return arena.withUnsafeBufferPointer { memcmp($0.baseAddress! + start, bytes.baseAddress!, length) == 0 }
    }

    private mutating func rehash() {
        let size = table.count * 2
        var grown = Array(repeating: Slot(), count: size)
        mask = size - 1
        for entry in table where entry.id >= 0 {
            var slot = Int(truncatingIfNeeded: entry.hash) & mask
            while grown[slot].id >= 0 { slot = (slot + 1) & mask }
            grown[slot] = entry
        }
        table = grown
    }
}
