/// Two 32-bit values in one integer whose unsigned order is theirs, the first then the second:
/// the keys the facts and the models sort by radix (`RadixSort`) and index (`IndexTable<UInt64>`).
public enum PackedKey {
    /// Two ids that are never negative: (customer, item), (item, item).
    @inline(__always) public static func pack(_ high: Int32, _ low: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: high)) << 32 | UInt64(UInt32(bitPattern: low))
    }

    /// A customer and a day, the day's sign bit flipped so that unsigned order is the days' order.
    @inline(__always) public static func pack(_ customer: Int32, _ day: Day) -> UInt64 {
        UInt64(UInt32(bitPattern: customer)) << 32 | UInt64(UInt32(bitPattern: day.index) ^ 0x8000_0000)
    }

    /// The first id of `pack(_:_:)`.
    @inline(__always) public static func high(_ key: UInt64) -> Int32 { Int32(truncatingIfNeeded: key >> 32) }

    /// The second id of `pack(_:_:)`.
    @inline(__always) public static func low(_ key: UInt64) -> Int32 { Int32(truncatingIfNeeded: key) }
}
