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

    /// The category forecasts made to fit under the total: on a day where the top categories'
    /// forecasts add up to more than the shop's daily revenue forecast, each is scaled down by the
    /// same factor (intervals too), so the page never shows parts above their whole. (A top-down
    /// proportional adjustment: only the top categories are forecast, so a bottom-up sum or MinT
    /// over every category is not available.)
    static func reconciled(_ forecasts: [Report.ForecastSeries]) -> [Report.ForecastSeries] {
        guard let total = forecasts.first(where: { $0.series == "revenue" && $0.frequency == "daily" }) else { return forecasts }
        let parts = forecasts.indices.filter { forecasts[$0].series.hasPrefix("revenue: ") && forecasts[$0].frequency == "daily" }
        var result = forecasts
        var scaledDays = Set<Day>()
        for (h, point) in total.points.enumerated() {
            let sum = parts.reduce(0.0) { $0 + (h < result[$1].points.count ? result[$1].points[h].mean : 0) }
            guard sum > point.mean + 0.005, sum > 0 else { continue }
            let factor = point.mean / sum
            scaledDays.insert(point.date)
            for p in parts where h < result[p].points.count {
                var q = result[p].points[h]
                (q.mean, q.lo80, q.hi80, q.lo95, q.hi95) = (q.mean * factor, q.lo80 * factor, q.hi80 * factor, q.lo95 * factor, q.hi95 * factor)
                result[p].points[h] = q.roundedToCents
            }
        }
        if !scaledDays.isEmpty {
            for p in parts {
                result[p].notes.append("scaled down on \(scaledDays.count.counted("day")) so that the top categories' forecasts do not add up to more than the shop's daily revenue forecast")
            }
        }
        return result
    }
}

