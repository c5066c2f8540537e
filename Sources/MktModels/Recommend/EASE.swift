import Foundation
import MktData

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

    public init?(feedback: SparseMatrix, lambda: Double, maxItems: Int = 1000) {
        var counts = [Float](repeating: 0, count: feedback.columnCount)
        for c in feedback.columns { counts[Int(c)] += 1 }
        var top = TopN(capacity: maxItems)
        for item in 0..<counts.count where counts[item] > 0 { top.offer(item: Int32(item), score: counts[item]) }
        let items = top.items.map(\.item).sorted()
        let m = items.count
        guard m >= 2 else { return nil }
        var column = [Int32](repeating: -1, count: feedback.columnCount)
        for (j, item) in items.enumerated() { column[Int(item)] = Int32(j) }
        var gram = [Double](repeating: 0, count: m * m)
        var local: [(Int, Double)] = []
        for u in 0..<feedback.rowCount {
            local.removeAll(keepingCapacity: true)
            for k in feedback.row(u) where column[Int(feedback.columns[k])] >= 0 {
                local.append((Int(column[Int(feedback.columns[k])]), Double(feedback.values[k])))
            }
            for (a, va) in local { for (b, vb) in local where b <= a { gram[a * m + b] += va * vb } }
        }
        for a in 0..<m {
            for b in 0..<a { gram[b * m + a] = gram[a * m + b] }
            gram[a * m + a] += lambda
        }
        guard let inverse = LeastSquares.inverseSymmetric(gram, size: m) else { return nil }
        var weights = [Float](repeating: 0, count: m * m)
        for i in 0..<m {
            for j in 0..<m where i != j { weights[i * m + j] = Float(-inverse[i * m + j] / inverse[j * m + j]) }
        }
        self.items = items
        self.column = column
        self.weights = weights
    }

    private let buffers = ScoreBuffers()

    public func score(user: Int, feedback: SparseMatrix, into scores: inout [Float], touched: inout [Int32]) {
        buffers.with(count: items.count) { accumulated in score(user: user, feedback: feedback, accumulated: &accumulated, into: &scores, touched: &touched) }
    }

    private func score(user: Int, feedback: SparseMatrix, accumulated: inout [Float], into scores: inout [Float], touched: inout [Int32]) {
        let m = items.count
        var any = false
        // Raw pointers let the compiler vectorise the row update (about 4x faster than indexing the arrays).
        weights.withUnsafeBufferPointer { w in
            accumulated.withUnsafeMutableBufferPointer { sum in
                for k in feedback.row(user) {
                    let i = column[Int(feedback.columns[k])]
                    guard i >= 0 else { continue }
                    any = true
                    let x = feedback.values[k], row = UnsafeBufferPointer(rebasing: w[(Int(i) * m)..<(Int(i) * m + m)])
                    for j in 0..<m { sum[j] += x * row[j] }
                }
            }
        }
        guard any else { return }
        for j in 0..<m {
            let value = accumulated[j]
            accumulated[j] = 0
            guard value > 0 else { continue }
            let item = Int(items[j])
            if scores[item] == 0 { touched.append(items[j]) }
            scores[item] += value
        }
    }
}
