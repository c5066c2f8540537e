import MktFacts
import MktModels

/// Draws every chart of a report from its figures: only the charts of sections that are shown,
/// so no page carries an empty "No data" box. File names are fixed, never built from data, so no
/// chart can be written outside `charts/`.
public enum ReportCharts {
    public struct Chart: Sendable {
        /// File name under `charts/`.
        public var file: String
        public var canvas: SVGCanvas
    }

    public static let revenueSparklineFile = "kpi-revenue.svg"
    public static let ordersSparklineFile = "kpi-orders.svg"
    public static let moversFile = "category-movers.svg"
    public static let segmentsFile = "segments.svg"
    public static let segmentMixFile = "segment-mix.svg"
    public static let funnelFile = "funnel.svg"
    public static let segmentCategoriesFile = "segment-categories.svg"
    public static let campaignsFile = "campaign-roi.svg"
    public static let cohortsFile = "cohorts.svg"
    /// Bars a ranking chart shows at most; the rest are summed up in one "and K more" row (every
    /// one is in the tables and report.json).
    public static let maximumBars = 30

    /// The PNG copy of a chart for the email (`funnel.svg` -> `funnel.png`).
    public static func pngFile(_ svgFile: String) -> String { String(svgFile.dropLast(".svg".count)) + ".png" }

    /// File of the index-th forecast chart (never named after data).
    public static func forecastFile(_ index: Int) -> String { "forecast-\(index + 1).svg" }

    /// "Revenue (daily)", "Revenue: Electronics (daily)".
    public static func seriesLabel(_ forecast: Report.ForecastSeries) -> String {
        let name = forecast.series.prefix(1).uppercased() + forecast.series.dropFirst()
        return "\(name) (\(forecast.frequency))"
    }

    public static func make(_ report: Report) -> [Chart] {
        let f = NumberFormatting(currency: report.currency)
        var charts: [Chart] = []
        let daily = report.daily, windowDays = report.period.to - report.period.from + 1
        if daily.count > 1 {
            charts.append(Chart(file: revenueSparklineFile, canvas: Sparkline.draw(
                title: "Daily revenue, last \(daily.count) days", values: daily.map(\.revenue), highlightLast: windowDays)))
            charts.append(Chart(file: ordersSparklineFile, canvas: Sparkline.draw(
                title: "Daily orders, last \(daily.count) days", values: daily.map(\.orders), highlightLast: windowDays)))
        }

        for (index, forecast) in report.forecasts.enumerated() {
            let money = forecast.isMoney
            let format: @Sendable (Double) -> String = { money ? f.shortMoney($0) : NumberFormatting.short($0) }
            let history: [(Day, Double)] = forecast.history.map { ($0.date, $0.value) }
            let points: [(date: Day, mean: Double, lo80: Double, hi80: Double, lo95: Double, hi95: Double)] =
                forecast.points.map { (date: $0.date, mean: $0.mean, lo80: $0.lo80, hi80: $0.hi80, lo95: $0.lo95, hi95: $0.hi95) }
            let input = ForecastChart.Input(title: "\(seriesLabel(forecast)) forecast (\(forecast.method))",
                                            history: history, forecast: points, format: format)
            charts.append(Chart(file: forecastFile(index), canvas: ForecastChart.draw(input)))
        }

        if report.status(.segments).isShown {
            charts.append(Chart(file: segmentsFile, canvas: BarChart.draw(
                title: "Window revenue by customer segment",
                description: "Revenue in the report window from each segment's customers, with its share.",
                bars: report.segments.map {
                    BarChart.Bar(label: "\($0.name) (\(NumberFormatting.integer(Double($0.customers))))", value: $0.revenue,
                                 valueText: f.shortMoney($0.revenue) + ($0.revenueShare.map { " · " + NumberFormatting.percent($0, decimals: 0) } ?? ""))
                })))
            if report.segments.contains(where: { !$0.categoryShares.isEmpty }) {
                charts.append(segmentCategories(report))
            }
        }

        if let cohorts = report.cohorts, cohorts.overall.contains(where: { $0.active != nil }) {
            let shown = cohorts.overall.filter { $0.active != nil }
            charts.append(Chart(file: cohortsFile, canvas: HeatMap.draw(
                title: "Customers ordering again, by month of first order",
                description: "Each row is the customers whose first order fell in that month; each column the share of them ordering in the months after (month 0 is their first).",
                rows: shown.map { "\(NumberFormatting.monthYear($0.month)) (\(NumberFormatting.integer(Double($0.customers))))" },
                columns: (0..<cohorts.months).map { "Month \($0)" },
                values: shown.map { row in (0..<cohorts.months).map { $0 < row.active!.count ? row.active![$0] : nil } })))
        }

        if let migration = report.segmentMigration {
            let then = migration.to.map { name in migration.from.firstIndex(of: name).flatMap { migration.fromTotals[$0] }.map(Double.init) }
            charts.append(Chart(file: segmentMixFile, canvas: StackedBarChart.draw(
                title: "RFM segment mix, end of previous period and now",
                description: "Share of customers in each RFM segment at the end of the previous period and at the end of this one; segments under \(report.minSegmentSize) customers are left out.",
                series: migration.to,
                rows: [StackedBarChart.Row(label: "End of \(NumberFormatting.shortDate(report.previousPeriod.to))", values: then),
                       StackedBarChart.Row(label: "End of \(NumberFormatting.shortDate(report.period.to))",
                                           values: migration.toTotals.map { $0.map(Double.init) })])))
        }

        if let funnel = report.funnel {
            charts.append(Chart(file: funnelFile, canvas: FunnelChart.draw(
                title: "Customer funnel this period",
                description: "Customers who viewed a product, added one to the cart and completed an order in the report period.",
                steps: [("Viewed", funnel.viewed), ("Added to cart", funnel.carted), ("Bought", funnel.purchased)].map {
                    FunnelChart.Step(label: $0.0, count: Double($0.1 ?? 0))
                })))
        }

        if report.status(.ads).isShown {
            charts.append(Chart(file: campaignsFile, canvas: BarChart.draw(
                title: "Campaigns ranked by ROI",
                description: "Return on ad spend minus one, per campaign; grey bars have \(report.ads.lowVolumeMeans) and are not ranked.",
                bars: ranked(report.ads.campaigns.map {
                    BarChart.Bar(label: "\($0.rank). \($0.campaignId)", value: $0.roi ?? 0,
                                 valueText: ($0.roi.map { NumberFormatting.percent($0, decimals: 0) } ?? "n/a") + ($0.lowVolume ? " (low volume)" : ""),
                                 muted: $0.lowVolume)
                }, noun: "campaign"), color: SVGCanvas.palette[2])))
        }

        if report.status(.categoryMovers).isShown {
            charts.append(Chart(file: moversFile, canvas: BarChart.draw(
                title: "Revenue change by category",
                description: "Revenue in the report window minus the previous window, largest changes first.",
                bars: ranked(report.categoryMovers.map {
                    BarChart.Bar(label: $0.category, value: $0.change, valueText: ($0.change > 0 ? "+" : "") + f.shortMoney($0.change))
                }, noun: "category", plural: "categories", limit: 12))))
        }
        return charts
    }

    /// The first `limit` bars, then one muted "and K more" row when there are more.
    static func ranked(_ bars: [BarChart.Bar], noun: String, plural: String? = nil, limit: Int = maximumBars) -> [BarChart.Bar] {
        guard bars.count > limit else { return bars }
        let rest = bars.count - limit
        return Array(bars.prefix(limit)) + [BarChart.Bar(label: "… and \(rest.counted(noun, plural: plural)) more", value: 0,
                                                         valueText: "see the table", muted: true)]
    }

    /// The segment x category heat map: the eight categories with the largest revenue share summed over segments.
    static func segmentCategories(_ report: Report) -> Chart {
        var weight: [String: Double] = [:]
        for segment in report.segments { for (category, share) in segment.categoryShares { weight[category, default: 0] += share } }
        let categories = weight.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(8).map(\.key)
        return Chart(file: segmentCategoriesFile, canvas: HeatMap.draw(
            title: "Category share of each segment's revenue",
            description: "For each segment, the share of its customers' revenue (up to the end of the period) from each of the eight largest categories.",
            rows: report.segments.map(\.name), columns: categories,
            values: report.segments.map { segment in categories.map { segment.categoryShares[$0] } }))
    }
}
