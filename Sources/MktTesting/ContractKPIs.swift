import CZlib
import Foundation

/// The KPIs of DATA_CONTRACT.md computed the slow, literal way from the order files of a data
/// folder, sharing no code with the loader: its own CSV splitting, date and number parsing and
/// line semantics. Tests compare the report's KPIs with these on generated shops of every shape.
///
/// Covers the canonical orders layout the generator writes (RFC 4180 fields, ISO 8601 times in UTC
/// with `Z` or `+00:00`, plain decimals); rows it cannot read are skipped, as the loader rejects them.
public struct ContractKPIs: Equatable, Sendable, CustomStringConvertible {
    public var revenue: Double
    public var orders: Int
    public var customers: Int
    public var guestOrders: Int

    public var description: String { "revenue \(revenue), orders \(orders), customers \(customers), guest orders \(guestOrders)" }

    struct Line {
        var order: String, customer: String, sku: String, day: String, quantity: Double, revenue: Double, completed: Bool
    }

    /// KPIs of the window `from`...`to` (ISO dates, inclusive); `guests` are the config's guest ids,
    /// `nonProduct` its non-product SKUs.
    public static func compute(folder: String, from: String, to: String, guests: Set<String> = [],
                               nonProduct: Set<String> = []) throws -> ContractKPIs {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.lowercased().hasPrefix("orders") && ($0.hasSuffix(".csv") || $0.hasSuffix(".csv.gz")) }.sorted()
        // Across files the later file restates whole orders; within one every row is a line.
        var linesByOrder: [String: [Line]] = [:]
        for name in names {
            var fileLines: [String: [Line]] = [:]
            for line in try lines(of: (folder as NSString).appendingPathComponent(name)) { fileLines[line.order, default: []].append(line) }
            for (order, lines) in fileLines { linesByOrder[order] = lines }
        }
        var revenue = 0.0
        var orders = Set<String>(), guestOrders = Set<String>(), customers = Set<String>()
        for line in linesByOrder.values.joined() where line.day >= from && line.day <= to && !nonProduct.contains(line.sku) && line.completed {
            revenue += line.revenue
            guard line.quantity > 0 else { continue }
            orders.insert(line.order)
            if line.customer.isEmpty || guests.contains(line.customer) { guestOrders.insert(line.order) } else { customers.insert(line.customer) }
        }
        return ContractKPIs(revenue: (revenue * 100).rounded() / 100, orders: orders.count, customers: customers.count,
                            guestOrders: guestOrders.count)
    }

    static func lines(of path: String) throws -> [Line] {
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        if path.hasSuffix(".gz") { data = try gunzip(data) }
        var text = String(decoding: data, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let records = splitRecords(text)
        guard let header = records.first?.map({ $0.lowercased() }) else { return [] }
        func column(_ name: String) -> Int? { header.firstIndex(of: name) }
        guard let o = column("order_id"), let t = column("order_time"), let c = column("customer_id"), let s = column("sku"),
              let q = column("quantity"), let p = column("unit_price") else { return [] }
        let d = column("discount"), st = column("status")
        var result: [Line] = []
        for fields in records.dropFirst() where fields.count == header.count {
            let day = String(fields[t].prefix(10))
            guard !fields[o].isEmpty, !fields[s].isEmpty, isDate(day), let quantity = Double(fields[q]),
                  let price = Double(fields[p]), price >= 0 else { continue }
            let discount = d.map { fields[$0].isEmpty ? 0 : Double(fields[$0]) ?? -1 } ?? 0
            guard discount >= 0 else { continue }
            let status = st.map { fields[$0].lowercased() } ?? ""
            guard ["", "completed", "complete", "cancelled", "canceled", "refunded"].contains(status) else { continue }
            result.append(Line(order: fields[o], customer: fields[c], sku: fields[s], day: day, quantity: quantity,
                               revenue: quantity * price - discount, completed: status == "" || status.hasPrefix("complete")))
        }
        return result
    }

    /// `YYYY-MM-DD` that exists.
    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard text.count == 10, parts.count == 3 else { return false }
        let (y, m, d) = (parts[0], parts[1], parts[2])
        let lengths = [31, (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return (1...12).contains(m) && d >= 1 && d <= lengths[m - 1]
    }

    /// RFC 4180 records: quoted fields, doubled quotes, CRLF or LF.
    static func splitRecords(_ text: String) -> [[String]] {
        var records: [[String]] = [], fields: [String] = [], field = "", quoted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let c = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else { field.unicodeScalars.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(field); field = ""
            } else if c == "\n" || c == "\r" {
                if c == "\r", let next = iterator.next(), next != "\n" { pending = next }
                fields.append(field); field = ""
                if fields != [""] { records.append(fields) }
                fields = []
            } else {
                field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !fields.isEmpty { fields.append(field); records.append(fields) }
        return records
    }

    static func gunzip(_ data: Data) throws -> Data {
        var stream = z_stream()
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw CocoaError(.fileReadCorruptFile)
        }
        defer { inflateEnd(&stream) }
        var input = [UInt8](data), output = Data(), chunk = [UInt8](repeating: 0, count: 1 << 16)
        var status: Int32 = Z_OK
        input.withUnsafeMutableBufferPointer { inBuffer in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = UInt32(inBuffer.count)
            repeat {
                chunk.withUnsafeMutableBufferPointer { outBuffer in
                    stream.next_out = outBuffer.baseAddress
                    stream.avail_out = UInt32(outBuffer.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    output.append(outBuffer.baseAddress!, count: outBuffer.count - Int(stream.avail_out))
                }
                if status == Z_STREAM_END && stream.avail_in > 0 { inflateReset(&stream); status = Z_OK }
            } while status == Z_OK
        }
        guard status == Z_STREAM_END else { throw CocoaError(.fileReadCorruptFile) }
        return output
    }
}
