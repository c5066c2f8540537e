import Foundation
import MktReport
import MktTesting
import Testing

/// A template folder is checked before anything renders: each broken folder is a one-line error
/// naming the file and line, never a crash, a stack overflow or a section silently dropped.
@Suite struct TemplateSetTests {
    /// A folder with the five templates a report needs, `index.html` given, plus `extra` files.
    func folder(index: String, extra: [String: String] = [:]) throws -> String {
        let root = TemporaryDirectory.make()
        var files = ["report.md": "x", "email.html": "x", "archive.html": "x", "latest.html": "x", "index.html": index]
        files.merge(extra) { $1 }
        for (name, text) in files {
            let path = "\(root)/\(name).mustache"
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        return root
    }

    func error(index: String, extra: [String: String] = [:]) throws -> String? {
        let root = try folder(index: index, extra: extra)
        do {
            _ = try TemplateSet(directory: root)
            return nil
        } catch {
            return String(describing: error).replacingOccurrences(of: root + "/", with: "")
        }
    }

    @Test func partialsThatIncludeThemselvesAreRefused() throws {
        #expect(try error(index: "{{> index.html}}") == "index.html.mustache: partials include each other in a loop: index.html -> index.html")
        #expect(try error(index: "{{> a}}", extra: ["a": "one {{> b}}", "b": "two\n{{> a}}"])
            == "a.mustache: partials include each other in a loop: a -> b -> a")
    }

    @Test func aMissingPartialIsAnErrorNotASilentGap() throws {
        #expect(try error(index: "<p>\n{{> html/nowhere}}") == "index.html.mustache:2: partial 'html/nowhere' not found (no html/nowhere.mustache)")
    }

    @Test func partialsNestedTooDeepAreRefused() throws {
        var extra: [String: String] = [:]
        for level in 0..<20 { extra["p\(level)"] = "{{> p\(level + 1)}}" }
        extra["p20"] = "end"
        let message = try #require(try error(index: "{{> p0}}", extra: extra))
        #expect(message.hasPrefix("index.html.mustache: partials are nested more than 16 deep: index.html -> p0 -> p1"), "\(message)")
    }

    /// Found by `make fuzz` (fuzz-templates): a tag holding a line break made a two-line error.
    @Test func aSyntaxErrorIsOneLineWhateverTheTagHolds() throws {
        #expect(try error(index: "<h1>{{title\n{{#nested}}") == "index.html.mustache:1: 'title\\n{{#nested' is not a tag name")
        #expect(try error(index: "{{#a}}\n{{/b}}") == "index.html.mustache:2: {{/b}} closes {{#a}} (opened on line 1)")
        #expect(try error(index: "{{=<% %>=}}") == "index.html.mustache:1: set-delimiter tags are not supported")
    }
}
