import Foundation

/// Exports as the platforms download them, recognised by their header whatever the file's name
/// (DATA_CONTRACT.md, "Platform exports"); docs/PLATFORM_EXPORTS.md gives each mapping.
public enum PlatformFormat: String, CaseIterable, Sendable {
    case shopifyOrders = "Shopify orders export"
    case shopifyCustomers = "Shopify customers export"
    case shopifyProducts = "Shopify products export"
    case metaAds = "Meta Ads Manager export"
    case googleAds = "Google Ads report"
    case ga4Events = "GA4 events export"

    public var kind: ExportKind {
        switch self {
        case .shopifyOrders: return .orders
        case .shopifyCustomers: return .customers
        case .shopifyProducts: return .products
        case .metaAds, .googleAds: return .ads
        case .ga4Events: return .events
        }
    }

    /// The format whose signature columns a header (lower-cased, trimmed) holds.
    static func recognise(_ header: [String]) -> PlatformFormat? {
        let has = Set(header)
        if has.isSuperset(of: ["name", "created at", "lineitem quantity", "lineitem price"]) { return .shopifyOrders }
        if has.isSuperset(of: ["handle", "title", "variant sku", "variant price"]) { return .shopifyProducts }
        if has.contains("email"), has.contains("total spent"), has.contains("total orders") { return .shopifyCustomers }
        if has.isSuperset(of: ["reporting starts", "reporting ends", "campaign name"]),
           header.contains(where: { $0.hasPrefix("amount spent") }) { return .metaAds }
        // Google's own abbreviations, so a shop's ads file with plain "campaign, clicks, cost"
        // columns (mapped in the config) is not taken for a Google download.
        if has.contains("campaign"), has.contains("clicks"), has.contains("cost"),
           !has.isDisjoint(with: ["impr.", "conv. value", "avg. cpc", "campaign type", "all conv."]) {
            return .googleAds
        }
        // GA4's BigQuery event export, flattened to CSV (one row per event, or per event and item).
        if has.isSuperset(of: ["event_name", "user_pseudo_id"]), !has.isDisjoint(with: ["event_timestamp", "event_date"]) {
            return .ga4Events
        }
        return nil
    }

    /// How many leading lines a file may hold before its header (a Google Ads download starts with
    /// a report title and a date range).
    static let maximumTitleLines = 5

}

/// The first records of a CSV file, read once when the loader classifies the folder: the header
/// (a platform's, after up to `PlatformFormat.maximumTitleLines` title lines, else the first
/// record), lower-cased, and the first data row.
struct FilePeek {
    var header: [String] = []
    var firstRow: [String]?
    var platformFormat: PlatformFormat?

    init?(path: String, name: String, encoding: TextEncoding) {
        guard let source = try? openByteSource(path: path, name: name, encoding: encoding) else { return nil }
        let reader = CSVReader(source: source)
        var records: [[String]] = []
        while records.count <= PlatformFormat.maximumTitleLines + 1, let status = try? reader.next() {
            guard status == .record else { continue }
            records.append((0..<reader.fieldCount).map { PlatformTable.text(reader.field($0)) })
        }
        guard !records.isEmpty else { return nil }
        let headerAt = records.prefix(PlatformFormat.maximumTitleLines + 1).firstIndex { PlatformFormat.recognise($0.map { $0.lowercased() }) != nil }
        header = records[headerAt ?? 0].map { $0.lowercased() }
        firstRow = (headerAt ?? 0) + 1 < records.count ? records[(headerAt ?? 0) + 1] : nil
        platformFormat = headerAt.flatMap { PlatformFormat.recognise(records[$0].map { $0.lowercased() }) }
    }

    /// Shopify's abandoned checkouts download has the orders export's columns; its first row, unlike
    /// an order's, has neither a Financial Status nor a Paid at (a real shop's 368 abandoned
    /// checkouts were counted as sales).
    var isShopifyAbandonedCheckouts: Bool {
        guard let row = firstRow, let status = header.firstIndex(of: "financial status"), let paid = header.firstIndex(of: "paid at"),
              status < row.count, paid < row.count else { return false }
        return row[status].isEmpty && row[paid].isEmpty
    }

    /// Whether the file's customer_id column is a personal-data column (`Email` mapped by the config).
    func keysCustomersByPersonalData(_ kind: ExportKind, config: Config) -> Bool {
        position(of: "customer_id", kind: kind, config: config).map { PersonalData.isPersonal(header: header[$0], extra: []) } ?? false
    }

    /// Position of a contract column under its own name or the config's name for it.
    func position(of column: String, kind: ExportKind, config: Config) -> Int? {
        let names = config.headerNames(of: column, in: kind)
        return header.firstIndex { names.contains($0) }
    }
}

/// A platform file read whole into text records (platform downloads are small next to event logs,
/// so the translation reads them simply; the canonical reader then parses the translation).
struct PlatformTable {
    /// Lower-cased header names.
    var header: [String]
    /// Data records after the header, with the physical line each starts on.
    var rows: [(line: Int, fields: [String])] = []
    /// Records with the wrong number of fields or malformed, with the reason.
    var malformed: [(line: Int, reason: String)] = []

    /// The field's text without the spaces around it (Unicode's too, as Foundation trims them).
    /// Most fields have none: those skip Foundation's trimming, which bridges every string and was
    /// most of reading a real Shopify export (perf: 60% of `validate`, 26,262 lines of 79 columns).
    static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        func plain(_ byte: UInt8) -> Bool { byte < 0x80 && byte != 0x20 && byte != 0x09 }
        if let first = bytes.first, let last = bytes.last, plain(first), plain(last) {
            return String(decoding: bytes, as: UTF8.self)
        }
        return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces)
    }

    /// Reads the file; the header is the first record `isHeader` accepts (by default, a platform's).
    static func read(path: String, name: String, encoding: TextEncoding,
                     isHeader: ([String]) -> Bool = { PlatformFormat.recognise($0) != nil }) throws -> PlatformTable {
        let reader = CSVReader(source: try openByteSource(path: path, name: name, encoding: encoding))
        var table: PlatformTable?
        while let status = try reader.next() {
            guard status == .record else {
                if case .malformed(let reason) = status, table != nil { table!.malformed.append((reader.recordLine, reason)) }
                continue
            }
            let fields = (0..<reader.fieldCount).map { text(reader.field($0)) }
            guard table != nil else {
                if isHeader(fields.map { $0.lowercased() }) { table = PlatformTable(header: fields.map { $0.lowercased() }) }
                continue
            }
            if fields.count == table!.header.count {
                table!.rows.append((reader.recordLine, fields))
            } else if !(fields.count == 1 && fields[0].isEmpty) {
                table!.malformed.append((reader.recordLine, "expected \(table!.header.count) fields, found \(fields.count)"))
            }
        }
        guard let table else { throw InputError(file: name, line: 1, reason: "no header found") }
        return table
    }

    /// Position of a column, by its lower-cased name (the first of `names` present).
    func column(_ names: String...) -> Int? {
        for name in names { if let i = header.firstIndex(of: name) { return i } }
        return nil
    }

    func column(prefix: String) -> Int? { header.firstIndex { $0.hasPrefix(prefix) } }
}

/// What the loader found out about a data folder's platform files before reading them.
struct PlatformReading: Sendable, Equatable {
    /// File name -> the platform format its header shows.
    var formats: [String: PlatformFormat] = [:]
    /// Contract files whose values are translated first (`MappedExport`): the config gives
    /// `formats` for their export, or their dates are not ISO 8601.
    var mapped: Set<String> = []
    /// Order-item files joined with the order-header files at these paths (`TwoTableOrders`).
    var joined: Set<String> = []
    var orderHeaderPaths: [String] = []
    /// The folder's pseudonym key; present once a file needs it.
    var pseudonyms: Pseudonyms?


}
