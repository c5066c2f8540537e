import MktModels

/// Forecasts: one block per series with its chart, validation table and forecast table.
public struct ForecastsView {
    public struct Series {
        /// "Revenue (daily)".
        public var title: String
        public var method: String
        public var mase: String
        public var rule: String
        /// "30 days", "8 weeks".
        public var horizon: String
        public var chart: ChartView?
        public var notes: [String]
        public var hasNotes: Bool
        public var backtest: [Backtest]
        public var hasBacktest: Bool
        public var points: [Point]
    }

    public struct Backtest {
        public var method: String
        public var chosen: Bool
        public var mase: String
        public var smape: String
        public var coverage80: String
        public var coverage95: String
    }

    public struct Point {
        public var date: String
        public var mean: String
        public var lo80: String
        public var hi80: String
        public var lo95: String
        public var hi95: String
    }

    public var series: [Series]
    /// The first series (daily revenue), for the email.
    public var headline: Series?

    init(_ report: Report, _ format: ViewFormat) {
        series = report.forecasts.enumerated().map { index, fc in
            let value = { (v: Double) in fc.isMoney ? format.money.money(v) : NumberFormatting.decimal(v, 1) }
            let unit = fc.frequency == "weekly" ? "week" : (fc.frequency == "monthly" ? "month" : "day")
            return Series(
                title: ReportCharts.seriesLabel(fc), method: fc.method, mase: fc.validationMase.map { NumberFormatting.decimal($0, 3) } ?? "n/a",
                rule: fc.rule, horizon: fc.points.count.counted(unit), chart: format.chart(ReportCharts.forecastFile(index)),
                notes: fc.notes, hasNotes: !fc.notes.isEmpty,
                backtest: fc.backtest.map { b in
                    Backtest(method: b.method, chosen: b.method == fc.method, mase: NumberFormatting.decimal(b.mase, 3),
                             smape: NumberFormatting.percent(b.smape), coverage80: NumberFormatting.percent(b.coverage80, decimals: 0),
                             coverage95: NumberFormatting.percent(b.coverage95, decimals: 0))
                },
                hasBacktest: !fc.backtest.isEmpty,
                points: fc.points.map { p in
                    Point(date: p.date.description, mean: value(p.mean), lo80: value(p.lo80), hi80: value(p.hi80),
                          lo95: value(p.lo95), hi95: value(p.hi95))
                })
        }
        headline = series.first
    }
}
