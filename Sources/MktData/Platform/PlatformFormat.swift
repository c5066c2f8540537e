import Foundation

/// Exports as the platforms download them, recognised by their header whatever the file's name
/// (DATA_CONTRACT.md, "Platform exports"); docs/PLATFORM_EXPORTS.md gives each mapping.
public enum PlatformFormat: String, CaseIterable, Sendable {
    case shopifyOrders = "Shopify orders export"
    case shopifyCustomers = "Shopify customers export"
    case shopifyProducts = "Shopify products export"
    case metaAds = "Meta Ads Manager export"
    case googleAds = "Google Ads report"

    public var kind: ExportKind {
        switch self {
        case .shopifyOrders: return .orders
        case .shopifyCustomers: return .customers
        case .shopifyProducts: return .products
        case .metaAds, .googleAds: return .ads
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
        return nil
    }

    /// How many leading lines a file may hold before its header (a Google Ads download starts with
    /// a report title and a date range).
    static let maximumTitleLines = 5

    /// Reads the first records of a CSV file: the platform format and the header's record index, or
    /// nil when no record among the first few is a platform header.
    static func detect(path: String, name: String) -> (format: PlatformFormat, header: [String])? {
        guard let source = try? openByteSource(path: path, name: name) else { return nil }
        let reader = CSVReader(source: source)
        for _ in 0...maximumTitleLines {
            guard let status = try? reader.next() else { return nil }
            guard status == .record else { continue }
            let header = (0..<reader.fieldCount).map { PlatformTable.text(reader.field($0)).lowercased() }
            if let format = recognise(header) { return (format, header) }
        }
        return nil
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

    static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces)
    }

    /// Reads the file; the header is the first record `isHeader` accepts (by default, a platform's).
    static func read(path: String, name: String,
                     isHeader: ([String]) -> Bool = { PlatformFormat.recognise($0) != nil }) throws -> PlatformTable {
        let reader = CSVReader(source: try openByteSource(path: path, name: name))
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

    static func == (a: PlatformReading, b: PlatformReading) -> Bool {
        a.formats == b.formats && a.mapped == b.mapped && a.joined == b.joined && a.orderHeaderPaths == b.orderHeaderPaths && (a.pseudonyms == nil) == (b.pseudonyms == nil)
    }
}
