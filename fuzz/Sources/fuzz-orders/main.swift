import Foundation
import FuzzDriver
import MktData

/// The whole loader on an arbitrary `orders.csv` (with a fixed products.csv), written to a
/// folder in /dev/shm. Checks: it ends with facts or a clear `InputError`, never a crash, and
/// every rejected row names orders.csv and a line inside the file.
/// Found by this target: nothing in the reader; the first version of this check counted only LF line ends.
let folder = "/dev/shm/mktreport-fuzz-orders-\(getpid())"

runFuzzer { data, size in
    guard let data else { return 0 }
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let input = Data(bytes: data, count: size)
    _ = FileManager.default.createFile(atPath: folder + "/orders.csv", contents: input)
    _ = FileManager.default.createFile(atPath: folder + "/products.csv", contents: Data("sku,title,price\nS1,Mug,10.00\n".utf8))
    let sink = CollectingRejectSink()
    do {
        _ = try DataLoader(directory: folder, config: Config()).load(window: .lastCompleteWeek, rejects: sink)
    } catch is InputError {
        // A clear one-line error is a correct outcome for a broken file.
    } catch {
        fatalError("unexpected error type: \(error)")
    }
    // Line ends are LF, CRLF or a bare CR (as the reader counts them).
    var lines = 1
    for (i, byte) in input.enumerated() where byte == 10 || (byte == 13 && (i + 1 == input.count || input[i + 1] != 10)) { lines += 1 }
    for row in sink.rows { precondition(row.file == "orders.csv" && row.line >= 1 && row.line <= lines, "bad reject \(row)") }
    return 0
}
