import Glibc

/// Dense ids (customers, SKUs) renumbered in the byte order of their keys instead of the order
/// in which rows first named them, so that the facts, and every tie the models break by id, do
/// not depend on the order of the rows (see `GridSum` for why that order varies).
///
/// Keys are compared by their UTF-8 bytes: Swift's `<` finds two differently encoded but
/// canonically equal ids equal, and would leave their order to the rows'.
public struct KeyOrder: Sendable {
    /// The old id at each new position.
    public let oldIds: [Int]
    /// The new id of each old one.
    public let newIds: [Int32]

    public init(_ keys: [String]) {
        let oldIds = keys.indices.sorted { Self.precedes(keys[$0], keys[$1]) }
        var newIds = [Int32](repeating: 0, count: keys.count)
        for (new, old) in oldIds.enumerated() { newIds[old] = Int32(new) }
        self.oldIds = oldIds
        self.newIds = newIds
    }

    /// The new id of `old`; a negative id (none, or a guest) stays as it is.
    @inline(__always) public func callAsFunction(_ old: Int32) -> Int32 { old < 0 ? old : newIds[Int(old)] }

    /// A column indexed by old id, reordered by new id.
    public func permuted<T>(_ column: [T]) -> [T] { oldIds.map { column[$0] } }

    private static func precedes(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { a in
            b.withUTF8 { b in
                let shared = min(a.count, b.count)
                let order = shared == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, shared)
                return order != 0 ? order < 0 : a.count < b.count
            }
        }
    }
}

extension Catalog {
    /// The catalog with its SKUs in `order`.
    func reordered(_ order: KeyOrder) -> Catalog {
        var reordered = self
        reordered.skus = order.permuted(skus)
        reordered.inCatalog = order.permuted(inCatalog)
        reordered.titles = order.permuted(titles)
        reordered.category = order.permuted(category)
        reordered.brand = order.permuted(brand)
        reordered.price = order.permuted(price)
        return reordered
    }
}

extension CustomerTable {
    /// The table with its customers in `order`.
    func reordered(_ order: KeyOrder) -> CustomerTable {
        var reordered = self
        reordered.ids = order.permuted(ids)
        reordered.listed = order.permuted(listed)
        reordered.signup = order.permuted(signup)
        reordered.birthYear = order.permuted(birthYear)
        reordered.gender = order.permuted(gender)
        reordered.region = order.permuted(region)
        return reordered
    }
}
