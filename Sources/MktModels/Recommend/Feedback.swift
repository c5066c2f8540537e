import Foundation
import MktFacts

/// Implicit feedback as of the end of an interaction period, built from the facts.
///
/// The weight of customer u for item i is the sum over signals of
/// `eventWeights[signal] * decayed count`, each decayed count carried forward to
/// the end of the cut-off period (see `InteractionTable`).
public struct Feedback: Sendable {
    /// Customers x items.
    public var matrix: SparseMatrix
    /// Items each customer bought up to the cut-off, per customer (ascending item ids).
    public var bought: [[Int32]]

    public init(matrix: SparseMatrix, bought: [[Int32]]) {
        self.matrix = matrix
        self.bought = bought
    }

    /// Feedback from (user, item, weight) interactions, repeated pairs summed; every interaction
    /// counts as "bought" for exclusion (for data without separate purchases).
    public static func interactions(_ triples: [(user: Int32, item: Int32, weight: Float)], users: Int, items: Int) -> Feedback {
        var sums: [Int64: Float] = [:]
        for t in triples { sums[Int64(t.user) << 32 | Int64(t.item), default: 0] += t.weight }
        let sorted = sums.keys.sorted().map { (Int32($0 >> 32), Int32(truncatingIfNeeded: $0), sums[$0]!) }
        let matrix = SparseMatrix(rowCount: users, columnCount: items, sortedTriples: sorted)
        let bought = (0..<users).map { u in Array(matrix.columns[matrix.row(u)]) }
        return Feedback(matrix: matrix, bought: bought)
    }

    /// - Parameter throughPeriod: last interaction period included (0, 1 or 2).
    public static func build(_ facts: Facts, weights: [String: Double], throughPeriod: Int) -> Feedback {
        let table = facts.interactions
        let signalWeights = InteractionTable.Signal.allCases.map { signal -> Float in
            Float(weights[String(describing: signal)] ?? 0)
        }
        let length = Double(facts.periods.current.length)
        // Decay from the end of period p to the end of `throughPeriod`: periods 1 and 2 end one window apart.
        let carry: [Float] = (0..<InteractionTable.periodCount).map { p in
            Float(exp2(-Double(max(0, throughPeriod - p)) * length / table.halfLifeDays))
        }
        var rowStart = Array(repeating: 0, count: facts.customers.count + 1)
        var columns: [Int32] = []
        var values: [Float] = []
        var bought = Array(repeating: [Int32](), count: facts.customers.count)
        let boughtMask = UInt8((1 << (throughPeriod + 1)) - 1)
        // Each row's signals read straight from the flat table's buffer, in the same order and with
        // the same products as through `InteractionTable.signal`, but twice as fast.
        table.signals.withUnsafeBufferPointer { signals in
            for row in 0..<table.count {
                var w: Float = 0
                for p in 0...throughPeriod {
                    for s in signalWeights.indices { w += signalWeights[s] * signals[InteractionTable.signalIndex(row, period: p, s)] * carry[p] }
                }
                let customer = Int(table.customer[row])
                if table.boughtIn[row] & boughtMask != 0 { bought[customer].append(table.item[row]) }
                guard w > 0 else { continue }
                columns.append(table.item[row])
                values.append(w)
                rowStart[customer + 1] += 1
            }
        }
        for r in 0..<facts.customers.count { rowStart[r + 1] += rowStart[r] }
        let matrix = SparseMatrix(rowCount: facts.customers.count, columnCount: facts.catalog.count,
                                  rowStart: rowStart, columns: columns, values: values)
        return Feedback(matrix: matrix, bought: bought)
    }

    /// Items each customer bought (for the first time) in interaction period `p`: the held-out truth.
    public static func newPurchases(_ facts: Facts, inPeriod p: Int) -> [Int32: [Int32]] {
        let table = facts.interactions
        let earlier = UInt8((1 << p) - 1)
        var result: [Int32: [Int32]] = [:]
        for row in 0..<table.count where table.boughtIn[row] & (1 << UInt8(p)) != 0 && table.boughtIn[row] & earlier == 0 {
            result[table.customer[row], default: []].append(table.item[row])
        }
        return result
    }
}
