import Dispatch
import Foundation
import MktData
import MktModels
import MktReport

/// Benchmark runner for `make bench`. Subcommands:
///   forecast-suite SUITE OUT.json   accuracy of the forecasting engine on the real-series suite
///   forecast-speed SUITE            seconds to fit and select all models on 1,000 weekly series
///   forecast-case CASE.csv H        one suite case: every candidate's validation scores and the rule applied
///   recommend-speed DIR FROM TO     CPU seconds of the recommendation training and lists on an export folder
///   clusters-speed DIR FROM TO K    CPU seconds of the behaviour clusters' k-means on every buyer of an export folder
///   csv-speed FILE...               CPU seconds of the CSV reader alone (records and fields, no values parsed)
let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    print("usage: mktreport-bench forecast-suite SUITE OUT.json | forecast-speed SUITE | forecast-case CASE.csv H | recommend-speed DIR FROM TO | clusters-speed DIR FROM TO K | csv-speed FILE...")
    exit(2)
}

/// CPU seconds this process has used.
func cpuSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// FNV-1a, for hashing results so two builds can be compared run by run.
struct FNVHash {
    private(set) var value: UInt64 = 1469598103934665603
    mutating func add(_ bits: UInt64) { value = (value ^ bits) &* 1099511628211 }
}

/// The facts of export folder `arguments[2]` for the window `arguments[3]` to `arguments[4]`.
func loadFacts(_ arguments: [String]) throws -> Facts {
    let window = DateWindow(from: Day(iso: arguments[3])!, to: Day(iso: arguments[4])!)
    return try DataLoader(directory: arguments[2], config: Config()).load(window: .fixed(window), rejects: CollectingRejectSink())
}

struct CaseMeta: Decodable { var test: [Double]; var period: Int }

@Sendable func loadSeries(_ path: String) throws -> TimeSeries {
    try RegularSeries.make(SeriesFile.read(path: path, name: (path as NSString).lastPathComponent)).series
}

struct CaseResult: Codable, Sendable {
    var name: String
    var method: String
    var mase: Double?
    var cover80: Double
    var cover95: Double
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
        let rows = Parallel.map(names.count, chunkSize: 1) { range in range.map { i -> CaseResult in
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
        } }
        seconds[frequency] = started.elapsedSeconds
        output[frequency] = rows
        FileHandle.standardError.write(Data("[bench] \(frequency): \(names.count) series in \(String(format: "%.1f", seconds[frequency]!)) s\n".utf8))
    }
    struct SuiteOutput: Encodable { var results: [String: [CaseResult]]; var seconds: [String: Double] }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    try encoder.encode(SuiteOutput(results: output, seconds: seconds)).write(to: URL(fileURLWithPath: arguments[3]))
case "forecast-case":
    let result = ForecastEngine.forecast(try loadSeries(arguments[2]), options: .init(horizon: Int(arguments[3]) ?? 12))
    for score in result.backtest {
        print(String(format: "%-16@ MASE %.3f  80%% %.2f  95%% %.2f", score.method as NSString, score.mase, score.coverage80, score.coverage95))
    }
    print(result.rule)
    result.notes.forEach { print("note: \($0)") }
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
    let methods = Parallel.map(series.count, chunkSize: 1) { range in range.map { i in
        _ = AutoETS.fit(series[i].values, period: 52)
        return AutoARIMA.fit(series[i].values, period: 52)?.spec.description ?? "none"
    } }
    let seconds = started.elapsedSeconds
    print(String(format: "mktreport AutoETS + AutoARIMA on %d weekly series: %.1f s (%d distinct ARIMA orders)", series.count, seconds, Set(methods).count))
case "recommend-movielens":
    // interactions.csv from bench/recommend/movielens_reference.py: user,item,part,genres,title.
    let path = (arguments[2] as NSString).appendingPathComponent("interactions.csv")
    let reader = CSVReader(source: try openByteSource(path: path, name: "interactions.csv"))
    _ = try reader.next()
    var rows: [(user: Int32, item: Int32, part: Int)] = []
    var genres: [Int32: String] = [:], titles: [Int32: String] = [:]
    func text(_ i: Int) -> String { String(decoding: reader.field(i), as: UTF8.self) }
    while try reader.next() != nil {
        let user = Int32(text(0))!, item = Int32(text(1))!
        rows.append((user, item, Int(text(2))!))
        genres[item] = text(3)
        titles[item] = text(4)
    }
    let users = Int(rows.map(\.user).max()!) + 1, items = Int(rows.map(\.item).max()!) + 1
    func feedback(_ parts: Set<Int>) -> Feedback {
        Feedback.interactions(rows.filter { parts.contains($0.part) }.map { ($0.user, $0.item, 1) }, users: users, items: items)
    }
    func truth(_ known: Feedback, _ part: Int) -> [Int32: [Int32]] {
        var result: [Int32: [Int32]] = [:]
        for r in rows where r.part == part && !known.bought[Int(r.user)].containsSorted(r.item) {
            if !(result[r.user]?.contains(r.item) ?? false) { result[r.user, default: []].append(r.item) }
        }
        return result.filter { !known.matrix.row(Int($0.key)).isEmpty }
    }
    var featureIds: [String: Int32] = [:]
    let itemFeatures = (0..<items).map { item -> [Int32] in
        let words = (genres[Int32(item)] ?? "").split(separator: "|").map { "genre:\($0)" }
            + (titles[Int32(item)] ?? "").lowercased().split { !$0.isLetter }.map(String.init).filter { $0.count >= 3 }.map { "word:\($0)" }
        return Array(Set(words.map { key -> Int32 in
            if let id = featureIds[key] { return id }
            featureIds[key] = Int32(featureIds.count)
            return Int32(featureIds.count - 1)
        })).sorted()
    }
    let selectionTrain = feedback([0]), evaluationTrain = feedback([0, 1])
    let splits = RecommendationSplits(selectionTrain: selectionTrain, selectionTruth: truth(selectionTrain, 1),
                                      evaluationTrain: evaluationTrain, evaluationTruth: truth(evaluationTrain, 2),
                                      full: evaluationTrain, allowed: Array(repeating: true, count: items),
                                      features: ItemFeatures(features: itemFeatures, featureCount: featureIds.count))
    let started = ContinuousClock.now
    let result = RecommendationSelection.run(splits, k: 10, neighbours: 50, shrinkage: 10, seed: 42, maxSelectionUsers: 100_000)
    let elapsed = ContinuousClock.now - started
    print("mktreport on MovieLens (\(result.evaluation.users) test users): chose \(result.chosen.name), NDCG@10 \(String(format: "%.4f", result.evaluation.ndcg)), popularity \(String(format: "%.4f", result.popularityEvaluation.ndcg)) in \(elapsed)")
    print("validation NDCG@10: " + result.selectionNDCG.map { "\($0.name) \(String(format: "%.4f", $0.ndcg))" }.joined(separator: ", "))
case "recommend-speed":
    // CPU and wall seconds of the recommendation training and of the lists (three times) on an
    // export folder's window, with a hash of the lists, so two builds can be compared run by run.
    let facts = try loadFacts(arguments)
    let options = RecommendationOptions(Config().recommendations)
    var cpu = cpuSeconds(), wall = ContinuousClock.now
    let trained = RecommendationEngine.train(facts, options: options)
    print(String(format: "train: %.3f s CPU, %.3f s wall", cpuSeconds() - cpu, wall.elapsedSeconds))
    for round in 1...3 {
        (cpu, wall) = (cpuSeconds(), ContinuousClock.now)
        let output = RecommendationEngine.lists(facts, trained: trained, options: options, segmentOf: [:], segmentOrder: [])
        var hash = FNVHash()  // over every list's items and scores
        for list in output.perCustomer {
            for entry in list {
                hash.add(UInt64(UInt32(bitPattern: entry.item)))
                hash.add(entry.score.bitPattern)
            }
        }
        print(String(format: "lists %d: %.3f s CPU, %.3f s wall, %@ chosen, hash %016llx", round, cpuSeconds() - cpu, wall.elapsedSeconds,
                     output.chosen, hash.value))
    }
case "clusters-speed":
    // CPU and wall seconds of k-means (ten seeded starts) on every buyer's behaviour features, as
    // the report's final clustering fit, three times, with a hash of the labels, centroids and inertia.
    let facts = try loadFacts(arguments)
    let rows = BehaviourClusters.features(SegmentProfiles.Basis(facts)).rows
    for round in 1...3 {
        let (cpu, wall) = (cpuSeconds(), ContinuousClock.now)
        let result = KMeans.fit(rows, k: Int(arguments[5])!, seed: 42)
        var hash = FNVHash()
        for label in result.labels { hash.add(UInt64(label)) }
        for value in result.centroids.joined() { hash.add(value.bitPattern) }
        hash.add(result.inertia.bitPattern)
        print(String(format: "k-means %d: %d buyers, %.3f s CPU, %.3f s wall, inertia %.6f, hash %016llx", round, rows.count,
                     cpuSeconds() - cpu, wall.elapsedSeconds, result.inertia, hash.value))
    }
case "csv-speed":
    // The files read three times (each once before timing, so the page cache holds them), with a
    // hash of every field's length so builds can be compared.
    for round in 0...3 {
        let cpu = cpuSeconds()
        var (records, fields, hash) = (0, 0, FNVHash())
        for path in arguments.dropFirst(2) {
            let reader = CSVReader(source: try openByteSource(path: path, name: path))
            while try reader.next() != nil {
                records += 1
                fields += reader.fieldCount
                for i in 0..<reader.fieldCount { hash.add(UInt64(reader.field(i).count)) }
            }
        }
        if round > 0 { print(String(format: "csv %d: %d records, %d fields, %.3f s CPU, hash %016llx", round, records, fields, cpuSeconds() - cpu, hash.value)) }
    }
default:
    print("unknown benchmark \(arguments[1])")
    exit(2)
}
