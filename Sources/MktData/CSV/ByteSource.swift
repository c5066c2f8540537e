#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CZlib

/// A stream of bytes read in chunks: a plain file or a gzip-compressed one.
public protocol ByteSource: AnyObject {
    /// Fills up to `buffer.count` bytes and returns how many; 0 means end of input.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// An input file that cannot be read; always names the file.
public struct InputError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    public var line: Int?
    public var reason: String

    public init(file: String, line: Int? = nil, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    /// One line whatever the file name or reason hold (control characters shown as `?`).
    public var description: String {
        let text = line.map { "\(file):\($0): \(reason)" } ?? "\(file): \(reason)"
        return String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }))
    }
}

/// Reads a file with `read(2)`.
public final class FileByteSource: ByteSource {
    private let descriptor: Int32
    private let name: String

    /// Opens `path`; `name` is how errors refer to the file.
    public init(path: String, name: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw InputError(file: name, reason: "cannot open: \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw InputError(file: name, reason: "not a regular file")
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw InputError(file: name, reason: "cannot open: \(String(cString: strerror(errno)))")
        }
        descriptor = fd
        self.name = name
    }

    deinit { close(descriptor) }

    /// The rest of the file.
    func readAll() throws -> [UInt8] {
        var bytes: [UInt8] = [], chunk = [UInt8](repeating: 0, count: 1 << 16)
        while case let n = try chunk.withUnsafeMutableBytes({ try read(into: $0) }), n > 0 { bytes += chunk.prefix(n) }
        return bytes
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let n = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw InputError(file: name, reason: "read failed: \(String(cString: strerror(errno)))")
        }
    }
}

/// Decompresses a gzip stream (RFC 1952, several members allowed) with zlib.
///
/// Hand-written over zlib rather than adam-fowler/compress-nio because that
/// package brings SwiftNIO and works on `ByteBuffer`s; this is 60 lines of
/// streaming `inflate`.
public final class GzipByteSource: ByteSource {
    private let input: ByteSource
    private let name: String
    private var stream = z_stream()
    private let inputBuffer: UnsafeMutableRawBufferPointer
    private var inputEnded = false
    private var memberEnded = false
    private var consumedAnyInput = false
    private var producedOutput = false

    public init(wrapping input: ByteSource, name: String) throws {
        self.input = input
        self.name = name
        inputBuffer = .allocate(byteCount: 1 << 18, alignment: 16)
        let status = inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            inputBuffer.deallocate()
            throw InputError(file: name, reason: "cannot initialise gzip decoder")
        }
    }

    deinit {
        inflateEnd(&stream)
        inputBuffer.deallocate()
    }

    /// A gzip file may inflate to at most this many times its size (past the first
    /// `freeInflation` bytes): real exports compress 5-30x, a decompression bomb (one row
    /// repeated) thousands of times.
    public static let maximumInflationRatio: UInt = 200
    static let freeInflation: UInt = 64 << 20

    /// The most bytes a gzip file of `size` compressed bytes gives before it is refused.
    static func mostBytesRead(fromCompressed size: Int) -> Int {
        Int(max(freeInflation, maximumInflationRatio * UInt(max(1, size))))
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if stream.total_out > Self.freeInflation && stream.total_out > Self.maximumInflationRatio * max(1, stream.total_in) {
            throw InputError(file: name, reason: "inflates to more than \(Self.maximumInflationRatio) times its compressed size (a decompression bomb?); it was not read")
        }
        stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = UInt32(buffer.count)
        while stream.avail_out > 0 {
            if stream.avail_in == 0 && !inputEnded {
                let n = try input.read(into: inputBuffer)
                if n == 0 { inputEnded = true } else {
                    stream.next_in = inputBuffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
                    stream.avail_in = UInt32(n)
                    consumedAnyInput = true
                }
            }
            if stream.avail_in == 0 && inputEnded {
                if memberEnded { break }
                throw InputError(file: name, reason: consumedAnyInput ? "truncated gzip data" : "not gzip data (empty file)")
            }
            if memberEnded {
                // Another gzip member follows (concatenated .gz files are valid gzip).
                inflateReset(&stream)
                memberEnded = false
            }
            let status = inflate(&stream, Z_NO_FLUSH)
            switch status {
            case Z_OK, Z_BUF_ERROR:
                producedOutput = producedOutput || stream.total_out > 0
            case Z_STREAM_END:
                memberEnded = true
                producedOutput = true
            case Z_DATA_ERROR:
                let detail = stream.msg.map { String(cString: $0) } ?? "corrupt data"
                throw InputError(file: name, reason: producedOutput ? "corrupt gzip data (\(detail))" : "not gzip data (\(detail))")
            default:
                throw InputError(file: name, reason: "gzip decoder failed (zlib status \(status))")
            }
        }
        return buffer.count - Int(stream.avail_out)
    }
}

/// Bytes already in memory (a platform export translated into the contract's columns).
final class MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, bytes.count - offset)
        bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: count) }
        offset += count
        return count
    }
}

/// The text encodings the CSV exports may be in besides UTF-16 with a byte-order mark.
public enum TextEncoding: String, Sendable, Equatable {
    case utf8 = "utf-8", windows1252 = "windows-1252"

    /// An encoding by one of its usual names, any case. Latin-1 and ISO-8859-1 read as
    /// Windows-1252, as browsers read them (the WHATWG Encoding Standard).
    public init?(label: String) {
        switch label.lowercased() {
        case "utf-8", "utf8": self = .utf8
        case "windows-1252", "cp1252", "latin-1", "latin1", "iso-8859-1": self = .windows1252
        default: return nil
        }
    }
}

/// Text turned into UTF-8 as it is read: UTF-16 (starting with the byte-order mark FF FE or FE FF,
/// as Google Ads' "Excel .csv" download and Excel's "Unicode text" write it), or, when the config
/// says so, Windows-1252 (a file starting with either mark is read by it all the same); any other
/// bytes pass through untouched. A lone surrogate or odd last byte
/// becomes U+FFFD.
final class DecodingSource: ByteSource {
    private enum Mode { case undecided, passThrough, littleEndian, bigEndian, windows1252 }
    private let input: ByteSource
    private var mode = Mode.undecided
    /// How a file without a UTF-16 byte-order mark is read: as it is, or as Windows-1252 (unless it
    /// starts with UTF-8's byte-order mark).
    private let fallback: Mode
    /// Input bytes are read into this, a chunk at a time, when decoding.
    private var chunk = [UInt8](repeating: 0, count: 1 << 16)
    /// Input bytes read and not yet decoded (at most one: half of a code unit).
    private var carry: [UInt8] = []
    private var highSurrogate: UInt32?
    private var inputEnded = false
    /// UTF-8 decoded and not yet handed out, from `decodedStart`.
    private var decoded: [UInt8] = []
    private var decodedStart = 0

    init(wrapping input: ByteSource, encoding: TextEncoding = .utf8) {
        self.input = input
        fallback = encoding == .windows1252 ? .windows1252 : .passThrough
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        switch mode {
        case .passThrough:
            return try input.read(into: buffer)
        case .undecided:
            // The first read goes straight into the caller's buffer; only UTF-16 is copied out of it.
            var n = try input.read(into: buffer)
            while n < min(2, buffer.count) {
                let more = try input.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[n...]))
                if more == 0 { break }
                n += more
            }
            let bytes = buffer.prefix(n)
            if bytes.starts(with: [0xFF, 0xFE]) { mode = .littleEndian }
            else if bytes.starts(with: [0xFE, 0xFF]) { mode = .bigEndian }
            else if fallback == .passThrough || bytes.starts(with: [0xEF, 0xBB, 0xBF]) { mode = .passThrough; return n }
            else { mode = .windows1252 }
            append(Array(bytes.dropFirst(mode == .windows1252 ? 0 : 2)))
            return try read(into: buffer)
        case .littleEndian, .bigEndian, .windows1252:
            while decoded.count - decodedStart < buffer.count && !inputEnded {
                let n = try chunk.withUnsafeMutableBytes { try input.read(into: $0) }
                if n == 0 { finish() } else { append(Array(chunk.prefix(n))) }
            }
            let count = min(buffer.count, decoded.count - decodedStart)
            decoded.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + decodedStart, byteCount: count) }
            decodedStart += count
            if decodedStart == decoded.count { decoded.removeAll(keepingCapacity: true); decodedStart = 0 }
            return count
        }
    }

    /// Windows-1252's characters at 0x80-0x9F (the rest of its bytes are the same code points);
    /// its five unassigned bytes stay the control characters of their value, as browsers read them.
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    /// Decodes the complete characters of `bytes` (after any byte carried from the last chunk).
    private func append(_ bytes: [UInt8]) {
        if mode == .windows1252 {
            decoded.reserveCapacity(decoded.count + bytes.count * 2)
            for byte in bytes { if byte < 0x80 { decoded.append(byte) } else { emit(byte < 0xA0 ? Self.windows1252High[Int(byte) - 0x80] : UInt32(byte)) } }
            return
        }
        let input = carry + bytes
        var i = 0
        while i + 1 < input.count {
            let (a, b) = (UInt32(input[i]), UInt32(input[i + 1]))
            i += 2
            let unit = mode == .littleEndian ? b << 8 | a : a << 8 | b
            if let high = highSurrogate {
                highSurrogate = nil
                if (0xDC00...0xDFFF).contains(unit) { emit(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00)); continue }
                emit(0xFFFD)
            }
            if (0xD800...0xDBFF).contains(unit) { highSurrogate = unit } else { emit(unit) }
        }
        carry = Array(input[i...])
    }

    /// The end of the input: a surrogate or byte left over is a broken character.
    private func finish() {
        inputEnded = true
        if highSurrogate != nil || !carry.isEmpty { emit(0xFFFD) }
    }

    private func emit(_ value: UInt32) {
        UTF8.encode(Unicode.Scalar(value) ?? "\u{FFFD}") { decoded.append($0) }
    }
}

/// Opens a data file, decompressing it when its name ends in `.gz`, reading an `.xlsx` workbook's
/// first sheet as CSV (`Spreadsheet`), and decoding UTF-16 text (and Windows-1252 when `encoding`
/// says so).
public func openByteSource(path: String, name: String, encoding: TextEncoding = .utf8) throws -> ByteSource {
    let file = try FileByteSource(path: path, name: name)
    if name.lowercased().hasSuffix(".xlsx") {
        let bytes = try file.readAll()
        if Spreadsheet.isArchive(bytes) { return MemoryByteSource(try Spreadsheet.csv(bytes, name: name)) }
        return DecodingSource(wrapping: MemoryByteSource(bytes), encoding: encoding)
    }
    return DecodingSource(wrapping: name.hasSuffix(".gz") ? try GzipByteSource(wrapping: file, name: name) : file, encoding: encoding)
}
