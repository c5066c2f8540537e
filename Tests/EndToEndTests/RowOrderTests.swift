import Foundation
import MktData
import MktModels
import MktReport
import MktTesting
import Testing

/// The report does not depend on the order of the rows within an export: a database returns a
/// table's rows in its own order (issue 25's `--source`), and a shop may download its exports
/// sorted another way. The committed sample with every CSV's rows shuffled (gzip files too; the
/// XML feed as it is) gives the same bytes in every text output; rejected.csv lists the same rows
/// for the same reasons, at the lines where the shuffle put them.
@Suite struct RowOrderTests {
    @Test func theSampleWithItsRowsShuffledGivesTheSameReport() throws {
        let shuffled = TemporaryDirectory.make()
        var generator = SeededRandom(seed: 25)
        let sample = RepositoryFiles.path("fixtures/sample")
        var shuffledFiles = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: sample).sorted() {
            let from = (sample as NSString).appendingPathComponent(name), to = (shuffled as NSString).appendingPathComponent(name)
            let gzip = name.hasSuffix(".csv.gz")
            guard name.hasSuffix(".csv") || gzip else {
                try FileManager.default.copyItem(atPath: from, toPath: to)
                continue
            }
            let text = gzip ? String(decoding: try Self.gzip(["-dc", from]), as: UTF8.self) : try String(contentsOfFile: from, encoding: .utf8)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() }
            // Every row is one line in the sample (no quoted line breaks), so lines can be moved.
            #expect(lines.allSatisfy { $0.filter { $0 == "\"" }.count % 2 == 0 }, "\(name)")
            let header = lines.removeFirst()
            lines.shuffle(using: &generator)
            let shuffledText = ([header] + lines).joined(separator: "\n") + "\n"
            #expect(shuffledText != text, "\(name) was not reordered")
            try shuffledText.write(toFile: to, atomically: true, encoding: .utf8)
            if gzip {
                try FileManager.default.moveItem(atPath: to, toPath: to + ".plain")
                try Self.gzip(["-nc", to + ".plain"]).write(to: URL(fileURLWithPath: to))
                try FileManager.default.removeItem(atPath: to + ".plain")
            }
            shuffledFiles += 1
        }
        #expect(shuffledFiles == 13)

        let out = TemporaryDirectory.make()
        let job = ReportJob(dataDirectory: shuffled, outputRoot: out, config: Config(), window: .lastCompleteWeek,
                            templates: try TemplateSet(directory: RepositoryFiles.path("templates")), progress: { _ in })
        let produced = readOutputs(try job.run()).files, original = SampleRun.shared.files
        #expect(produced.keys.sorted() == original.keys.sorted())
        for name in original.keys.sorted() where name != "rejected.csv" && produced[name] != original[name] {
            Issue.record("\(name) differs with the rows shuffled:\n\(LineDiff.text(original[name]!, produced[name] ?? ""))")
        }
        // rejected.csv: file,line,reason,text. The same rows and reasons, the lines aside.
        func withoutLines(_ csv: String?) -> [String] {
            (csv ?? "").split(separator: "\n").map { row in
                let fields = row.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
                return fields.count == 3 ? "\(fields[0]),\(fields[2])" : String(row)
            }.sorted()
        }
        let rejected = withoutLines(original["rejected.csv"])
        #expect(rejected.count > 10)
        #expect(withoutLines(produced["rejected.csv"]) == rejected)
    }

    /// What gzip with `arguments` writes.
    private static func gzip(_ arguments: [String]) throws -> Data {
        let process = Process(), pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = arguments
        process.standardOutput = pipe
        try process.run()
        let bytes = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return bytes
    }
}
