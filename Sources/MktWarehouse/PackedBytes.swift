import MktData

/// The packed bytes the database sends instead of rows of text (`SnapshotStream`, `PackedEvent`):
/// numbers big-endian in as few bytes as their range needs, and values with their length before them.
enum PackedBytes {
    /// Bytes for the numbers 0..<codes (at most 4).
    static func width(codes: Int) -> Int { codes <= 1 << 8 ? 1 : codes <= 1 << 16 ? 2 : codes <= 1 << 24 ? 3 : 4 }

    /// `width(codes:)` in SQL, of an SQL integer.
    static func widthSQL(codes: String) -> String {
        "CASE WHEN \(codes) <= \(1 << 8) THEN 1 WHEN \(codes) <= \(1 << 16) THEN 2 WHEN \(codes) <= \(1 << 24) THEN 3 ELSE 4 END"
    }

    /// SQL of a non-negative integer's last `bytes` bytes, big-endian (`bytes` an SQL integer, at most 8).
    static func bigEndian(_ value: String, bytes: String) -> String {
        "substring(int8send((\(value))::bigint) from 9 - (\(bytes)))"
    }

    /// SQL of a `bytea` value with its length before it: one byte under 254, else 254 and four
    /// bytes; 255 for NULL.
    static func lengthAndBytes(_ value: String) -> String {
        "CASE WHEN \(value) IS NULL THEN '\\xff'::bytea WHEN octet_length(\(value)) < 254 THEN substring(int4send(octet_length(\(value))) from 4) || \(value) "
            + "ELSE '\\xfe'::bytea || int4send(octet_length(\(value))) || \(value) END"
    }
}

/// Reads packed bytes (`PackedBytes`) from the front.
struct PackedReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var atEnd: Bool { offset >= bytes.count }

    /// A big-endian number of `count` bytes (at most 8).
    mutating func number(bytes count: Int) throws -> UInt64 {
        guard offset + count <= bytes.count else { throw UndecodableBytes() }
        var value: UInt64 = 0
        for k in offset..<offset + count { value = value << 8 | UInt64(bytes[k]) }
        offset += count
        return value
    }

    /// A value with its length before it (`PackedBytes.lengthAndBytes`); nil for NULL.
    mutating func lengthAndBytes() throws -> UnsafeRawBufferPointer? {
        let mark = try number(bytes: 1)
        if mark == 255 { return nil }
        let length = Int(mark == 254 ? try number(bytes: 4) : mark)
        guard offset + length <= bytes.count else { throw UndecodableBytes() }
        defer { offset += length }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length])
    }
}

/// The database sent packed bytes that do not decode (it never should).
struct UndecodableBytes: Error {
    /// The one-line error for the run, naming what was being read.
    static func error(in relation: String) -> InputError {
        InputError(file: relation, reason: "the database sent rows that do not decode")
    }
}
