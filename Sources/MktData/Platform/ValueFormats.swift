import Foundation

/// How a contract export writes its values when not as the contract does (config `formats`, per
/// export): dates, decimal commas, defaults for absent or empty columns, value vocabularies and
/// order-level fields written on an order's first row only. Such a file is translated into the
/// contract's forms (`MappedExport`) before the canonical reader reads it.
public struct ValueFormats: Sendable, Equatable {
    public enum DateStyle: String, Sendable, CaseIterable {
        case dayFirst = "D/M/YYYY", monthFirst = "M/D/YYYY", compact = "YYYYMMDD"
        case epochSeconds = "epoch_seconds", epochMicros = "epoch_microseconds"
    }

    /// Nil: ISO 8601, or slashed dates whose order is found from the file (a first part above 12
    /// means day-first; otherwise month-first).
    public var date: DateStyle?
    /// `12,5` is twelve and a half (and `.` groups thousands).
    public var decimalComma = false
    /// Column -> value used when the column is absent or empty (`"quantity": "1"`).
    public var defaults: [String: String] = [:]
    /// Column -> source value (any case) -> contract value (`"event_type": {"view_item": "view"}`).
    public var values: [String: [String: String]] = [:]
    /// Columns an empty field repeats from the row above (order fields on an order's first row).
    public var fillDown: [String] = []
    /// Orders only: the header of a column holding the order's discount (on its first or on every
    /// line), shared over the order's lines by value and added to their own discount.
    public var orderDiscount: String?

    public init() {}

    /// The columns of each export holding a date or date-time, and those holding numbers.
    static func dateColumns(_ kind: ExportKind) -> Set<String> {
        switch kind {
        case .orders: return ["order_time"]
        case .events: return ["event_time"]
        case .customers: return ["signup_date"]
        case .ads: return ["date"]
        case .products: return []
        }
    }

    static func numberColumns(_ kind: ExportKind) -> Set<String> {
        switch kind {
        case .orders: return ["quantity", "unit_price", "discount"]
        case .ads: return ["impressions", "clicks", "conversions", "cost", "revenue"]
        case .products: return ["price"]
        case .customers: return ["birth_year"]
        case .events: return []
        }
    }

    /// Reads `formats.<export>` of the config.
    init(_ section: ConfigSection, kind: ExportKind) throws {
        try section.allowOnly(["date", "decimal_comma", "defaults", "values", "fill_down"] + (kind == .orders ? ["order_discount"] : []))
        let columns = kind.requiredColumns + kind.optionalColumns
        if let text = try section.string("date") {
            guard let style = DateStyle(rawValue: text) else {
                throw section.problem("date", "must be one of \(DateStyle.allCases.map(\.rawValue).joined(separator: ", "))", text)
            }
            date = style
        }
        decimalComma = try section.bool("decimal_comma") ?? false
        if let given = try section.section("defaults") {
            try given.allowOnly(columns)
            for (column, _) in given.members { defaults[column] = try given.string(column) }
        }
        if let given = try section.section("values") {
            try given.allowOnly(columns)
            for (column, _) in given.members {
                guard let mapping = try given.section(column) else { continue }
                var map: [String: String] = [:]
                for (value, _) in mapping.members { map[value.lowercased()] = try mapping.string(value) }
                values[column] = map
            }
        }
        if let given = try section.strings("fill_down") {
            for column in given where !columns.contains(column) {
                throw section.problem("fill_down", "names '\(column)', not a column of the \(kind.rawValue) export", nil)
            }
            fillDown = given
        }
        orderDiscount = try section.string("order_discount")?.lowercased()
    }
}

/// A contract export written in other value forms, restated in the contract's forms: dates by
/// the style (or `2022-01-04 01:08:35 -0500` and ` UTC` forms), numbers with thousands separators
/// or currency symbols as plain decimals.
enum MappedExport {
    static func translate(_ t: PlatformTable, kind: ExportKind, file: String, config: Config) throws -> CanonicalExport {
        let all = kind.requiredColumns + kind.optionalColumns, formats = config.formats[kind] ?? ValueFormats()
        let source = Dictionary(uniqueKeysWithValues: all.compactMap { column -> (String, Int)? in
            let names = config.headerNames(of: column, in: kind)
            return t.header.firstIndex { names.contains($0) }.map { (column, $0) }
        })
        let columns = all.filter { source[$0] != nil || formats.defaults[$0] != nil || ($0 == "discount" && formats.orderDiscount != nil) }
        var out = CanonicalExport(columns: columns)
        out.rejects = t.malformed
        out.personalCustomerKey = source["customer_id"].map { PersonalData.isPersonal(header: t.header[$0], extra: []) } ?? false
        let dates = ValueFormats.dateColumns(kind), numbers = ValueFormats.numberColumns(kind)
        let slashOrder = formats.date ?? dateOrder(t, columns: dates.compactMap { source[$0] })
        var above: [String: String] = [:]
        for row in t.rows {
            var fields: [String] = []
            for column in columns {
                var value = source[column].map { row.fields[$0] } ?? ""
                if formats.fillDown.contains(column) { if value.isEmpty { value = above[column] ?? "" } else { above[column] = value } }
                if value.isEmpty, let fallback = formats.defaults[column] { value = fallback }
                if let mapped = formats.values[column]?[value.lowercased()] { value = mapped }
                if dates.contains(column) { value = isoDate(value, style: slashOrder) ?? PlatformValues.isoDateTime(value) ?? value }
                if numbers.contains(column), !value.isEmpty { value = number(value, formats) ?? value }
                fields.append(value)
            }
            out.rows.append((row.line, fields))
        }
        if let header = formats.orderDiscount {
            guard let at = t.header.firstIndex(of: header) else {
                throw InputError(file: file, line: 1, reason: "formats.orders.order_discount names '\(header)', which is not a column of this file")
            }
            shareOrderDiscounts(&out, discounts: t.rows.map { number($0.fields[at], formats) }, formats: formats)
        }
        return out
    }

    /// A number as the file writes it (decimal comma, thousands separators, symbols) as a plain decimal.
    static func number(_ text: String, _ formats: ValueFormats) -> String? {
        PlatformValues.plainNumber(formats.decimalComma ? text.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".") : text)
    }

    /// Each order's discount (the first non-zero value on its rows: written on the first line only,
    /// or repeated on every line) shared over its lines in proportion to quantity x unit_price.
    static func shareOrderDiscounts(_ out: inout CanonicalExport, discounts: [String?], formats: ValueFormats) {
        let columns = out.columns
        guard let order = columns.firstIndex(of: "order_id"), let discount = columns.firstIndex(of: "discount") else { return }
        let quantity = columns.firstIndex(of: "quantity"), price = columns.firstIndex(of: "unit_price")
        let rows = out.rows
        func amount(_ row: Int) -> Double {
            let fields = rows[row].fields
            let q = quantity.flatMap { Double(fields[$0]) } ?? 1, p = price.flatMap { Double(fields[$0]) } ?? 0
            return q > 0 && p > 0 ? q * p : 0
        }
        var rowsOf: [String: [Int]] = [:]
        for row in rows.indices { rowsOf[rows[row].fields[order], default: []].append(row) }
        for lines in rowsOf.values {
            guard let total = lines.lazy.compactMap({ discounts[$0].flatMap(Double.init) }).first(where: { $0 != 0 }) else { continue }
            let gross = lines.reduce(0) { $0 + amount($1) }
            guard gross > 0 else { continue }
            for row in lines {
                let own = Double(out.rows[row].fields[discount]) ?? 0
                out.rows[row].fields[discount] = PlatformTranslation.plain(own + abs(total) * amount(row) / gross)
            }
        }
    }

    /// Day-first when some slashed date's first part is above 12; else month-first.
    static func dateOrder(_ t: PlatformTable, columns: [Int]) -> ValueFormats.DateStyle {
        for row in t.rows {
            for column in columns {
                let parts = row.fields[column].split(separator: "/")
                if parts.count == 3, let first = Int(parts[0]), first > 12 { return .dayFirst }
            }
        }
        return .monthFirst
    }

    /// `12/1/2010 8:26` (by the style), `20101201`, epoch seconds or microseconds -> ISO 8601 (UTC
    /// for epochs, local wall time otherwise). Nil when the value is in none of these forms.
    static func isoDate(_ text: String, style: ValueFormats.DateStyle) -> String? {
        let value = text.trimmingCharacters(in: .whitespaces)
        switch style {
        case .epochSeconds, .epochMicros:
            guard let number = Double(value), number.isFinite else { return nil }
            let seconds = style == .epochSeconds ? number : number / 1_000_000
            guard abs(seconds) < 7_258_118_400 else { return nil }  // before 2200
            return ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: seconds.rounded(.down)))
        case .compact:
            let digits = Array(value)
            guard digits.count == 8, digits.allSatisfy(\.isNumber) else { return slashed(value, dayFirst: false) }
            return "\(String(digits[0..<4]))-\(String(digits[4..<6]))-\(String(digits[6..<8]))"
        case .dayFirst: return slashed(value, dayFirst: true)
        case .monthFirst: return slashed(value, dayFirst: false)
        }
    }

    /// `D/M/YYYY` or `M/D/YYYY` (also with `.` or `-`), optionally ` H:MM[:SS]`.
    static func slashed(_ value: String, dayFirst: Bool) -> String? {
        let pieces = value.split(separator: " ", maxSplits: 1).map(String.init)
        guard let first = pieces.first else { return nil }  // empty or only spaces (found by `make fuzz`)
        let date = first.split(whereSeparator: { $0 == "/" || $0 == "." || $0 == "-" }).compactMap { Int($0) }
        guard date.count == 3, first.contains(where: { $0 == "/" || $0 == "." }) else { return nil }
        let (day, month) = dayFirst ? (date[0], date[1]) : (date[1], date[0])
        let year = date[2] < 100 ? 2000 + date[2] : date[2]
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var iso = "\(year)-\(two(month))-\(two(day))"
        if pieces.count == 2 {
            let time = pieces[1].split(separator: ":").compactMap { Int($0) }
            guard time.count >= 2, time.count <= 3 else { return nil }
            iso += "T\(two(time[0])):\(two(time[1])):\(two(time.count == 3 ? time[2] : 0))"
        }
        return iso
    }
}
