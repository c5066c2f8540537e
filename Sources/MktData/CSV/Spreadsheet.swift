import CLibXML2
import CZlib
import Foundation
import MktFacts

/// The first worksheet of an Excel workbook (`.xlsx`, Office Open XML: a ZIP of XML parts) as CSV
/// text, so that every reader takes it as it takes a CSV export (Meta Ads Manager and Google Ads
/// download `.xlsx` by default). Each sheet row becomes the CSV line of its row number (rows the
/// sheet skips are blank lines, which the reader skips), so a reject names the spreadsheet's row.
///
/// Cells: shared and inline strings, numbers as the workbook holds them (an exponent written out),
/// booleans as TRUE and
/// FALSE, error values as they show (`#N/A`), and numbers in a date or time format as ISO 8601
/// (`2026-11-24`, `2026-11-24T10:15:00`), from the 1900 or 1904 date system the workbook names.
///
/// Hand-written over zlib and libxml2 (both already used) because no Swift package on this
/// machine reads `.xlsx`. Safety as for feeds and gzip: no network, no DTD or entity expansion, no
/// ZIP64, and a part may inflate no more than a gzip file (`GzipByteSource.mostBytesRead`).
enum Spreadsheet {
    /// Whether `bytes` start like a ZIP archive (an `.xlsx` file; a file so named that is not one,
    /// such as the CSV a `--source` snapshot writes under an export's name, is read as text).
    static func isArchive(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

    /// The first worksheet of the workbook in `bytes` as CSV text, every row as wide as the widest
    /// (a sheet leaves out empty cells at a row's end).
    static func csv(_ bytes: [UInt8], name: String) throws -> [UInt8] {
        let archive = try ZipArchive(bytes, name: name)
        let strings = try archive.entry("xl/sharedStrings.xml").map { try sharedStrings(XMLPart($0, name: name)) } ?? []
        let dateStyles = try archive.entry("xl/styles.xml").map { try styles(XMLPart($0, name: name)) } ?? []
        let workbook = try archive.entry("xl/workbook.xml").map { try XMLPart($0, name: name) }
        let date1904 = workbook.flatMap { $0.first("workbookPr") }.map { ["1", "true"].contains($0.attribute("date1904") ?? "") } ?? false
        guard let sheetPath = try firstSheetPath(archive, workbook: workbook, name: name), let sheet = try archive.entry(sheetPath) else {
            throw InputError(file: name, reason: "a workbook without a worksheet")
        }
        var rows: [(number: Int, fields: [String])] = []
        for row in try XMLPart(sheet, name: name).all("row") {
            let number = row.attribute("r").flatMap(Int.init) ?? (rows.last?.number ?? 0) + 1
            guard number > rows.last?.number ?? 0, number <= 1_048_576 else { throw InputError(file: name, line: number, reason: "worksheet rows out of order") }
            var fields: [String] = []
            for cell in row.children("c") {
                let column = cell.attribute("r").flatMap(columnIndex) ?? fields.count
                guard column >= fields.count, column < 16_384 else { throw InputError(file: name, line: number, reason: "worksheet cells out of order") }
                fields += repeatElement("", count: column - fields.count)
                let style = cell.attribute("s").flatMap(Int.init) ?? 0
                fields.append(value(cell, strings: strings, isDate: dateStyles.indices.contains(style) && dateStyles[style], date1904: date1904))
            }
            rows.append((number, fields))
        }
        let width = rows.map(\.fields.count).max() ?? 0
        var out: [UInt8] = [], line = 1
        for row in rows {
            out += repeatElement(0x0A, count: row.number - line)
            out += Array(CSVFormat.line((row.fields + repeatElement("", count: width - row.fields.count)).map(CSVFormat.field)).utf8)
            line = row.number + 1
        }
        return out
    }

    /// A cell's text as CSV would hold it.
    private static func value(_ cell: XMLPart.Node, strings: [String], isDate: Bool, date1904: Bool) -> String {
        let raw = cell.children("v").first?.text ?? ""
        switch cell.attribute("t") ?? "n" {
        case "s": return Int(raw).flatMap { strings.indices.contains($0) ? strings[$0] : nil } ?? ""
        case "inlineStr": return cell.children("is").first.map(richText) ?? ""
        case "b": return raw == "1" ? "TRUE" : "FALSE"
        case "str", "e": return raw
        default:
            if isDate, let serial = Double(raw), let iso = isoDateTime(serial: serial, date1904: date1904) { return iso }
            return plain(raw)
        }
    }

    /// A number cell's text without an exponent (`1.2E-7` -> `0.00000012`), as the canonical
    /// reader takes numbers; the workbook's digits otherwise as they are.
    static func plain(_ number: String) -> String {
        guard number.contains(where: { $0 == "E" || $0 == "e" }), let exact = Decimal(string: number) else { return number }
        return "\(exact)"
    }

    /// A date serial (days since 1899-12-30, or 1904-01-01) as an ISO date, with the time when it has one.
    static func isoDateTime(serial: Double, date1904: Bool) -> String? {
        guard serial >= 0, serial < 200_000 else { return nil }  // (about 2447: the valid years are checked below)
        let seconds = Int64((serial * 86_400).rounded())
        // Serial 0 is 1899-12-30 in the 1900 system (which counts 1900 as a leap year, so serials
        // from 1900-03-01 on land right from there), 1904-01-01 in the 1904 one.
        let epoch = date1904 ? Day(year: 1904, month: 1, day: 1)! : Day(year: 1900, month: 1, day: 1)! - 2
        let day = epoch + Int(seconds / 86_400), time = seconds % 86_400
        guard Day.validYears.contains(day.components.year) else { return nil }
        guard time != 0 else { return day.description }
        return day.description + String(format: "T%02lld:%02lld:%02lld", time / 3600, time / 60 % 60, time % 60)
    }

    /// `B7` -> 1 (the column's 0-based index).
    static func columnIndex(_ reference: String) -> Int? {
        var index = 0, letters = 0
        for scalar in reference.unicodeScalars {
            guard scalar.value >= 65 && scalar.value <= 90 else { break }
            index = index * 26 + Int(scalar.value - 64)
            letters += 1
        }
        return letters > 0 && letters <= 3 ? index - 1 : nil
    }

    private static func sharedStrings(_ part: XMLPart) -> [String] { part.all("si").map(richText) }

    /// The text of a string item: its `t` elements in order (a rich text's runs), phonetic runs left out.
    private static func richText(_ item: XMLPart.Node) -> String {
        item.children("t").first?.text ?? item.children("r").compactMap { $0.children("t").first?.text }.joined()
    }

    /// Per cell style (`cellXfs`), whether its number format shows a date or time.
    private static func styles(_ part: XMLPart) -> [Bool] {
        var custom: [Int: String] = [:]
        for format in part.all("numFmt") {
            if let id = format.attribute("numFmtId").flatMap(Int.init) { custom[id] = format.attribute("formatCode") ?? "" }
        }
        let formats = part.first("cellXfs")?.children("xf").map { $0.attribute("numFmtId").flatMap(Int.init) ?? 0 } ?? []
        return formats.map { id in (14...22).contains(id) || (45...47).contains(id) || custom[id].map(isDateFormat) == true }
    }

    /// Whether a number format code shows a date or time: a `d`, `m`, `y`, `h` or `s` outside quotes,
    /// brackets (`[Red]`, `[$-409]`) and escapes.
    static func isDateFormat(_ code: String) -> Bool {
        var quoted = false, bracket = false, escaped = false
        for character in code.lowercased() {
            if escaped { escaped = false; continue }
            if character == "\\" { escaped = true } else if character == "\"" { quoted.toggle() } else if quoted { continue }
            else if character == "[" { bracket = true } else if character == "]" { bracket = false }
            else if !bracket && "dmyhs".contains(character) { return true }
        }
        return false
    }

    /// The path of the workbook's first sheet: from the workbook and its relationships, else the
    /// first `xl/worksheets/*.xml` by name.
    private static func firstSheetPath(_ archive: ZipArchive, workbook: XMLPart?, name: String) throws -> String? {
        let sheet = workbook?.first("sheet")
        if let id = sheet?.attribute("r:id") ?? sheet?.attribute("id"),
           let relations = try archive.entry("xl/_rels/workbook.xml.rels").map({ try XMLPart($0, name: name) }),
           let target = relations.all("Relationship").first(where: { $0.attribute("Id") == id })?.attribute("Target") {
            return target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        }
        return archive.names.filter { $0.hasPrefix("xl/worksheets/") && $0.hasSuffix(".xml") }.sorted().first
    }
}

/// The entries of a ZIP archive (stored or deflated; no ZIP64, no encryption).
struct ZipArchive {
    private var entries: [String: (method: Int, compressed: Int, size: Int, offset: Int)] = [:]
    private let bytes: [UInt8]
    private let name: String
    var names: [String] { Array(entries.keys) }

    init(_ bytes: [UInt8], name: String) throws {
        self.bytes = bytes
        self.name = name
        func problem(_ reason: String) -> InputError { InputError(file: name, reason: "not a readable .xlsx workbook: \(reason)") }
        // The end of central directory record: its signature in the last 64 KiB + 22 bytes.
        guard bytes.count >= 22, let end = stride(from: bytes.count - 22, through: max(0, bytes.count - 22 - 65_535), by: -1)
            .first(where: { bytes[$0] == 0x50 && bytes[$0 + 1] == 0x4B && bytes[$0 + 2] == 5 && bytes[$0 + 3] == 6 }) else {
            throw problem("no ZIP directory")
        }
        let count = Int(u16(end + 10)), directory = Int(u32(end + 16))
        var at = directory
        for _ in 0..<count {
            guard at + 46 <= bytes.count, u32(at) == 0x0201_4B50 else { throw problem("a damaged ZIP directory") }
            let method = Int(u16(at + 10)), compressed = Int(u32(at + 20)), size = Int(u32(at + 24))
            let nameLength = Int(u16(at + 28)), extra = Int(u16(at + 30)), comment = Int(u16(at + 32)), offset = Int(u32(at + 42))
            guard at + 46 + nameLength <= bytes.count else { throw problem("a damaged ZIP directory") }
            guard compressed != 0xFFFF_FFFF, size != 0xFFFF_FFFF, offset != 0xFFFF_FFFF else { throw problem("ZIP64 is not read") }
            let entryName = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            entries[entryName] = (method, compressed, size, offset)
            at += 46 + nameLength + extra + comment
        }
    }

    private func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    private func u32(_ at: Int) -> UInt32 { UInt32(u16(at)) | UInt32(u16(at + 2)) << 16 }

    /// An entry's bytes, inflated; nil when the archive has no such entry.
    func entry(_ path: String) throws -> [UInt8]? {
        guard let e = entries[path] else { return nil }
        func problem(_ reason: String) -> InputError { InputError(file: name, reason: "not a readable .xlsx workbook: \(path): \(reason)") }
        guard e.offset + 30 <= bytes.count, u32(e.offset) == 0x0403_4B50 else { throw problem("a damaged ZIP entry") }
        let start = e.offset + 30 + Int(u16(e.offset + 26)) + Int(u16(e.offset + 28))
        guard start + e.compressed <= bytes.count else { throw problem("a truncated ZIP entry") }
        switch e.method {
        case 0: return Array(bytes[start..<(start + e.compressed)])
        case 8:
            guard e.size <= GzipByteSource.mostBytesRead(fromCompressed: e.compressed) else {
                throw problem("inflates to more than \(GzipByteSource.maximumInflationRatio) times its compressed size (a decompression bomb?)")
            }
            var out = [UInt8](repeating: 0, count: e.size)
            var stream = z_stream()
            guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { throw problem("cannot inflate") }
            defer { inflateEnd(&stream) }
            let status = bytes.withUnsafeBufferPointer { input in
                out.withUnsafeMutableBufferPointer { output in
                    stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + start)
                    stream.avail_in = UInt32(e.compressed)
                    stream.next_out = output.baseAddress
                    stream.avail_out = UInt32(output.count)
                    return inflate(&stream, Z_FINISH)
                }
            }
            guard status == Z_STREAM_END, Int(stream.total_out) == e.size else { throw problem("corrupt deflate data") }
            return out
        default:
            throw problem("compression method \(e.method) is not read")
        }
    }
}

/// One XML part of a workbook, parsed whole (no network, no DTD, no entity expansion).
final class XMLPart {
    private let document: xmlDocPtr

    init(_ bytes: [UInt8], name: String) throws {
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { xmlReadMemory($0.baseAddress, Int32(clamping: $0.count), "part.xml", "UTF-8", options) }
        }
        guard let parsed else { throw InputError(file: name, reason: "not a readable .xlsx workbook: malformed XML") }
        guard parsed.pointee.intSubset == nil else {
            xmlFreeDoc(parsed)
            throw InputError(file: name, reason: "not a readable .xlsx workbook: a part declares a DOCTYPE")
        }
        document = parsed
    }

    deinit { xmlFreeDoc(document) }

    /// An element of the part (valid while the part lives).
    struct Node {
        let pointer: xmlNodePtr
        let part: XMLPart

        func attribute(_ name: String) -> String? {
            var property = pointer.pointee.properties
            while let p = property {
                let prefix = p.pointee.ns.flatMap { $0.pointee.prefix }.map { String(cString: $0) + ":" } ?? ""
                let local = String(cString: p.pointee.name)
                if prefix + local == name || (name == local && prefix.isEmpty) {
                    guard let content = xmlNodeGetContent(p.pointee.children.map { UnsafeMutablePointer($0) }) else { return "" }
                    defer { mkt_xml_free(content) }
                    return String(cString: content)
                }
                property = p.pointee.next
            }
            return nil
        }

        var text: String {
            guard let content = xmlNodeGetContent(pointer) else { return "" }
            defer { mkt_xml_free(content) }
            return String(cString: content)
        }

        func children(_ name: String) -> [Node] {
            var out: [Node] = []
            var child = pointer.pointee.children
            while let c = child {
                if c.pointee.type == XML_ELEMENT_NODE, String(cString: c.pointee.name) == name { out.append(Node(pointer: c, part: part)) }
                child = c.pointee.next
            }
            return out
        }
    }

    /// Every element of this local name, in document order.
    func all(_ name: String) -> [Node] {
        var out: [Node] = []
        func walk(_ node: xmlNodePtr?) {
            var current = node
            while let n = current {
                if n.pointee.type == XML_ELEMENT_NODE {
                    if String(cString: n.pointee.name) == name { out.append(Node(pointer: n, part: self)) }
                    walk(n.pointee.children)
                }
                current = n.pointee.next
            }
        }
        walk(xmlDocGetRootElement(document))
        return out
    }

    func first(_ name: String) -> Node? { all(name).first }
}
