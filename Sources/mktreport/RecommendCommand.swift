import ArgumentParser
import Foundation
import MktData
import MktReport

struct RecommendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "Write per-customer product recommendations as CSV.",
        discussion: """
        Learns from all data up to --to and writes customer_id,rank,sku,score,source (rank 1 is best), \
        never recommending an item the customer already bought. source is 'model', or 'fallback' for \
        segment favourites given to customers the model knows too little about.
        """)

    @OptionGroup var options: DataOptions

    @Option(help: ArgumentHelp("Learn from data up to and including this day (YYYY-MM-DD).", valueName: "date"))
    var to: String

    @Option(parsing: .unconditional, help: "Recommendations per customer (1 to 100).")
    var top = 10

    @Option(help: ArgumentHelp("CSV file to write (default: standard output).", valueName: "FILE"))
    var out: String?

    func run() throws {
        let day = try parseDay(to, option: "--to")
        guard (1...100).contains(top) else { throw UsageError(message: "--top must be from 1 to 100, got \(top)") }
        if let out { try OutputPaths.check(out, option: "--out", dataDirectory: options.data, inputs: [options.config]) }
        var config = try options.loadConfig()
        config.recommendations.topN = top
        let result = try options.withExportFolder(config: config) { folder, pushedEvents in
            try RecommendJob(dataDirectory: folder, pushedEvents: pushedEvents, config: config, through: day, progress: options.progress).run()
        }
        if result.rejectedRows > 0 {
            options.progress("\(result.rejectedRows) input rows were rejected; run `mktreport validate` to list them")
        }
        if let out {
            try RecommendationsCSV.write(result.recommendations, to: out)
        } else {
            FileHandle.standardOutput.write(Data(RecommendationsCSV.render(result.recommendations)))
        }
    }
}
