import Foundation
import Testing
@testable import MktData

/// A byte source over a string, handing out at most `chunk` bytes per read (to cross buffer boundaries).
final class StringSource: ByteSource {
    private let bytes: [UInt8]
    private var position = 0
    private let chunk: Int

    init(_ text: String, chunk: Int = 1 << 20) {
        bytes = Array(text.utf8)
        self.chunk = chunk
    }

    init(bytes: [UInt8], chunk: Int = 1 << 20) {
        self.bytes = bytes
        self.chunk = chunk
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, chunk, bytes.count - position)
        for i in 0..<n { buffer[i] = bytes[position + i] }
        position += n
        return n
    }
}

struct ParsedRecord: Equatable {
    var line: Int
    var fields: [String]
    var problem: String?
}

func parse(_ text: String, chunk: Int = 1 << 20, bufferSize: Int = 1 << 20, maxRecordBytes: Int = CSVReader.defaultMaxRecordBytes) throws -> [ParsedRecord] {
    let reader = CSVReader(source: StringSource(text, chunk: chunk), maxRecordBytes: maxRecordBytes, chunkSize: bufferSize)
    var records: [ParsedRecord] = []
    while let status = try reader.next() {
        var fields: [String] = []
        for i in 0..<reader.fieldCount { fields.append(String(decoding: reader.field(i), as: UTF8.self)) }
        var problem: String?
        if case .malformed(let reason) = status { problem = reason }
        records.append(ParsedRecord(line: reader.recordLine, fields: fields, problem: problem))
    }
    return records
}

@Suite struct CSVReaderTests {
    /// A spreadsheet saved with `;` (decimal commas in its prices), a Google Ads "Excel" download
    /// (tabs, title lines, thousands commas), and a comma file whose text holds semicolons.
    @Test(arguments: [
        ("order_id;unit_price;title\r\nA1;12,5;\"Mug; blue\"\r\nA2;3,25;Pot\r\n", [["order_id", "unit_price", "title"], ["A1", "12,5", "Mug; blue"], ["A2", "3,25", "Pot"]]),
        ("Campaign report\nNovember 23, 2026 - November 29, 2026\nDay\tCampaign\tCost\n2026-11-24\tBrand\t1,045.50\n2026-11-25\tBrand\t0.00\n",
         [["Campaign report"], ["November 23, 2026 - November 29, 2026"], ["Day", "Campaign", "Cost"], ["2026-11-24", "Brand", "1,045.50"], ["2026-11-25", "Brand", "0.00"]]),
        ("id,title,tags\n1,Mug,a;b;c\n2,Pot,d;e;f\n", [["id", "title", "tags"], ["1", "Mug", "a;b;c"], ["2", "Pot", "d;e;f"]]),
        ("customer_id\nC1\nC2", [["customer_id"], ["C1"], ["C2"]]),
    ])
    func theSeparatorIsFoundFromTheFirstLines(text: String, expected: [[String]]) throws {
        #expect(try parse(text).map(\.fields) == expected)
        #expect(try parse(text, chunk: 7, bufferSize: 256).map(\.fields) == expected, "the first reads may be short")
    }

    /// Windows-1252 (a spreadsheet's "CSV" where the config says so): letters above 0x7F, the euro
    /// sign and typographic quotes, read as UTF-8 across reads of any size.
    @Test func windows1252TextIsReadAsUTF8WhenConfigured() throws {
        let bytes: [UInt8] = Array("sku;title\r\nA-1;Gr".utf8) + [0xF6, 0xDF] + Array("e M ".utf8) + [0x80, 0x20, 0x93, 0x78, 0x94, 0x0D, 0x0A]
        for chunk in [1, 5, 1 << 20] {
            let reader = CSVReader(source: DecodingSource(wrapping: StringSource(bytes: bytes, chunk: chunk), encoding: .windows1252), chunkSize: 64)
            var records: [[String]] = []
            while try reader.next() != nil { records.append((0..<reader.fieldCount).map { String(decoding: reader.field($0), as: UTF8.self) }) }
            #expect(records == [["sku", "title"], ["A-1", "Größe M € “x”"]], "chunk \(chunk)")
        }
        // A file that says what it is (a UTF-16 or UTF-8 byte-order mark) is read by it all the same.
        let marked: [([UInt8], String)] = [([0xFF, 0xFE] + "Größe".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }, "Größe"),
                                          ([0xEF, 0xBB, 0xBF] + Array("Größe".utf8), "\u{FEFF}Größe")]
        for (bytes, text) in marked {
            let source = DecodingSource(wrapping: StringSource(bytes: bytes), encoding: .windows1252)
            var out = [UInt8](repeating: 0, count: 64)
            let n = try out.withUnsafeMutableBytes { try source.read(into: $0) }
            #expect(String(decoding: out.prefix(n), as: UTF8.self) == text)
        }
    }

    /// An unquoted field ends at every position of the sixteen-byte steps and after them, at a
    /// separator, LF or CR, with the buffer's end anywhere.
    @Test func unquotedFieldsEndWhereverTheirStopIs() throws {
        for length in 1..<40 {  // (an empty first line is a blank line, skipped)
            let field = String(repeating: "x", count: length)
            for (text, expected) in [("\(field),b\n", [[field, "b"]]), ("a;\(field);c\n", [["a", field, "c"]]),
                                     ("\(field)\nb\n", [[field], ["b"]]), ("\(field)\r\nb", [[field], ["b"]])] {
                for bufferSize in [64, 1 << 20] {
                    #expect(try parse(text, chunk: 5, bufferSize: bufferSize).map(\.fields) == expected, "\(text.debugDescription) \(bufferSize)")
                }
            }
        }
    }

    /// Spreadsheet cells as text: numbers without exponents, date serials in both date systems,
    /// the columns of cell references, and which number formats show dates.
    @Test func spreadsheetValuesBecomeTheContractsForms() {
        #expect(Spreadsheet.plain("12.5") == "12.5" && Spreadsheet.plain("3") == "3" && Spreadsheet.plain("1E-7") == "0.0000001"
                && Spreadsheet.plain("-2.25") == "-2.25" && Spreadsheet.plain("1.2345678901234E-2") == "0.012345678901234"
                && Spreadsheet.plain("1.5E+16") == "15000000000000000")
        #expect(Spreadsheet.isoDateTime(serial: 46_350, date1904: false) == "2026-11-24")
        #expect(Spreadsheet.isoDateTime(serial: 46_350.427083333336, date1904: false) == "2026-11-24T10:15:00")
        #expect(Spreadsheet.isoDateTime(serial: 44_888, date1904: true) == "2026-11-24")
        #expect(Spreadsheet.isoDateTime(serial: 1, date1904: false) == nil, "1899-12-31 is outside the valid years")
        #expect(Spreadsheet.columnIndex("A1") == 0 && Spreadsheet.columnIndex("Z9") == 25 && Spreadsheet.columnIndex("AB12") == 27)
        #expect(Spreadsheet.isDateFormat("yyyy-mm-dd") && Spreadsheet.isDateFormat("dd/mm/yyyy hh:mm:ss") && Spreadsheet.isDateFormat("[$-409]mmm d")
                && !Spreadsheet.isDateFormat("#,##0.00") && !Spreadsheet.isDateFormat("[Red]0.00") && !Spreadsheet.isDateFormat("0.00\" days\""))
    }

    /// Excel's first line `sep=;` names the separator and is no record; the lines keep their numbers.
    @Test func anExcelSeparatorLineNamesTheSeparator() throws {
        #expect(try parse("sep=;\r\na;b\r\n1,5;2\r\n") == [ParsedRecord(line: 2, fields: ["a", "b"]), ParsedRecord(line: 3, fields: ["1,5", "2"])])
        #expect(try parse("\u{FEFF}SEP=|\na|b\n").map(\.fields) == [["a", "b"]])
        #expect(try parse("sep=,x\na,b\n").map(\.fields) == [["sep=", "x"], ["a", "b"]], "not a separator line")
    }

    /// UTF-16 with a byte-order mark, either byte order, read as UTF-8: a character outside the
    /// basic plane (a surrogate pair), split across reads, and a lone surrogate as U+FFFD.
    @Test(arguments: [true, false])
    func utf16TextIsReadAsUTF8(littleEndian: Bool) throws {
        let text = "campaign\tcost\r\nWinter 😀 Sale\t12.50\r\nÜber\t3\r\n"
        func bytes(_ units: [UInt16]) -> [UInt8] { units.flatMap { littleEndian ? [UInt8($0 & 0xFF), UInt8($0 >> 8)] : [UInt8($0 >> 8), UInt8($0 & 0xFF)] } }
        for chunk in [1, 3, 1 << 20] {
            let source = DecodingSource(wrapping: StringSource(bytes: bytes([0xFEFF] + Array(text.utf16)), chunk: chunk))
            let reader = CSVReader(source: source, chunkSize: 64)
            var records: [[String]] = []
            while try reader.next() != nil { records.append((0..<reader.fieldCount).map { String(decoding: reader.field($0), as: UTF8.self) }) }
            #expect(records == [["campaign", "cost"], ["Winter 😀 Sale", "12.50"], ["Über", "3"]], "chunk \(chunk)")
        }
        let broken = DecodingSource(wrapping: StringSource(bytes: bytes([0xFEFF, 0x61, 0xD800, 0x62, 0xDC00])))
        var out = [UInt8](repeating: 0, count: 64)
        let n = try out.withUnsafeMutableBytes { try broken.read(into: $0) }
        #expect(String(decoding: out.prefix(n), as: UTF8.self) == "a\u{FFFD}b\u{FFFD}")
    }

    @Test func plainRecordsWithHeader() throws {
        let records = try parse("a,b,c\n1,2,3\n4,5,6\n")
        #expect(records == [
            ParsedRecord(line: 1, fields: ["a", "b", "c"]), ParsedRecord(line: 2, fields: ["1", "2", "3"]),
            ParsedRecord(line: 3, fields: ["4", "5", "6"]),
        ])
    }

    @Test func quotedFieldsWithCommasQuotesAndNewlines() throws {
        let text = "id,title\n1,\"Chef's Knife 8\"\", Steel\"\n2,\"two\nlines\"\n3,plain\n"
        let records = try parse(text)
        #expect(records.map(\.fields) == [["id", "title"], ["1", "Chef's Knife 8\", Steel"], ["2", "two\nlines"], ["3", "plain"]])
        // The record after a quoted newline starts two physical lines later.
        #expect(records.map(\.line) == [1, 2, 3, 5])
    }

    @Test func byteOrderMarkAndCRLF() throws {
        let records = try parse("\u{FEFF}a,b\r\n1,2\r\n\"x\r\ny\",3\r\n")
        #expect(records.map(\.fields) == [["a", "b"], ["1", "2"], ["x\r\ny", "3"]])
        #expect(records.map(\.line) == [1, 2, 3])
    }

    @Test func bareCarriageReturnsEndRecords() throws {
        #expect(try parse("a,b\r1,2\r").map(\.fields) == [["a", "b"], ["1", "2"]])
    }

    /// From fuzzing (FUZZING.md): a bare CR inside a record is a line end, so the rejected-row line
    /// numbers count it, as an editor showing CR line ends would.
    @Test func bareCarriageReturnsCountAsLines() throws {
        let records = try parse("h1,h2\nO3,2026-02\r30,C1\nlast,row\n")
        #expect(records.map(\.line) == [1, 2, 3, 4])
        #expect(records.map(\.fields) == [["h1", "h2"], ["O3", "2026-02"], ["30", "C1"], ["last", "row"]])
    }

    @Test func emptyFieldsAndMissingFinalNewline() throws {
        let records = try parse("a,b,c\n,,\n1,,3\n\"\",x,")
        #expect(records.map(\.fields) == [["a", "b", "c"], ["", "", ""], ["1", "", "3"], ["", "x", ""]])
    }

    @Test func blankLinesAreSkippedButCounted() throws {
        let records = try parse("a\n\n1\n\n\n2\n")
        #expect(records == [ParsedRecord(line: 1, fields: ["a"]), ParsedRecord(line: 3, fields: ["1"]), ParsedRecord(line: 6, fields: ["2"])])
    }

    @Test func wrongFieldCountsAreReportedAsTheyAre() throws {
        #expect(try parse("a,b\n1\n1,2,3\n").map(\.fields.count) == [2, 1, 3])
    }

    @Test func unterminatedQuoteRunsToEndOfFileAsMalformed() throws {
        let records = try parse("a,b\n1,2\n3,\"open\n4,5\n")
        #expect(records.count == 3)
        #expect(records[2].line == 3)
        #expect(records[2].problem == "unterminated quoted field")
    }

    @Test func textAfterClosingQuoteIsMalformed() throws {
        let records = try parse("a,b\n\"x\"y,2\n3,4\n")
        #expect(records[1].problem == "unexpected text after a closing quote")
        #expect(records[2] == ParsedRecord(line: 3, fields: ["3", "4"]))
    }

    @Test(arguments: [1, 2, 3, 5, 7, 64])
    func chunkBoundariesDoNotChangeTheResult(chunk: Int) throws {
        let text = "id,title,n\r\n1,\"a \"\"quoted\"\", value\",3\r\n2,\"multi\nline\",4\n3,,5"
        #expect(try parse(text, chunk: chunk, bufferSize: 64) == parse(text))
    }

    @Test func recordLongerThanTheLimitIsSkippedWithItsLine() throws {
        let long = String(repeating: "x", count: 5000)
        let records = try parse("a,b\n1,\"\(long)\n\(long)\"\n2,3\n", bufferSize: 64, maxRecordBytes: 1000)
        #expect(records.count == 3)
        #expect(records[1].line == 2)
        #expect(records[1].problem == "record longer than 0 MB" || records[1].problem?.hasPrefix("record longer than") == true)
        #expect(records[2] == ParsedRecord(line: 4, fields: ["2", "3"]))
    }

    /// Between the limit and twice it, a record can complete within one read: still over the limit.
    @Test(arguments: [1001, 1500, 1999])
    func aRecordJustOverTheLimitIsRejectedToo(length: Int) throws {
        let records = try parse("a,b\n1,\(String(repeating: "x", count: length - 2))\n2,3\n", bufferSize: 4096, maxRecordBytes: 1000)
        #expect(records.count == 3 && records[1].line == 2 && records[1].problem?.hasPrefix("record longer than") == true, "\(records.map(\.problem))")
        #expect(records[2] == ParsedRecord(line: 3, fields: ["2", "3"]))
    }

    @Test func formatQuotesOnlyWhenNeededAndNeutralisesFormulas() {
        #expect(CSVFormat.field("plain") == "plain")
        #expect(CSVFormat.field("a,b") == "\"a,b\"")
        #expect(CSVFormat.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVFormat.safeTextField("=SUM(A1)") == "'=SUM(A1)")
        #expect(CSVFormat.safeTextField("-5,2") == "\"'-5,2\"")
        #expect(CSVFormat.safeTextField("SKU-1") == "SKU-1")
    }
}
