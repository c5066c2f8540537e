import Foundation
import CCmarkGFM

/// Renders GitHub-flavoured Markdown to HTML with cmark-gfm (tables, strikethrough, autolinks).
///
/// Safe mode (cmark's default): raw HTML and `javascript:` links in the input are
/// dropped, so analyst notes or data in the summary cannot inject markup. The
/// output uses self-closing void elements, so it stays well-formed XML.
public enum MarkdownHTML {
    /// Deepest block nesting (quotes and list indentation at a line's start) notes may have:
    /// cmark-gfm's time grows quickly with depth (100,000 nested `>` took 200 s).
    public static let maximumNesting = 32

    /// Why Markdown cannot be rendered within bounds, or nil: the first line nested too deep.
    public static func nestingProblem(_ markdown: String) -> String? {
        for (number, line) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var depth = 0, spaces = 0
            for c in line.utf8 {
                if c == UInt8(ascii: ">") { depth += 1 } else if c == UInt8(ascii: " ") { spaces += 1 } else if c == UInt8(ascii: "\t") { spaces += 4 } else { break }
                if depth + spaces / 2 > maximumNesting {
                    return "line \(number + 1) is nested more than \(maximumNesting) levels deep"
                }
            }
        }
        return nil
    }

    public static func render(_ markdown: String) -> String {
        cmark_gfm_core_extensions_ensure_registered()
        let options = CMARK_OPT_DEFAULT
        guard let parser = cmark_parser_new(options) else { return "" }
        defer { cmark_parser_free(parser) }
        for name in ["table", "strikethrough", "autolink"] {
            if let extensionPointer = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, extensionPointer)
            }
        }
        var text = markdown
        text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        guard let document = cmark_parser_finish(parser) else { return "" }
        defer { cmark_node_free(document) }
        guard let html = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
        defer { free(html) }
        return String(cString: html)
    }
}
