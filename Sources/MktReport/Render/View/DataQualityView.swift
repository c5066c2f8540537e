import MktFacts

/// Data quality: rows read, rejected and restated per export found, the reasons, and the loader's
/// notes. Exports not found are named in the page's "What more data would show" box instead.
public struct DataQualityView {
    public struct Export {
        public var export: String
        public var files: String
        public var read: String
        public var rejected: String
        public var duplicates: String
        public var afterWindow: String
    }

    public struct Reason {
        public var reason: String
        public var count: String
    }

    public var rows: [Export]
    public var reasons: [Reason]
    public var hasReasons: Bool
    public var notes: [String]
    public var hasNotes: Bool

    init(_ report: Report) {
        let q = report.dataQuality
        let count = { (value: Int?) in NumberFormatting.integer(Double(value ?? 0)) }
        rows = ExportKind.allCases.filter { !(q.files[$0.rawValue] ?? []).isEmpty }.map { kind in
            let key = kind.rawValue
            return Export(export: key, files: String(q.files[key]?.count ?? 0), read: count(q.rowsRead[key]),
                          rejected: count(q.rowsRejected[key]), duplicates: count(q.duplicates[key]), afterWindow: count(q.rowsAfterWindow[key]))
        }
        reasons = q.rejectReasons.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { Reason(reason: $0.key, count: NumberFormatting.integer(Double($0.value))) }
        hasReasons = !reasons.isEmpty
        let nonProduct = q.nonProductLines
        notes = (nonProduct.lines == 0 ? [] : [
            "\(nonProduct.lines.counted("order line")) of non-product SKUs (postage, fees, gift cards and the like: the config's non_product_skus and what a platform's export marks so), worth \(NumberFormatting(currency: report.currency).money(nonProduct.revenue)), \(nonProduct.lines == 1 ? "is" : "are") left out of every figure."
        ]) + q.formats.sorted { $0.key < $1.key }.map { "\($0.key) was read as a \($0.value)." } + q.notes
        hasNotes = !notes.isEmpty
    }
}
