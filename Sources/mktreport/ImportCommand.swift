import ArgumentParser
import Foundation
import MktData
import MktWarehouse

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Copy a folder of exports into PostgreSQL tables, for --source.",
        discussion: """
        Creates the tables orders, customers, events, products and ads (the contract's columns as text, \
        plus source_file, source_line and source_raw) in the address's schema when missing, and copies \
        every file with COPY, replacing the rows an earlier import of the same file name left. \
        Personal-data columns are never copied. The password comes from PGPASSWORD or ~/.pgpass.
        """)

    @Option(help: ArgumentHelp("Folder holding the exports.", valueName: "DIR"))
    var data: String

    @Option(help: ArgumentHelp("The database to copy into.", valueName: "postgresql://USER@HOST:PORT/DB[?schema=S]"))
    var into: String

    @Option(help: ArgumentHelp("Settings file (JSON). Default: mktreport.json in the data folder, if present.", valueName: "FILE"))
    var config: String?

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        let options = try DataOptions.parse(["--data", data, quiet ? "--quiet" : nil].compactMap { $0 } + (config.map { ["--config", $0] } ?? []))
        let url = try WarehouseURL(into)
        let warehouse = try Warehouse.connect(url)
        defer { warehouse.close() }
        try TableImport(DataLoader(directory: data, config: try options.loadConfig(), progress: options.progress)).run(into: warehouse)
    }
}
