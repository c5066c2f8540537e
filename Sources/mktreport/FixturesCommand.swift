import ArgumentParser
import Foundation
import MktData
import MktSampleData

struct FixturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fixtures",
        abstract: "Write a realistic sample data folder (deterministic for a seed).",
        discussion: """
        Scales: small (about 50k order lines), medium (1M), large (10M). Shapes: \(SampleShape.named.map(\.name).joined(separator: ", ")) \
        (all exports by default; orders-only, no-ads and so on leave exports out or change the shop).
        """)

    @Option(help: "Random seed; the same seed writes the same bytes.")
    var seed: UInt64 = 42

    @Option(help: "small, medium or large.")
    var scale = "small"

    @Option(help: "Shop shape (see below).")
    var shape = "all"

    @Option(help: ArgumentHelp("Folder to write the exports into.", valueName: "DIR"))
    var out: String

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        guard let size = SampleScale(rawValue: scale) else {
            throw UsageError(message: "--scale must be small, medium or large, got '\(scale)'")
        }
        guard let form = SampleShape.named(shape) else {
            throw UsageError(message: "--shape must be one of \(SampleShape.named.map(\.name).joined(separator: ", ")), got '\(shape)'")
        }
        let started = ContinuousClock.now
        let quiet = self.quiet
        let summary = try SampleGenerator(seed: seed, scale: size, shape: form).write(to: out) { message in
            if !quiet { FileHandle.standardError.write(Data("[mktreport] \(message)\n".utf8)) }
        }
        if !quiet {
            FileHandle.standardError.write(Data("""
            [mktreport] wrote \(out): \(summary.orderLines.grouped) order lines, \(summary.events.grouped) events, \
            \(summary.customers.grouped) customers, \(summary.products.grouped) products, \(summary.adRows.grouped) ad rows, \
            \(summary.malformedRows) deliberately malformed rows in \(started.elapsedText)

            """.utf8))
        }
    }
}
