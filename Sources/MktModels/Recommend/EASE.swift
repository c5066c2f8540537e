import Foundation
import MktFacts

/// EASE^R (Steck 2019): a shallow linear autoencoder with a closed form,
/// B = I - P diag(1 / diag(P)), P = (X'X + lambda I)^-1, zero diagonal; score(u) = x_u B.
///
/// The Gram matrix is dense in the items, so it is built over the `maxItems` items with the
/// most customers (they carry most interactions); other items are not scored by this model.
/// Cost: O(nnz x maxItems) to build, O(maxItems^3) to invert.
public struct EASERecommender: Recommender {
    public let name = "ease"
    /// Catalog item of each model column.
    let items: [Int32]
    /// Model column of each catalog item, -1 when not modelled.
    let column: [Int32]
    /// weights[i * m + j], row-major over model columns.
    let weights: [Float]

    /// The part of a fit that does not depend on lambda (most of its cost): the modelled items and
    /// their Gram matrix X'X, so that several lambdas can be tried on one.
    public struct Gram: Sendable {
        let items: [Int32]
        let column: [Int32]
        /// X'X over the model columns, row-major.
        let matrix: [Double]

        /// Nil when fewer than two items have feedback.
        public init?(feedback: SparseMatrix, maxItems: Int = 1000) {
            var counts = [Float](repeating: 0, count: feedback.columnCount)
            for c in feedback.columns { counts[Int(c)] += 1 }
            var top = TopN(capacity: maxItems)
            for item in 0..<counts.count where counts[item] > 0 { top.offer(item: Int32(item), score: counts[item]) }
            let items = top.items.map(\.item).sorted()
            let m = items.count
            guard m >= 2 else { return nil }
            var column = [Int32](repeating: -1, count: feedback.columnCount)
            for (j, item) in items.enumerated() { column[Int(item)] = Int32(j) }
            // The feedback on the modelled items only, in model columns, and its transpose (each
            // item's customers). Gram rows are built one item at a time, the row staying in cache,
            // rows split over the cores: per entry the same sum in the same customer order as adding
            // each customer's outer product (scattering those over the matrix took 0.5 s on medium on
            // one core; this takes 0.25 s on two).
            var starts = [0], localColumns: [Int32] = [], localValues: [Float] = []
            starts.reserveCapacity(feedback.rowCount + 1)
            for u in 0..<feedback.rowCount {
                for k in feedback.row(u) where column[Int(feedback.columns[k])] >= 0 {
                    localColumns.append(column[Int(feedback.columns[k])])
                    localValues.append(feedback.values[k])
                }
                starts.append(localColumns.count)
            }
            let local = SparseMatrix(rowCount: feedback.rowCount, columnCount: m, rowStart: starts, columns: localColumns, values: localValues)
            let customersOf = local.transposed()
            var gram = [Double](repeating: 0, count: m * m)
            gram.withUnsafeMutableBufferPointer { buffer in
                let shared = SharedPointer(buffer.baseAddress!)
                Parallel.forEach(m, chunkSize: 8) { rows in
                    // Raw buffers: with the arrays' bounds checks this loop took about a fifth longer.
                    local.columns.withUnsafeBufferPointer { columns in
                        local.values.withUnsafeBufferPointer { values in
                            for a in rows {
                                let row = shared.base + a * m
                                let customers = customersOf.row(a)
                                for e in customers {
                                    if e + 4 < customers.upperBound { local.prefetchRow(Int(customersOf.columns[e + 4])) }
                                    let va = Double(customersOf.values[e])
                                    for k in local.row(Int(customersOf.columns[e])) {
                                        let b = Int(columns[k])
                                        if b > a { break }  // the customer's columns ascend: the rest are above the diagonal
                                        row[b] += va * Double(values[k])
                                    }
                                }
                            }
                        }
                    }
                }
            }
            for a in 0..<m {
                for b in 0..<a { gram[b * m + a] = gram[a * m + b] }
            }
            self.items = items
            self.column = column
            matrix = gram
        }
    }

    public init?(feedback: SparseMatrix, lambda: Double, maxItems: Int = 1000) {
        guard let gram = Gram(feedback: feedback, maxItems: maxItems) else { return nil }
        self.init(gram: gram, lambda: lambda)
    }

    public init?(gram: Gram, lambda: Double) {
        let m = gram.items.count
        var regularised = gram.matrix
        for a in 0..<m { regularised[a * m + a] += lambda }
        guard let inverse = LeastSquares.inverseSymmetric(regularised, size: m) else { return nil }
        var weights = [Float](repeating: 0, count: m * m)
        for i in 0..<m {
            for j in 0..<m where i != j { weights[i * m + j] = Float(-inverse[i * m + j] / inverse[j * m + j]) }
        }
        items = gram.items
        column = gram.column
        self.weights = weights
    }

    private let buffers = ScoreBuffers()

    public func score(user: Int, feedback: SparseMatrix, into board: inout ScoreBoard) {
        addPositive(user: user, feedback: feedback, scale: { _ in 1 }, into: &board)
    }

    /// As a blend part its maximum is known once the dense row is summed, so it adds in one pass.
    public func addScaled(user: Int, feedback: SparseMatrix, weight: Float, into board: inout ScoreBoard, scratch: inout ScoreBoard) {
        addPositive(user: user, feedback: feedback, scale: { PartScores.scale(weight: weight, maximum: $0) }, into: &board)
    }

    /// Adds the positive scores x `scale(maximum score)`.
    private func addPositive(user: Int, feedback: SparseMatrix, scale: (Float) -> Float, into board: inout ScoreBoard) {
        buffers.with(count: items.count) { sum in
            guard accumulate(user: user, feedback: feedback, into: &sum) else { return }
            let factor = scale(sum.reduce(Float(0)) { max($0, $1) })
            for j in 0..<sum.count {
                let value = sum[j]
                sum[j] = 0
                // (Adding zero leaves an item unlisted; no branch on the sign.)
                board.add(items[j], value > 0 ? value * factor : 0)
            }
        }
    }

    /// x_u B over the model columns into `sum` (all zero on entry); false when the customer has no modelled item.
    private func accumulate(user: Int, feedback: SparseMatrix, into sum: inout [Float]) -> Bool {
        let m = items.count
        var any = false
        // Raw pointers let the compiler vectorise the row update (about 4x faster than indexing the arrays).
        weights.withUnsafeBufferPointer { w in
            sum.withUnsafeMutableBufferPointer { sum in
                for k in feedback.row(user) {
                    let i = column[Int(feedback.columns[k])]
                    guard i >= 0 else { continue }
                    any = true
                    let x = feedback.values[k], row = UnsafeBufferPointer(rebasing: w[(Int(i) * m)..<(Int(i) * m + m)])
                    for j in 0..<m { sum[j] += x * row[j] }
                }
            }
        }
        return any
    }
}
