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

/// Writes `recommendations.csv`: `customer_id,rank,sku,score,source`.
///
/// The first four columns are DATA_CONTRACT.md's; `source` says where a row
/// comes from: `model` (the chosen recommender) or `fallback` (segment
/// favourites or overall popularity, for cold-start customers or to fill a
/// short list). Customers are in id order; scores have six decimals.
public enum RecommendationsCSV {
    public static func write(_ recs: CustomerRecommendations, to path: String) throws {
        do {
            try Data(render(recs).utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw OutputError(path: path, reason: "cannot write recommendations (\(error.localizedDescription))")
        }
    }

    public static func render(_ recs: CustomerRecommendations) -> String {
        var out = "customer_id,rank,sku,score,source\n"
        let order = recs.customerIds.indices.sorted { recs.customerIds[$0].utf8.lexicographicallyPrecedes(recs.customerIds[$1].utf8) }
        for customer in order {
            let id = CSVFormat.safeTextField(recs.customerIds[customer])
            for (rank, item) in recs.lists[customer].enumerated() {
                out += "\(id),\(rank + 1),\(CSVFormat.safeTextField(recs.skus[Int(item.item)])),\(String(format: "%.6f", item.score)),\(item.fallback ? "fallback" : "model")\n"
            }
        }
        return out
    }
}
