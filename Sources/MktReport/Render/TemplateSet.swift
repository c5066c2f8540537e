import Foundation
import Mustache

/// The Mustache templates of a report (`templates/`, or a user's copy via `--templates`).
///
/// Every `*.mustache` file under the folder is registered by its relative path
/// without the extension (`html/kpis`), so templates include each other as
/// partials (`{{> html/kpis}}`). HTML templates escape values for HTML (the
/// Mustache default); Markdown templates start with `{{% CONTENT_TYPE: MARKDOWN }}`
/// and escape values with `Escape.markdown`.
public struct TemplateSet: Sendable {
    private let library: MustacheLibrary
    public let directory: String

    struct MarkdownContentType: MustacheContentType {
        func escapeText(_ text: String) -> String { Escape.markdown(text) }
    }

    public init(directory: String) throws {
        MustacheContentTypes.register(MarkdownContentType(), named: "MARKDOWN")
        self.directory = directory
        var library = MustacheLibrary()
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else {
            throw OutputError(path: directory, reason: "templates folder not found")
        }
        var names: [String] = []
        for case let path as String in enumerator where path.hasSuffix(".mustache") { names.append(path) }
        for path in names.sorted() {
            let full = (directory as NSString).appendingPathComponent(path)
            guard let text = try? String(contentsOfFile: full, encoding: .utf8) else {
                throw OutputError(path: full, reason: "cannot read template")
            }
            do {
                try library.register(text, named: String(path.dropLast(".mustache".count)))
            } catch {
                throw OutputError(path: full, reason: "invalid template: \(error)")
            }
        }
        for required in ["index.html", "report.md", "email.html", "archive.html", "latest.html"] where library.getTemplate(named: required) == nil {
            throw OutputError(path: directory, reason: "templates folder has no \(required).mustache")
        }
        self.library = library
    }

    public func render(_ name: String, _ context: [String: Any]) throws -> String {
        guard let text = library.render(context, withTemplate: name) else {
            throw OutputError(path: directory, reason: "no template named \(name)")
        }
        return text
    }

    /// The default templates: `./templates`, else the nearest `templates/` above the executable
    /// (a build under `.build/` finds the repository's copy).
    public static func defaultDirectory() -> String? {
        let fileManager = FileManager.default
        func holdsTemplates(_ dir: String) -> Bool {
            fileManager.fileExists(atPath: (dir as NSString).appendingPathComponent("index.html.mustache"))
        }
        if holdsTemplates("templates") { return "templates" }
        var dir = (((try? fileManager.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]) as NSString)
            .deletingLastPathComponent
        while dir.count > 1 {
            let candidate = (dir as NSString).appendingPathComponent("templates")
            if holdsTemplates(candidate) { return candidate }
            dir = (dir as NSString).deletingLastPathComponent
        }
        return nil
    }
}
