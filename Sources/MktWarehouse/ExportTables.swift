import MktData

/// The tables `--source` reads and `import` writes: one per export kind, named as the kind
/// (`orders`, `customers`, `events`, `products`, `ads`), with the contract's columns as text.
///
/// `import` adds four columns that let a table stand for several export files exactly:
/// `source_file` (the file a row came from), `source_line` (its line there), `source_raw` (a
/// record that could not be split into fields, kept whole so it is rejected for the same reason)
/// and `source_personal` (the file's personal-data column names, comma-separated: their values are
/// never copied, but a header with them hides rejected rows' text).
/// A table without them (loaded by the shop's own script) reads as one file, `<table>.csv`.
enum ExportTables {
    static let sourceFile = "source_file", sourceLine = "source_line", sourceRaw = "source_raw", sourcePersonal = "source_personal"
    static let sourceColumns: Set<String> = [sourceFile, sourceLine, sourceRaw, sourcePersonal]

    /// The columns of `kind`'s table in the address's schema, in table order; nil when there is no such table.
    static func columns(of kind: ExportKind, in warehouse: Warehouse) throws -> [String]? {
        let names = try warehouse.rows("""
            SELECT column_name::text FROM information_schema.columns
            WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position
            """, [warehouse.url.schema, kind.rawValue]).compactMap { $0.first ?? nil }
        return names.isEmpty ? nil : names
    }

    /// The order of `kind`'s table's rows, for a table of the shop's own: a column that numbered
    /// the rows as they were inserted (an identity column, or one whose default is a sequence:
    /// `serial`; else an integer column named `index`, where pandas' `to_sql` writes each row's
    /// number) when there is one, else the order they are stored in (`tableoid, ctid`). A plain
    /// scan need not follow either (another session's scan may start it where the last one stopped,
    /// `synchronize_seqscans`: the medium orders came about 950 lines out of place). The stored
    /// order need not be the insertion order: `COPY` puts a row on an earlier page that has
    /// room for it when rows differ in width (BENCHMARKS.md, issue 25).
    /// Empty for a view, which has no stored order: its rows as it gives them.
    /// `numbering` is the numbering column, which the shop's script added and no export file has.
    static func storedOrder(of kind: ExportKind, in warehouse: Warehouse) throws -> (order: [String], numbering: String?) {
        let relationKind = try warehouse.rows("""
            SELECT c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2
            """, [warehouse.url.schema, kind.rawValue]).first?.first ?? nil
        guard ["r", "p", "m"].contains(relationKind) else { return ([], nil) }  // (tables, partitioned tables, materialized views)
        let numbering = try warehouse.rows("""
            SELECT name FROM (
                SELECT a.attname::text AS name, a.attnum, a.attidentity <> '' OR pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%' AS sequenced,
                       lower(a.attname) = 'index' AND a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype) AS pandas_index
                FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped
            ) columns WHERE sequenced OR pandas_index ORDER BY sequenced DESC, attnum LIMIT 1
            """, [warehouse.url.schema, kind.rawValue]).first?.first ?? nil
        return ((numbering.map { [quoted($0)] } ?? []) + ["tableoid", "ctid"], numbering)
    }

    /// A column that keeps PostgreSQL from folding the subquery whose select list holds it into the
    /// query above (it does not fold a subquery with a volatile function there), so an expression
    /// the levels above use several times is still computed once a row. `OFFSET 0` fences as well,
    /// but Citus then copies the subquery's rows to the coordinator instead of running it on the
    /// shards, and refuses more than 1 GB of them (the medium events). `clock_timestamp()`, unlike
    /// `random()`, is safe in parallel workers, so the scan below may be shared out: the medium
    /// events' classification took 18.6 s instead of 33.9 s on two cores. `n` numbers the fences of one statement.
    static func fence(_ n: Int) -> String { "clock_timestamp() AS fence\(n)" }

    /// A string as an SQL literal (standard strings: `Warehouse.sessionSettings`).
    static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    /// A column name quoted for SQL.
    static func quoted(_ column: String) -> String { "\"" + column.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}
