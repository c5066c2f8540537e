import MktModels

/// The key figures: one card per KPI, with its change and sparkline, and the category movers.
public struct KPIsView {
    public struct Card {
        public var name: String
        public var value: String
        public var previous: String
        /// `+39.7%`, `-3.2%`, or `new` when the previous value was 0.
        public var change: String
        /// `up`, `down` or `flat` (a CSS class).
        public var direction: String
        public var chart: ChartView?
    }

    public var cards: [Card]
    /// The cards two by two, for the email's narrow layout.
    public var cardPairs: [CardPair]

    public struct CardPair {
        public var cards: [Card]
    }
    /// "12 of the 654 orders were placed by guests ..."; nil without guest orders.
    public var guestOrders: String?
    /// What the data covers of the two windows.
    public var coverageNotes: [String]
    public var hasCoverageNotes: Bool
    public var moversChart: ChartView?
    public var moversMessage: String?

    init(_ report: Report, _ format: ViewFormat) {
        let k = report.kpis, money = format.money
        func card(_ name: String, _ value: String, _ previous: String, _ change: Change, chart: String? = nil) -> Card {
            Card(name: name, value: value, previous: previous, change: NumberFormatting.change(change),
                 direction: change.direction.rawValue, chart: chart.flatMap(format.chart))
        }
        let count = { (n: Int) in NumberFormatting.integer(Double(n)) }
        cards = [
            card("Revenue", money.money(k.revenue), money.money(k.previous.revenue), k.change.revenue, chart: "kpi-revenue.svg"),
            card("Orders", count(k.orders), count(k.previous.orders), k.change.orders, chart: "kpi-orders.svg"),
            card("Customers", count(k.customers), count(k.previous.customers), k.change.customers),
            card("Average order value", money.money(k.aov), money.money(k.previous.aov), k.change.aov),
        ]
        let all = cards
        cardPairs = stride(from: 0, to: all.count, by: 2).map { CardPair(cards: Array(all[$0..<min($0 + 2, all.count)])) }
        guestOrders = k.guestOrders == 0 ? nil
            : "\(k.guestOrders.grouped) of the \(k.orders.counted("order")) \(k.guestOrders == 1 ? "was" : "were") placed by guests (no customer id): they count in revenue, orders and the average order, not in customers or segments."
        coverageNotes = report.coverage.notes
        hasCoverageNotes = !coverageNotes.isEmpty
        let movers = report.status(.categoryMovers)
        moversChart = movers.isShown ? format.chart(ReportCharts.moversFile) : nil
        moversMessage = movers.messageInPlace
    }
}
