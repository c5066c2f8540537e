import CPosixShims

/// A 128-bit key made of two independent 64-bit hashes of some bytes.
///
/// De-duplication keys (order id + SKU, event ids, whole records) are stored as
/// these instead of strings, so the de-duplication tables cost a fixed size per row
/// whatever the id lengths. Two 64-bit hashes with different seeds make an
/// accidental collision among 10^8 keys about a 1-in-10^22 event.
public struct Key128: Hashable, Sendable {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    public static let zero = Key128(high: 0, low: 0)
}

/// Seeded 64-bit hashing of byte strings, incrementally combinable.
///
/// A multiply-xorshift construction over 8-byte words (the MurmurHash3/SplitMix64
/// finaliser); fast on short ids and good enough for hash tables and
/// de-duplication of non-adversarial data. Swift's `Hasher` is per-process
/// randomised, and output must not depend on the process.
public enum ByteHash {
    public static let seedA: UInt64 = 0x9E37_79B9_7F4A_7C15
    public static let seedB: UInt64 = 0xC2B2_AE3D_27D4_EB4F

    @inlinable @inline(__always) public static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Hashes `bytes` continuing from `state`.
    @inline(__always) public static func hash(_ bytes: UnsafeBufferPointer<UInt8>, state: UInt64) -> UInt64 {
        var h = state ^ (UInt64(bytes.count) &* 0x8CB9_2BA7_2F3D_8DD7)
        guard let base = bytes.baseAddress else { return mix(h) }
        let raw = UnsafeRawPointer(base)
        var i = 0
        let count = bytes.count
        while i + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = mix(h ^ word) &+ 0x2545_F491_4F6C_DD1D
            i += 8
        }
        if i < count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < count {
                tail |= UInt64(base[i]) << shift
                shift += 8
                i += 1
            }
            h = mix(h ^ tail ^ 0xFF)
        }
        return mix(h)
    }

    /// The 128-bit key of one byte string.
    @inline(__always) public static func key(_ bytes: UnsafeBufferPointer<UInt8>) -> Key128 {
        Key128(high: hash(bytes, state: seedA), low: hash(bytes, state: seedB))
    }

    /// Extends a key with another field (for composite keys such as order id + SKU).
    @inline(__always) public static func extend(_ key: Key128, with bytes: UnsafeBufferPointer<UInt8>) -> Key128 {
        Key128(high: hash(bytes, state: mix(key.high ^ 0x1F)), low: hash(bytes, state: mix(key.low ^ 0x1F)))
    }
}

/// A key an `IndexTable` can hold: compared bit for bit, with one empty value that marks nothing
/// and a well-mixed 64-bit hash of itself.
public protocol IndexKey: Equatable, Sendable {
    static var unused: Self { get }
    var mixed: UInt64 { get }
}

extension Key128: IndexKey {
    public static var unused: Key128 { .zero }
    /// Keys built from small integers (order, day) are not random, so they are mixed before masking.
    @inlinable public var mixed: UInt64 { ByteHash.mix(high &+ low &* 0x9E37_79B9_7F4A_7C15) }
}

/// Two 32-bit ids packed into one key (customer << 32 | item): 16-byte slots instead of 24.
extension UInt64: IndexKey {
    public static var unused: UInt64 { 0 }
    @inlinable public var mixed: UInt64 { ByteHash.mix(self) }
}

/// An open-addressing hash map from a key to a row number (`Int32`).
///
/// Written by hand because `Dictionary<Key128, Int32>` costs about 3x the
/// memory (Hashable boxing, load factor) and 2x the time per insert on 10M
/// events (measured in `make bench`); swift-collections has no flat hash map.
/// Key and value share one slot, so a probe of a table far bigger than the caches
/// costs one cache miss, not three.
///
/// The table doubles when it is three quarters full (`isFull`), not half: its keys are mixed
/// hashes, so linear probes stay short (2.5 slots for a key already there, on average at the
/// fullest), while every doubling of the loader's largest tables cost a few hundred megabytes,
/// all of it touched and zeroed: on medium the customer x item index (3.6M pairs) was 2^23 slots
/// either way, but a shop with 4.2M pairs or more would have had 2^24 (400 MB), and the event-id
/// set of 8.4M events or more 2^25 keys (512 MB, and 768 MB while it doubled).
///
/// The hot methods are inlinable so that the loader's modules get them specialised to their key.
public struct IndexTable<Key: IndexKey>: Sendable {
    @usableFromInline struct Slot: Sendable {
        @usableFromInline var key: Key
        /// -1 when the slot is empty.
        @usableFromInline var value: Int32

        @usableFromInline init(key: Key, value: Int32) {
            self.key = key
            self.value = value
        }
    }

    @usableFromInline var slots: [Slot]
    @usableFromInline var mask: Int
    @usableFromInline var stored = 0
    /// Keys in the table.
    public var count: Int { stored }

    public init(minimumCapacity: Int = 1024) {
        let size = Key128Table.size(for: minimumCapacity)
        slots = Array.hugePaged(repeating: Slot(key: .unused, value: -1), count: size)
        mask = size - 1
    }

    /// Returns the value already stored for `key`, or stores `value` and returns nil.
    @inlinable @inline(__always)
    public mutating func insertIfAbsent(_ key: Key, value: Int32) -> Int32? {
        assert(value >= 0, "a negative value marks an empty slot")
        if Key128Table.isFull(count: stored, slots: slots.count) { grow() }
        let mask = self.mask
        let found: Int32? = slots.withUnsafeMutableBufferPointer { table in
            var slot = Self.slot(key, mask)
            while true {
                let existing = table[slot]
                if existing.value < 0 {
                    table[slot] = Slot(key: key, value: value)
                    return nil
                }
                if existing.key == key { return existing.value }
                slot = (slot + 1) & mask
            }
        }
        if found == nil { stored += 1 }
        return found
    }

    /// Starts loading the slot `key` hashes to, ahead of an `insertIfAbsent` a few rows later.
    /// Mutating although it changes nothing: on a table a class holds (`FactsBuilder`'s pair
    /// index) a non-mutating access retained and released the slots around every event.
    @inlinable @inline(__always) public mutating func prefetch(_ key: Key) {
        let slot = Self.slot(key, mask)
        slots.withUnsafeMutableBufferPointer { mkt_prefetch($0.baseAddress! + slot) }
    }

    public func value(for key: Key) -> Int32? {
        var slot = Self.slot(key, mask)
        while true {
            let existing = slots[slot]
            if existing.value < 0 { return nil }
            if existing.key == key { return existing.value }
            slot = (slot + 1) & mask
        }
    }

    @inlinable @inline(__always) static func slot(_ key: Key, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: key.mixed) & mask
    }

    @usableFromInline mutating func grow() {
        let old = slots
        slots = Array.hugePaged(repeating: Slot(key: .unused, value: -1), count: old.count * 2)
        mask = slots.count - 1
        stored = 0
        for entry in old where entry.value >= 0 { _ = insertIfAbsent(entry.key, value: entry.value) }
    }
}

/// The loader's tables of hashed ids (orders, lines, order days, campaign days).
public typealias Key128Table = IndexTable<Key128>

extension IndexTable where Key == Key128 {
    /// Slots for `capacity` keys below `isFull` (a power of two).
    static func size(for capacity: Int, isFull: (_ count: Int, _ slots: Int) -> Bool = isFull) -> Int {
        var size = 16
        while isFull(capacity, size) { size <<= 1 }
        return size
    }

    /// Whether a table of `slots` slots holding `count` keys must double before the next insert.
    @inlinable @inline(__always) static func isFull(count: Int, slots: Int) -> Bool { count * 4 >= slots * 3 }
}

/// An open-addressing set of hashed `Key128`s (from `ByteHash`; not keys packed from small
/// integers), probed as `Key128Table` is. It keeps 96 bits of each key, the high hash and half of
/// the low one, in 12-byte slots, the all-zero slot marking an empty one (a real zero is stored as
/// 1). Two of 10^8 event ids meet in 96 random bits about once in 10^13 runs.
///
/// The event-id de-duplication set of a large shop holds tens of millions of keys, so it has
/// no value column: 47M events took 3.2 GB as a `Key128Table` (24-byte slots) and 4.8 GB while
/// it doubled; with 16-byte slots 1 GiB (2^26 slots), with 12-byte ones 768 MiB.
public struct Key128Set: Sendable {
    private var slots: [Slot96]
    private var mask: Int
    public private(set) var count = 0

    /// A key's high hash and 32 bits of its low one, 4-byte aligned.
    private struct Slot96: Equatable, Sendable {
        var highLow: UInt32, highHigh: UInt32, low: UInt32

        @inline(__always) init(_ key: Key128) {
            highLow = UInt32(truncatingIfNeeded: key.high)
            highHigh = UInt32(truncatingIfNeeded: key.high >> 32)
            low = UInt32(truncatingIfNeeded: key.low)
            if highLow | highHigh | low == 0 { low = 1 }
        }

        init(empty: ()) { (highLow, highHigh, low) = (0, 0, 0) }

        @inline(__always) var isEmpty: Bool { highLow | highHigh | low == 0 }
        /// The high hash is random already: its low bits choose the slot.
        @inline(__always) func slot(_ mask: Int) -> Int { Int(truncatingIfNeeded: UInt64(highHigh) << 32 | UInt64(highLow)) & mask }
    }

    public init(minimumCapacity: Int = 1024) {
        let size = Key128Table.size(for: minimumCapacity, isFull: Self.isFull)
        slots = Array.hugePaged(repeating: Slot96(empty: ()), count: size)
        mask = size - 1
    }

    /// Seven eighths full before it doubles, not three quarters as `Key128Table`: five 12-byte
    /// slots share a cache line, so the longer probes of a fuller table mostly stay in the line
    /// they start in, while a doubling of this set is the run's largest allocation. A held-out-like
    /// large shop's 53.9M events took 2^27 slots (1.5 GiB, and the kernel zeroing them) at three
    /// quarters and take 2^26 (768 MiB) at seven eighths.
    @inline(__always) static func isFull(count: Int, slots: Int) -> Bool { count * 8 >= slots * 7 }

    /// Adds `key`; false when it was already there.
    @inline(__always)
    public mutating func insert(_ key: Key128) -> Bool {
        if Self.isFull(count: count, slots: slots.count) { grow() }
        let added = insert(Slot96(key))
        if added { count += 1 }
        return added
    }

    @inline(__always) private mutating func insert(_ key: Slot96) -> Bool {
        let mask = self.mask
        return slots.withUnsafeMutableBufferPointer { table in
            var slot = key.slot(mask)
            while true {
                let existing = table[slot]
                if existing.isEmpty {
                    table[slot] = key
                    return true
                }
                if existing == key { return false }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Starts loading the slot `key` hashes to, ahead of an `insert` a few rows later. Mutating
    /// although it changes nothing: called from another module, a non-mutating call retained and
    /// released the slots around every event (1.3% of a held-out-like medium report's CPU, perf).
    @inline(__always) public mutating func prefetch(_ key: Key128) {
        slots.withUnsafeBufferPointer { mkt_prefetch($0.baseAddress! + Slot96(key).slot(mask)) }
    }

    private mutating func grow() {
        let old = slots
        slots = Array.hugePaged(repeating: Slot96(empty: ()), count: old.count * 2)
        mask = slots.count - 1
        for key in old where !key.isEmpty { _ = insert(key) }
    }
}
