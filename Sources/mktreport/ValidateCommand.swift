import ArgumentParser
import Foundation
import MktData

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a data folder: rows read, rejected and duplicated per export, and why.",
        discussion: "Exit status 0 when the folder can be reported on (even with rejected rows), 2 when it cannot.")

    @OptionGroup var windowOptions: WindowOptions

    @OptionGroup var options: DataOptions

    /// Rejected rows listed per export (all are counted).
    static let rejectsShown = 20

    func run() throws {
        let config = try options.loadConfig()
        let window = try windowOptions.choice()
        let (facts, rejects) = try options.withExportFolder(config: config) { folder, pushedEvents in
            let rejects = CollectingRejectSink()
            let facts = try DataLoader(directory: folder, config: config, pushedEvents: pushedEvents, progress: options.progress)
                .load(window: window, rejects: rejects)
            return (facts, rejects)
        }
        var lines = ["export     files  rows read  rejected  duplicates"]
        for kind in ExportKind.allCases {
            let c = facts.dataQuality[kind]
            lines.append(kind.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
                + String(c.files.count).leftPadded(6) + c.rowsRead.grouped.leftPadded(11)
                + c.rowsRejected.grouped.leftPadded(10) + c.duplicates.grouped.leftPadded(12))
        }
        for kind in ExportKind.allCases {
            let files = Set(facts.dataQuality[kind].files)
            let rows = rejects.rows.filter { files.contains($0.file) }
            for row in rows.prefix(Self.rejectsShown) { lines.append("rejected \(row.file):\(row.line): \(row.reason)") }
            if rows.count > Self.rejectsShown { lines.append("... and \(rows.count - Self.rejectsShown) more rejected \(kind.rawValue) rows") }
        }
        for kind in ExportKind.allCases {
            for file in facts.dataQuality[kind].files {
                let contract = file.lowercased().contains(".xml") ? "XML product feed" : "contract \(kind.rawValue) export"
                lines.append("format \(file): \(facts.dataQuality.formats[file] ?? contract)")
            }
        }
        lines += facts.dataQuality.notes.map { "note: \($0)" }
        lines.append("window: \(facts.periods.current)")
        print(lines.joined(separator: "\n"))
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
