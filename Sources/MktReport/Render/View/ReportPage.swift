import MktFacts
import MktModels

/// What every report template renders: the report's figures formatted for display, section by
/// section, with the charts as inline SVG and as file links. Built from the `Report` alone; it
/// formats, it never computes a figure. Strings are raw: each template's content type escapes them
/// for HTML or Markdown. A part the data cannot support is nil and its `...Message` says why.
///
/// Templates read the property names (`{{kpis.cards}}`, `{{segments.rows}}`); every name is listed
/// in docs/TEMPLATES.md, and a test renders every template against the views of many shop shapes
/// and checks that each tag resolves.
public struct ReportPage {
    public var title = "Marketing report"
    /// `23–29 Nov 2026`.
    public var periodLabel: String
    public var previousLabel: String
    public var periodFrom: String
    public var periodTo: String
    public var currency: String
    public var summary: SummaryView
    public var kpis: KPIsView
    public var segments: SegmentsView
    public var cohorts: CohortsView
    public var recommendations: RecommendationsView
    public var forecasts: ForecastsView
    /// Nil for a shop without ad exports (the section is left out).
    public var ads: AdsView?
    public var quality: DataQualityView
    /// "What more data would show": the exports that would enable the sections this report leaves out.
    public var missingData: [MissingData]
    public var hasMissingData: Bool
    /// The email's subject line.
    public var emailSubject: String

    public struct MissingData {
        /// The export that would enable the sections (`ads*.csv`).
        public var needs: String
        /// What it would show, in sentences.
        public var text: String
    }

    public static func make(_ report: Report, charts: [ReportCharts.Chart], notesHTML: String?) -> ReportPage {
        let format = ViewFormat(report: report, charts: charts)
        var reasons: [(needs: String, reasons: [String])] = []
        for section in Section.allCases {
            let status = report.status(section)
            guard status.state == .notApplicable, let needs = status.needs, let reason = status.reason else { continue }
            if let i = reasons.firstIndex(where: { $0.needs == needs }) {
                if !reasons[i].reasons.contains(reason) { reasons[i].reasons.append(reason) }
            } else {
                reasons.append((needs, [reason]))
            }
        }
        let missing = reasons.map { MissingData(needs: $0.needs, text: $0.reasons.joined(separator: " ")) }
        let period = NumberFormatting.range(report.period.from, report.period.to)
        return ReportPage(
            periodLabel: period, previousLabel: NumberFormatting.range(report.previousPeriod.from, report.previousPeriod.to),
            periodFrom: report.period.from.description, periodTo: report.period.to.description, currency: report.currency,
            summary: SummaryView(report, notesHTML: notesHTML), kpis: KPIsView(report, format), segments: SegmentsView(report, format),
            cohorts: CohortsView(report, format),
            recommendations: RecommendationsView(report, format), forecasts: ForecastsView(report, format), ads: report.status(.ads).state == .notApplicable ? nil : AdsView(report, format),
            quality: DataQualityView(report), missingData: missing, hasMissingData: !missing.isEmpty,
            emailSubject: "Marketing report: \(period)" + ((report.anomalies?.days.count).map { $0 == 0 ? "" : " (\($0.counted("anomaly", plural: "anomalies")))" } ?? ""))
    }
}

/// A chart as the templates place it: inline SVG for the HTML page, file links for Markdown and email.
public struct ChartView {
    public var svg: String
    public var file: String
    public var png: String
    public var title: String
}

/// Formatting shared by the section views: the currency, protected counts and the charts by file.
struct ViewFormat {
    let money: NumberFormatting
    let minSegmentSize: Int
    private let charts: [String: ReportCharts.Chart]

    init(report: Report, charts: [ReportCharts.Chart]) {
        money = NumberFormatting(currency: report.currency)
        minSegmentSize = report.minSegmentSize
        self.charts = Dictionary(uniqueKeysWithValues: charts.map { ($0.file, $0) })
    }

    /// The chart drawn under this file name, if the report has it.
    func chart(_ file: String) -> ChartView? {
        charts[file].map {
            ChartView(svg: $0.canvas.render(standalone: false), file: "charts/\(file)", png: "charts/" + ReportCharts.pngFile(file),
                      title: $0.canvas.title)
        }
    }

    /// A protected count: the number, or "<10" when it describes too few customers to show.
    func protected(_ count: ProtectedCount) -> String { count.map { NumberFormatting.integer(Double($0)) } ?? "<\(minSegmentSize)" }

    /// Money, or "n/a" when the figure could not be computed.
    func amount(_ value: Double?) -> String { value.map(money.money) ?? "n/a" }
}
