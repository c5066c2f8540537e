import CPosixShims

/// A compressed-sparse-row matrix of `Float`s: memory grows with the non-zeros.
///
/// Rows are customers and columns items for feedback; rows are items for
/// neighbour lists. Column indices within a row are ascending.
public struct SparseMatrix: Sendable {
    public var rowCount: Int
    public var columnCount: Int
    /// Row r's entries are `rowStart[r] ..< rowStart[r + 1]`.
    public var rowStart: [Int]
    public var columns: [Int32]
    public var values: [Float]

    public init(rowCount: Int, columnCount: Int, rowStart: [Int], columns: [Int32], values: [Float]) {
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.rowStart = rowStart
        self.columns = columns
        self.values = values
    }

    /// Builds from (row, column, value) triples sorted by row then column.
    public init(rowCount: Int, columnCount: Int, sortedTriples: [(Int32, Int32, Float)]) {
        var starts = Array(repeating: 0, count: rowCount + 1)
        for t in sortedTriples { starts[Int(t.0) + 1] += 1 }
        for r in 0..<rowCount { starts[r + 1] += starts[r] }
        self.init(rowCount: rowCount, columnCount: columnCount, rowStart: starts,
                  columns: sortedTriples.map(\.1), values: sortedTriples.map(\.2))
    }

    public var nonZeroCount: Int { values.count }

    @inline(__always) public func row(_ r: Int) -> Range<Int> { rowStart[r]..<rowStart[r + 1] }

    /// Starts loading row `r`'s entries a little before they are read: rows visited in a
    /// scattered order (a customer's row for each of an item's customers) are cache misses.
    /// Every cache line of the row, not only its first: item-kNN's fit on a held-out-like medium
    /// shop (100k customers, 20k items) took 1.28 s of CPU instead of 1.35 (means of nine fits).
    @inline(__always) public func prefetchRow(_ r: Int) {
        let entries = rowStart[r]..<rowStart[r + 1]
        columns.withUnsafeBufferPointer { columns in
            values.withUnsafeBufferPointer { values in
                for entry in stride(from: entries.lowerBound, to: entries.upperBound, by: 16) {  // 16 entries of 4 bytes: a 64-byte line
                    mkt_prefetch(columns.baseAddress! + entry)
                    mkt_prefetch(values.baseAddress! + entry)
                }
            }
        }
    }

    /// The same matrix with each row cut to its `n` largest values (ties: the lower column).
    public func keepingStrongest(perRow n: Int) -> SparseMatrix {
        guard (0..<rowCount).contains(where: { row($0).count > n }) else { return self }
        var starts = [0]
        starts.reserveCapacity(rowCount + 1)
        var newColumns: [Int32] = [], newValues: [Float] = []
        for r in 0..<rowCount {
            if row(r).count <= n {
                newColumns += columns[row(r)]
                newValues += values[row(r)]
            } else {
                var top = TopN(capacity: n)
                for k in row(r) { top.offer(item: columns[k], score: values[k]) }
                for entry in top.items.sorted(by: { $0.item < $1.item }) {
                    newColumns.append(entry.item)
                    newValues.append(entry.score)
                }
            }
            starts.append(newColumns.count)
        }
        return SparseMatrix(rowCount: rowCount, columnCount: columnCount, rowStart: starts, columns: newColumns, values: newValues)
    }

    /// The transpose, also in CSR form (column indices ascending).
    public func transposed() -> SparseMatrix {
        var starts = Array(repeating: 0, count: columnCount + 1)
        for c in columns { starts[Int(c) + 1] += 1 }
        for c in 0..<columnCount { starts[c + 1] += starts[c] }
        var next = starts
        var newColumns = [Int32](repeating: 0, count: values.count)
        var newValues = [Float](repeating: 0, count: values.count)
        for r in 0..<rowCount {
            for k in row(r) {
                let c = Int(columns[k])
                newColumns[next[c]] = Int32(r)
                newValues[next[c]] = values[k]
                next[c] += 1
            }
        }
        return SparseMatrix(rowCount: columnCount, columnCount: rowCount, rowStart: starts, columns: newColumns, values: newValues)
    }
}

/// Keeps the `capacity` best (score, item) pairs seen; ties go to the lower item index.
public struct TopN {
    public let capacity: Int
    public private(set) var items: [(item: Int32, score: Float)] = []

    public init(capacity: Int) {
        self.capacity = capacity
        items.reserveCapacity(capacity + 1)
    }

    /// Higher score first, then the lower item id.
    @inline(__always) static func better(_ a: (item: Int32, score: Float), than b: (item: Int32, score: Float)) -> Bool {
        a.score != b.score ? a.score > b.score : a.item < b.item
    }

    /// Whether `offer` would keep this pair (a cheap test before costlier checks on the item).
    @inline(__always) public func wouldKeep(item: Int32, score: Float) -> Bool {
        items.count < capacity || (capacity > 0 && Self.better((item, score), than: items[capacity - 1]))
    }

    @inline(__always) public mutating func offer(item: Int32, score: Float) {
        let candidate = (item: item, score: score)
        if items.count == capacity {
            guard wouldKeep(item: item, score: score) else { return }
            items.removeLast()
        }
        var i = items.count
        items.append(candidate)
        while i > 0 && Self.better(candidate, than: items[i - 1]) {
            items[i] = items[i - 1]
            i -= 1
        }
        items[i] = candidate
    }
}
