import MktData

/// Chooses between candidate methods on a hold-out and forecasts with the winner.
///
/// The last `horizon` periods (at most a quarter of the history) are held out;
/// each candidate is fitted on the rest and scored by MASE; the winner is refitted
/// on the whole series. Intervals are normal (mean +- z sigma_h) and clipped at
/// zero when the series is non-negative.
public enum ForecastSelection {
    public typealias Method = (name: String, fit: ([Double], Int) -> PointForecast)

    public static func candidates(season: Int) -> [Method] {
        [
            ("seasonal naive", { Baselines.seasonalNaive($0, season: season, horizon: $1) }),
            ("simple exponential smoothing", { Baselines.simpleExponentialSmoothing($0, horizon: $1) }),
        ]
    }

    public static func forecast(_ series: TimeSeries, name: String, horizon: Int) -> Forecast {
        let y = series.values
        let season = series.frequency.seasonLength
        let methods = candidates(season: season)
        let holdout = max(1, min(horizon, y.count / 4))
        var best = (index: 0, mase: Double.infinity)
        if y.count >= 2 * holdout + 2 {
            let train = Array(y.dropLast(holdout)), test = Array(y.suffix(holdout))
            for (i, method) in methods.enumerated() {
                let predicted = method.fit(train, holdout).mean
                let error = mase(actual: test, predicted: predicted, training: train, season: season)
                if error < best.mase { best = (i, error) }
            }
        }
        let chosen = methods[best.index]
        let fitted = chosen.fit(y, horizon)
        let nonNegative = y.allSatisfy { $0 >= 0 }
        let z80 = Normal.quantile(0.9), z95 = Normal.quantile(0.975)
        let points = (0..<horizon).map { h -> ForecastPoint in
            let m = fitted.mean[h], s = fitted.standardDeviation[h]
            func clip(_ v: Double) -> Double { nonNegative ? max(0, v) : v }
            return ForecastPoint(date: series.date(at: y.count + h), mean: clip(m), lo80: clip(m - z80 * s), hi80: clip(m + z80 * s),
                                 lo95: clip(m - z95 * s), hi95: clip(m + z95 * s))
        }
        return Forecast(series: name, method: chosen.name, validationMASE: best.mase.isFinite ? best.mase : 0, points: points)
    }

    /// Mean absolute error scaled by the in-sample seasonal-naive error (Hyndman & Koehler 2006).
    public static func mase(actual: [Double], predicted: [Double], training: [Double], season: Int) -> Double {
        let m = training.count > season ? season : 1
        var scale = 0.0
        for t in m..<training.count { scale += abs(training[t] - training[t - m]) }
        scale /= Double(max(1, training.count - m))
        let mae = zip(actual, predicted).reduce(0) { $0 + abs($1.0 - $1.1) } / Double(max(1, actual.count))
        return scale > 0 ? mae / scale : (mae == 0 ? 0 : .infinity)
    }
}
