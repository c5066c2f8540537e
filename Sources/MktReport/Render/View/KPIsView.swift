import MktFacts
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
    /// New and returning customers' revenue, orders, customers and AOV, this window and the previous.
    public struct MixRow {
        public var name: String
        public var revenue: String
        public var previousRevenue: String
        public var orders: String
        /// `1 order`, `82 orders`.
        public var ordersCounted: String
        public var customers: String
        public var aov: String
        public var previousAOV: String
    }
    public var mixRows: [MixRow]
    /// Window days that broke pattern, largest first, at most `anomalyRowsShown`.
    public var anomalies: [AnomalyRow]
    public var hasAnomalies: Bool
    /// How many series were checked and how many days fell outside; "and 23 more" when cut.
    public var anomalySentence: String?
    public var anomaliesMessage: String?
    public static let anomalyRowsShown = 10

    public struct AnomalyRow {
        /// `Revenue`, `Orders`, `Category Garden`, `Campaign spring (conversions)`.
        public var series: String
        public var date: String
        public var actual: String
        public var expected: String
        public var interval: String
        /// `above` or `below`.
        public var direction: String
    }

    /// Earlier archived windows the exports now change, one sentence per window (`restatements`).
    public var restated: [String]
    public var hasRestated: Bool
    /// Whether earlier windows were checked, in a sentence; nil when the archive has none the exports cover.
    public var restatementNote: String?
    /// The repeat-purchase rate and the time to a second order, in a sentence; nil before any order.
    public var repeatPurchase: String?
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
        mixRows = [("New customers", k.new, k.previous.new), ("Returning customers", k.returning, k.previous.returning)].map { name, now, before in
            MixRow(name: name, revenue: money.money(now.revenue), previousRevenue: money.money(before.revenue), orders: count(now.orders),
                   ordersCounted: now.orders.counted("order"), customers: count(now.customers), aov: money.money(now.aov), previousAOV: money.money(before.aov))
        }
        repeatPurchase = Self.repeatSentence(k)
        (restated, restatementNote) = Self.restatements(report.restatements, money)
        hasRestated = !restated.isEmpty
        (anomalies, anomalySentence) = Self.anomalyRows(report.anomalies, money)
        hasAnomalies = !anomalies.isEmpty
        anomaliesMessage = report.status(.anomalies).messageInPlace
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

    /// "81% of the customers so far have ordered more than once (81% at the end of the previous
    /// period); a second order came a median of 14 days after the first."
    static func repeatSentence(_ k: Report.KPIs) -> String? {
        guard let rate = k.repeatPurchaseRate else { return nil }
        let before = k.previous.repeatPurchaseRate.map { " (\(NumberFormatting.percent($0)) at the end of the previous period)" } ?? ""
        let gap = k.medianDaysToSecondOrder.map { days in
            "; a second order came a median of \(NumberFormatting.decimal(days, days.rounded() == days ? 0 : 1)) day\(days == 1 ? "" : "s") after the first"
        } ?? "; no customer has a second order yet"
        return "\(NumberFormatting.percent(rate)) of the customers so far have ordered more than once\(before)\(gap)."
    }

    /// "16–22 Nov 2026 now has revenue $32,500.10 (published: $32,720.97) and 371 orders (374)."
    static func restatements(_ r: Report.RestatementSection?, _ money: NumberFormatting) -> ([String], String?) {
        guard let r else { return ([], nil) }
        var byWindow: [(from: Day, to: Day, parts: [String])] = []
        for c in r.changes {
            let value = { (x: Double) in c.figure == "revenue" || c.figure == "aov" ? money.money(x) : NumberFormatting.integer(x) }
            let name = c.figure == "aov" ? "average order value" : c.figure
            let part = "\(name) \(value(c.now)) (published: \(value(c.then)))"
            if let last = byWindow.last, last.from == c.from, last.to == c.to { byWindow[byWindow.count - 1].parts.append(part) }
            else { byWindow.append((c.from, c.to, [part])) }
        }
        let sentences = byWindow.map { "\(NumberFormatting.range($0.from, $0.to)) now has \($0.parts.joined(separator: ", ")): later exports changed it." }
        let checked = r.windowsChecked.counted("earlier report")
        let note = byWindow.isEmpty
            ? "The \(checked) in this folder still hold: no key figure of their windows changed."
            : "Of the \(checked) in this folder, \(byWindow.count) \(byWindow.count == 1 ? "has" : "have") figures the current exports change (late refunds, cancellations or corrected exports):"
        return (sentences, note)
    }

    static func anomalyRows(_ a: Report.AnomalySection?, _ money: NumberFormatting) -> ([AnomalyRow], String?) {
        guard let a else { return ([], nil) }
        let rows = a.days.prefix(anomalyRowsShown).map { d -> AnomalyRow in
            let value = { (x: Double) in Narrative.anomalyValue(x, of: d, money.money) }
            return AnomalyRow(series: Narrative.anomalySeries(d), date: NumberFormatting.shortDate(d.date), actual: value(d.actual),
                              expected: value(d.expected), interval: "\(value(d.low95)) to \(value(d.high95))", direction: d.direction)
        }
        let more = a.days.count - rows.count
        var parts = [a.checkedByKind["revenue"] != nil ? "revenue" : nil, a.checkedByKind["orders"] != nil ? "orders" : nil].compactMap { $0 }
        if let n = a.checkedByKind["category"] { parts.append(n == 1 ? "the top category's revenue" : "the top \(n) categories' revenue") }
        if let n = a.checkedByKind["campaign"] { parts.append(n == 1 ? "the top campaign's conversions" : "the top \(n) campaigns' conversions") }
        let what = parts.count > 1 ? parts.dropLast().joined(separator: ", ") + " and " + parts.last! : parts.first ?? ""
        let sentence = a.days.isEmpty
            ? "No day of this period fell outside its one-step-ahead 95% interval in the \(a.seriesChecked.counted("daily series", plural: "daily series")) checked (\(what))."
            : "In the \(a.seriesChecked.counted("daily series", plural: "daily series")) checked (\(what)), \(a.days.count.counted("day value")) fell outside \(a.days.count == 1 ? "its" : "their") one-step-ahead 95% interval\(a.days.count == 1 ? "" : "s")\(more > 0 ? "; the \(rows.count) furthest out are shown, and \(more) more are in report.json" : "")."
        return (rows, sentence)
    }
}

