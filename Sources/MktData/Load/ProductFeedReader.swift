import CLibXML2
import Foundation

/// Reads a Google Merchant product feed (RSS 2.0 `<item>` or Atom `<entry>`
/// elements in the `http://base.google.com/ns/1.0` namespace) with libxml2's
/// streaming reader, one item at a time.
///
/// Safety options, chosen on purpose:
/// - `XML_PARSE_NONET`: never fetch anything over the network;
/// - no `XML_PARSE_NOENT`, `XML_PARSE_DTDLOAD` or `XML_PARSE_DTDATTR`: entities are
///   never substituted and no external DTD or entity is loaded, and a feed with a
///   `<!DOCTYPE>` at all is refused (feeds never need one; that closes XXE and
///   billion-laughs entity expansion before any entity is used);
/// - no `XML_PARSE_HUGE`: libxml2's default limits stay on (text nodes of at most
///   10 MB, nesting at most 256 deep), so a giant text node or deep nesting is a
///   clear error instead of exhausting memory;
/// - `XML_PARSE_BIG_LINES` (`XMLLine`): line numbers right past line 65,535.
public enum ProductFeedReader {
    public static let merchantNamespace = "http://base.google.com/ns/1.0"
    static let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_NOWARNING.rawValue) | XMLLine.bigLinesOption

    /// Collects the first parser error instead of letting libxml2 print it.
    private final class ErrorCollector {
        var message: String?
        var line: Int?
    }

    static func read(path: String, name: String, context: LoadContext, into store: inout ProductStore) throws {
        try forEachItem(path: path, name: name) { reader, node, line in
            context.log.quality[.products].rowsRead += 1
            do {
                try addItem(itemFields(node), context: context, into: &store)
            } catch let problem as RowProblem {
                try rejectItem(reader, name: name, line: line, problem: problem, context: context)
            }
        }
    }

    /// Every item's child elements (`g:id`, `title`, `g:price`, ...; the first of each name) with its
    /// line, unvalidated: what `mktreport import` copies into a products table.
    public static func items(path: String, name: String) throws -> [(line: Int, fields: [String: String])] {
        var items: [(line: Int, fields: [String: String])] = []
        try forEachItem(path: path, name: name) { _, node, line in items.append((line, itemFields(node))) }
        return items
    }

    /// Streams the feed, calling `body` with every `<item>` or `<entry>` element expanded, and its line.
    private static func forEachItem(path: String, name: String,
                                    _ body: (xmlTextReaderPtr, xmlNodePtr, Int) throws -> Void) throws {
        let collector = ErrorCollector()
        guard let reader = xmlReaderForFile(path, nil, options) else {
            throw InputError(file: name, reason: "cannot open XML feed")
        }
        defer { xmlFreeTextReader(reader) }
        let token = Unmanaged.passUnretained(collector).toOpaque()
        xmlTextReaderSetStructuredErrorHandler(reader, { userData, error in
            guard let userData, let error else { return }
            let collector = Unmanaged<ErrorCollector>.fromOpaque(userData).takeUnretainedValue()
            guard collector.message == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
            let text = error.pointee.message.map { String(cString: $0) } ?? "XML error"
            collector.message = text.trimmingCharacters(in: .whitespacesAndNewlines)
            collector.line = Int(error.pointee.line)
        }, token)

        var sawElement = false
        var needsRead = true
        while true {
            if needsRead {
                let status = xmlTextReaderRead(reader)
                if status == 0 { break }
                if status < 0 { throw failure(reader, name: name, collector) }
            }
            needsRead = true
            if collector.message != nil { throw failure(reader, name: name, collector) }
            let type = xmlTextReaderNodeType(reader)
            if type == Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue) {
                throw InputError(file: name, line: Int(xmlTextReaderGetParserLineNumber(reader)),
                                 reason: "XML feed declares a DOCTYPE; DTDs and entities are refused")
            }
            guard type == Int32(XML_READER_TYPE_ELEMENT.rawValue) else { continue }
            sawElement = true
            let local = string(xmlTextReaderConstLocalName(reader))
            guard local == "item" || local == "entry" else { continue }
            guard let node = xmlTextReaderExpand(reader) else { throw failure(reader, name: name, collector) }
            try body(reader, node, XMLLine.line(of: node))
            // Move past the item's subtree; the reader then sits on the next node, not yet inspected.
            let status = xmlTextReaderNext(reader)
            if status == 0 { break }
            if status < 0 { throw failure(reader, name: name, collector) }
            needsRead = false
        }
        if !sawElement {
            throw InputError(file: name, reason: "XML feed has no elements")
        }
    }

    private static func failure(_ reader: xmlTextReaderPtr, name: String, _ collector: ErrorCollector) -> InputError {
        InputError(file: name, line: collector.line ?? Int(xmlTextReaderGetParserLineNumber(reader)),
                   reason: "malformed XML feed: \(collector.message ?? "parse error")")
    }

    private static func rejectItem(_ reader: xmlTextReaderPtr, name: String, line: Int, problem: RowProblem,
                                   context: LoadContext) throws {
        let outer = xmlTextReaderReadOuterXml(reader)
        var text = outer.map { String(cString: $0) } ?? ""
        mkt_xml_free(outer)
        try text.withUTF8 { bytes in
            try context.log.reject(.products, file: name, line: line, reason: problem.reason, raw: bytes, hidesText: false)
        }
    }

    /// One item's child elements by name (`g:` for the Merchant namespace), trimmed; the first of each name.
    private static func itemFields(_ item: xmlNodePtr) -> [String: String] {
        var fields: [String: String] = [:]
        var child = item.pointee.children
        while let node = child {
            if node.pointee.type == XML_ELEMENT_NODE {
                let local = string(node.pointee.name)
                let namespace = node.pointee.ns.map { string($0.pointee.href) } ?? ""
                let key = namespace == merchantNamespace ? "g:" + local : local
                if fields[key] == nil, let content = xmlNodeGetContent(node) {
                    fields[key] = trimmed(String(cString: content))
                    mkt_xml_free(content)
                }
            }
            child = node.pointee.next
        }
        return fields
    }

    /// Validates one item's fields and adds it as a product row.
    private static func addItem(_ fields: [String: String], context: LoadContext, into store: inout ProductStore) throws {
        guard let sku = fields["g:id"], !sku.isEmpty else { throw RowProblem("missing g:id") }
        let title = fields["g:title"] ?? fields["title"] ?? ""
        let category = fields["g:product_type"] ?? fields["g:google_product_category"] ?? ""
        let brand = fields["g:brand"] ?? ""
        var price = Double.nan
        if var priceText = fields["g:price"], !priceText.isEmpty {
            price = try priceText.withUTF8 { bytes in
                try FieldReading.money(bytes, column: "g:price", currency: context.config.currency).get()
            }
            if price < 0 { throw RowProblem("negative price in g:price") }
        }
        for text in [sku, title, category, brand] where text.utf8.contains(0) {
            throw RowProblem("NUL byte in item")
        }
        var skuText = sku, titleText = title, categoryText = category, brandText = brand
        skuText.withUTF8 { s in
            titleText.withUTF8 { t in
                categoryText.withUTF8 { c in
                    brandText.withUTF8 { b in
                        context.addProduct(sku: s, title: t, category: c, brand: b, price: price, into: &store)
                    }
                }
            }
        }
    }

    /// `text` without leading and trailing white space: Swift's own test, the same characters as
    /// Foundation's `whitespacesAndNewlines`, whose trimming bridged every field through NSString
    /// (with the NUL search, most of the medium feed's 0.7 s read).
    static func trimmed(_ text: String) -> String {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }), let last = text.lastIndex(where: { !$0.isWhitespace }) else {
            return ""
        }
        return first == text.startIndex && last == text.index(before: text.endIndex) ? text : String(text[first...last])
    }

    private static func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }
}
