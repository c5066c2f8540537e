import Foundation
import Mustache

/// The Mustache templates of a report (`templates/`, or a user's copy via `--templates`).
///
/// Every `*.mustache` file under the folder is registered by its relative path
/// without the extension (`html/kpis`), so templates include each other as
/// partials (`{{> html/kpis}}`). HTML templates escape values for HTML (the
/// Mustache default); Markdown templates start with `{{% CONTENT_TYPE: MARKDOWN }}`
/// and escape values with `Escape.markdown`.
///
/// Before anything renders, every template is scanned (`TemplateScan`): a syntax error, a partial
/// that does not exist, a partial that includes itself (directly or through others) or partials
/// nested more than `maximumDepth` deep is an error naming the file and line, since swift-mustache
/// would otherwise drop a missing partial silently or recurse until the stack overflows.
public struct TemplateSet: Sendable {
    private let library: MustacheLibrary
    public let directory: String
    /// Each template's tags, by name (`html/kpis`).
    public let scans: [String: TemplateScan]
    /// Templates are at most a few KiB; a larger file is refused unread.
    static let maximumTemplateBytes = 1 << 20
    /// Partials may include partials this deep at most.
    static let maximumDepth = 16

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
        var scans: [String: TemplateScan] = [:], files: [String: String] = [:]
        for path in names.sorted() {
            let full = (directory as NSString).appendingPathComponent(path)
            let name = String(path.dropLast(".mustache".count))
            let attributes = try? FileManager.default.attributesOfItem(atPath: full)
            let size = attributes?[.size] as? Int ?? 0
            guard size <= Self.maximumTemplateBytes else {
                throw OutputError(path: full, reason: "template is larger than \(Self.maximumTemplateBytes / 1024) KiB")
            }
            // An empty file is not read: Foundation's file reader leaks its 4 KiB buffer on one
            // (LeakSanitizer, `make fuzz` fuzz-templates).
            guard let text = size == 0 ? "" : FileManager.default.contents(atPath: full).flatMap({ String(validating: $0, as: UTF8.self) }) else {
                throw OutputError(path: full, reason: "cannot read template (not a readable UTF-8 file)")
            }
            do {
                scans[name] = try TemplateScan(text)
            } catch {
                throw OutputError(path: "\(full):\(error.line)", reason: error.reason)
            }
            do {
                try library.register(text, named: name)
            } catch {
                let detail = String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " ")
                throw OutputError(path: full, reason: "invalid template (\(detail.prefix(200)))")
            }
            files[name] = full
        }
        for required in ["index.html", "report.md", "email.html", "archive.html", "latest.html"] where library.getTemplate(named: required) == nil {
            throw OutputError(path: directory, reason: "templates folder has no \(required).mustache")
        }
        try Self.checkPartials(scans, files: files)
        self.scans = scans
        self.library = library
    }

    /// Renders a template with a view (`ReportPage`, `ArchivePage`): swift-mustache reads its
    /// properties by reflection.
    /// Every partial exists, none includes itself through any chain, and chains stay shallow.
    static func checkPartials(_ scans: [String: TemplateScan], files: [String: String]) throws {
        for (name, scan) in scans {
            for partial in scan.partials where scans[partial.name] == nil {
                throw OutputError(path: "\(files[name]!):\(partial.line)", reason: "partial '\(partial.name)' not found (no \(partial.name).mustache)")
            }
        }
        func visit(_ name: String, _ chain: [String]) throws {
            if let start = chain.firstIndex(of: name) {
                throw OutputError(path: files[chain[start]]!, reason: "partials include each other in a loop: \((chain[start...] + [name]).joined(separator: " -> "))")
            }
            guard chain.count < maximumDepth else {
                throw OutputError(path: files[chain[0]]!, reason: "partials are nested more than \(maximumDepth) deep: \(chain.joined(separator: " -> "))")
            }
            for partial in scans[name]?.partials ?? [] { try visit(partial.name, chain + [name]) }
        }
        for name in scans.keys.sorted() { try visit(name, []) }
    }

    public func render(_ name: String, _ context: Any) throws -> String {
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
