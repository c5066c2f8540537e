import Dispatch
import Foundation
import MktData
import MktModels

/// One report run: load -> facts -> models -> report -> render -> check -> publish.
public struct ReportJob {
    public var dataDirectory: String
    /// The events a database decided (`--source`; see `DataLoader.pushedEvents`).
    public var pushedEvents: EventPushdown?
    public var outputRoot: String
    public var config: Config
    public var window: DataLoader.WindowChoice
    public var templates: TemplateSet
    /// Analyst commentary (Markdown) rendered into the HTML.
    public var notesMarkdown: String?
    /// Also write the email as a MIME message (`--email-out`).
    public var email: EmailDelivery?
    public var progress: @Sendable (String) -> Void

    public init(dataDirectory: String, pushedEvents: EventPushdown? = nil, outputRoot: String, config: Config, window: DataLoader.WindowChoice,
                templates: TemplateSet, notesMarkdown: String? = nil, email: EmailDelivery? = nil,
                progress: @escaping @Sendable (String) -> Void) {
        self.dataDirectory = dataDirectory
        self.pushedEvents = pushedEvents
        self.outputRoot = outputRoot
        self.config = config
        self.window = window
        self.templates = templates
        self.notesMarkdown = notesMarkdown
        self.email = email
        self.progress = progress
    }

    /// Runs the job; returns the published folder. Nothing is published when any step fails.
    @discardableResult
    public func run() throws -> String {
        let publisher = try Publisher(root: outputRoot)
        let rejects = try CSVRejectFile(path: publisher.path("rejected.csv"))
        let facts = try DataLoader(directory: dataDirectory, config: config, pushedEvents: pushedEvents, progress: progress)
            .load(window: window, rejects: rejects)
        try rejects.close()

        var started = ContinuousClock.now
        let output = ReportBuilder.build(facts, config: config, archive: Archive.read(root: outputRoot, previous: facts.periods.previous))
        let stages = output.stageSeconds.map { "\($0.stage) \(String(format: "%.2f", $0.seconds)) s" }.joined(separator: ", ")
        progress("models: segments, recommendations, forecasts and ads in \(started.elapsedText) (concurrent: \(stages))")

        started = ContinuousClock.now
        // The customer files (the recommendations' million rows) are built while the pages and charts render.
        let recommendations = output.customerRecommendations, atRisk = output.customersAtRisk, ids = facts.customers.ids
        let ((recommendationParts, atRiskFile), rendered) = try Parallel.both({
            (RecommendationsCSV.parts(recommendations), CustomersAtRiskCSV.render(atRisk, ids: ids))
        }) {
            try ReportRenderer(templates: templates).render(output.report, notesMarkdown: notesMarkdown)
        }
        for file in rendered.files { try publisher.write(file.path, file.content) }
        try publisher.write("recommendations.csv", parts: recommendationParts)
        try publisher.write("customers_at_risk.csv", atRiskFile)
        progress("render: \(rendered.files.count + 3) files checked and written in \(started.elapsedText)")

        let folder = try publisher.publish(as: facts.periods.current.folderName) {
            try Archive.update(root: outputRoot, templates: templates)
        }
        if let email {
            try Publisher.writeAtomically(rendered.email(subject: rendered.subject, from: email.from, to: email.to), to: email.path)
        }
        progress("published \(folder)")
        return folder
    }
}

/// Where and to whom `--email-out` writes the MIME message.
public struct EmailDelivery: Sendable {
    public var path: String
    public var from: String
    public var to: [String]

    public init(path: String, from: String, to: [String]) {
        self.path = path
        self.from = from
        self.to = to
    }
}

/// Turns a report into its output files, each checked before it is returned.
public struct ReportRenderer: Sendable {
    public var templates: TemplateSet

    public init(templates: TemplateSet) { self.templates = templates }

    public struct File: Sendable {
        public var path: String
        public var content: Data

        init(path: String, text: String) {
            self.path = path
            content = Data(text.utf8)
        }

        init(path: String, data: Data) {
            self.path = path
            content = data
        }
    }

    public struct Rendered: Sendable {
        public var files: [File]
        /// The email's subject line.
        public var subject: String

        /// The email variant as a MIME message: `email.html` with its PNG charts inline.
        public func email(subject: String, from: String, to: [String]) -> Data {
            let html = String(decoding: files.first { $0.path == "email.html" }!.content, as: UTF8.self)
            let images = files.filter { $0.path.hasSuffix(".png") && html.contains("\"\($0.path)\"") }
                .map { MIMEMessage.Image(file: String($0.path.dropFirst("charts/".count)), png: $0.content) }
            return MIMEMessage.compose(subject: subject, from: from, to: to, html: html, images: images)
        }
    }

    public func render(_ report: Report, notesMarkdown: String?) throws -> Rendered {
        let charts = ReportCharts.make(report)
        var files: [File] = []
        for chart in charts {
            let svg = chart.canvas.render(standalone: true)
            try XMLCheck.check(svg, file: "charts/\(chart.file)")
            files.append(File(path: "charts/\(chart.file)", text: svg))
        }
        // PNG copies for the email, drawn on both cores.
        let pngs = ResultSlots<Result<Data, Error>>(count: charts.count)
        let svgs = files
        DispatchQueue.concurrentPerform(iterations: charts.count) { i in
            pngs.set(i, Result { try PNGRenderer.render(String(decoding: svgs[i].content, as: UTF8.self), file: "charts/\(charts[i].file)") })
        }
        for (chart, png) in zip(charts, pngs.values) {
            files.append(File(path: "charts/" + ReportCharts.pngFile(chart.file), data: try png.get()))
        }
        let page = ReportPage.make(report, charts: charts, notesHTML: notesMarkdown.map(MarkdownHTML.render))
        for name in ["index.html", "email.html"] {
            let html = try templates.render(name, page)
            try XMLCheck.check(html, file: name)
            files.append(File(path: name, text: html))
        }
        files.append(File(path: "report.md", text: try templates.render("report.md", page)))
        files.append(File(path: "report.json", text: try ReportJSON.encode(report)))
        return Rendered(files: files, subject: page.emailSubject)
    }
}

/// The JSON encoding of a report: sorted keys, so the same report gives the same bytes; every
/// number finite (a figure that cannot be computed is null).
public enum ReportJSON {
    public static func encode(_ report: Report) throws -> String { try FiniteJSONEncoder.encode(report) }
}
