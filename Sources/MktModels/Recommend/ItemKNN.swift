import MktData

/// Item-based k-nearest-neighbours (Sarwar et al. 2001) with cosine similarity and shrinkage.
///
/// sim(i, j) = (r_i . r_j) / (|r_i| |r_j|) * n_ij / (n_ij + shrinkage), where r_i is
/// item i's column of the feedback matrix and n_ij the number of customers with
/// feedback on both; each item keeps its `neighbours` most similar items. A
/// customer's score for item j is sum over their items i of w_ui * sim(i, j).
/// Cost: sum over customers of (items per customer)^2, on all cores; memory items x neighbours.
public struct ItemKNNRecommender: Recommender {
    public let name = "item-knn"
    /// Items x items, at most `neighbours` entries per row.
    public let similarities: SparseMatrix

    public init(feedback: SparseMatrix, neighbours: Int, shrinkage: Float) {
        let byItem = feedback.transposed()
        let itemCount = feedback.columnCount
        let norms = (0..<itemCount).map { i in
            var s: Float = 0
            for k in byItem.row(i) { s += byItem.values[k] * byItem.values[k] }
            return s.squareRoot()
        }
        // Items in chunks on all cores; each chunk has its own accumulators.
        let rows = Parallel.map(itemCount, chunkSize: 256) { items -> [[(item: Int32, score: Float)]] in
            // Raw buffers: the co-occurrence loop is the fit's whole cost, and array indexing with
            // its uniqueness checks made it about twice as slow (perf, medium scale).
            let dot = UnsafeMutableBufferPointer<Float>.allocate(capacity: itemCount)
            let together = UnsafeMutableBufferPointer<Float>.allocate(capacity: itemCount)
            dot.initialize(repeating: 0)
            together.initialize(repeating: 0)
            defer {
                dot.deallocate()
                together.deallocate()
            }
            var touched: [Int32] = []
            return items.map { i in
                touched.removeAll(keepingCapacity: true)
                feedback.columns.withUnsafeBufferPointer { columns in
                    feedback.values.withUnsafeBufferPointer { values in
                        for k in byItem.row(i) {
                            let user = Int(byItem.columns[k]), wi = byItem.values[k]
                            for m in feedback.row(user) {
                                let j = Int(columns[m])
                                if j == i { continue }
                                if together[j] == 0 { touched.append(Int32(j)) }
                                dot[j] += wi * values[m]
                                together[j] += 1
                            }
                        }
                    }
                }
                var top = TopN(capacity: neighbours)
                for j32 in touched {
                    let j = Int(j32)
                    let n = together[j]
                    let sim = dot[j] / (norms[i] * norms[j]) * n / (n + shrinkage)
                    dot[j] = 0
                    together[j] = 0
                    if sim > 0 { top.offer(item: j32, score: sim) }
                }
                return top.items.sorted { $0.item < $1.item }
            }
        }
        var rowStart = [0]
        var columns: [Int32] = []
        var values: [Float] = []
        for row in rows {
            for entry in row {
                columns.append(entry.item)
                values.append(entry.score)
            }
            rowStart.append(columns.count)
        }
        similarities = SparseMatrix(rowCount: itemCount, columnCount: itemCount, rowStart: rowStart, columns: columns, values: values)
    }

    public func score(user: Int, feedback: SparseMatrix, into scores: inout [Float], touched: inout [Int32]) {
        for k in feedback.row(user) {
            let i = Int(feedback.columns[k]), w = feedback.values[k]
            for m in similarities.row(i) {
                let j = Int(similarities.columns[m])
                if scores[j] == 0 { touched.append(Int32(j)) }
                scores[j] += w * similarities.values[m]
            }
        }
    }
}
