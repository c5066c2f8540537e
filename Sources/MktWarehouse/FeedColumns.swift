import Foundation
import MktData

/// A product feed's item elements as the products table's columns, and back: `import` copies a
/// feed's items as rows, and `--source` writes them out as a feed again (`SnapshotFile`), so the
/// loader reads them with the feed's own rules.
enum FeedColumns {
    /// Contract column -> the item elements it comes from, the first present winning.
    static let elements: [String: [String]] = [
        "sku": ["g:id"], "title": ["g:title", "title"], "category": ["g:product_type", "g:google_product_category"],
        "brand": ["g:brand"], "price": ["g:price"],
    ]

    /// The element each column is written back as.
    static func element(of column: String) -> String? { elements[column]?.first }

    static func values(of fields: [String: String], columns: [String]) -> [String?] {
        columns.map { column in elements[column]?.lazy.compactMap { fields[$0] }.first }
    }
}
