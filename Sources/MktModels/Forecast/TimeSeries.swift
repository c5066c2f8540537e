import MktFacts

/// How often a series has a value.
public enum Frequency: String, Sendable, Codable {
    case daily, weekly, monthly

    /// Periods in one seasonal cycle: a week of days, a year of weeks or months.
    public var seasonLength: Int {
        switch self {
        case .daily: return 7
        case .weekly: return 52
        case .monthly: return 12
        }
    }

    /// The date `steps` periods after `start`.
    public func advance(_ start: Day, by steps: Int) -> Day {
        switch self {
        case .daily: return start + steps
        case .weekly: return start + 7 * steps
        case .monthly: return start.addingMonths(steps)
        }
    }
}

/// A regular series: one value per period from `start`.
public struct TimeSeries: Sendable, Equatable {
    public var start: Day
    public var frequency: Frequency
    public var values: [Double]

    public init(start: Day, frequency: Frequency, values: [Double]) {
        self.start = start
        self.frequency = frequency
        self.values = values
    }

    public var count: Int { values.count }
    public func date(at index: Int) -> Day { frequency.advance(start, by: index) }

    /// How many of the next `horizon` periods start on or before 2199-12-31, the last day the
    /// calendar has: a forecast never runs past it.
    public func futurePeriods(upTo horizon: Int) -> Int {
        let lastYear = Day.validYears.upperBound, last = Day(year: lastYear, month: 12, day: 31)!
        let first = start.components
        return (0..<max(0, horizon)).prefix { k in
            // Months are counted, not made: a month past the calendar is no `Day`.
            frequency == .monthly ? first.year * 12 + first.month - 1 + count + k <= lastYear * 12 + 11
                : frequency.advance(start, by: count + k) <= last
        }.count
    }

    /// The dated points of a forecast that starts right after this series.
    public func points(of path: ForecastPath) -> [ForecastPoint] {
        (0..<path.horizon).map { h in
            ForecastPoint(date: date(at: count + h), mean: path.mean[h], lo80: path.lo80[h], hi80: path.hi80[h],
                          lo95: path.lo95[h], hi95: path.hi95[h])
        }
    }

    /// Sums of consecutive 7-day blocks, the last ending on the last day (a daily series to weekly).
    public func weeklyTotals() -> TimeSeries {
        let weeks = values.count / 7
        let offset = values.count - weeks * 7
        let totals = (0..<weeks).map { w in values[(offset + 7 * w)..<(offset + 7 * w + 7)].reduce(0, +) }
        return TimeSeries(start: date(at: offset), frequency: .weekly, values: totals)
    }
}

/// One forecast period with its prediction intervals.
public struct ForecastPoint: Sendable, Equatable, Codable {
    public var date: Day
    public var mean: Double
    public var lo80: Double
    public var hi80: Double
    public var lo95: Double
    public var hi95: Double

    public init(date: Day, mean: Double, lo80: Double, hi80: Double, lo95: Double, hi95: Double) {
        self.date = date
        self.mean = mean
        self.lo80 = lo80
        self.hi80 = hi80
        self.lo95 = lo95
        self.hi95 = hi95
    }

    /// The point with its mean and intervals times `factor` (`ForecastPath.scaled`).
    public func multiplied(by factor: Double) -> ForecastPoint {
        func times(_ value: Double) -> Double { ForecastPath.scaled(value, by: factor) }
        return ForecastPoint(date: date, mean: times(mean), lo80: times(lo80), hi80: times(hi80), lo95: times(lo95), hi95: times(hi95))
    }

    /// The point with its mean at `newMean` and its bounds widened just enough to hold it (for a
    /// rounding correction of a cent or two: moving the bounds could lift a lower bound of zero).
    public func withMean(_ newMean: Double) -> ForecastPoint {
        ForecastPoint(date: date, mean: newMean, lo80: min(lo80, newMean), hi80: max(hi80, newMean), lo95: min(lo95, newMean), hi95: max(hi95, newMean))
    }

    /// The same point with every value rounded to cents (report figures).
    public var roundedToCents: ForecastPoint {
        ForecastPoint(date: date, mean: cents(mean), lo80: cents(lo80), hi80: cents(hi80), lo95: cents(lo95), hi95: cents(hi95))
    }
}
