import MktFacts

/// "Bought next": what customers bought on their next shopping day after buying an item, a
/// first-order basket-transition model (the sequential part of Rendle et al. 2010's FPMC).
///
/// Fit: for each customer's consecutive shopping days A then B (up to the feedback's cut-off),
/// every item i of A votes 1 / |A| for every other item j of B; each item keeps its `neighbours`
/// strongest successors, as shares of its votes (P(next j | i)). Score: the customer's last
/// `recentDays` shopping days, the latest first with weights 1, 1/2, 1/4, each day's items
/// sharing its weight, times their successors' shares. Unlike the co-occurrence models it knows
/// the order of purchases, so it can follow a shop's sequences (a refill, the next part of a set).
///
/// Baskets count their first `maxBasketItems` items (ascending ids): a film set's customer who
/// rates 300 films on one day would otherwise vote 90,000 times for one transition.
public struct BoughtNextRecommender: Recommender {
    public let name = "bought next"
    static let recentDays = 3, maxBasketItems = 50
    /// Items x items: row i holds i's successors with their shares.
    let successors: SparseMatrix
    /// The items of each customer's last `recentDays` shopping days (customer c's are
    /// `recentStart[c] ..< recentStart[c + 1]`, an item once per day), with their weights.
    let recentStart: [Int], recentItems: [Int32], recentWeights: [Float]

    /// Nil when the feedback has no dated purchases or no customer shopped on two days.
    public init?(feedback: Feedback, neighbours: Int) {
        guard let cutoff = feedback.cutoff, feedback.purchaseDays.count > 0 else { return nil }
        let table = feedback.purchaseDays, itemCount = feedback.matrix.columnCount
        var votes: [(key: UInt64, row: Int)] = [], weights: [Float] = []
        var recentStart = [0], recentItems: [Int32] = [], recentWeights: [Float] = []
        recentStart.reserveCapacity(table.rowStart.count)
        for customer in 0..<(table.rowStart.count - 1) {
            let days = Self.days(of: customer, in: table, through: cutoff)
            for (before, after) in zip(days, days.dropFirst()) {
                let from = before.prefix(Self.maxBasketItems), to = after.prefix(Self.maxBasketItems)
                let vote = 1 / Float(from.count)
                for i in from {
                    for j in to where j != i {
                        votes.append((PackedKey.pack(i, j), weights.count))
                        weights.append(vote)
                    }
                }
            }
            var weight: Float = 1
            for basket in days.suffix(Self.recentDays).reversed() {
                for item in basket {
                    recentItems.append(item)
                    recentWeights.append(weight / Float(basket.count))
                }
                weight /= 2
            }
            recentStart.append(recentItems.count)
        }
        guard !votes.isEmpty else { return nil }
        // Votes for one transition added up in the order they were cast (the sort is stable).
        RadixSort.sort(&votes)
        var rows = Array(repeating: [(item: Int32, score: Float)](), count: itemCount)
        var start = 0
        while start < votes.count {
            var end = start, sum: Float = 0
            while end < votes.count && votes[end].key == votes[start].key {
                sum += weights[votes[end].row]
                end += 1
            }
            rows[Int(PackedKey.high(votes[start].key))].append((PackedKey.low(votes[start].key), sum))
            start = end
        }
        var rowStart = [0], columns: [Int32] = [], values: [Float] = []
        for row in rows {
            let total = row.reduce(Float(0)) { $0 + $1.score }
            var top = TopN(capacity: neighbours)
            for entry in row { top.offer(item: entry.item, score: entry.score / total) }
            for entry in top.items.sorted(by: { $0.item < $1.item }) {
                columns.append(entry.item)
                values.append(entry.score)
            }
            rowStart.append(columns.count)
        }
        successors = SparseMatrix(rowCount: itemCount, columnCount: itemCount, rowStart: rowStart, columns: columns, values: values)
        self.recentStart = recentStart
        self.recentItems = recentItems
        self.recentWeights = recentWeights
    }

    /// The customer's shopping days up to `cutoff`, oldest first, each day's items ascending.
    static func days(of customer: Int, in table: PurchaseDayTable, through cutoff: Day) -> [ArraySlice<Int32>] {
        var days: [ArraySlice<Int32>] = []
        var start = table.rowStart[customer]
        let end = table.rowStart[customer + 1]
        while start < end && table.day[start] <= cutoff {
            var next = start + 1
            while next < end && table.day[next] == table.day[start] { next += 1 }
            days.append(table.item[start..<next])
            start = next
        }
        return days
    }

    public func score(user: Int, feedback: SparseMatrix, into board: inout ScoreBoard) {
        guard user + 1 < recentStart.count else { return }
        for k in recentStart[user]..<recentStart[user + 1] {
            let i = Int(recentItems[k]), w = recentWeights[k]
            for m in successors.row(i) { board.add(successors.columns[m], w * successors.values[m]) }
        }
    }
}
