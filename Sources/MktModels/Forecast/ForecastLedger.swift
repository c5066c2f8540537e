import MktFacts

/// Grades the forecasts earlier reports published, now that their dates have passed: the
/// forecast ledger. Each published daily or weekly forecast of the shop's revenue and orders is
/// set against what happened: MASE (each report's errors scaled by the seasonal-naive error of
/// the history it was made from), the share of actual values inside its 80% and 95% intervals,
/// and the biggest misses.
public enum ForecastLedger {
    public struct Published: Sendable, Equatable {
        /// `revenue` or `orders` (category series are not graded).
        public var series: String
        public var frequency: String
        /// The last day of the window the forecast was made at.
        public var madeAt: Day
        public var points: [ForecastPoint]
        public init(series: String, frequency: String, madeAt: Day, points: [ForecastPoint]) {
            self.series = series
            self.frequency = frequency
            self.madeAt = madeAt
            self.points = points
        }
    }

    /// One graded forecast value (`biggest_misses` in report.json).
    public struct Miss: Sendable, Equatable, Codable {
        public var date: Day
        public var madeAt: Day
        public var forecast: Double
        public var actual: Double
        public var lo95: Double
        public var hi95: Double

        enum CodingKeys: String, CodingKey { case date, madeAt = "made_at", forecast, actual, lo95, hi95 }

        public init(date: Day, madeAt: Day, forecast: Double, actual: Double, lo95: Double, hi95: Double) {
            (self.date, self.madeAt, self.forecast, self.actual, self.lo95, self.hi95) = (date, madeAt, forecast, actual, lo95, hi95)
        }
    }

    public struct Grade: Sendable, Equatable {
        public var series: String
        public var frequency: String
        public var reports: Int
        /// Forecast values whose dates have passed.
        public var points: Int
        public var mase: Double?
        public var coverage80: Double
        public var coverage95: Double
        /// Largest absolute errors first, at most three.
        public var misses: [Miss]
    }

    public static func grade(_ published: [Published], daily: DailySeries, through end: Day) -> [Grade] {
        var grades: [Grade] = []
        let keys = Set(published.map { "\($0.series)|\($0.frequency)" }).sorted()
        for key in keys {
            let parts = key.split(separator: "|").map(String.init)
            guard let values = parts[0] == "revenue" ? daily.revenue : parts[0] == "orders" ? daily.orders : nil else { continue }
            let weekly = parts[1] == "weekly"
            var errors: [Double] = [], inside80 = 0, inside95 = 0, misses: [Miss] = [], reports = Set<Day>()
            for forecast in published where forecast.series == parts[0] && forecast.frequency == parts[1] && forecast.madeAt < end {
                let historyEnd = daily.offset(of: forecast.madeAt)
                guard historyEnd >= 0, historyEnd < values.count else { continue }
                let history = Array(values[0...historyEnd])
                // The weekly history as the weekly forecast was made from it (weeks ending at `madeAt`).
                let y = weekly ? TimeSeries(start: daily.firstDay, frequency: .daily, values: history).weeklyTotals().values : history
                let scale = ForecastEngine.seasonalNaiveScale(y, period: weekly ? 52 : 7)
                for point in forecast.points {
                    let last = weekly ? point.date + 6 : point.date
                    let from = daily.offset(of: point.date), to = daily.offset(of: last)
                    guard last <= end, from > historyEnd, to < values.count else { continue }
                    let actual = values[from...to].reduce(0, +)
                    if scale > 0 { errors.append(abs(actual - point.mean) / scale) }
                    if actual >= point.lo80 && actual <= point.hi80 { inside80 += 1 }
                    if actual >= point.lo95 && actual <= point.hi95 { inside95 += 1 }
                    misses.append(Miss(date: point.date, madeAt: forecast.madeAt, forecast: point.mean, actual: actual, lo95: point.lo95, hi95: point.hi95))
                    reports.insert(forecast.madeAt)
                }
            }
            guard !misses.isEmpty else { continue }
            let n = Double(misses.count)
            misses.sort { (abs($0.actual - $0.forecast), $1.date, $1.madeAt) > (abs($1.actual - $1.forecast), $0.date, $0.madeAt) }
            grades.append(Grade(series: parts[0], frequency: parts[1], reports: reports.count, points: misses.count,
                                mase: errors.isEmpty ? nil : errors.reduce(0, +) / Double(errors.count),
                                coverage80: Double(inside80) / n, coverage95: Double(inside95) / n, misses: Array(misses.prefix(3))))
        }
        return grades
    }

    /// Of the customers an earlier report gave a list (customer -> listed items), the share who
    /// bought one of their listed items in the window after it (`boughtInWindow`: customer-item pairs).
    public static func hitRate(lists: [Int32: [Int32]], boughtInWindow: Set<Int64>) -> (customers: Int, hits: Int) {
        let hits = lists.filter { customer, items in items.contains { boughtInWindow.contains(Int64(customer) << 32 | Int64(UInt32(bitPattern: $0))) } }.count
        return (lists.count, hits)
    }
}
