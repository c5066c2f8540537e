import MktFacts

/// User-based k-nearest-neighbours: the seed's neighbourhood-weighted formula
/// score(u, i) = sum_{v in N(u)} sim(u, v) r_vi / sum_{v in N(u)} |sim(u, v)|,
/// with cosine similarity between customers' feedback rows and N(u) the `neighbours` most
/// similar customers. Neighbours are found through shared items; each item contributes at
/// most its `maxUsersPerItem` heaviest customers, so a hugely popular item cannot make the
/// search quadratic in customers.
public struct UserKNNRecommender: Recommender {
    public let name = "user-knn"
    let byItem: SparseMatrix
    let norms: [Float]
    let neighbours: Int

    public init(feedback: SparseMatrix, neighbours: Int, maxUsersPerItem: Int = 300) {
        self.neighbours = neighbours
        norms = (0..<feedback.rowCount).map { u in
            var s: Float = 0
            for k in feedback.row(u) { s += feedback.values[k] * feedback.values[k] }
            return s.squareRoot()
        }
        // Keep each item's heaviest customers (ties: lower customer index) for neighbour search;
        // items in chunks on all cores.
        let full = feedback.transposed()
        let kept = Parallel.map(full.rowCount, chunkSize: 256) { items in
            items.map { item -> [(item: Int32, score: Float)] in
                var top = TopN(capacity: maxUsersPerItem)
                for k in full.row(item) { top.offer(item: full.columns[k], score: full.values[k]) }
                return top.items.sorted { $0.item < $1.item }
            }
        }
        var rowStart = [0], columns: [Int32] = [], values: [Float] = []
        for customers in kept {
            for entry in customers {
                columns.append(entry.item)
                values.append(entry.score)
            }
            rowStart.append(columns.count)
        }
        byItem = SparseMatrix(rowCount: full.rowCount, columnCount: full.columnCount, rowStart: rowStart, columns: columns, values: values)
    }

    private let dotProducts = ScratchPool<ScoreBoard>()

    public func score(user: Int, feedback: SparseMatrix, into board: inout ScoreBoard) {
        guard norms[user] > 0 else { return }
        // Dot products with every customer sharing an item, on a reused board over the customers
        // (a dictionary per customer made user-kNN the slowest candidate to evaluate).
        let top = dotProducts.with(itemCount: feedback.rowCount) { dot in
            // Raw buffers: this loop is the scoring's main cost.
            byItem.columns.withUnsafeBufferPointer { customers in
                byItem.values.withUnsafeBufferPointer { weights in
                    for k in feedback.row(user) {
                        let item = Int(feedback.columns[k]), weight = feedback.values[k]
                        for m in byItem.row(item) where Int(customers[m]) != user {
                            let product = weight * weights[m]
                            if product > 0 { dot.add(customers[m], product) }  // (a zero-weight event type adds nothing)
                        }
                    }
                }
            }
            var top = TopN(capacity: neighbours)
            dot.drain { v, product in
                if norms[Int(v)] > 0 { top.offer(item: v, score: product / (norms[user] * norms[Int(v)])) }
            }
            return top
        }
        let total = top.items.reduce(Float(0)) { $0 + abs($1.score) }
        guard total > 0 else { return }
        for (v, similarity) in top.items {
            for k in feedback.row(Int(v)) { board.add(feedback.columns[k], similarity * feedback.values[k] / total) }
        }
    }
}
