import MktFacts

/// What the retail days (`RetailDay`) and the configured holidays do to a daily series, learned
/// from their past occurrences in it, so that Christmas closures, Black Friday peaks and the like
/// are forecast as the shop had them before instead of as normal trade.
///
/// A day's baseline is the median of the same weekday one and two weeks either side (at least two
/// of them, none itself a special day); its ratio is its value over that baseline. A kind is
/// adopted when its last two past days both have ratios beyond the 1st-99th percentile of ordinary
/// days' ratios, on the same side, and its effect is the weaker of the two, so that neither noise
/// nor one big order on a past Black Friday is taken for an effect. A closure (no sales on its
/// last two past days, or on its only one, where under 1% of ordinary days have none) is an effect
/// of zero. The models are fitted on the history with the adopted kinds' days replaced by their
/// baselines, and their forecasts on future such days multiplied by the effect (intervals too).
struct CalendarEffects {
    /// The adopted effects, by the kind's name.
    let effects: [String: Double]
    let holidays: Set<Day>
    /// The history with every adopted kind's days replaced by their baselines, for fitting.
    let cleanedHistory: TimeSeries

    static let holidayName = "configured holiday"
    static let neighbours = [-14, -7, 7, 14]
    static let ordinaryBand = (0.01, 0.99)

    /// Nil for other than daily series, series with negative values, or when no kind is adopted.
    init?(_ series: TimeSeries, holidays: [Day]) {
        let y = series.values
        guard series.frequency == .daily, y.count >= 28, y.allSatisfy({ $0 >= 0 }) else { return nil }
        let holidaySet = Set(holidays)
        let kinds = y.indices.map { Self.kind(of: series.date(at: $0), holidays: holidaySet) }
        guard kinds.contains(where: { $0 != nil }) else { return nil }
        var ordinary: [Double] = []
        var special: [String: [Double]] = [:]
        for t in y.indices {
            guard let baseline = Self.baseline(t, y, kinds: kinds), baseline > 0 else { continue }
            if let kind = kinds[t] { special[kind, default: []].append(y[t] / baseline) } else { ordinary.append(y[t] / baseline) }
        }
        guard ordinary.count >= 20 else { return nil }
        let low = Descriptive.quantile(ordinary, Self.ordinaryBand.0), high = Descriptive.quantile(ordinary, Self.ordinaryBand.1)
        var effects: [String: Double] = [:]
        for (kind, ratios) in special {
            let recent = ratios.suffix(2)
            if low > 0 && recent.allSatisfy({ $0 == 0 }) {
                effects[kind] = 0
            } else if recent.count == 2 && recent.allSatisfy({ $0 > high }) {
                effects[kind] = recent.min()
            } else if recent.count == 2 && recent.allSatisfy({ $0 < low }) {
                effects[kind] = recent.max()
            }
        }
        guard !effects.isEmpty else { return nil }
        var cleaned = series
        for t in y.indices {
            if let kind = kinds[t], effects[kind] != nil, let baseline = Self.baseline(t, y, kinds: kinds) { cleaned.values[t] = baseline }
        }
        self.effects = effects
        self.holidays = holidaySet
        self.cleanedHistory = cleaned
    }

    /// A configured holiday first, then the retail day.
    static func kind(of day: Day, holidays: Set<Day>) -> String? {
        holidays.contains(day) ? holidayName : RetailDay.of(day)?.rawValue
    }

    static func baseline(_ t: Int, _ y: [Double], kinds: [String?]) -> Double? {
        let around = neighbours.map { t + $0 }.filter { y.indices.contains($0) && kinds[$0] == nil }.map { y[$0] }
        return around.count >= 2 ? Descriptive.median(around) : nil
    }

    /// The forecast following `series` with the adopted effects applied on the days they fall on,
    /// and the names of the kinds applied with their effects, in date order.
    func applied(to path: ForecastPath, after series: TimeSeries) -> (ForecastPath, [(String, Double)]) {
        var factors: [Int: Double] = [:]
        var applied: [(String, Double)] = []
        for h in 0..<path.horizon {
            guard let kind = Self.kind(of: series.date(at: series.count + h), holidays: holidays), let effect = effects[kind] else { continue }
            factors[h] = effect
            if !applied.contains(where: { $0.0 == kind }) { applied.append((kind, effect)) }
        }
        return (path.multiplied(at: factors), applied)
    }
}
