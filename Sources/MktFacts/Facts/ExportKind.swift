/// The five kinds of export a data directory holds (DATA_CONTRACT.md section 1).
public enum ExportKind: String, CaseIterable, Sendable, Codable, Comparable {
    case products, customers, ads, orders, events

    /// File names start with this (`orders-2026-11-02.csv.gz`).
    public var fileStem: String { rawValue }

    public var requiredColumns: [String] {
        switch self {
        case .orders: return ["order_id", "order_time", "customer_id", "sku", "quantity", "unit_price"]
        case .customers: return ["customer_id"]
        case .events: return ["event_time", "customer_id", "event_type"]
        case .products: return ["sku"]
        case .ads: return ["date", "campaign_id", "cost"]
        }
    }

    /// Columns that identify a row or join exports: never configurable as personal data.
    public var keyColumns: [String] {
        switch self {
        case .orders: return ["order_id", "customer_id", "sku"]
        case .customers: return ["customer_id"]
        case .events: return ["event_id", "customer_id", "sku"]
        case .products: return ["sku"]
        case .ads: return ["date", "campaign_id"]
        }
    }

    /// Optional columns the loader reads (PII columns are never read).
    public var optionalColumns: [String] {
        switch self {
        case .orders: return ["discount", "status", "channel", "campaign_id"]
        case .customers: return ["signup_date", "birth_year", "gender", "region", "city"]
        case .events: return ["event_id", "sku", "session_id", "campaign_id", "query"]
        case .products: return ["title", "category", "brand", "price"]
        case .ads: return ["channel", "variant", "impressions", "clicks", "conversions", "revenue"]
        }
    }

    /// Whether a file name in the data directory is an export of this kind.
    public func matches(fileName: String) -> Bool {
        let lower = fileName.lowercased()
        guard lower.hasPrefix(fileStem) else { return false }
        var extensions = [".csv", ".csv.gz", ".xlsx"]
        if self == .products { extensions += [".xml", ".xml.gz"] }
        return extensions.contains { lower.hasSuffix($0) }
    }

    public static func < (a: ExportKind, b: ExportKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
