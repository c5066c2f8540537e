import ArgumentParser
import Foundation
import MktData
import MktModels

struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast any date,value series with 80% and 95% prediction intervals.",
        discussion: """
        SERIES.csv has the columns date,value, one row per day, week or month (the frequency is read \
        from the dates). Prints date,mean,lo80,hi80,lo95,hi95 for each future period.
        """)

    @Option(help: ArgumentHelp("The series to forecast.", valueName: "SERIES.csv"))
    var input: String

    // `.unconditional` so `--horizon -1` reaches the range check instead of reading as an option.
    @Option(parsing: .unconditional, help: "Number of future periods (1 to 10,000).")
    var horizon: Int

    @Option(help: "csv or json.")
    var format = "csv"

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        guard (1...10_000).contains(horizon) else { throw UsageError(message: "--horizon must be from 1 to 10,000, got \(horizon)") }
        guard ["csv", "json"].contains(format) else { throw UsageError(message: "--format must be csv or json") }
        let name = (input as NSString).lastPathComponent
        let observations = try SeriesFile.read(path: input, name: name)
        let regular: (series: TimeSeries, notes: [String])
        do {
            regular = try RegularSeries.make(observations)
        } catch let failure as RegularSeries.Failure {
            throw InputError(file: name, reason: failure.description)
        }
        let result = ForecastEngine.forecast(regular.series, options: .init(horizon: horizon))
        if !quiet {
            for note in regular.notes + result.notes { FileHandle.standardError.write(Data("[mktreport] \(note)\n".utf8)) }
            FileHandle.standardError.write(Data("[mktreport] \(regular.series.frequency.rawValue) series of \(regular.series.count) values; method: \(result.method) (validation MASE \(result.validationMASE.map { String(format: "%.3f", $0) } ?? "n/a"))\n".utf8))
        }
        print(ForecastOutput.render(regular.series.points(of: result.path), format: format), terminator: "")
    }
}

/// The `forecast` command's output formats (DATA_CONTRACT.md section 3).
enum ForecastOutput {
    static func render(_ points: [ForecastPoint], format: String) -> String {
        if format == "json" {
            let rows = points.map { p in
                "  {\"date\": \"\(p.date)\", \"mean\": \(number(p.mean)), \"lo80\": \(number(p.lo80)), \"hi80\": \(number(p.hi80)), \"lo95\": \(number(p.lo95)), \"hi95\": \(number(p.hi95))}"
            }
            return "[\n" + rows.joined(separator: ",\n") + "\n]\n"
        }
        return "date,mean,lo80,hi80,lo95,hi95\n" + points.map { p in
            "\(p.date),\(number(p.mean)),\(number(p.lo80)),\(number(p.hi80)),\(number(p.lo95)),\(number(p.hi95))\n"
        }.joined()
    }

    /// Six decimals, trailing zeros removed.
    static func number(_ value: Double) -> String {
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
