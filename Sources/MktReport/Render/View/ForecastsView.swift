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
    /// How the earlier reports' forecasts did (`forecast_ledger`), one row per series.
    public var ledger: [LedgerRow]
    public var hasLedger: Bool
    /// The previous report's lists: how many of its customers bought a listed item.
    public var listsHit: String?
    public var ledgerMessage: String?

    public struct LedgerRow {
        /// `Daily revenue`.
        public var title: String
        /// `35 forecasts from 2 reports`.
        public var graded: String
        public var mase: String
        public var coverage80: String
        public var coverage95: String
        /// "28 Nov: forecast $5,206 (95% $3,232 to $7,180), actual $10,130 (made 22 Nov)"; at most three.
        public var misses: [String]
    }

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
        let l = report.forecastLedger
        ledger = (l?.series ?? []).map { s in
            let value = { (v: Double) in s.isMoney ? format.money.money(v) : NumberFormatting.decimal(v, 1) }
            return LedgerRow(
                title: "\(s.frequency == "weekly" ? "Weekly" : "Daily") \(s.series)",
                graded: "\(s.points.counted("forecast")) from \(s.reports.counted("report"))",
                mase: s.mase.map { NumberFormatting.decimal($0, 3) } ?? "n/a",
                coverage80: NumberFormatting.percent(s.coverage80, decimals: 0), coverage95: NumberFormatting.percent(s.coverage95, decimals: 0),
                misses: s.biggestMisses.map { m in
                    "\(NumberFormatting.shortDate(m.date)): forecast \(value(m.forecast)) (95% \(value(m.lo95)) to \(value(m.hi95))), actual \(value(m.actual)), made \(NumberFormatting.shortDate(m.madeAt))"
                })
        }
        hasLedger = !ledger.isEmpty
        listsHit = l?.recommendations.map { r in
            "Of the \(r.customers.counted("customer")) the previous report gave a list, \(r.hits.grouped) (\(NumberFormatting.percent(r.hitRate))) bought one of their listed products in this period."
        }
        ledgerMessage = report.status(.forecastLedger).messageInPlace
    }
}
