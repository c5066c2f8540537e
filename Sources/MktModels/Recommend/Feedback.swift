import Foundation
import MktFacts

/// Implicit feedback as of the end of an interaction period, built from the facts.
///
/// The weight of customer u for item i is `log(1 + s)`, s the sum over signals of
/// `eventWeights[signal] * decayed count`, each decayed count carried forward to
/// the end of the cut-off period (see `InteractionTable`). The logarithm damps a few heavy
/// repeat buyers of one item (measured on three real purchase sets, BENCHMARKS.md issue 22:
/// EASE^R's NDCG@10 on the gift shop 0.0937 with raw sums, 0.1061 with log(1 + s)).
public struct Feedback: Sendable {
    /// Customers x items.
    public var matrix: SparseMatrix
    /// Items each customer bought up to the cut-off, per customer (ascending item ids).
    public var bought: [[Int32]]
    /// Purchases on the days up to the cut-off, age 0 being the cut-off's last day (empty when
    /// the data has no dates).
    public var recentPurchases: RecentPurchaseTable
    /// Every customer's purchases by day; only the days up to `cutoff` belong to this feedback.
    public var purchaseDays: PurchaseDayTable
    /// The last day of the feedback (nil: no dates).
    public var cutoff: Day?

    public init(matrix: SparseMatrix, bought: [[Int32]], recentPurchases: RecentPurchaseTable = RecentPurchaseTable(),
                purchaseDays: PurchaseDayTable = PurchaseDayTable(), cutoff: Day? = nil) {
        self.matrix = matrix
        self.bought = bought
        self.recentPurchases = recentPurchases
        self.purchaseDays = purchaseDays
        self.cutoff = cutoff
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
                values.append(Float(log1p(Double(w))))
                rowStart[customer + 1] += 1
            }
        }
        for r in 0..<facts.customers.count { rowStart[r + 1] += rowStart[r] }
        let matrix = SparseMatrix(rowCount: facts.customers.count, columnCount: facts.catalog.count,
                                  rowStart: rowStart, columns: columns, values: values)
        return Feedback(matrix: matrix, bought: bought,
                        recentPurchases: recentPurchases(facts.recentPurchases, before: (2 - throughPeriod) * facts.periods.current.length),
                        purchaseDays: facts.purchaseDays, cutoff: facts.periods.interactionPeriodEnds[throughPeriod])
    }

    /// The table with its ages counted from `cutoffAge` days before the window's end (later days dropped).
    static func recentPurchases(_ table: RecentPurchaseTable, before cutoffAge: Int) -> RecentPurchaseTable {
        var shifted = RecentPurchaseTable()
        shifted.days = max(0, table.days - cutoffAge)
        for row in 0..<table.count where table.age[row] >= cutoffAge {
            shifted.item.append(table.item[row])
            shifted.age.append(table.age[row] - Int32(cutoffAge))
            shifted.purchases.append(table.purchases[row])
        }
        return shifted
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
