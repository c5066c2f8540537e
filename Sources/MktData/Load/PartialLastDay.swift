import Foundation
import MktFacts

/// Whether the order lines stop part-way through the window's last day: exports downloaded in the
/// afternoon hold that day's morning only, and its totals are not a day's (an anomaly check read
/// such a day as a fall in sales).
enum PartialLastDay {
    /// The days before the last one whose lines say when in a day orders come.
    static let lookBackDays = 28
    /// The last day is partial when more than this share of a usual day's lines came later than
    /// its last line did...
    static let missingShare = 0.1
    /// ...and a whole day's orders would all have come by then with at most this chance (the
    /// share to the power of the day's orders): a small shop's day of two orders often ends early.
    static let chanceOfAWholeDay = 0.001

    /// The data-quality note saying the window's last day is partial, from the last line's time
    /// that day and the share of the look-back days' lines placed by that time of day; nil when
    /// the day is whole, when lines go on past the window, or when there is nothing to compare
    /// with (times given as dates alone are all at second 0, and such a day is whole).
    static func note(_ lines: OrderLines, window: DateWindow) -> String? {
        var last: Int32 = -1, earlier: [Int32] = [], lastDayOrders = Set<Key128>()
        for i in 0..<lines.count {
            let day = lines.day[i]
            if day > window.to { return nil }
            if day == window.to {
                last = max(last, lines.second[i])
                lastDayOrders.insert(lines.orderKey[i])
            } else if day >= window.to - lookBackDays {
                earlier.append(lines.second[i])
            }
        }
        guard last >= 0, !earlier.isEmpty else { return nil }
        let share = Double(earlier.count { $0 <= last }) / Double(earlier.count)
        guard share < 1 - missingShare && pow(share, Double(lastDayOrders.count)) < chanceOfAWholeDay else { return nil }
        let time = String(format: "%02d:%02d", last / 3600, last % 3600 / 60)
        let later = Int(((1 - share) * 100).rounded())
        return "The order lines end at \(time) on \(window.to), the window's last day, before \(later)% of a usual day's lines (the \(lookBackDays) days before): that day is incomplete, so its sales are not checked for anomalies."
    }
}
