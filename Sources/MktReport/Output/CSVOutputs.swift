import CPosixShims
import Foundation
import MktData
import MktModels

/// Streams rejected rows to `rejected.csv` (columns file,line,reason,text) as loading finds them.
///
/// Text cells are neutralised against spreadsheet formula injection (see
/// `CSVFormat.safeTextField`).
public final class CSVRejectFile: RejectSink {
    private let handle: FileHandle
    private var buffer = ""

    public init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data("file,line,reason,text\n".utf8)),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw InputError(file: path, reason: "cannot create rejected.csv")
        }
        handle.seekToEndOfFile()
        self.handle = handle
    }

    public func receive(_ row: RejectedRow) throws {
        buffer += CSVFormat.line([CSVFormat.safeTextField(row.file), String(row.line),
                                  CSVFormat.safeTextField(row.reason), CSVFormat.safeTextField(row.text)])
        if buffer.utf8.count > 1 << 16 { try flush() }
    }

    public func close() throws {
        try flush()
        try handle.close()
    }

    private func flush() throws {
        try handle.write(contentsOf: Data(buffer.utf8))
        buffer = ""
    }
}

/// `customers_at_risk.csv`: customers of high past value (the top quarter of revenue) whose
/// probability of still being a customer (BG/NBD) is below one half, most valuable first. Ids only
/// (pseudonyms where the export keyed customers by e-mail), never personal data.
public enum CustomersAtRiskCSV {
    public static let header = ["customer_id", "segment", "orders", "revenue", "last_order", "p_alive", "expected_orders_12m", "expected_value_12m"]

    public static func render(_ rows: [LifetimeValue.Customer], ids: [String]) -> Data {
        var text = CSVFormat.line(header)
        for row in rows {
            text += CSVFormat.line([CSVFormat.safeTextField(ids[Int(row.customer)]), CSVFormat.safeTextField(row.segment ?? ""),
                                    String(row.orders), String(format: "%.2f", cents(row.revenue)), row.lastPurchase.description,
                                    String(format: "%.4f", row.probabilityAlive), String(format: "%.3f", row.expectedOrders),
                                    row.expectedValue.map { String(format: "%.2f", cents($0)) } ?? ""])
        }
        return Data(text.utf8)
    }
}

/// Writes `recommendations.csv`: `customer_id,rank,sku,score,source`.
///
/// The first four columns are DATA_CONTRACT.md's; `source` says where a row
/// comes from: `model` (the chosen recommender) or `fallback` (segment
/// favourites or overall popularity, for cold-start customers or to fill a
/// short list). Customers are in id order; scores have six decimals.
public enum RecommendationsCSV {
    public static func write(_ recs: CustomerRecommendations, to path: String) throws {
        if let problem = Publisher.writeFile(parts: parts(recs), to: path) {
            throw OutputError(path: path, reason: "cannot write recommendations (\(problem))")
        }
    }

    /// The file's bytes.
    public static func render(_ recs: CustomerRecommendations) -> [UInt8] {
        Array(parts(recs).joined())
    }

    /// The file's bytes in parts (the header, then blocks of customers), built on all cores: each
    /// SKU's escaped text made once, ranks and scores written as digits straight into the block
    /// (interpolated strings per row took about 3 s for the million rows of the medium scale,
    /// `vsnprintf` through Swift's variadic bridge 1.6 s). The parts are written as they are:
    /// joining them copied the large shop's 240 MB once more.
    public static func parts(_ recs: CustomerRecommendations) -> [[UInt8]] {
        let order = recs.customerIds.indices.sorted { recs.customerIds[$0].utf8.lexicographicallyPrecedes(recs.customerIds[$1].utf8) }
        let skus = recs.skus.map { Array(CSVFormat.safeTextField($0).utf8) }
        let blocks = Parallel.map(order.count, chunkSize: 4096) { range -> [[UInt8]] in
            var out: [UInt8] = []
            out.reserveCapacity(range.count * 400)
            for customer in order[range] {
                let id = Array(CSVFormat.safeTextField(recs.customerIds[customer]).utf8)
                for (rank, item) in recs.lists[customer].enumerated() {
                    out += id
                    out.append(UInt8(ascii: ","))
                    appendDecimal(rank + 1, to: &out)
                    out.append(UInt8(ascii: ","))
                    out += skus[Int(item.item)]
                    out.append(UInt8(ascii: ","))
                    appendFixed6(item.score, to: &out)
                    out += (item.fallback ? ",fallback\n" : ",model\n").utf8
                }
            }
            return [out]
        }
        return [Array("customer_id,rank,sku,score,source\n".utf8)] + blocks
    }

    /// A non-negative integer's decimal digits.
    private static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value >= 10 { appendDecimal(value / 10, to: &out) }
        out.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    /// `value` as `%.6f` would print it.
    private static func appendFixed6(_ value: Double, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            let length = mkt_format_fixed6(value, buffer.baseAddress!, 64)
            buffer.baseAddress!.withMemoryRebound(to: UInt8.self, capacity: 64) {
                out.append(contentsOf: UnsafeBufferPointer(start: $0, count: min(Int(length), 63)))
            }
        }
    }
}
