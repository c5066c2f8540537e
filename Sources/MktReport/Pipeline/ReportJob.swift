import Foundation
import MktData
import MktModels

/// One report run: load -> facts -> models -> report -> render -> check -> publish.
public struct ReportJob {
    public var dataDirectory: String
    public var outputRoot: String
    public var config: Config
    public var window: DataLoader.WindowChoice
    public var templates: TemplateSet
    /// Analyst commentary (Markdown) rendered into the HTML.
    public var notesMarkdown: String?
    public var progress: @Sendable (String) -> Void

    public init(dataDirectory: String, outputRoot: String, config: Config, window: DataLoader.WindowChoice,
                templates: TemplateSet, notesMarkdown: String? = nil, progress: @escaping @Sendable (String) -> Void) {
        self.dataDirectory = dataDirectory
        self.outputRoot = outputRoot
        self.config = config
        self.window = window
        self.templates = templates
        self.notesMarkdown = notesMarkdown
        self.progress = progress
    }

    /// Runs the job; returns the published folder. Nothing is published when any step fails.
    @discardableResult
    public func run() throws -> String {
        let publisher = try Publisher(root: outputRoot)
        let rejects = try CSVRejectFile(path: publisher.path("rejected.csv"))
        let facts = try DataLoader(directory: dataDirectory, config: config, progress: progress)
            .load(window: window, rejects: rejects)
        try rejects.close()

        var started = ContinuousClock.now
        let output = ReportBuilder.build(facts, config: config)
        progress("models: segments, recommendations, forecasts and ads in \(started.elapsedText)")

        started = ContinuousClock.now
        let files = try ReportRenderer(templates: templates).render(output.report, notesMarkdown: notesMarkdown)
        for file in files { try publisher.write(file.path, file.content) }
        try RecommendationsCSV.write(output.customerRecommendations, to: publisher.path("recommendations.csv"))
        progress("render: \(files.count + 2) files checked and written in \(started.elapsedText)")

        let folder = try publisher.publish(as: facts.periods.current.folderName)
        progress("published \(folder)")
        return folder
    }
}

/// Turns a report into its output files, each checked before it is returned.
public struct ReportRenderer: Sendable {
    public var templates: TemplateSet

    public init(templates: TemplateSet) { self.templates = templates }

    public struct File: Sendable {
        public var path: String
        public var content: String
    }

    public func render(_ report: Report, notesMarkdown: String?) throws -> [File] {
        let charts = ReportCharts.make(report)
        var files: [File] = []
        for chart in charts {
            let svg = chart.canvas.render(standalone: true)
            try XMLCheck.check(svg, file: "charts/\(chart.file)")
            files.append(File(path: "charts/\(chart.file)", content: svg))
        }
        let context = ReportView.context(report, charts: charts, notesHTML: notesMarkdown.map(MarkdownHTML.render))
        let html = try templates.render("index.html", context)
        try XMLCheck.check(html, file: "index.html")
        files.append(File(path: "index.html", content: html))
        files.append(File(path: "report.md", content: try templates.render("report.md", context)))
        files.append(File(path: "report.json", content: try ReportJSON.encode(report)))
        return files
    }
}

/// The JSON encoding of a report: sorted keys, so the same report gives the same bytes.
public enum ReportJSON {
    public static func encode(_ report: Report) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
    }
}
