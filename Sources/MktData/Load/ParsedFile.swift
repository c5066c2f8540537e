/// Rows of one export file, read on a background thread with file-local ids.
protocol ParsedRows: SendableMetatype {
    init()
}

/// One export file read and validated on a background thread: its rows with file-local ids, its
/// counts and rejected rows. The loader merges files in name order on one thread (`OrderedWork`),
/// de-duplicating and giving rows the run's ids there, so the outcome equals a sequential read.
struct ParsedFile<Rows: ParsedRows>: @unchecked Sendable {  // moved from its producer to the merging thread, never shared
    var name: String
    /// Per-file counts and rejected rows (in file order), forwarded to the run's log on merge.
    let rejected = CollectingRejectSink()
    let log: RejectLog
    /// False for a file without a header row.
    var hasHeader = true
    var rows = Rows()
    /// An error that stopped reading the file part-way (after the rows above).
    var failure: Error?

    init(name: String) {
        self.name = name
        log = RejectLog(sink: rejected)
    }

    /// Opens and reads one file with `readRows`; never throws (a failure is kept for the merge).
    static func read(path: String, name: String, kind: ExportKind, config: Config,
                     _ readRows: (CSVExportFile, RejectLog, inout Rows) throws -> Void) -> ParsedFile {
        var parsed = ParsedFile(name: name)
        do {
            if let file = try CSVExportFile.open(path: path, name: name, kind: kind, config: config) {
                try readRows(file, parsed.log, &parsed.rows)
            } else {
                parsed.hasHeader = false
            }
        } catch {
            parsed.failure = error
        }
        return parsed
    }
}

extension LoadContext {
    /// Forwards a parsed file's notes, counts and rejects, runs `mergeRows`, then rethrows the
    /// error that stopped the file, if any.
    func merge<Rows>(_ file: ParsedFile<Rows>, _ mergeRows: (Rows) -> Void) throws {
        if !file.hasHeader { log.noteEmptyFile(file.name) }
        try log.absorb(file.log.quality, rejected: file.rejected.rows)
        mergeRows(file.rows)
        if let failure = file.failure { throw failure }
    }
}

/// File-local id -> run id, assigned on first use, so run ids come in the order a sequential
/// read would have assigned them.
struct IdMap {
    private var runId: [Int32]

    init(count: Int) { runId = Array(repeating: -1, count: count) }

    /// The run id of local id `local` (-1 stays -1), interning `strings[local]` the first time.
    @inline(__always) mutating func id(_ local: Int32, _ strings: [String], in interner: inout Interner) -> Int32 {
        guard local >= 0 else { return -1 }
        if runId[Int(local)] < 0 { runId[Int(local)] = interner.intern(strings[Int(local)]) }
        return runId[Int(local)]
    }

    /// The run id if already assigned, else -1 (for prefetching).
    @inline(__always) func known(_ local: Int32) -> Int32 { local >= 0 ? runId[Int(local)] : -1 }
}
