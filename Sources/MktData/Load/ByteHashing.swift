/// A 128-bit key made of two independent 64-bit hashes of some bytes.
///
/// De-duplication keys (order id + SKU, event ids, whole records) are stored as
/// these instead of strings, so the de-duplication table costs 20 bytes per row
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

    @inline(__always) public static func mix(_ x: UInt64) -> UInt64 {
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

/// An open-addressing hash map from `Key128` to a row number (`Int32`).
///
/// Written by hand because `Dictionary<Key128, Int32>` costs about 3x the
/// memory (Hashable boxing, load factor) and 2x the time per insert on 10M
/// events (measured in `make bench`); swift-collections has no flat hash map.
public struct Key128Table: Sendable {
    private var highs: [UInt64]
    private var lows: [UInt64]
    private var values: [Int32]
    private var mask: Int
    public private(set) var count = 0

    public init(minimumCapacity: Int = 1024) {
        var size = 16
        while size < minimumCapacity * 2 { size <<= 1 }
        highs = Array(repeating: 0, count: size)
        lows = Array(repeating: 0, count: size)
        values = Array(repeating: -1, count: size)
        mask = size - 1
    }

    /// Returns the value already stored for `key`, or stores `value` and returns nil.
    @inline(__always)
    public mutating func insertIfAbsent(_ key: Key128, value: Int32) -> Int32? {
        if count * 2 >= values.count { grow() }
        var slot = Self.slot(key, mask)
        while true {
            let existing = values[slot]
            if existing < 0 {
                highs[slot] = key.high
                lows[slot] = key.low
                values[slot] = value
                count += 1
                return nil
            }
            if highs[slot] == key.high && lows[slot] == key.low { return existing }
            slot = (slot + 1) & mask
        }
    }

    public func value(for key: Key128) -> Int32? {
        var slot = Self.slot(key, mask)
        while true {
            let existing = values[slot]
            if existing < 0 { return nil }
            if highs[slot] == key.high && lows[slot] == key.low { return existing }
            slot = (slot + 1) & mask
        }
    }

    /// Keys built from small integers (customer, item, day) are not random, so mix before masking.
    @inline(__always) private static func slot(_ key: Key128, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: ByteHash.mix(key.high &+ key.low &* 0x9E37_79B9_7F4A_7C15)) & mask
    }

    private mutating func grow() {
        let oldHighs = highs, oldLows = lows, oldValues = values
        let size = values.count * 2
        highs = Array(repeating: 0, count: size)
        lows = Array(repeating: 0, count: size)
        values = Array(repeating: -1, count: size)
        mask = size - 1
        count = 0
        for i in 0..<oldValues.count where oldValues[i] >= 0 {
            _ = insertIfAbsent(Key128(high: oldHighs[i], low: oldLows[i]), value: oldValues[i])
        }
    }
}
