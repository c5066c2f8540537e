import CZlib
import Foundation
import MktData

/// A fast buffered writer of export files, optionally gzip-compressed.
///
/// The generator writes tens of millions of rows, so it appends bytes to a
/// buffer instead of building `String`s per field.
final class ExportWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var stream = z_stream()
    private let compressed: Bool
    private var out = [UInt8](repeating: 0, count: 1 << 17)

    init(path: String, gzip: Bool, bom: Bool = false) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw InputError(file: path, reason: "cannot create file")
        }
        self.handle = handle
        compressed = gzip
        buffer.reserveCapacity(1 << 20)
        if gzip {
            deflateInit2_(&stream, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        }
        if bom { buffer += [0xEF, 0xBB, 0xBF] }
    }

    @inline(__always) func write(_ text: String) {
        var copy = text
        copy.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= 1 << 20 { flush(final: false) }
    }

    @inline(__always) func byte(_ b: UInt8) { buffer.append(b) }

    /// A text field, quoted when needed (RFC 4180).
    func field(_ text: String) { write(CSVFormat.field(text)) }

    /// A non-negative integer.
    @inline(__always) func integer(_ value: Int) {
        if value < 0 { byte(UInt8(ascii: "-")); integer(-value); return }
        if value >= 10 { integer(value / 10) }
        byte(UInt8(48 + value % 10))
    }

    /// An amount with two decimals, from integer cents.
    @inline(__always) func cents(_ value: Int) {
        if value < 0 { byte(UInt8(ascii: "-")); cents(-value); return }
        integer(value / 100)
        byte(UInt8(ascii: "."))
        byte(UInt8(48 + value / 10 % 10))
        byte(UInt8(48 + value % 10))
    }

    /// Zero-padded integer of `width` digits.
    @inline(__always) func padded(_ value: Int, width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        while divisor > 0 {
            byte(UInt8(48 + value / divisor % 10))
            divisor /= 10
        }
    }

    func endLine(crlf: Bool = false) {
        if crlf { byte(13) }
        byte(10)
        if buffer.count >= 1 << 20 { flush(final: false) }
    }

    private func flush(final: Bool) {
        if !compressed {
            handle.write(Data(buffer))
            buffer.removeAll(keepingCapacity: true)
            return
        }
        buffer.withUnsafeMutableBufferPointer { input in
            stream.next_in = input.baseAddress
            stream.avail_in = UInt32(input.count)
            repeat {
                out.withUnsafeMutableBufferPointer { output in
                    stream.next_out = output.baseAddress
                    stream.avail_out = UInt32(output.count)
                    deflate(&stream, final ? Z_FINISH : Z_NO_FLUSH)
                    let produced = output.count - Int(stream.avail_out)
                    if produced > 0 { handle.write(Data(output[0..<produced])) }
                }
            } while stream.avail_out == 0 || (final && stream.avail_in > 0)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() {
        flush(final: true)
        if compressed { deflateEnd(&stream) }
        try? handle.close()
    }
}
