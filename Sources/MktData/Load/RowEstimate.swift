import Foundation

/// About how many rows a set of CSV files holds, from their sizes and the mean length of the first
/// file's first lines, so that a table can be made its final size at once instead of doubling
/// its way there: every doubling of the event-id set writes a new table as large as all the
/// earlier ones together, and on this kind of VM each fresh megabyte costs a page fault and a
/// zeroed page (the large scale's set of 47M events: about 1 GB written twice, 4 s of CPU).
///
/// A guess, never a limit: a table sized by it still grows when the files hold more rows. Hostile
/// files cannot make it huge: lines count at least `shortestRow` bytes (a file of empty lines
/// reads as rows of that length), a gzip file at most what the reader inflates before refusing
/// it as a decompression bomb whatever its trailer says, and no estimate passes `ceiling`.
enum RowEstimate {
    /// Bytes of the first lines read to find the mean line length.
    static let sample = 1 << 16

    /// The estimate; 0 when a file cannot be read (the caller's table then grows as it fills).
    /// `shortestRow`: the fewest bytes a valid row can take. At most `ceiling`.
    static func rows(in paths: [String], shortestRow: Int) -> Int {
        guard let first = paths.first, let lineLength = meanLineLength(first) else { return 0 }
        let bytes = paths.reduce(0) { $0 + (readSize($1) ?? 0) }
        return min(bytes / max(lineLength, shortestRow, 1), ceiling)
    }

    /// The most rows an estimate gives, whatever the files claim: the machine's memory over 256.
    /// The tables sized by an estimate take up to about 50 bytes a row (the event-id set and the
    /// customer x item index), so they stay under a fifth of the memory. Eight gzip files of 4 MB,
    /// each of whose trailers claimed 4 GiB of newlines, asked for a 34 GB index, and the run
    /// stopped with "failed to allocate" (24 GiB machine). A real shop above the ceiling (about
    /// 100M events here) only has its tables grow as they fill.
    static var ceiling: Int { Int(ProcessInfo.processInfo.physicalMemory / 256) }

    /// The bytes a reader gets from the file: its size, or for gzip the trailer's ISIZE (the size
    /// modulo 2^32, so a file of over 4 GiB uncompressed is underestimated), at most
    /// `GzipByteSource.mostBytesRead`.
    static func readSize(_ path: String) -> Int? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd() else { return nil }
        guard path.hasSuffix(".gz") else { return Int(size) }
        guard size >= 4, (try? handle.seek(toOffset: size - 4)) != nil, let tail = try? handle.read(upToCount: 4), tail.count == 4 else { return nil }
        return min(tail.reversed().reduce(0) { $0 << 8 | Int($1) }, GzipByteSource.mostBytesRead(fromCompressed: Int(size)))
    }

    /// Mean length of the lines in the first `sample` bytes, the header and the last partial line
    /// left out; nil when fewer than two lines are there.
    static func meanLineLength(_ path: String) -> Int? {
        guard let source = try? openByteSource(path: path, name: path) else { return nil }
        var buffer = [UInt8](repeating: 0, count: sample)
        var filled = 0
        while filled < sample, let n = try? buffer.withUnsafeMutableBytes({ try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...])) }), n > 0 {
            filled += n
        }
        let ends = buffer[..<filled].indices.filter { buffer[$0] == UInt8(ascii: "\n") }
        guard ends.count >= 2 else { return nil }
        return (ends.last! - ends.first!) / (ends.count - 1)
    }
}
