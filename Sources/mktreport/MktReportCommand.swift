import ArgumentParser
import Foundation
import MktData
import MktFacts
import MktWarehouse

/// `mktreport`: weekly marketing reports from e-commerce exports.
///
/// This target only parses arguments and prints progress; every figure comes
/// from the library modules.
@main
struct MktReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mktreport",
        abstract: "Turn a shop's weekly exports into a marketing report.",
        discussion: """
        Reads the exports in a data folder (orders, customers, events, products, ads) and \
        writes an HTML dashboard, a Markdown report, SVG charts and a JSON file of every \
        figure for one window (by default the last complete Monday-Sunday week).

        Examples:
          mktreport --from 2026-11-23 --to 2026-11-29 --data exports/ --out reports/
          mktreport validate --data exports/
          mktreport import --data exports/ --into postgresql://shop@localhost:5432/shop
          mktreport --source postgresql://shop@localhost:5432/shop --out reports/
          mktreport forecast --input revenue.csv --horizon 8
        """,
        subcommands: [ReportCommand.self, ForecastCommand.self, RecommendCommand.self, ValidateCommand.self, ImportCommand.self, FixturesCommand.self],
        defaultSubcommand: ReportCommand.self)

    /// Runs the command line; every failure is one line on stderr and exit status 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }  // --help, --version
            let text: String
            switch error {
            case let input as InputError: text = input.description
            case let usage as UsageError: text = usage.message
            default: text = message(for: error)
            }
            FileHandle.standardError.write(Data("mktreport: \(text)\n".utf8))
            Foundation.exit(2)
        }
    }
}

/// A command-line mistake the user can fix.
struct UsageError: Error {
    var message: String
}

/// Options every data-reading command shares.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Folder holding the exports.", valueName: "DIR"))
    var data = "fixtures/sample"

    @Option(name: .long, help: ArgumentHelp("Read the exports from this PostgreSQL database's tables instead (password from PGPASSWORD or ~/.pgpass).", valueName: "postgresql://USER@HOST:PORT/DB[?schema=S]"))
    var source: String?

    @Option(name: .long, help: ArgumentHelp("Settings file (JSON). Default: mktreport.json in the data folder, if present.", valueName: "FILE"))
    var config: String?

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    func loadConfig() throws -> Config {
        if var loaded = try config.map(Config.load) {
            // A database's text reaches the loader as UTF-8, whatever its export files were in.
            if source != nil { loaded.encoding = .utf8 }
            return loaded
        }
        if source != nil { return Config() }
        let inData = (data as NSString).appendingPathComponent("mktreport.json")
        return FileManager.default.fileExists(atPath: inData) ? try Config.load(path: inData) : Config()
    }

    /// Runs `body` on the folder of exports: `--data`, or the `--source` database's tables written
    /// out as one for the run (`TableSnapshot`), removed afterwards, with the events the database
    /// decided. When the loader finds the database's split of the events inexact
    /// (`EventPushdownUndecided`), the run starts again on every events row.
    func withExportFolder<T>(config: Config, _ body: (String, EventPushdown?) throws -> T) throws -> T {
        guard let source else { return try body(data, nil) }
        let warehouse = try Warehouse.connect(try WarehouseURL(source))
        defer { warehouse.close() }
        func run(pushingDownEvents: Bool) throws -> T {
            let started = ContinuousClock.now
            let snapshot = try TableSnapshot(warehouse, config: config, pushingDownEvents: pushingDownEvents)
            defer { snapshot.remove() }
            progress("source: \(warehouse.url) read in \(started.elapsedText)\(snapshot.pushedEvents == nil ? "" : " (events validated and de-duplicated there)")")
            return try body(snapshot.directory, snapshot.pushedEvents)
        }
        do {
            return try run(pushingDownEvents: true)
        } catch is EventPushdownUndecided {
            progress("source: some events rows the database left to mktreport are valid; reading every events row")
            return try run(pushingDownEvents: false)
        }
    }

    var progress: @Sendable (String) -> Void {
        let quiet = self.quiet
        return { message in
            if !quiet { FileHandle.standardError.write(Data("[mktreport] \(message)\n".utf8)) }
        }
    }
}

/// `--from` and `--to`: the report window (both, or neither for the last complete week).
struct WindowOptions: ParsableArguments {
    @Option(help: ArgumentHelp("First day of the window (YYYY-MM-DD).", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("Last day of the window, inclusive (YYYY-MM-DD).", valueName: "date"))
    var to: String?

    func choice() throws -> DataLoader.WindowChoice {
        switch (from, to) {
        case (nil, nil): return .lastCompleteWeek
        case let (from?, to?):
            let first = try parseDay(from, option: "--from"), last = try parseDay(to, option: "--to")
            guard first <= last else { throw UsageError(message: "--from \(from) is after --to \(to)") }
            return .fixed(DateWindow(from: first, to: last))
        default:
            throw UsageError(message: "give both --from and --to, or neither for the last complete week")
        }
    }
}

/// Parses a `YYYY-MM-DD` option value.
func parseDay(_ text: String, option: String) throws -> Day {
    guard let day = Day(iso: text) else {
        throw UsageError(message: "\(option) must be a date like 2026-11-23, got '\(text)'")
    }
    return day
}
