import Foundation
import FuzzDriver
import MktData

/// The product-feed reader (libxml2) on an arbitrary `products.xml`, through the loader. Checks:
/// it ends with facts or a clear `InputError`, and never reads a local file (no product title may
/// contain the contents of /etc/hostname, which XXE attempts in the seed corpus point at).
let folder = "/dev/shm/mktreport-fuzz-xml-\(getpid())"
let secret = (try? String(contentsOfFile: "/etc/hostname", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""

runFuzzer { data, size in
    guard let data else { return 0 }
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let orders = "order_id,order_time,customer_id,sku,quantity,unit_price\nO1,2026-11-24T10:00:00Z,C1,S1,1,10.00\n"
    _ = FileManager.default.createFile(atPath: folder + "/orders.csv", contents: Data(orders.utf8))
    _ = FileManager.default.createFile(atPath: folder + "/products.xml", contents: Data(bytes: data, count: size))
    do {
        let facts = try DataLoader(directory: folder, config: Config()).load(window: .lastCompleteWeek, rejects: CollectingRejectSink())
        if secret.count >= 4 { precondition(!facts.catalog.titles.contains { $0.contains(secret) }, "a local file was read") }
    } catch is InputError {
    } catch {
        fatalError("unexpected error type: \(error)")
    }
    return 0
}
