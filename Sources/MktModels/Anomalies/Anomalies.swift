import Foundation
import MktFacts

/// A window day whose value falls outside its one-step-ahead 95% prediction interval.
public struct Anomaly: Sendable, Equatable {
    public enum Direction: String, Sendable { case above, below }
    /// `revenue`, `orders`, `category` or `campaign`.
    public var kind: String
    /// The category or campaign; empty for the shop's totals.
    public var name: String
    public var day: Day
    public var actual: Double
    public var expected: Double
    public var low95: Double
    public var high95: Double
    public var direction: Direction
    /// |actual - expected| in standard deviations of the one-step errors: how far outside it is.
    public var score: Double
}

/// Days of the report window that broke pattern, for the shop's daily revenue and orders, the top
/// categories' revenue and the top campaigns' conversions.
///
/// Each series is fitted, on up to a year before the window, with additive weekly exponential
/// smoothing (ETS(A,N,A), maximum likelihood as `forecast::ets` fits it); the filter then runs on
/// through the window on the actual values, so each window day's forecast is one step ahead with
/// everything before it known, and its 95% interval is forecast +- 1.96 sigma (sigma of the
/// in-sample one-step errors). A value outside is an anomaly.
public enum AnomalyDetection {
    public static let historyDays = 364
    /// Series with fewer days of history than this are not checked.
    public static let minimumHistoryDays = 56
    public static let topCategories = 5
    public static let topCampaigns = 5
    static let spec = ETSSpec(error: .additive, trend: .none, season: .additive, period: 7)

    public struct Result: Sendable, Equatable {
        /// Largest first (by `score`).
        public var anomalies: [Anomaly]
        /// Series with enough history to check.
        public var seriesChecked: Int
        /// Of them, per kind (`revenue`, `orders`, `category`, `campaign`).
        public var checkedByKind: [String: Int]
    }

    public static func compute(_ facts: Facts) -> Result {
        let daily = facts.daily, window = facts.periods.current
        var series: [(kind: String, name: String, values: [Double], window: DateWindow)] = []
        // Sales are checked up to the window's last day, or the day before when the order lines
        // stop part-way through it.
        let salesEnd = facts.partialLastDay ? window.to - 1 : window.to
        func sales(_ kind: String, _ name: String, _ values: [Double]) {
            guard salesEnd >= window.from else { return }
            series.append((kind, name, Array(values.prefix(salesEnd - daily.firstDay + 1)), DateWindow(from: window.from, to: salesEnd)))
        }
        sales("revenue", "", daily.revenue)
        sales("orders", "", daily.orders)
        let recent = max(0, daily.dayCount - 56)
        let categories = daily.categoryRevenue.indices
            .map { c in (c, daily.categoryRevenue[c][recent...].reduce(0, +)) }
            .filter { $0.1 > 0 }
            .sorted { ($0.1, facts.catalog.categories[$1.0]) > ($1.1, facts.catalog.categories[$0.0]) }
            .prefix(topCategories)
        for (c, _) in categories { sales("category", facts.catalog.categories[c], daily.categoryRevenue[c]) }
        // Conversions are known up to the last day of any ad row: an export that ends before the
        // window's end says nothing of the days after it (a real Meta export ending on 15 Mar read
        // as "0 conversions on 16 Mar against an expected 2.2").
        if let adsEnd = facts.ads.lastDay, adsEnd >= window.from {
            let covered = DateWindow(from: window.from, to: min(window.to, adsEnd))
            for (name, values) in campaignConversions(facts) {
                series.append(("campaign", name, Array(values.prefix(max(0, covered.to - daily.firstDay + 1))), covered))
            }
        }
        var anomalies: [Anomaly] = [], checked = 0, byKind: [String: Int] = [:]
        for s in series {
            guard let found = detect(s.values, firstDay: daily.firstDay, window: s.window) else { continue }
            checked += 1
            byKind[s.kind, default: 0] += 1
            anomalies += found.map { var a = $0; a.kind = s.kind; a.name = s.name; return a }
        }
        anomalies.sort { ($0.score, $1.kind, $1.name, $1.day) > ($1.score, $0.kind, $0.name, $0.day) }
        return Result(anomalies: anomalies, seriesChecked: checked, checkedByKind: byKind)
    }

    /// The window days of `values` (daily from `firstDay` to the window's end) outside their
    /// one-step 95% intervals; nil when the series has too little history or no fit.
    static func detect(_ values: [Double], firstDay: Day, window: DateWindow) -> [Anomaly]? {
        let windowStart = window.from - firstDay
        guard windowStart >= minimumHistoryDays, values.count == window.to - firstDay + 1 else { return nil }
        let start = max(0, windowStart - historyDays)
        let history = Array(values[start..<windowStart]), all = Array(values[start...])
        guard history.contains(where: { $0 != 0 }), let fit = ETSEstimator.fit(history, spec: spec, thorough: false),
              fit.sigma2.isFinite, fit.sigma2 > 0 else { return nil }
        var errors = [Double](repeating: .nan, count: all.count)
        guard errors.withUnsafeMutableBufferPointer({ ETSFilter.run(spec, fit.parameters, all, residuals: $0.baseAddress) }) != nil else { return nil }
        let sigma = fit.sigma2.squareRoot(), z = 1.959963984540054
        // Sales and counts that never went below zero get no expectation or bound below it (a
        // quiet shop's orders read "interval -0.9 to 5.2"); a value inside the bounds so clipped
        // (a zero under an interval of 0 to 0) is no anomaly.
        let nonNegative = all.allSatisfy { $0 >= 0 }
        return (history.count..<all.count).compactMap { t in
            var expected = all[t] - errors[t]
            guard abs(errors[t]) > z * sigma else { return nil }
            var low = expected - z * sigma, high = expected + z * sigma
            if nonNegative {
                (expected, low, high) = (max(0, expected), max(0, low), max(0, high))
                guard all[t] > high || all[t] < low else { return nil }
            }
            return Anomaly(kind: "", name: "", day: firstDay + start + t, actual: all[t], expected: expected,
                           low95: low, high95: high, direction: errors[t] > 0 ? .above : .below, score: abs(errors[t]) / sigma)
        }
    }

    /// Daily conversions of the campaigns with the most spend in the eight weeks before the
    /// window's end, aligned with the daily series.
    static func campaignConversions(_ facts: Facts) -> [(String, [Double])] {
        let ads = facts.ads, daily = facts.daily, recentFrom = facts.periods.current.to - 55
        var spend: [Int32: Double] = [:]
        for i in 0..<ads.count where ads.day[i] >= recentFrom { spend[ads.campaign[i], default: 0] += ads.cost[i] }
        let top = spend.filter { $0.value > 0 }.sorted { ($0.value, ads.campaigns[Int($1.key)]) > ($1.value, ads.campaigns[Int($0.key)]) }
            .prefix(topCampaigns).map(\.key)
        return top.map { c in
            var values = [Double](repeating: 0, count: daily.dayCount)
            for i in 0..<ads.count where ads.campaign[i] == c {
                let offset = daily.offset(of: ads.day[i])
                if offset >= 0 && offset < values.count { values[offset] += ads.conversions[i] }
            }
            return (ads.campaigns[Int(c)], values)
        }
    }
}
