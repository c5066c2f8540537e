import MktData
import MktModels

extension ReportBuilder {
    /// The series the report forecasts: revenue and orders (daily), revenue (weekly) and the daily
    /// revenue of the three categories with the most revenue in the window.
    static func forecastInputs(_ facts: Facts) -> [(name: String, series: TimeSeries)] {
        let daily = facts.daily
        let window = facts.periods.current
        let revenue = TimeSeries(start: daily.firstDay, frequency: .daily, values: daily.revenue)
        let orders = TimeSeries(start: daily.firstDay, frequency: .daily, values: daily.orders)
        var series: [(String, TimeSeries)] = [("revenue", revenue), ("orders", orders), ("revenue", revenue.weeklyTotals())]
        let inWindow = window.days.map { daily.offset(of: $0) }.filter { $0 >= 0 && $0 < daily.dayCount }
        let names = facts.catalog.categories
        var totals: [(category: Int, revenue: Double)] = []
        for c in names.indices {
            let total = inWindow.reduce(0.0) { $0 + daily.categoryRevenue[c][$1] }
            if total > 0 { totals.append((c, total)) }
        }
        totals.sort { $0.revenue != $1.revenue ? $0.revenue > $1.revenue : names[$0.category] < names[$1.category] }
        for (c, _) in totals.prefix(3) {
            series.append(("revenue: \(facts.catalog.categories[c])",
                           TimeSeries(start: daily.firstDay, frequency: .daily, values: daily.categoryRevenue[c])))
        }
        return series.map { (name: $0.0, series: $0.1) }
    }

    static func forecastRow(_ name: String, _ series: TimeSeries, config: Config) -> Report.ForecastSeries {
        let horizon = series.frequency == .weekly ? config.forecast.horizonWeeks : config.forecast.horizonDays
        let result = ForecastEngine.forecast(series, options: .init(horizon: horizon, holidays: config.forecast.holidays, seed: config.seed))
        let historyLength = series.frequency == .weekly ? 26 : 56
        let historyStart = max(0, series.count - historyLength)
        return Report.ForecastSeries(
            series: name, frequency: series.frequency.rawValue, method: result.method, rule: result.rule,
            validationMase: result.validationMASE, backtest: result.backtest, notes: result.notes,
            history: (historyStart..<series.count).map { Report.HistoryPoint(date: series.date(at: $0), value: cents(series.values[$0])) },
            points: series.points(of: result.path).map(\.roundedToCents))
    }
}
