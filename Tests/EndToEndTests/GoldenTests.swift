import Foundation
import MktData
import MktReport
import MktTesting
import Testing

/// Every text output of the committed samples (report.json, the CSVs, pages, SVG charts) equals the
/// committed report byte for byte; a difference fails with a line diff. PNGs are left out: their
/// bytes depend on the machine's librsvg and fonts (the browser and MIME tests check them).
///
/// Re-record after an intended change: `MKTREPORT_RECORD=1 swift test --filter GoldenTests`
/// (or `make report`, which writes the same files), then review `git diff reports/`.
@Suite struct GoldenTests {
    /// The committed samples: data folder and the report folder `make report` writes for it.
    static let samples = [
        (data: "fixtures/sample", report: "reports/2026-11-23_2026-11-29"),
        (data: "fixtures/orders-only", report: "reports/orders-only/2026-11-23_2026-11-29"),
    ]

    @Test(arguments: samples.map(\.data))
    func everyTextOutputMatchesTheCommittedReport(data: String) throws {
        let committed = RepositoryFiles.path(Self.samples.first { $0.data == data }!.report)
        let produced = data == "fixtures/sample" ? SampleRun.shared.files : Self.run(data)
        let recording = ProcessInfo.processInfo.environment["MKTREPORT_RECORD"] == "1"
        let expected = Self.textFiles(in: committed)
        for name in produced.keys.sorted() where Self.isGolden(name) {
            let path = (committed as NSString).appendingPathComponent(name)
            if recording {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(produced[name]!.utf8).write(to: URL(fileURLWithPath: path))
                continue
            }
            guard let old = expected[name] else {
                Issue.record("\(data): \(name) is new; re-record with MKTREPORT_RECORD=1"); continue
            }
            if old != produced[name]! {
                Issue.record("\(data): \(name) differs from the committed report (re-record with MKTREPORT_RECORD=1 if intended):\n\(LineDiff.text(old, produced[name]!))")
            }
        }
        if !recording {
            let gone = Set(expected.keys).subtracting(produced.keys).sorted()
            #expect(gone.isEmpty, "\(data): no longer written: \(gone)")
        }
    }

    static func isGolden(_ name: String) -> Bool {
        [".json", ".csv", ".html", ".md", ".svg"].contains { name.hasSuffix($0) }
    }

    static func run(_ data: String) -> [String: String] {
        let out = TemporaryDirectory.make()
        let job = ReportJob(dataDirectory: RepositoryFiles.path(data), outputRoot: out, config: Config(), window: .lastCompleteWeek,
                            templates: try! TemplateSet(directory: RepositoryFiles.path("templates")), progress: { _ in })
        return readOutputs(try! job.run()).files
    }

    static func textFiles(in folder: String) -> [String: String] {
        guard FileManager.default.fileExists(atPath: folder) else { return [:] }
        return readOutputs(folder).files.filter { isGolden($0.key) }
    }
}

/// A readable line diff (the standard library's Myers difference): the first changed lines with
/// their line numbers, `-` committed, `+` produced.
enum LineDiff {
    static func text(_ old: String, _ new: String, limit: Int = 16) -> String {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false)
        let changes = b.difference(from: a)
        let lines = changes.map { change -> String in
            switch change {
            case .remove(let offset, let line, _): return "  - \(offset + 1): \(line.prefix(200))"
            case .insert(let offset, let line, _): return "  + \(offset + 1): \(line.prefix(200))"
            }
        }
        let more = lines.count > limit ? ["  ... \(lines.count - limit) more changed lines"] : []
        return (lines.prefix(limit) + more).joined(separator: "\n")
    }
}
