/// The tags of a Mustache template, as a tree: what `TemplateSet` checks before it renders
/// anything (every partial exists, partials never include themselves) and what the tests walk to
/// check that every tag resolves in the report's views.
///
/// Covers the tags the templates use: `{{name}}`, `{{{name}}}`, `{{&name}}`, sections `{{#name}}`
/// and `{{^name}}` closed by `{{/name}}`, partials `{{> name}}`, comments `{{! ...}}` and pragmas
/// `{{% ...}}`. Set-delimiter tags (`{{=<% %>=}}`) are refused: they would hide tags from the check.
public struct TemplateScan: Sendable {
    public indirect enum Node: Sendable {
        case variable(name: String, line: Int)
        case section(name: String, inverted: Bool, line: Int, children: [Node])
        case partial(name: String, line: Int)
    }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var line: Int
        /// On one line whatever a quoted tag held: line breaks and other control characters are
        /// written as escapes (`\n`), so the error stays one line (found by `make fuzz`).
        public var reason: String
        public var description: String { "line \(line): \(reason)" }

        init(line: Int, reason: String) {
            self.line = line
            self.reason = String(reason.unicodeScalars.map { c in
                c == "\n" ? "\\n" : c == "\r" ? "\\r" : c == "\t" ? "\\t" : c.properties.generalCategory == .control ? "?" : String(c)
            }.joined())
        }
    }

    public var nodes: [Node]

    public init(_ text: String) throws(Failure) {
        var scanner = Scanner(bytes: Array(text.utf8))
        var stack: [(name: String, inverted: Bool, line: Int, children: [Node])] = [("", false, 0, [])]
        while let tag = try scanner.nextTag() {
            switch tag.kind {
            case .comment, .pragma: continue
            case .variable: stack[stack.count - 1].children.append(.variable(name: tag.name, line: tag.line))
            case .partial: stack[stack.count - 1].children.append(.partial(name: tag.name, line: tag.line))
            case .open(let inverted): stack.append((tag.name, inverted, tag.line, []))
            case .close:
                guard stack.count > 1, stack[stack.count - 1].name == tag.name else {
                    throw Failure(line: tag.line, reason: stack.count > 1
                        ? "{{/\(tag.name)}} closes {{#\(stack[stack.count - 1].name)}} (opened on line \(stack[stack.count - 1].line))"
                        : "{{/\(tag.name)}} closes a section that was never opened")
                }
                let section = stack.removeLast()
                stack[stack.count - 1].children.append(.section(name: section.name, inverted: section.inverted, line: section.line,
                                                                children: section.children))
            }
        }
        guard stack.count == 1 else {
            throw Failure(line: stack[stack.count - 1].line, reason: "{{#\(stack[stack.count - 1].name)}} is never closed")
        }
        nodes = stack[0].children
    }

    /// Every partial the template names, with the line of its first use.
    public var partials: [(name: String, line: Int)] {
        var found: [(String, Int)] = []
        func walk(_ nodes: [Node]) {
            for node in nodes {
                switch node {
                case .partial(let name, let line): if !found.contains(where: { $0.0 == name }) { found.append((name, line)) }
                case .section(_, _, _, let children): walk(children)
                case .variable: break
                }
            }
        }
        walk(nodes)
        return found
    }

    private struct Tag {
        enum Kind { case variable, open(inverted: Bool), close, partial, comment, pragma }
        var kind: Kind
        var name: String
        var line: Int
    }

    private struct Scanner {
        let bytes: [UInt8]
        var position = 0
        var line = 1

        mutating func nextTag() throws(Failure) -> Tag? {
            let open = Array("{{".utf8)
            while position + 1 < bytes.count {
                if bytes[position] == open[0] && bytes[position + 1] == open[1] { return try tag() }
                if bytes[position] == 0x0A { line += 1 }
                position += 1
            }
            return nil
        }

        mutating func tag() throws(Failure) -> Tag {
            let start = line
            position += 2
            let triple = position < bytes.count && bytes[position] == UInt8(ascii: "{")
            if triple { position += 1 }
            let closing = triple ? "}}}" : "}}"
            guard let end = find(closing) else { throw Failure(line: start, reason: "a tag is never closed (expected \(closing))") }
            let inner = String(decoding: bytes[position..<end], as: UTF8.self)
            for byte in bytes[position..<end] where byte == 0x0A { line += 1 }
            position = end + closing.utf8.count
            if triple { return Tag(kind: .variable, name: inner.trimmed, line: start) }
            guard let sigil = inner.first else { throw Failure(line: start, reason: "an empty tag {{}}") }
            let rest = String(inner.dropFirst()).trimmed
            switch sigil {
            case "!": return Tag(kind: .comment, name: "", line: start)
            case "%": return Tag(kind: .pragma, name: rest, line: start)
            case "#": return Tag(kind: .open(inverted: false), name: try named(rest, start), line: start)
            case "^": return Tag(kind: .open(inverted: true), name: try named(rest, start), line: start)
            case "/": return Tag(kind: .close, name: try named(rest, start), line: start)
            case ">": return Tag(kind: .partial, name: try named(rest, start), line: start)
            case "&": return Tag(kind: .variable, name: try named(rest, start), line: start)
            case "=": throw Failure(line: start, reason: "set-delimiter tags are not supported")
            case "<", "$": throw Failure(line: start, reason: "template inheritance tags are not supported")
            default: return Tag(kind: .variable, name: try named(inner.trimmed, start), line: start)
            }
        }

        func named(_ name: String, _ line: Int) throws(Failure) -> String {
            guard !name.isEmpty, !name.contains(where: { $0 == " " || $0 == "\n" || $0 == "\t" }) else {
                throw Failure(line: line, reason: "'\(name)' is not a tag name")
            }
            return name
        }

        func find(_ text: String) -> Int? {
            let needle = Array(text.utf8)
            var i = position
            while i + needle.count <= bytes.count {
                if bytes[i] == needle[0] && Array(bytes[i..<(i + needle.count)]) == needle { return i }
                i += 1
            }
            return nil
        }
    }
}

extension String {
    fileprivate var trimmed: String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}
