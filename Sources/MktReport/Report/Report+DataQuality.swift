extension Report {
    public struct DataQualitySection: Codable, Sendable, Equatable {
        public var files: [String: [String]]
        public var rowsRead: [String: Int]
        public var rowsRejected: [String: Int]
        public var duplicates: [String: Int]
        public var rowsAfterWindow: [String: Int]
        public var rejectReasons: [String: Int]
        /// Order lines of the config's `non_product_skus` (postage, fees), left out of every figure.
        public var nonProductLines: NonProductLines
        public var notes: [String]
        /// File name -> the platform format it was read as; contract files are absent.
        public var formats: [String: String]

        enum CodingKeys: String, CodingKey {
            case files, rowsRead = "rows_read", rowsRejected = "rows_rejected", duplicates
            case rowsAfterWindow = "rows_after_window", rejectReasons = "reject_reasons"
            case nonProductLines = "non_product_lines", notes, formats
        }
    }

    public struct NonProductLines: Codable, Sendable, Equatable {
        public var lines: Int
        public var revenue: Double
    }
}
