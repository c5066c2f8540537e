import MktFacts
import MktModels

extension Report {
    /// `restatements`: the earlier windows of the archive whose KPIs the current exports change
    /// (late refunds, cancellations, a corrected export), each figure then and now.
    public struct RestatementSection: Codable, Sendable, Equatable {
        public struct Change: Codable, Sendable, Equatable {
            public var from: Day
            public var to: Day
            /// `revenue`, `orders`, `customers` or `aov`.
            public var figure: String
            public var then: Double
            public var now: Double

            public init(from: Day, to: Day, figure: String, then: Double, now: Double) {
                self.from = from
                self.to = to
                self.figure = figure
                self.then = then
                self.now = now
            }
        }
        /// Archived windows the exports cover that were recomputed.
        public var windowsChecked: Int
        public var changes: [Change]

        enum CodingKeys: String, CodingKey { case windowsChecked = "windows_checked", changes }

        public init(windowsChecked: Int, changes: [Change]) {
            self.windowsChecked = windowsChecked
            self.changes = changes
        }
    }
}

/// An earlier window's published KPIs, read back from the archive.
public struct PublishedKPIs: Sendable, Equatable {
    public var window: DateWindow
    public var revenue: Double
    public var orders: Int
    public var customers: Int
    public var aov: Double

    public init(window: DateWindow, revenue: Double, orders: Int, customers: Int, aov: Double) {
        self.window = window
        self.revenue = revenue
        self.orders = orders
        self.customers = customers
        self.aov = aov
    }
}

extension ReportBuilder {
    /// The archived windows checked: the most recent ones ending before the report window and
    /// starting on or after the data's first order day (earlier ones are not in these exports).
    static let restatedWindowsChecked = 12

    static func restatements(_ facts: Facts, published: [PublishedKPIs]) -> Report.RestatementSection? {
        guard let span = facts.orderSpan else { return nil }
        let current = facts.periods.current
        let checked = published.filter { $0.window.to < current.from && $0.window.from >= span.from }
            .sorted { ($0.window.to, $0.window.from) > ($1.window.to, $1.window.from) }
            .prefix(restatedWindowsChecked)
        guard !checked.isEmpty else { return nil }
        var changes: [Report.RestatementSection.Change] = []
        for then in checked {
            let now = WindowKPIs.compute(facts, window: then.window)
            for (figure, before, after) in [("revenue", then.revenue, cents(now.revenue)), ("orders", Double(then.orders), Double(now.orders)),
                                            ("customers", Double(then.customers), Double(now.customers)), ("aov", then.aov, cents(now.aov))]
                where abs(before - after) > 0.001 {
                changes.append(.init(from: then.window.from, to: then.window.to, figure: figure, then: before, now: after))
            }
        }
        return Report.RestatementSection(windowsChecked: checked.count, changes: changes)
    }
}
