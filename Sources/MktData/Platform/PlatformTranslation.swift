import Foundation

/// A platform file restated in the contract's columns, one canonical row per source row on the
/// source row's line (so rejects name the line of the downloaded file), plus the source rows the
/// platform's own rules reject. The canonical reader then reads it like any contract export.
struct CanonicalExport {
    var columns: [String]
    var rows: [(line: Int, fields: [String])] = []
    var rejects: [(line: Int, reason: String)] = []
    /// SKUs the platform marks as no merchandise, left out of every figure as `non_product_skus` are.
    var nonProductSKUs: Set<String> = []
    /// True when customer_id was copied from a personal-data column (an e-mail): the reader
    /// pseudonymises it as it would that column.
    var personalCustomerKey = false
    /// True for an ad platform's rows, whose conversions are attributed (Meta's 1-day view, a
    /// purchase days after the click): a day's conversions may exceed its clicks.
    var attributedConversions = false

    /// The canonical CSV: the header on line 1, each row on its source line (blank lines between).
    func csvBytes() -> [UInt8] {
        var text = columns.joined(separator: ",") + "\n"
        var line = 2
        for row in rows.sorted(by: { $0.line < $1.line }) {
            if row.line > line { text += String(repeating: "\n", count: row.line - line); line = row.line }
            text += row.fields.map(PlatformValues.csvField).joined(separator: ",") + "\n"
            line += 1
        }
        return Array(text.utf8)
    }
}

/// Each platform's rules (DATA_CONTRACT.md, "Platform exports"; docs/PLATFORM_EXPORTS.md).
enum PlatformTranslation {
    static func translate(_ format: PlatformFormat, _ table: PlatformTable, file: String, currency: String,
                          pseudonyms: Pseudonyms) throws -> CanonicalExport {
        var export: CanonicalExport
        switch format {
        case .shopifyOrders: export = shopifyOrders(table, currency: currency, pseudonyms: pseudonyms)
        case .shopifyCustomers: export = shopifyCustomers(table, pseudonyms: pseudonyms)
        case .shopifyProducts: export = shopifyProducts(table)
        case .metaAds: export = try metaAds(table, file: file, currency: currency)
        case .googleAds: export = try googleAds(table, file: file, currency: currency)
        case .ga4Events: export = ga4Events(table)
        }
        export.rejects += table.malformed
        return export
    }

    // MARK: Shopify

    /// Rows sharing a `Name` are one order, its order fields on the first row. A sale unless
    /// Financial Status is refunded, voided or expired or Cancelled at is set; revenue is Subtotal
    /// less Refunded Amount (not below zero), shared over the lines by value as their discount.
    /// Gift cards and shipping protection are lines of the Subtotal but no merchandise: their value
    /// comes off the revenue shared and they count as non-product lines; tips are non-product too.
    static func shopifyOrders(_ t: PlatformTable, currency: String, pseudonyms: Pseudonyms) -> CanonicalExport {
        var out = CanonicalExport(columns: ["order_id", "order_time", "customer_id", "sku", "quantity", "unit_price", "discount", "status", "channel"])
        let name = t.column("name")!, created = t.column("created at")!, quantity = t.column("lineitem quantity")!
        let price = t.column("lineitem price")!
        let email = t.column("email"), financial = t.column("financial status"), cancelled = t.column("cancelled at")
        let subtotal = t.column("subtotal"), refunded = t.column("refunded amount"), discountAmount = t.column("discount amount")
        let sku = t.column("lineitem sku"), itemName = t.column("lineitem name"), source = t.column("source")
        let currencyColumn = t.column("currency")
        func value(_ row: [String], _ column: Int?) -> String { column.map { row[$0] } ?? "" }
        func item(_ row: [String]) -> String { value(row, sku).isEmpty ? value(row, itemName) : value(row, sku) }
        // An item one line marks as no merchandise is none on every line, as the loader drops
        // non-product lines by SKU: a real export's Redo fee `x-redo` is "Package Protection" on
        // some lines, "Package Protetion" or "Free Unlimited Return" on others, and those kept their
        // share of the subtotal here and were dropped there, revenue lost.
        let nonProductItems = Set(t.rows.lazy.map(\.fields).filter { Self.isShopifyNonProduct(item($0)) || Self.isShopifyNonProduct(value($0, itemName)) }.map(item))

        var start = 0
        while start < t.rows.count {
            let order = t.rows[start].fields[name]
            var end = start + 1
            while end < t.rows.count && t.rows[end].fields[name] == order { end += 1 }
            let group = t.rows[start..<end]
            start = end
            func first(_ column: Int?) -> String { group.lazy.map { value($0.fields, column) }.first { !$0.isEmpty } ?? "" }
            func rejectAll(_ reason: String) { out.rejects += group.map { ($0.line, reason) } }

            guard !order.isEmpty else { rejectAll("missing Name (the order number)"); continue }
            guard let time = PlatformValues.isoDateTime(first(created)) else {
                rejectAll("not a date-time in Created at: '\(first(created).prefix(40))'"); continue
            }
            let code = first(currencyColumn).uppercased()
            guard code.isEmpty || code == currency else {
                rejectAll("currency \(code) in Currency, the report's currency is \(currency) (set \"currency\" in the config)"); continue
            }
            var lines: [(line: Int, sku: String, title: String, quantity: Double, price: Double)] = []
            for row in group {
                guard let q = PlatformValues.plainNumber(row.fields[quantity]).flatMap(Double.init) else {
                    out.rejects.append((row.line, "not a number in Lineitem quantity: '\(row.fields[quantity].prefix(40))'")); continue
                }
                guard let p = PlatformValues.plainNumber(row.fields[price]).flatMap(Double.init), p >= 0 else {
                    out.rejects.append((row.line, "not a price in Lineitem price: '\(row.fields[price].prefix(40))'")); continue
                }
                let key = item(row.fields)
                guard !key.isEmpty else { out.rejects.append((row.line, "missing Lineitem sku and Lineitem name")); continue }
                lines.append((row.line, key, value(row.fields, itemName), q, p))
            }
            let status = first(financial).lowercased()
            let sale = !["refunded", "voided", "expired"].contains(status) && first(cancelled).isEmpty
            let isGoods = lines.map { !nonProductItems.contains($0.sku) }
            let isTip = lines.map { Self.isTip($0.sku) || Self.isTip($0.title) }
            let gross = lines.indices.reduce(0) { $0 + (isGoods[$1] ? lines[$1].quantity * lines[$1].price : 0) }
            let inSubtotal = lines.indices.reduce(0) { $0 + (!isGoods[$1] && !isTip[$1] ? lines[$1].quantity * lines[$1].price : 0) }
            let number = { (text: String) in PlatformValues.plainNumber(text).flatMap(Double.init) }
            let net = (number(first(subtotal)) ?? (gross + inSubtotal - (number(first(discountAmount)) ?? 0))) - inSubtotal
            let revenue = max(0, net - (number(first(refunded)) ?? 0))
            let customer = first(email).isEmpty ? "" : pseudonyms.id(first(email))
            for (line, goods) in zip(lines, isGoods) {
                let lineValue = line.quantity * line.price
                if !goods { out.nonProductSKUs.insert(line.sku) }
                let share = !goods ? lineValue : gross > 0 ? revenue * lineValue / gross : 0
                out.rows.append((line.line, [order, time, customer, line.sku, plain(line.quantity), plain(line.price),
                                             plain(max(0, lineValue - share)), sale ? "completed" : "cancelled", first(source)]))
            }
        }
        return out
    }

    /// Customers joined to orders by e-mail (the same pseudonym); region from the default address's country.
    static func shopifyCustomers(_ t: PlatformTable, pseudonyms: Pseudonyms) -> CanonicalExport {
        var out = CanonicalExport(columns: ["customer_id", "region"])
        let email = t.column("email")!
        let country = t.column("default address country code", "country code", "country")
        for row in t.rows {
            let address = row.fields[email]
            guard !address.isEmpty else { out.rejects.append((row.line, "missing Email (customers join orders by it)")); continue }
            out.rows.append((row.line, [pseudonyms.id(address), country.map { row.fields[$0] } ?? ""]))
        }
        return out
    }

    /// One product per Variant SKU; Title, Vendor, Type or Product Category from the handle's first row.
    static func shopifyProducts(_ t: PlatformTable) -> CanonicalExport {
        var out = CanonicalExport(columns: ["sku", "title", "category", "brand", "price"])
        let handle = t.column("handle")!, title = t.column("title")!, sku = t.column("variant sku")!, price = t.column("variant price")!
        let vendor = t.column("vendor"), type = t.column("type"), category = t.column("product category")
        var firstRow: [String: [String]] = [:]
        for row in t.rows {
            let fields = row.fields
            if firstRow[fields[handle]] == nil || !fields[title].isEmpty && firstRow[fields[handle]]![title].isEmpty {
                firstRow[fields[handle]] = fields
            }
            let head = firstRow[fields[handle]]!
            guard !fields[sku].isEmpty else {
                if !fields[price].isEmpty { out.rejects.append((row.line, "missing Variant SKU (orders cannot name this variant)")) }
                continue  // an image row: no variant
            }
            let kind = type.map { head[$0] } ?? ""
            let taxonomy = category.map { head[$0].components(separatedBy: ">").last!.trimmingCharacters(in: .whitespaces) } ?? ""
            out.rows.append((row.line, [fields[sku], head[title], kind.isEmpty ? taxonomy : kind, vendor.map { head[$0] } ?? "",
                                        PlatformValues.plainNumber(fields[price]) ?? fields[price]]))
        }
        return out
    }

    /// Shopify lines that are no merchandise, by line item name or SKU.
    static func isShopifyNonProduct(_ item: String) -> Bool {
        let name = item.lowercased()
        return isTip(item) || name.contains("gift card") || name.contains("shipping protection") || name.contains("package protection")
    }

    static func isTip(_ item: String) -> Bool { item.lowercased() == "tip" || item.lowercased().hasPrefix("tip ") }

    // MARK: Ads

    /// A daily breakdown (starts = ends, or a Day column); ad- and ad-set-level rows of a campaign-day
    /// add up in the canonical reader. Revenue is the purchases' conversion value, else ROAS x spend.
    static func metaAds(_ t: PlatformTable, file: String, currency: String) throws -> CanonicalExport {
        let starts = t.column("reporting starts")!, ends = t.column("reporting ends")!, campaign = t.column("campaign name")!
        let spent = t.column(prefix: "amount spent")!
        if let open = t.header[spent].firstIndex(of: "("), let close = t.header[spent].lastIndex(of: ")") {
            let code = t.header[spent][t.header[spent].index(after: open)..<close].uppercased()
            guard code == currency else {
                throw InputError(file: file, line: 1, reason: "amounts are in \(code) ('\(t.header[spent])'), the report's currency is \(currency) (set \"currency\" in the config)")
            }
        }
        let day = t.column("day")
        let metrics = adMetrics(impressions: t.column("impressions"), clicks: t.column("link clicks", "clicks (all)", "clicks"),
                                conversions: t.column("purchases", "website purchases"), cost: spent)
        var out = CanonicalExport(columns: ["date", "campaign_id", "channel"] + metrics.names + ["revenue"])
        out.attributedConversions = true
        let value = t.column("purchases conversion value", "purchase conversion value", "website purchases conversion value")
        let roas = t.column(prefix: "purchase roas")
        for row in t.rows {
            let f = row.fields
            let date: String
            if let day, !f[day].isEmpty { date = f[day] } else if f[starts] == f[ends] { date = f[starts] } else {
                out.rejects.append((row.line, "not a daily breakdown (Reporting starts \(f[starts]), ends \(f[ends])): export it with Breakdown > By time > Day"))
                continue
            }
            guard !f[campaign].isEmpty else { out.rejects.append((row.line, "missing Campaign name")); continue }
            guard let iso = PlatformValues.isoDay(date) else { out.rejects.append((row.line, "not a date in Reporting starts: '\(date.prefix(40))'")); continue }
            let numbers = metrics.columns.map { PlatformValues.plainNumber(f[$0]) }
            guard numbers.allSatisfy({ $0 != nil }) else { out.rejects.append((row.line, "not a number in a metric column")); continue }
            var revenue = ""
            if let value, let v = PlatformValues.plainNumber(f[value]) { revenue = v }
            else if let roas, let r = PlatformValues.plainNumber(f[roas]).flatMap(Double.init), let cost = Double(numbers.last!!) { revenue = plain(r * cost) }
            out.rows.append((row.line, [iso, f[campaign], "meta"] + numbers.map { $0! } + [revenue]))
        }
        return out
    }

    /// A Google Ads download: title lines before the header, total rows ignored, `--` for none,
    /// thousands separators. Without a Day column the rows are a date range and are rejected.
    static func googleAds(_ t: PlatformTable, file: String, currency: String) throws -> CanonicalExport {
        let campaign = t.column("campaign")!, day = t.column("day", "date")
        let metrics = adMetrics(impressions: t.column("impr.", "impressions"), clicks: t.column("clicks"),
                                conversions: t.column("conversions"), cost: t.column("cost")!)
        var out = CanonicalExport(columns: ["date", "campaign_id", "channel"] + metrics.names + ["revenue"])
        out.attributedConversions = true
        let value = t.column("conv. value", "conversion value", "total conv. value")
        let code = t.column("currency code", "currency")
        for row in t.rows {
            let f = row.fields
            if f.first?.lowercased().hasPrefix("total") == true { continue }
            guard let day else {
                out.rejects.append((row.line, "no Day column: a report for a date range cannot be spread over days (add the Day segment)")); continue
            }
            guard let iso = PlatformValues.isoDay(f[day]) else { out.rejects.append((row.line, "not a date in Day: '\(f[day].prefix(40))'")); continue }
            if let code, !f[code].isEmpty, f[code].uppercased() != currency {
                throw InputError(file: file, line: row.line, reason: "amounts are in \(f[code]), the report's currency is \(currency) (set \"currency\" in the config)")
            }
            guard !f[campaign].isEmpty else { out.rejects.append((row.line, "missing Campaign")); continue }
            let numbers = metrics.columns.map { PlatformValues.plainNumber(f[$0]) }
            guard numbers.allSatisfy({ $0 != nil }) else { out.rejects.append((row.line, "not a number in a metric column")); continue }
            let revenue = value.flatMap { PlatformValues.plainNumber(f[$0]) } ?? ""
            out.rows.append((row.line, [iso, f[campaign], "google"] + numbers.map { $0! } + [revenue]))
        }
        return out
    }

    /// The metric columns an ad download has, under the contract's names, cost last. A metric the
    /// download lacks is left out, not written as zero: zero clicks against a day's purchases read
    /// as impossible counts, and every row with a purchase was rejected (a real Meta export without
    /// a clicks column lost a quarter of its spend).
    static func adMetrics(impressions: Int?, clicks: Int?, conversions: Int?, cost: Int) -> (names: [String], columns: [Int]) {
        let present = [("impressions", impressions), ("clicks", clicks), ("conversions", conversions), ("cost", cost)]
            .compactMap { name, column in column.map { (name, $0) } }
        return (present.map(\.0), present.map(\.1))
    }

    // MARK: GA4

    /// GA4's recommended e-commerce event names and the contract's event types they are; other
    /// names (`page_view`, `session_start`, ...) are kept as they are: counted, not modelled.
    static let ga4EventTypes = ["view_item": "view", "add_to_cart": "cart", "purchase": "purchase",
                                "search": "search", "view_search_results": "search", "add_to_wishlist": "wishlist"]

    /// GA4's placeholders for "no campaign" in `traffic_source.name` and the session campaign.
    static let ga4NoCampaign: Set<String> = ["(direct)", "(organic)", "(referral)", "(not set)", "(none)", "(data deleted)", "(cross-network)"]

    /// One event per row. event_time = `event_timestamp` (microseconds; seconds or milliseconds by
    /// their digits; or a BigQuery `TIMESTAMP` text), else `event_date` (YYYYMMDD); customer =
    /// `user_id`, else the device's `user_pseudo_id`; session = the device's `ga_session_id` (GA4
    /// numbers sessions per device, so the id is qualified by it).
    static func ga4Events(_ t: PlatformTable) -> CanonicalExport {
        var out = CanonicalExport(columns: ["event_time", "customer_id", "event_type", "sku", "session_id", "campaign_id", "query"])
        let name = t.column("event_name")!, device = t.column("user_pseudo_id")!
        let timestamp = t.column("event_timestamp"), date = t.column("event_date"), user = t.column("user_id")
        let item = t.column("item_id", "items.item_id", "items_item_id"), session = t.column("ga_session_id", "session_id")
        let campaign = t.column("campaign", "traffic_source.name", "traffic_source_name", "session_campaign_name", "campaign_name")
        let term = t.column("search_term")
        func value(_ row: [String], _ column: Int?) -> String { column.map { row[$0] } ?? "" }
        for row in t.rows {
            let f = row.fields
            let stamp = value(f, timestamp)
            let time = stamp.isEmpty ? MappedExport.isoDate(value(f, date), style: .compact).flatMap { PlatformValues.isISODay($0) ? $0 : nil } : ga4Time(stamp)
            guard let time else {
                let (column, text) = stamp.isEmpty ? ("event_date", value(f, date)) : ("event_timestamp", stamp)
                out.rejects.append((row.line, "not a GA4 time in \(column): '\(text.prefix(40))'"))
                continue
            }
            let customer = value(f, user).isEmpty ? f[device] : value(f, user)
            guard !customer.isEmpty else { out.rejects.append((row.line, "missing user_pseudo_id and user_id")); continue }
            guard !f[name].isEmpty else { out.rejects.append((row.line, "missing event_name")); continue }
            let type = ga4EventTypes[f[name].lowercased()] ?? f[name]
            let sessionId = value(f, session).isEmpty ? "" : "\(f[device]).\(value(f, session))"
            let source = value(f, campaign)
            out.rows.append((row.line, [time, customer, type, value(f, item), sessionId, ga4NoCampaign.contains(source.lowercased()) ? "" : source, value(f, term)]))
        }
        return out
    }

    /// `event_timestamp` as ISO 8601: an integer count since the epoch (microseconds as GA4 writes
    /// it; 10-11 digits are seconds, 12-14 milliseconds) or a BigQuery text (`2021-01-31 10:15:02.123456 UTC`).
    static func ga4Time(_ text: String) -> String? {
        guard !text.isEmpty else { return nil }
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return PlatformValues.isoDateTime(text) }
        switch text.count {
        case ...11: return MappedExport.isoDate(text, style: .epochSeconds)
        case 12...14: return MappedExport.isoDate(String(text.dropLast(3)), style: .epochSeconds)
        default: return MappedExport.isoDate(text, style: .epochMicros)
        }
    }

    /// A plain decimal the canonical reader accepts (no exponent), to a millionth.
    static func plain(_ value: Double) -> String {
        let text = String(format: "%.6f", value)
        var trimmed = text
        while trimmed.hasSuffix("0") { trimmed.removeLast() }
        if trimmed.hasSuffix(".") { trimmed.removeLast() }
        return trimmed == "-0" ? "0" : trimmed
    }
}
