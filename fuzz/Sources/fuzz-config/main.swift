import Foundation
import FuzzDriver
import MktData

/// An arbitrary `mktreport.json` through `Config.parse`, and a config that parses through the
/// whole loader on a small shop (folder in /dev/shm). Checks: a config or a one-line `InputError`;
/// every setting a model divides by or loops on within its documented range; the loader ends with
/// facts or an `InputError`, never a crash (round two found `alpha: 0`, `top_n: -3` and
/// `pii_columns: ["sku"]` crashing later stages).
let folder = "/dev/shm/mktreport-fuzz-config-\(getpid())"

runFuzzer { data, size in
    guard let data else { return 0 }
    let config: Config
    do {
        config = try Config.parse(Array(UnsafeBufferPointer(start: data, count: size)), file: "mktreport.json")
    } catch let error as InputError {
        precondition(!error.description.contains(where: \.isNewline), "error on more than one line: \(error)")
        return 0
    } catch {
        fatalError("unexpected error type: \(error)")
    }
    precondition(config.recommendations.topN >= 1 && config.minSegmentSize >= 1, "top_n or min_segment_size below 1")
    precondition(config.ads.alpha > 0 && config.ads.alpha < 1, "alpha outside (0, 1)")
    precondition(config.forecast.horizonDays >= 1 && config.forecast.horizonWeeks >= 1, "horizon below 1")
    precondition(config.recommendations.halfLifeDays.isFinite && config.recommendations.halfLifeDays > 0, "half-life not positive")
    precondition(config.recommendations.eventWeights.values.allSatisfy(\.isFinite), "event weight not finite")
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: folder + "/orders.csv", contents: Data("""
        order_id,order_time,customer_id,sku,quantity,unit_price,status,channel
        A1,2026-11-24T10:00:00Z,C1,S1,2,10.00,completed,web
        A2,24/11/2026 11:00,C2,S2,1,"5,50",paid,
        A3,2026-11-25 09:00:00 -0500,c3@example.com,S1,1,10.00,,app

        """.utf8))
    _ = FileManager.default.createFile(atPath: folder + "/events.csv", contents: Data("event_time,customer_id,event_type,sku\n2026-11-24T09:00:00Z,C1,view_item,S1\n".utf8))
    _ = FileManager.default.createFile(atPath: folder + "/ads.csv", contents: Data("date,campaign_id,cost,clicks,impressions\n2026-11-24,K1,5.00,10,100\n".utf8))
    do {
        _ = try DataLoader(directory: folder, config: config).load(window: .lastCompleteWeek, rejects: CollectingRejectSink())
    } catch let error as InputError {
        precondition(!error.description.contains(where: \.isNewline), "error on more than one line: \(error)")
    } catch {
        fatalError("unexpected error type: \(error)")
    }
    return 0
}
