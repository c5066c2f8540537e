import ArgumentParser
import Foundation
import MktData
import MktReport

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the report for one window (the default command).",
        discussion: """
        Without --from and --to the window is the last complete Monday-Sunday week in the orders, \
        compared with the week before.

        The report goes to OUT/<from>_<to>/: index.html, email.html, report.md, charts/*.svg and *.png, \
        report.json, recommendations.csv and rejected.csv. It appears only when complete. OUT/index.html \
        lists every window and OUT/latest/ forwards to the newest.
        """)

    @OptionGroup var windowOptions: WindowOptions

    @OptionGroup var options: DataOptions

    @Option(help: ArgumentHelp("Folder that receives one sub-folder per window.", valueName: "DIR"))
    var out = "reports"

    @Option(help: ArgumentHelp("Use your own copy of the Mustache templates.", valueName: "DIR"))
    var templates: String?

    @Option(help: ArgumentHelp("Markdown file with your own commentary, shown in the report.", valueName: "FILE"))
    var notes: String?

    @Option(help: ArgumentHelp("Also write the email version as a MIME message a mailer can send as it is.", valueName: "FILE.eml"))
    var emailOut: String?

    @Option(help: ArgumentHelp("Recipient of the --email-out message (repeat for several).", valueName: "ADDRESS"))
    var emailTo: [String] = []

    @Option(help: ArgumentHelp("Sender of the --email-out message.", valueName: "ADDRESS"))
    var emailFrom = "mktreport@localhost"

    func run() throws {
        let window = try windowOptions.choice()
        guard let templateDirectory = templates ?? TemplateSet.defaultDirectory() else {
            throw UsageError(message: "cannot find the templates folder; pass --templates DIR")
        }
        let notesText = try notes.map { try OutputPaths.readText($0, option: "--notes") }
        if let notes, let notesText, let problem = MarkdownHTML.nestingProblem(notesText) {
            throw UsageError(message: "--notes file \(notes): \(problem)")
        }
        if let emailOut {
            try OutputPaths.check(emailOut, option: "--email-out", dataDirectory: options.data, inputs: [notes, options.config])
            guard !emailTo.isEmpty else { throw UsageError(message: "--email-out needs at least one --email-to ADDRESS") }
            for address in emailTo + [emailFrom] where EmailAddress.validated(address) == nil {
                throw UsageError(message: "not an e-mail address (like name@example.com): '\(address.unicodeScalars.map { $0.value < 0x20 ? "?" : String($0) }.joined())'")
            }
        }
        let config = try options.loadConfig(), templateSet = try TemplateSet(directory: templateDirectory)
        try options.withExportFolder(config: config) { folder, pushedEvents in
            let job = ReportJob(dataDirectory: folder, pushedEvents: pushedEvents, outputRoot: out, config: config, window: window,
                                templates: templateSet, notesMarkdown: notesText,
                                email: emailOut.map { EmailDelivery(path: $0, from: emailFrom, to: emailTo) },
                                progress: options.progress)
            try job.run()
        }
    }
}
