import MktData
import MktModels

extension ReportBuilder {
    /// The series the report forecasts: revenue and orders (daily), revenue (weekly), the daily
    /// revenue of the three categories with the most revenue in the window and of the rest.
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
        var rest = daily.revenue
        for (c, _) in totals.prefix(3) {
            series.append(("revenue: \(facts.catalog.categories[c])",
                           TimeSeries(start: daily.firstDay, frequency: .daily, values: daily.categoryRevenue[c])))
            for d in rest.indices { rest[d] -= daily.categoryRevenue[c][d] }
        }
        if !totals.isEmpty { series.append((otherCategoriesSeries, TimeSeries(start: daily.firstDay, frequency: .daily, values: rest.map(cents)))) }
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

    /// The forecast of the revenue outside the top categories: made only so that the total can be
    /// split among the top categories and the rest (`reconciled`), never published. (Not
    /// `revenue: …`, so no category's name can clash with it.)
    static let otherCategoriesSeries = "revenue (other categories)"

    /// The daily revenue forecasts made coherent: on each day the top categories' and the rest's
    /// forecasts (`otherCategoriesSeries`) are scaled to split the total's by their forecast
    /// proportions (`ForecastReconciliation`), so the parts never add up to more than the whole.
    /// The total becomes the sum of the parts as rounded to cents (a cent or two at most), so
    /// rounding cannot break the sum either. The rest's forecast is then dropped.
    static func reconciled(_ forecasts: [Report.ForecastSeries]) -> [Report.ForecastSeries] {
        var result = forecasts.filter { $0.series != otherCategoriesSeries }
        guard let total = result.firstIndex(where: { $0.series == "revenue" && $0.frequency == "daily" }),
              let other = forecasts.first(where: { $0.series == otherCategoriesSeries }) else { return result }
        let parts = result.indices.filter { result[$0].series.hasPrefix("revenue: ") && result[$0].frequency == "daily" }
        guard !parts.isEmpty else { return result }
        let horizon = ([result[total], other] + parts.map { result[$0] }).map(\.points.count).min()!
        var changed = 0
        for h in 0..<horizon {
            let bottom = parts.map { result[$0].points[h] } + [other.points[h]]
            let factors = ForecastReconciliation.factors(total: result[total].points[h].mean, parts: bottom.map(\.mean))
            let scaled = zip(bottom, factors).map { $0.multiplied(by: $1).roundedToCents }
            if zip(bottom, scaled).contains(where: { abs($0.mean - $1.mean) >= 0.005 }) { changed += 1 }
            for (p, point) in zip(parts, scaled) { result[p].points[h] = point }
            let sum = cents(scaled.reduce(0) { $0 + $1.mean })
            if scaled.contains(where: { $0.mean > 0 }) { result[total].points[h] = result[total].points[h].withMean(sum).roundedToCents }
        }
        if changed > 0 {
            for p in parts {
                result[p].notes.append("scaled on \(changed.counted("day")) so that the top categories and the rest split the shop's daily revenue forecast by their forecast shares")
            }
        }
        return result
    }
}

