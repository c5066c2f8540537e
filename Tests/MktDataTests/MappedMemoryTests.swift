import CPosixShims
import Glibc
import Testing

@Suite struct MappedMemoryTests {
    /// A mapping the kernel keeps as several pieces (part of it advised otherwise, as advising
    /// huge pages on part of one did) still grows, its contents kept and the new part zero.
    @Test func aMappingInPiecesGrowsWithItsContents() throws {
        let page = 4096, old = 4 << 20, new = 8 << 20
        let base = try #require(mkt_map_zeroed(UInt(old)))
        let bytes = base.bindMemory(to: UInt8.self, capacity: old)
        for i in stride(from: 0, to: old, by: page) { bytes[i] = UInt8(truncatingIfNeeded: i / page + 1) }
        #expect(madvise(base + page, 3 * page, MADV_NOHUGEPAGE) == 0)
        let grown = try #require(mkt_remap(base, UInt(old), UInt(new))).bindMemory(to: UInt8.self, capacity: new)
        #expect(stride(from: 0, to: old, by: page).allSatisfy { grown[$0] == UInt8(truncatingIfNeeded: $0 / page + 1) })
        #expect(stride(from: old, to: new, by: page).allSatisfy { grown[$0] == 0 })
        mkt_unmap(grown, UInt(new))
    }
}
