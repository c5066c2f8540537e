/// Acquisition cohorts: the heat map, the share ordering in each month since the first order and
/// the cumulative revenue per customer, overall and by acquisition channel.
public struct CohortsView {
    public struct Table {
        public var title: String
        /// `Month 0` ... `Month 11`.
        public var columns: [String]
        public var rows: [Row]
    }

    public struct Row {
        /// `Nov 2026`.
        public var month: String
        public var customers: String
        /// One cell per column: a share, a money amount, or `–` for months not reached yet; a
        /// cohort under the minimum group size shows `<10` in its first cell only.
        public var cells: [String]
    }

    public var shown: Bool
    public var message: String?
    public var sentence: String
    public var chart: ChartView?
    public var active: Table?
    public var revenue: Table?
    /// Per acquisition channel, the same two tables.
    public var channels: [ChannelTables]
    public var hasChannels: Bool

    public struct ChannelTables {
        public var channel: String
        public var active: Table
        public var revenue: Table
    }

    init(_ report: Report, _ format: ViewFormat) {
        let status = report.status(.cohorts)
        shown = status.isShown
        message = status.messageInPlace
        chart = shown ? format.chart(ReportCharts.cohortsFile) : nil
        guard let c = report.cohorts else {
            sentence = ""
            channels = []
            hasChannels = false
            return
        }
        let columns = (0..<c.months).map { "Month \($0)" }
        let small = "<\(report.minSegmentSize)"
        func table(_ title: String, _ rows: [Report.CohortSection.Row], _ values: (Report.CohortSection.Row) -> [String]?) -> Table {
            Table(title: title, columns: columns, rows: rows.map { row in
                let cells = values(row) ?? [small]
                return Row(month: NumberFormatting.monthYear(row.month), customers: NumberFormatting.integer(Double(row.customers)),
                           cells: cells + Array(repeating: "–", count: c.months - cells.count))
            })
        }
        let share = { (row: Report.CohortSection.Row) in row.active?.map { NumberFormatting.percent($0, decimals: 0) } }
        let money = { (row: Report.CohortSection.Row) in row.revenuePerCustomer?.map(format.money.money) }
        active = table("Share of each cohort ordering in each month since its first order", c.overall, share)
        revenue = table("Cumulative revenue per customer of each cohort", c.overall, money)
        channels = c.byChannel.map { ch in
            ChannelTables(channel: ch.channel, active: table("\(ch.channel): share ordering", ch.cohorts, share),
                          revenue: table("\(ch.channel): cumulative revenue per customer", ch.cohorts, money))
        }
        hasChannels = !channels.isEmpty
        let comparable = c.overall.filter { ($0.active?.count ?? 0) >= 2 }
        if let latest = comparable.last, let second = latest.active?[1] {
            sentence = "Customers are grouped by the month of their first order (the last \(c.months) months; the current month runs to \(NumberFormatting.longDate(report.period.to))). Of those first ordering in \(NumberFormatting.monthYear(latest.month)), \(NumberFormatting.percent(second, decimals: 0)) ordered again the month after."
        } else {
            sentence = "Customers are grouped by the month of their first order (the last \(c.months) months; the current month runs to \(NumberFormatting.longDate(report.period.to)))."
        }
    }
}
