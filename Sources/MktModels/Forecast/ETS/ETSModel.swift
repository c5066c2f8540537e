import Foundation

/// One member of the exponential-smoothing state-space family (Hyndman, Koehler,
/// Ord & Snyder 2008): error, trend and season components.
///
/// Written in Swift because no Swift library implements ETS; the recursions,
/// likelihood, parameter bounds and starting values follow R's `forecast::ets`
/// (which statsforecast's AutoETS ports), so fits can be compared with both.
public struct ETSSpec: Hashable, Sendable, CustomStringConvertible {
    public enum Component: String, Sendable { case none = "N", additive = "A", multiplicative = "M" }

    public var error: Component
    public var trend: Component
    public var damped: Bool
    public var season: Component
    /// Season length (1 when there is no season).
    public var period: Int

    public init(error: Component, trend: Component, damped: Bool = false, season: Component, period: Int) {
        self.error = error
        self.trend = trend
        self.damped = damped && trend != .none
        self.season = season
        self.period = season == .none ? 1 : period
    }

    public var description: String {
        "ETS(\(error.rawValue),\(trend.rawValue)\(damped ? "d" : ""),\(season.rawValue))"
    }

    var hasTrend: Bool { trend != .none }
    var hasSeason: Bool { season != .none }
}

/// Smoothing parameters and initial states.
public struct ETSParameters: Sendable, Equatable {
    public var alpha: Double
    public var beta: Double
    public var gamma: Double
    public var phi: Double
    public var level: Double
    public var slope: Double
    /// Initial seasonal states; `seasons[j]` applies to the j-th observation of a cycle.
    public var seasons: [Double]
}

/// Running the state equations over a series.
enum ETSFilter {
    /// R's criterion: n log(SSE) + 2 sum log|yhat| (the last term for multiplicative errors only);
    /// minus twice the Gaussian log-likelihood up to a constant. Nil when a forecast becomes invalid.
    ///
    /// The likelihood is the fits' whole cost (two thirds of a daily series' forecast, perf), so
    /// the loop is compiled once per combination of components (`ComponentFlag`): with the
    /// components as run-time values every step tested them, and the branches and the registers
    /// they took cost about a third of the loop (medium report's forecasts, BENCHMARKS.md issue 24).
    /// The arithmetic is the same in every version, operation for operation.
    static func run(_ spec: ETSSpec, _ p: ETSParameters, _ y: [Double], residuals: UnsafeMutablePointer<Double>? = nil,
                    finalState: UnsafeMutablePointer<(level: Double, slope: Double, seasons: [Double])>? = nil) -> Double? {
        func seasonal<E: ComponentFlag, T: ComponentFlag>(_: E.Type, _: T.Type) -> Double? {
            switch spec.season {
            case .none: return filter(E.self, T.self, Absent.self, Absent.self, spec, p, y, residuals, finalState)
            case .additive: return filter(E.self, T.self, Present.self, Absent.self, spec, p, y, residuals, finalState)
            case .multiplicative: return filter(E.self, T.self, Present.self, Present.self, spec, p, y, residuals, finalState)
            }
        }
        func trended<E: ComponentFlag>(_: E.Type) -> Double? {
            spec.hasTrend ? seasonal(E.self, Present.self) : seasonal(E.self, Absent.self)
        }
        return spec.error == .multiplicative ? trended(Present.self) : trended(Absent.self)
    }

    /// `run` for one combination: `MultiplicativeError`, `Trend`, `Season` and `MultiplicativeSeason`
    /// say which components the model has.
    private static func filter<MultiplicativeError: ComponentFlag, Trend: ComponentFlag, Season: ComponentFlag,
                               MultiplicativeSeason: ComponentFlag>(
        _: MultiplicativeError.Type, _: Trend.Type, _: Season.Type, _: MultiplicativeSeason.Type,
        _ spec: ETSSpec, _ p: ETSParameters, _ y: [Double], _ residuals: UnsafeMutablePointer<Double>?,
        _ finalState: UnsafeMutablePointer<(level: Double, slope: Double, seasons: [Double])>?
    ) -> Double? {
        var level = p.level, slope = p.slope
        var seasons = p.seasons
        let m = spec.period
        var sse = 0.0, logSum = 0.0
        // The product of |yhat| is accumulated and logged in batches: one log per step was a fifth of the fit time.
        var product = 1.0
        let phi = spec.damped ? p.phi : 1
        // Raw buffers and a running season index instead of bounds-checked arrays and a division
        // per step (perf: 45% fewer samples in the ETS fits of a two-year daily series).
        let completed: Bool = y.withUnsafeBufferPointer { y in
            seasons.withUnsafeMutableBufferPointer { seasons in
                var j = 0  // t % m
                for t in 0..<y.count {
                    let phiB = Trend.present ? phi * slope : 0
                    let base = level + phiB
                    let s = Season.present ? seasons[j] : 0
                    let forecast = !Season.present ? base : (MultiplicativeSeason.present ? base * s : base + s)
                    if !forecast.isFinite || (MultiplicativeError.present && abs(forecast) < 1e-10) { return false }
                    let e = MultiplicativeError.present ? (y[t] - forecast) / forecast : y[t] - forecast
                    residuals?[t] = e
                    sse += e * e
                    if MultiplicativeError.present {
                        product *= abs(forecast)
                        if product > 1e100 || product < 1e-100 {
                            logSum += log(product)
                            product = 1
                        }
                    }
                    // Error-correction form of the updates (identical for additive and multiplicative errors).
                    let adjusted: Double
                    if !Season.present {
                        adjusted = y[t]
                    } else if MultiplicativeSeason.present {
                        guard abs(s) > 1e-10 else { return false }
                        adjusted = y[t] / s
                    } else {
                        adjusted = y[t] - s
                    }
                    let newLevel = base + p.alpha * (adjusted - base)
                    if Trend.present { slope = phiB + (p.beta / p.alpha) * (newLevel - level - phiB) }
                    if Season.present {
                        let target: Double
                        if MultiplicativeSeason.present {
                            guard abs(base) > 1e-10 else { return false }
                            target = y[t] / base
                        } else {
                            target = y[t] - base
                        }
                        seasons[j] = s + p.gamma * (target - s)
                    }
                    level = newLevel
                    j += 1
                    if j == m { j = 0 }
                }
                return true
            }
        }
        guard completed else { return nil }
        logSum += log(product)
        finalState?.pointee = (level, slope, seasons)
        guard sse > 0 else { return -1e10 }
        return Double(y.count) * log(sse) + 2 * logSum
    }
}

/// A model component's presence as a type, so that a generic loop is compiled without the test.
protocol ComponentFlag { static var present: Bool { get } }
enum Present: ComponentFlag { static var present: Bool { true } }
enum Absent: ComponentFlag { static var present: Bool { false } }
