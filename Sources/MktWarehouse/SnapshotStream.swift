import MktData
import NIOCore
import PostgresNIO

/// The rows of one relation as the snapshot reads them: which file each came from, on which line,
/// its raw record and its column values, in the loader's reading order.
struct SnapshotQuery {
    /// A table, or a parenthesised subquery with an alias.
    var relation: String
    /// SQL of each read column's value.
    var values: [String]
    /// SQL of the row's position in `TableSource.fileNames` (`TableSource.fileNumber`).
    var fileNumber: String
    /// The number of files (none is sent when there is one).
    var fileCount: Int
    /// SQL of the row's line (nil: rows follow one another).
    var line: String?
    /// SQL of the row's raw record (nil: the table keeps none).
    var raw: String?
    /// SQL of a number that orders the rows as the loader reads them (a window function allowed).
    var order: String
}

/// The rows of a `SnapshotQuery` over the wire in chunks of packed bytes: each row its file number,
/// line and raw record, then every value either as its length and bytes or, for a column whose
/// values repeat enough to pay, as its number among the column's distinct values, which cross
/// once, before the rows. One statement: one pass over the relation finds every coded column's
/// distinct values (each row's coded values as rows of (column, value), grouped: Citus
/// runs that on its shards, where it refuses `GROUPING SETS`), one more sends the rows.
///
/// Before, each row crossed as one record text the database built, with its own frame and four
/// lengths: on the medium shop about 108 bytes an order line; coded, about 40 (BENCHMARKS.md,
/// issue 25). The records are built here (`SnapshotFile`).
final class SnapshotStream {
    private let query: SnapshotQuery
    /// The positions in `query.values` of the columns sent as codes.
    let codedColumns: [Int]
    /// The bytes of a row's file number (none for one file).
    private var fileBytes: Int { query.fileCount < 2 ? 0 : PackedBytes.width(codes: query.fileCount) }
    static let chunkRows = 65_536
    /// The rows that tell which columns are coded.
    static let sampleRows = 100_000
    /// Fewer rows than this are not worth coding.
    static let codedRows = 4_096
    /// The most distinct values a coded column may have (codes of at most 3 bytes). Many values
    /// cost time in the database: coding the medium orders' ids and times (0.4M values each) takes
    /// their statement from 5 to 10 s, the whole `validate --source` from about 68 to 70-75 s, and
    /// saves 20 MiB over the wire (112 -> 92 MiB).
    static let maximumCodes = 1 << 24

    init(_ query: SnapshotQuery, warehouse: Warehouse) throws {
        self.query = query
        codedColumns = try Self.repeatingColumns(query, warehouse: warehouse)
    }

    /// The columns whose values repeat enough to pay, judged on the first rows: a code of w bytes
    /// instead of a value of L bytes and its length byte pays while fewer than 1 - w / (L + 1) of
    /// the rows bring a value not seen before (and at most `maximumCodes` values). (A column's share of new values falls as rows are
    /// added, so the guess errs towards sending values as they are; a column whose later rows
    /// are all new costs bytes, never a wrong value.)
    private static func repeatingColumns(_ query: SnapshotQuery, warehouse: Warehouse) throws -> [Int] {
        let values = query.values.enumerated().map { "\(bytes($1)) AS v\($0)" }
        let measures = query.values.indices.flatMap { ["count(DISTINCT v\($0))::text", "coalesce(sum(octet_length(v\($0))), 0)::text"] }
        let sample = try warehouse.rows("""
            SELECT \((["count(*)::text"] + measures).joined(separator: ", "))
            FROM (SELECT \((values.isEmpty ? ["1"] : values).joined(separator: ", ")) FROM \(query.relation) LIMIT \(sampleRows)) s
            """)[0].map { Int($0 ?? "") ?? 0 }
        let sampled = sample[0]
        guard sampled >= codedRows else { return [] }
        let rows = sampled < sampleRows ? sampled : Int(try warehouse.rows("SELECT count(*)::text FROM \(query.relation)")[0][0] ?? "") ?? 0
        return query.values.indices.filter { k in
            let share = Double(sample[1 + 2 * k]) / Double(sampled), length = Double(sample[2 + 2 * k]) / Double(sampled)
            let codes = Int(share * Double(rows)) + 1
            return codes <= maximumCodes && share < 0.75 * (1 - Double(PackedBytes.width(codes: codes)) / (length + 1))
        }
    }

    /// SQL of a value's bytes as the session's text would send them (UTF-8; NULL stays NULL): compared
    /// and sent as bytes, never collated. (`convert_to` would refuse bytes that are not UTF-8 in a
    /// SQL_ASCII database, which the loader rejects row by row.)
    private static func bytes(_ value: String) -> String { "textsend((\(value))::text)" }

    /// The statement: rows of (part, column, chunk): first each coded column's distinct values
    /// (part 0; numbered from 0 in byte order, the number after the last standing for NULL), then
    /// the rows (part 1), each part in chunks.
    private var sql: String {
        let selected = ["\(query.order) AS o", "(\(query.fileNumber))::int AS f", "(\(query.line ?? "NULL"))::int AS l",
                        "\(Self.bytes(query.raw ?? "NULL")) AS raw"] + query.values.enumerated().map { "\(Self.bytes($1)) AS v\($0)" }
        var fields: [String] = []
        if fileBytes > 0 { fields.append(PackedBytes.bigEndian("r.f", bytes: "\(fileBytes)")) }
        if query.line != nil { fields.append(PackedBytes.bigEndian("r.l", bytes: "4")) }
        if query.raw != nil { fields.append(PackedBytes.lengthAndBytes("r.raw")) }
        var joins: [String] = []
        for k in query.values.indices {
            guard codedColumns.contains(k) else { fields.append(PackedBytes.lengthAndBytes("r.v\(k)")); continue }
            let count = "coalesce((SELECT values FROM counts WHERE k = \(k)), 0)"
            joins.append("LEFT JOIN d d\(k) ON d\(k).k = \(k) AND d\(k).v = r.v\(k)")
            fields.append(PackedBytes.bigEndian("coalesce(d\(k).n, \(count))", bytes: PackedBytes.widthSQL(codes: "\(count) + 1")))
        }
        let rows = """
            SELECT 1 AS part, 0 AS k, o / \(Self.chunkRows) AS chunk, string_agg(packed, ''::bytea ORDER BY o) AS bytes FROM (
                SELECT r.o, \(fields.isEmpty ? "''::bytea" : fields.joined(separator: " || ")) AS packed
                FROM (SELECT \(([ExportTables.fence(0)] + selected).joined(separator: ", ")) FROM \(query.relation)) r \(joins.joined(separator: " "))
            ) packed_rows GROUP BY o / \(Self.chunkRows)
            """
        guard !codedColumns.isEmpty else { return rows + " ORDER BY chunk" }
        return """
            WITH d AS MATERIALIZED (
                SELECT k, v, (row_number() OVER (PARTITION BY k ORDER BY v) - 1)::int AS n FROM (
                    SELECT c.k, c.v FROM \(query.relation)
                    CROSS JOIN LATERAL unnest(ARRAY[\(codedColumns.map(String.init).joined(separator: ", "))],
                                              ARRAY[\(codedColumns.map { Self.bytes(query.values[$0]) }.joined(separator: ", "))]) c(k, v)
                    WHERE c.v IS NOT NULL GROUP BY c.k, c.v
                ) grouped
            ), counts AS MATERIALIZED (SELECT k, count(*)::int AS values FROM d GROUP BY k)
            SELECT 0 AS part, k, n / \(Self.chunkRows) AS chunk, string_agg(\(PackedBytes.lengthAndBytes("v")), ''::bytea ORDER BY n) FROM d GROUP BY k, n / \(Self.chunkRows)
            UNION ALL
            \(rows)
            ORDER BY 1, 2, 3
            """
    }

    /// Hands every row to `body` in order: its file number, its line, its raw record and its values
    /// (nil: NULL), the buffers valid during the call.
    func forEachRow(_ warehouse: Warehouse,
                    _ body: @escaping (Int, Int?, UnsafeRawBufferPointer?, [UnsafeRawBufferPointer?]) throws -> Void) throws {
        let fileBytes = fileBytes, hasLine = query.line != nil, hasRaw = query.raw != nil
        let dictionaries = query.values.indices.map { codedColumns.contains($0) ? ColumnDictionary() : nil }
        var values = [UnsafeRawBufferPointer?](repeating: nil, count: query.values.count)
        do {
            try warehouse.forEachRawRow(sql) { row in
                let cells = row.makeRandomAccess()
                guard let part = try? cells[0].decode(Int.self), let column = try? cells[1].decode(Int.self), let chunk = cells[3].bytes else {
                    throw UndecodableBytes()
                }
                try chunk.withUnsafeReadableBytes { bytes in
                    var reader = PackedReader(bytes: bytes)
                    if part == 0 {
                        guard let dictionary = dictionaries.indices.contains(column) ? dictionaries[column] : nil else { throw UndecodableBytes() }
                        while !reader.atEnd { try dictionary.append(reader.lengthAndBytes()) }
                        return
                    }
                    while !reader.atEnd {
                        let file = fileBytes == 0 ? 0 : Int(try reader.number(bytes: fileBytes))
                        let line = hasLine ? Int(try reader.number(bytes: 4)) : nil
                        let raw = hasRaw ? try reader.lengthAndBytes() : nil
                        for k in values.indices {
                            values[k] = try dictionaries[k].map { try $0.value(Int(reader.number(bytes: $0.width))) } ?? reader.lengthAndBytes()
                        }
                        try body(file, line, raw, values)
                    }
                }
            }
        } catch is UndecodableBytes {
            throw UndecodableBytes.error(in: query.relation)
        }
    }
}

/// One column's distinct values, numbered in the order they arrive; the number after the last stands for NULL.
private final class ColumnDictionary {
    private var bytes: [UInt8] = []
    private var starts: [Int] = [0]
    private var storage: UnsafeMutableRawBufferPointer?

    var width: Int { PackedBytes.width(codes: starts.count) }  // (the values and NULL)
    private var nullCode: Int { starts.count - 1 }

    func append(_ value: UnsafeRawBufferPointer?) throws {
        guard let value, storage == nil else { throw UndecodableBytes() }
        bytes += value
        starts.append(bytes.count)
    }

    deinit { storage?.deallocate() }

    func value(_ code: Int) throws -> UnsafeRawBufferPointer? {
        guard code != nullCode else { return nil }
        guard code >= 0 && code < nullCode else { throw UndecodableBytes() }
        if storage == nil {  // (the values are complete once the rows begin: kept where a pointer stays valid)
            let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, bytes.count), alignment: 1)
            copy.copyBytes(from: bytes)
            storage = copy
            bytes = []
        }
        return UnsafeRawBufferPointer(rebasing: storage![starts[code]..<starts[code + 1]])
    }
}
