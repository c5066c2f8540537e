import Dispatch
import Foundation
import MktData
import MktModels

/// Benchmark runner for `make bench`. Subcommands:
///   forecast-suite SUITE OUT.json   accuracy of the forecasting engine on the real-series suite
///   forecast-speed SUITE            seconds to fit and select all models on 1,000 weekly series
let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    print("usage: mktreport-bench forecast-suite SUITE OUT.json | forecast-speed SUITE")
    exit(2)
}

struct CaseMeta: Decodable { var test: [Double]; var period: Int }

@Sendable func loadSeries(_ path: String) throws -> TimeSeries {
    try RegularSeries.make(SeriesFile.read(path: path, name: (path as NSString).lastPathComponent)).series
}

final class Box<T>: @unchecked Sendable {
    var values: [T?]
    let lock = NSLock()
    init(_ n: Int) { values = Array(repeating: nil, count: n) }
}

struct CaseResult: Codable, Sendable {
    var name: String
    var method: String
    var mase: Double?
    var cover80: Double
    var cover95: Double
}

/// Runs `body` for every index on all cores and returns the results in index order.
func parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    let box = Box<T>(count)
    DispatchQueue.concurrentPerform(iterations: count) { i in
        let value = body(i)
        box.lock.withLock { box.values[i] = value }
    }
    return box.values.map { $0! }
}

switch arguments[1] {
case "forecast-suite":
    let suite = arguments[2]
    var output: [String: [CaseResult]] = [:]
    var seconds: [String: Double] = [:]
    for frequency in ["daily", "weekly", "monthly"] {
        let folder = (suite as NSString).appendingPathComponent(frequency)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".csv") }.sorted()
        let started = ContinuousClock.now
        let rows = parallelMap(names.count) { i -> CaseResult in
            let path = (folder as NSString).appendingPathComponent(names[i])
            guard let series = try? loadSeries(path),
                  let data = FileManager.default.contents(atPath: String(path.dropLast(4)) + ".json"),
                  let meta = try? JSONDecoder().decode(CaseMeta.self, from: data) else {
                return CaseResult(name: names[i], method: "unreadable", mase: nil, cover80: 0, cover95: 0)
            }
            let result = ForecastEngine.forecast(series, options: .init(horizon: meta.test.count))
            let scale = ForecastEngine.seasonalNaiveScale(series.values, period: meta.period)
            let p = result.path
            let errors = zip(meta.test, p.mean).map { abs($0 - $1) }
            let inside80 = meta.test.indices.filter { meta.test[$0] >= p.lo80[$0] && meta.test[$0] <= p.hi80[$0] }.count
            let inside95 = meta.test.indices.filter { meta.test[$0] >= p.lo95[$0] && meta.test[$0] <= p.hi95[$0] }.count
            return CaseResult(name: String(names[i].dropLast(4)), method: result.method,
                              mase: scale > 0 ? errors.reduce(0, +) / Double(errors.count) / scale : nil,
                              cover80: Double(inside80) / Double(meta.test.count), cover95: Double(inside95) / Double(meta.test.count))
        }
        let elapsed = ContinuousClock.now - started
        seconds[frequency] = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        output[frequency] = rows
        FileHandle.standardError.write(Data("[bench] \(frequency): \(names.count) series in \(String(format: "%.1f", seconds[frequency]!)) s\n".utf8))
    }
    struct SuiteOutput: Encodable { var results: [String: [CaseResult]]; var seconds: [String: Double] }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    try encoder.encode(SuiteOutput(results: output, seconds: seconds)).write(to: URL(fileURLWithPath: arguments[3]))
case "forecast-speed":
    let text = try String(contentsOfFile: (arguments[2] as NSString).appendingPathComponent("speed/weekly-104.csv"), encoding: .utf8)
    var bySeries: [String: [(Day, Double)]] = [:]
    var order: [String] = []
    for line in text.split(separator: "\n").dropFirst() {
        let fields = line.split(separator: ",")
        let key = String(fields[0])
        if bySeries[key] == nil { order.append(key) }
        bySeries[key, default: []].append((Day(iso: String(fields[1]))!, Double(fields[2])!))
    }
    let series = order.map { key in TimeSeries(start: bySeries[key]![0].0, frequency: .weekly, values: bySeries[key]!.map(\.1)) }
    let started = ContinuousClock.now
    let methods = parallelMap(series.count) { i in
        _ = AutoETS.fit(series[i].values, period: 52)
        return AutoARIMA.fit(series[i].values, period: 52)?.spec.description ?? "none"
    }
    let elapsed = ContinuousClock.now - started
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print(String(format: "mktreport AutoETS + AutoARIMA on %d weekly series: %.1f s (%d distinct ARIMA orders)", series.count, seconds, Set(methods).count))
default:
    print("unknown benchmark \(arguments[1])")
    exit(2)
}
