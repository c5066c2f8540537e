#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Dictionary-encodes byte strings (customer ids, SKUs, categories) to dense `Int32` ids.
///
/// Looking up an id that was seen before costs a hash and a byte comparison and
/// creates no `String`; a `String` is made once per distinct value.
///
///     var skus = Interner()
///     let id = skus.intern(fieldBytes)   // 0, 1, 2, ... in first-seen order
///     skus.strings[Int(id)]              // "SKU-00017"
public struct Interner: Sendable {
    public private(set) var strings: [String] = []
    private var hashes: [UInt64] = []
    private var arena: [UInt8] = []
    private var offsets: [Int] = [0]
    private var table: [Int32]
    private var mask: Int
    /// The id returned last: exports often repeat a value on consecutive rows (a session's events
    /// carry one customer id), and comparing with it first skips the table's cache misses
    /// (on medium, 79% of event rows repeat the previous row's customer).
    private var last: Int32 = -1

    public init() {
        table = Array(repeating: -1, count: 1024)
        mask = 1023
    }

    public var count: Int { strings.count }

    /// The id of `bytes`, assigning the next id when it is new. `bytes` must be valid UTF-8.
    @inline(__always)
    public mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        if last >= 0 && equals(Int(last), bytes) { return last }
        let h = ByteHash.hash(bytes, state: ByteHash.seedA)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let id = table[slot]
            if id < 0 { break }
            if hashes[Int(id)] == h && equals(Int(id), bytes) {
                last = id
                return id
            }
            slot = (slot + 1) & mask
        }
        let id = Int32(strings.count)
        last = id
        table[slot] = id
        hashes.append(h)
        arena.append(contentsOf: bytes)
        offsets.append(arena.count)
        strings.append(String(decoding: bytes, as: UTF8.self))
        if strings.count * 2 > table.count { rehash() }
        return id
    }

    public mutating func intern(_ string: String) -> Int32 {
        var copy = string
        return copy.withUTF8 { intern($0) }
    }

    /// The id of `bytes` if it was interned before.
    public func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        let h = ByteHash.hash(bytes, state: ByteHash.seedA)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let id = table[slot]
            if id < 0 { return nil }
            if hashes[Int(id)] == h && equals(Int(id), bytes) { return id }
            slot = (slot + 1) & mask
        }
    }

    public func lookup(_ string: String) -> Int32? {
        var copy = string
        return copy.withUTF8 { lookup($0) }
    }

    @inline(__always) private func equals(_ id: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = offsets[id], length = offsets[id + 1] - start
        guard length == bytes.count else { return false }
        return arena.withUnsafeBufferPointer { stored in
            guard length > 0 else { return true }
            return Self.sameBytes(stored.baseAddress! + start, bytes.baseAddress!, length)
        }
    }

    /// Ids of 4 to 16 bytes (customer ids, SKUs) compare as two overlapping words: calling memcmp
    /// for them cost more than the comparison (5% of the events load, perf on medium).
    @inline(__always) private static func sameBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let x = UnsafeRawPointer(a), y = UnsafeRawPointer(b)
        switch count {
        case 8...16:
            let tail = count - 8
            return x.loadUnaligned(as: UInt64.self) == y.loadUnaligned(as: UInt64.self)
                && x.loadUnaligned(fromByteOffset: tail, as: UInt64.self) == y.loadUnaligned(fromByteOffset: tail, as: UInt64.self)
        case 4..<8:
            let tail = count - 4
            return x.loadUnaligned(as: UInt32.self) == y.loadUnaligned(as: UInt32.self)
                && x.loadUnaligned(fromByteOffset: tail, as: UInt32.self) == y.loadUnaligned(fromByteOffset: tail, as: UInt32.self)
        default:
            return memcmp(a, b, count) == 0
        }
    }

    private mutating func rehash() {
        let size = table.count * 2
        table = Array(repeating: -1, count: size)
        mask = size - 1
        for id in 0..<strings.count {
            var slot = Int(truncatingIfNeeded: hashes[id]) & mask
            while table[slot] >= 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(id)
        }
    }
}
