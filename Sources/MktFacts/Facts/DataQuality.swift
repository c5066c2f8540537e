/// What loading found wrong or noteworthy in the exports; shown in the report's data-quality section.
public struct DataQuality: Sendable, Equatable, Codable {
    public struct ExportCounts: Sendable, Equatable, Codable {
        public var files: [String] = []
        /// Data records read (rejected ones included, header and blank lines not).
        public var rowsRead = 0
        public var rowsRejected = 0
        /// Rows whose key was seen before (overlapping exports); the later row wins for orders, customers, products and ads, the first for events.
        public var duplicates = 0
        /// Valid rows dated after the report window (ignored by design).
        public var rowsAfterWindow = 0
        public init() {}
    }

    public var exports: [ExportKind: ExportCounts] = [:]
    /// Rejections by reason, across exports.
    public var rejectReasons: [String: Int] = [:]
    /// Plain-language notes (missing optional exports, unknown SKUs, ...).
    public var notes: [String] = []
    /// File name -> the platform format it was read as ("Shopify orders export"); contract files are absent.
    public var formats: [String: String] = [:]
    /// Order lines of non-product SKUs (postage, fees) left out of every figure, and their revenue.
    public var nonProductLines = 0
    public var nonProductRevenue = 0.0

    public init() {
        for kind in ExportKind.allCases { exports[kind] = ExportCounts() }
    }

    public subscript(kind: ExportKind) -> ExportCounts {
        get { exports[kind] ?? ExportCounts() }
        set { exports[kind] = newValue }
    }
}
