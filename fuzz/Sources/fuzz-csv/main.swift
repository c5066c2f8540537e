import FuzzDriver
import MktData

/// The CSV reader on arbitrary bytes, read in 64-byte chunks (the smallest buffer) (so records straddle chunk
/// boundaries everywhere) with a 256-byte record limit. Checks: it ends, never crashes, every
/// field lies inside the record, line numbers never go backwards.
final class MemorySource: ByteSource {
    let bytes: [UInt8]
    var position = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - position)
        for i in 0..<n { buffer[i] = bytes[position + i] }
        position += n
        return n
    }
}

runFuzzer { data, size in
    guard let data else { return 0 }
    let reader = CSVReader(source: MemorySource(Array(UnsafeBufferPointer(start: data, count: size))), maxRecordBytes: 256, chunkSize: 64)
    var lastLine = 0
    var records = 0
    while let status = try? reader.next() {
        precondition(reader.recordLine >= lastLine, "line numbers went backwards")
        lastLine = reader.recordLine
        if status == .record {
            var total = 0
            for i in 0..<reader.fieldCount { total += reader.field(i).count }
            precondition(total <= size, "fields larger than the input")
        }
        records += 1
        precondition(records <= size + 1, "more records than bytes")
    }
    return 0
}
