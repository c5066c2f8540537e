import CLibXML2
import Foundation
import MktData

/// Checks generated SVG and HTML with libxml2 before anything is published:
/// the file must be well-formed XML and contain nothing executable.
public enum XMLCheck {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var file: String
        public var line: Int
        public var problem: String
        public var description: String { "\(file):\(line): \(problem)" }
    }

    static let forbiddenElements: Set<String> = ["script", "iframe", "object", "embed", "frame", "frameset", "applet", "base", "form", "foreignobject"]

    /// Parses `content` (never fetching anything) and walks the tree for script
    /// elements, event-handler attributes and `javascript:` URLs.
    public static func check(_ content: String, file: String) throws {
        guard let context = xmlNewParserCtxt() else { throw Failure(file: file, line: 0, problem: "cannot create XML parser") }
        defer { xmlFreeParserCtxt(context) }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue) | XMLLine.bigLinesOption
        var bytes = content
        let document = bytes.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                xmlCtxtReadMemory(context, chars.baseAddress, Int32(chars.count), file, "UTF-8", options)
            }
        }
        guard let document, context.pointee.wellFormed != 0 else {
            if let document { xmlFreeDoc(document) }
            let error = xmlCtxtGetLastError(context)
            let message = error?.pointee.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "not well-formed"
            throw Failure(file: file, line: Int(error?.pointee.line ?? 0), problem: "not well-formed XML: \(message)")
        }
        defer { xmlFreeDoc(document) }
        if let root = xmlDocGetRootElement(document) { try inspect(root, file: file) }
    }

    private static func inspect(_ node: xmlNodePtr, file: String) throws {
        var current: xmlNodePtr? = node
        while let element = current {
            if element.pointee.type == XML_ELEMENT_NODE {
                let name = String(cString: element.pointee.name).lowercased()
                let line = XMLLine.line(of: element)
                if forbiddenElements.contains(name) {
                    throw Failure(file: file, line: line, problem: "forbidden element <\(name)>")
                }
                var attribute = element.pointee.properties
                while let a = attribute {
                    let attributeName = String(cString: a.pointee.name).lowercased()
                    if attributeName.hasPrefix("on") {
                        throw Failure(file: file, line: line, problem: "event-handler attribute \(attributeName) on <\(name)>")
                    }
                    if ["href", "src", "action", "formaction", "xlink:href"].contains(attributeName),
                       let value = xmlNodeGetContent(a.pointee.children.map { UnsafeMutablePointer($0) }) {
                        let text = String(cString: value).trimmingCharacters(in: .whitespaces).lowercased()
                        mkt_xml_free(value)
                        if text.hasPrefix("javascript:") || text.hasPrefix("vbscript:") || (text.hasPrefix("data:") && !text.hasPrefix("data:image/png")) {
                            throw Failure(file: file, line: line, problem: "unsafe URL in \(attributeName) on <\(name)>")
                        }
                        if name != "a", text.hasPrefix("http:") || text.hasPrefix("https:") || text.hasPrefix("//") {
                            throw Failure(file: file, line: line, problem: "network fetch in \(attributeName) on <\(name)>")
                        }
                    }
                    attribute = a.pointee.next
                }
                if let child = element.pointee.children { try inspect(child, file: file) }
            }
            current = element.pointee.next
        }
    }
}
