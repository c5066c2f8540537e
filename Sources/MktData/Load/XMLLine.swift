import CLibXML2

/// Line numbers of parsed XML elements, right past line 65,535.
///
/// libxml2 stores line numbers in 16 bits: without `XML_PARSE_BIG_LINES` every element past line
/// 65,535 reports 65,535 (so a large feed's rejects named the wrong line, and `import` gave its
/// items one `source_line`, so `--source` read them back out of order). With it, an element past
/// that line keeps its line only through its first text child, which records the line that text
/// ends on; `line(of:)` takes the text's newlines off again.
public enum XMLLine {
    /// The parser option that keeps line numbers past 65,535.
    public static let bigLinesOption = Int32(XML_PARSE_BIG_LINES.rawValue)

    /// The line `element` starts on (parsed with `bigLinesOption`).
    public static func line(of element: xmlNodePtr) -> Int {
        let line = Int(xmlGetLineNo(element))
        guard element.pointee.line == UInt16.max, let child = element.pointee.children, child.pointee.type == XML_TEXT_NODE,
              var p = child.pointee.content else { return line }
        var newlines = 0
        while p.pointee != 0 {
            if p.pointee == UInt8(ascii: "\n") { newlines += 1 }
            p += 1
        }
        return line - newlines
    }
}
