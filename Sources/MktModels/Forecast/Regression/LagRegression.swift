import Foundation
import MktFacts

/// Linear regression on lags and calendar terms, fitted by least squares:
/// y_t = b0 + b1 t + calendar terms + sum_i beta_i y_(t - lag_i) + e_t.
///
/// Calendar terms by frequency: weekday dummies (daily), Fourier terms of the year
/// (daily with two years of history, weekly), month dummies (monthly), and for weekly series
/// a dummy for the weeks holding a configured holiday (daily series have theirs handled by
/// `CalendarEffects`). Forecasts run the equation forward, feeding forecasts back as lags;
/// intervals come from 1,000 simulated paths with Gaussian errors (seeded).
public struct LagRegression: Sendable {
    public let lags: [Int]
    public let coefficients: [Double]
    public let sigma2: Double
    let series: TimeSeries
    let holidays: Set<Day>
    let fourierTerms: Int

    /// Nil when the series is too short for the design.
    public static func fit(_ series: TimeSeries, holidays: [Day]) -> LagRegression? {
        let n = series.count
        let lags: [Int]
        let fourier: Int
        switch series.frequency {
        case .daily:
            lags = n >= 60 ? [1, 7, 14] : [1]
            fourier = n >= 730 ? 2 : 0
        case .weekly:
            lags = n >= 156 ? [1, 52] : [1]
            fourier = n >= 104 ? 3 : (n >= 52 ? 1 : 0)
        case .monthly:
            lags = n >= 36 ? [1, 12] : [1]
            fourier = 0
        }
        let holidaySet = Set(holidays)
        let model = LagRegression(lags: lags, coefficients: [], sigma2: 0, series: series, holidays: holidaySet, fourierTerms: fourier)
        let start = lags.max()!
        let rows = (start..<n).map { t in model.features(t: t, values: series.values) }
        guard rows.count > (rows.first?.count ?? 0) + 5,
              let fit = LeastSquares.fit(rows: rows, y: Array(series.values[start...])) else { return nil }
        return LagRegression(lags: lags, coefficients: fit.coefficients, sigma2: fit.sigma2, series: series,
                             holidays: holidaySet, fourierTerms: fourier)
    }

    /// The regressors of period t, reading lags from `values` (which may extend into the forecast).
    func features(t: Int, values: [Double]) -> [Double] {
        let date = series.date(at: t)
        var row = [1.0, Double(t) / Double(max(1, series.count))]
        switch series.frequency {
        case .daily:
            for weekday in 1..<7 { row.append(date.weekday == weekday ? 1 : 0) }
        case .weekly:
            if !holidays.isEmpty { row.append((0..<7).contains { holidays.contains(date + $0) } ? 1 : 0) }
        case .monthly:
            if series.count >= 24 { for month in 2...12 { row.append(date.components.month == month ? 1 : 0) } }
        }
        if fourierTerms > 0 {
            let yearFraction = Double(date.dayOfYear - 1) / 365.25
            for k in 1...fourierTerms {
                row.append(sin(2 * Double.pi * Double(k) * yearFraction))
                row.append(cos(2 * Double.pi * Double(k) * yearFraction))
            }
        }
        for lag in lags { row.append(values[t - lag]) }
        return row
    }

    func step(t: Int, values: [Double]) -> Double {
        zip(features(t: t, values: values), coefficients).reduce(0) { $0 + $1.0 * $1.1 }
    }

    public func forecast(horizon h: Int, seed: UInt64) -> ForecastPath {
        let n = series.count
        var values = series.values
        for t in n..<(n + h) { values.append(step(t: t, values: values)) }
        let mean = Array(values.suffix(h))
        var random = SeededRandom(seed: seed)
        let sigma = sigma2.squareRoot()
        let paths = (0..<1000).map { _ -> [Double] in
            var path = series.values
            for t in n..<(n + h) { path.append(step(t: t, values: path) + sigma * random.normal()) }
            return Array(path.suffix(h))
        }
        return ForecastPath(mean: mean, simulatedPaths: paths)
    }
}
