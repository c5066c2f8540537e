import Foundation

/// Orders kept as two tables, as most shop databases and public datasets have them (DATA_CONTRACT.md,
/// "Other layouts"): order headers (order_id, order_time, customer_id, status, ...) and order items
/// (order_id, sku, quantity, unit_price, ...), joined on order_id into contract order lines.
enum TwoTableOrders {
    enum Role { case headers, items }

    /// Columns only the header table has, and only the item table.
    static let headerColumns = ["order_time", "customer_id", "status", "channel", "campaign_id"]
    static let itemColumns = ["sku", "quantity", "unit_price", "discount"]

    /// A header (lower-cased) with order_id and order_time but no sku is an order-header table; one
    /// with order_id, sku and unit_price but no order_time an order-item table.
    static func role(of header: Set<String>, aliases: [String: String]) -> Role? {
        func has(_ column: String) -> Bool { header.contains(column) || aliases[column].map { header.contains($0.lowercased()) } == true }
        guard has("order_id") else { return nil }
        if has("order_time") && has("customer_id") && !has("sku") { return .headers }
        if has("sku") && has("unit_price") && !has("order_time") { return .items }
        return nil
    }

    /// The joined item rows, under the contract's column names (and the configured order-level
    /// discount's), for `MappedExport` to restate in the contract's value forms as it does a
    /// one-table file: each takes its order's header fields (the header file that sorts last
    /// wins); quantity is 1 where absent. Items without a header are `rejects`; the items'
    /// malformed records stay the table's.
    static func join(items: PlatformTable, headers: [PlatformTable], config: Config)
        -> (table: PlatformTable, rejects: [(line: Int, reason: String)], personalCustomerKey: Bool) {
        let aliases = config.columnAliases[.orders] ?? [:]
        let orderDiscount = config.formats[.orders]?.orderDiscount
        let fromHeaders = headerColumns + (orderDiscount.map { [$0] } ?? [])
        func index(_ table: PlatformTable, _ column: String) -> Int? {
            table.header.firstIndex { $0 == column || $0 == aliases[column]?.lowercased() }
        }
        var orders: [String: [String]] = [:], personal = false
        for table in headers {
            guard let id = index(table, "order_id") else { continue }
            let columns = fromHeaders.map { index(table, $0) }
            if let customer = columns[1], PersonalData.isPersonal(header: table.header[customer], extra: []) { personal = true }
            for row in table.rows { orders[row.fields[id]] = columns.map { $0.map { row.fields[$0] } ?? "" } }
        }
        var joined = PlatformTable(header: ["order_id"] + fromHeaders + itemColumns)
        joined.malformed = items.malformed
        var rejects: [(line: Int, reason: String)] = []
        let id = index(items, "order_id")!
        let columns = itemColumns.map { index(items, $0) }
        for row in items.rows {
            let order = row.fields[id]
            guard let head = orders[order] else {
                rejects.append((row.line, "no order header for this order_id in the order-header file\(headers.count == 1 ? "" : "s")")); continue
            }
            var item = columns.map { $0.map { row.fields[$0] } ?? "" }
            if item[1].isEmpty { item[1] = "1" }
            joined.rows.append((row.line, [order] + head + item))
        }
        return (joined, rejects, personal)
    }
}
