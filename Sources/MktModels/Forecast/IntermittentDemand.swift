/// Forecasts for intermittent series (a small category's daily sales: mostly zeros) by the
/// Teunter-Syntetos-Babai method (TSB, 2011): simple exponential smoothing of the probability
/// that a period has demand (over every period) and of the demand's size (over the periods with
/// demand); the forecast is their product, flat over the horizon. Unlike Croston's method it
/// lets the forecast decay when demand stops. The smoothing is statsforecast's (level started at
/// the first value); its two parameters are chosen from a small grid by in-sample one-step
/// squared error, and the intervals are the empirical quantiles of those one-step errors.
struct IntermittentDemand {
    let sizeAlpha: Double
    let probabilityAlpha: Double

    /// Series with at least this share of zeros get the candidate.
    static let zeroShare = 0.3
    static let grid = [0.05, 0.1, 0.2, 0.3]

    /// Whether `y` is intermittent enough for the method: non-negative, with at least
    /// `zeroShare` zeros and two periods of demand.
    static func applies(to y: [Double]) -> Bool {
        let zeros = y.filter { $0 == 0 }.count
        return y.allSatisfy { $0 >= 0 } && Double(zeros) >= zeroShare * Double(y.count) && y.count - zeros >= 2
    }

    /// The grid's best pair on `y`.
    static func fit(_ y: [Double]) -> IntermittentDemand {
        var best = IntermittentDemand(sizeAlpha: grid[0], probabilityAlpha: grid[0]), bestError = Double.infinity
        for sizeAlpha in grid {
            for probabilityAlpha in grid {
                let model = IntermittentDemand(sizeAlpha: sizeAlpha, probabilityAlpha: probabilityAlpha)
                let error = model.oneStepErrors(y).reduce(0) { $0 + $1 * $1 }
                if error < bestError { (best, bestError) = (model, error) }
            }
        }
        return best
    }

    /// The forecast after `y` with intervals from the in-sample one-step errors.
    func forecast(_ y: [Double], horizon: Int) -> ForecastPath? {
        let errors = oneStepErrors(y)
        guard errors.count >= 5, let state = smoothed(y).last else { return nil }
        let mean = state.probability * state.size
        func bound(_ q: Double) -> [Double] { Array(repeating: mean + Descriptive.quantile(errors, q), count: horizon) }
        return ForecastPath(mean: Array(repeating: mean, count: horizon), lo80: bound(0.1), hi80: bound(0.9),
                            lo95: bound(0.025), hi95: bound(0.975))
    }

    /// y_t minus the forecast made before it, from the first period after the first demand.
    func oneStepErrors(_ y: [Double]) -> [Double] {
        let states = smoothed(y)
        guard let first = y.firstIndex(where: { $0 > 0 }) else { return [] }
        return ((first + 1)..<y.count).map { y[$0] - states[$0].probability * states[$0].size }
    }

    /// The smoothed probability and size before each period, then after the last (count + 1 states).
    /// The size is undefined (0) before the first demand.
    func smoothed(_ y: [Double]) -> [(probability: Double, size: Double)] {
        guard let firstDemand = y.first(where: { $0 > 0 }) else { return Array(repeating: (0, 0), count: y.count + 1) }
        var probability = y[0] > 0 ? 1.0 : 0.0, size = firstDemand
        var seenDemand = false
        var states: [(probability: Double, size: Double)] = []
        states.reserveCapacity(y.count + 1)
        for (t, value) in y.enumerated() {
            states.append((probability, seenDemand ? size : 0))
            if t > 0 { probability += probabilityAlpha * ((value > 0 ? 1 : 0) - probability) }
            if value > 0 {
                if seenDemand { size += sizeAlpha * (value - size) }
                seenDemand = true
            }
        }
        states.append((probability, size))
        return states
    }
}
