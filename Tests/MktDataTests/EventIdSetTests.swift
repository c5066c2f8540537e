import MktFacts
import Testing

@Suite struct EventIdSetTests {
    private func key(_ text: String) -> Key128 {
        Array(text.utf8).withUnsafeBufferPointer { ByteHash.key($0) }
    }

    @Test func keepsEachKeyOnceThroughEveryDoubling() {
        var set = Key128Set(minimumCapacity: 0)
        var added = 0
        for i in 0..<200_000 where set.insert(key("event-\(i % 150_000)")) { added += 1 }
        #expect(added == 150_000)
        #expect(set.count == 150_000)
        let again = set.insert(key("event-149999")), new = set.insert(key("event-150000"))
        #expect(!again && new)
    }

    @Test func theZeroKeyIsAKeyAndNinetySixBitsCount() {
        var set = Key128Set(minimumCapacity: 0)
        // The slots keep the high hash and the low hash's lower half.
        let keys = [Key128.zero, .zero, Key128(high: 7, low: 5), Key128(high: 7, low: 5 | 1 << 40), Key128(high: 7 | 1 << 40, low: 5)]
        #expect(keys.map { set.insert($0) } == [true, false, true, false, true])
        #expect(set.count == 3)
    }
}
