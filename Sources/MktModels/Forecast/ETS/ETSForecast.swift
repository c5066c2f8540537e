import Foundation

extension ETSFit {
    /// Point forecasts from the final state with the error set to zero.
    public func pointForecast(horizon h: Int) -> [Double] {
        let m = spec.period
        let phi = spec.damped ? parameters.phi : 1
        var dampedSum = 0.0, power = 1.0
        return (1...max(1, h)).prefix(h).map { step in
            power *= phi
            dampedSum += power
            let base = finalLevel + (spec.hasTrend ? dampedSum * finalSlope : 0)
            switch spec.season {
            case .none: return base
            case .additive: return base + finalSeasons[(observations + step - 1) % m]
            case .multiplicative: return base * finalSeasons[(observations + step - 1) % m]
            }
        }
    }

    /// Forecasts with prediction intervals: analytic for the linear models (additive error,
    /// no multiplicative season: variance sigma^2 (1 + sum c_j^2) with
    /// c_j = alpha + beta (phi + ... + phi^j) + gamma [j is a multiple of m], Hyndman et al. 2008
    /// table 6.1, class 1); simulated (seeded, 2,000 paths) for the others.
    public func forecast(horizon h: Int, seed: UInt64) -> ForecastPath {
        let mean = pointForecast(horizon: h)
        guard h > 0 else { return ForecastPath(mean: [], lo80: [], hi80: [], lo95: [], hi95: []) }
        if spec.error == .additive && spec.season != .multiplicative {
            let phi = spec.damped ? parameters.phi : 1
            var variance = [sigma2]
            var total = 1.0, dampedSum = 0.0, power = 1.0
            for j in 1..<max(1, h) {
                power *= phi
                dampedSum += power
                var c = parameters.alpha
                if spec.hasTrend { c += parameters.beta * dampedSum }
                if spec.hasSeason && j % spec.period == 0 { c += parameters.gamma }
                total += c * c
                variance.append(sigma2 * total)
            }
            return ForecastPath(mean: mean, standardDeviation: variance.prefix(h).map { $0.squareRoot() })
        }
        return ForecastPath(mean: mean, simulatedPaths: simulate(horizon: h, paths: 2000, seed: seed))
    }

    /// Sample paths from the state equations with Gaussian errors of variance `sigma2`.
    func simulate(horizon h: Int, paths: Int, seed: UInt64) -> [[Double]] {
        var random = SeededRandom(seed: seed)
        let sigma = sigma2.squareRoot(), m = spec.period
        let phi = spec.damped ? parameters.phi : 1
        return (0..<paths).map { _ in
            var level = finalLevel, slope = finalSlope, seasons = finalSeasons
            return (0..<h).map { step in
                let t = observations + step
                let phiB = spec.hasTrend ? phi * slope : 0
                let base = level + phiB
                let s = spec.hasSeason ? seasons[t % m] : 0
                let forecast = spec.season == .none ? base : (spec.season == .additive ? base + s : base * s)
                let e = sigma * random.normal()
                let y = spec.error == .additive ? forecast + e : forecast * (1 + e)
                let adjusted = spec.season == .none ? y : (spec.season == .additive ? y - s : y / s)
                let newLevel = base + parameters.alpha * (adjusted - base)
                if spec.hasTrend { slope = phiB + (parameters.beta / parameters.alpha) * (newLevel - level - phiB) }
                if spec.hasSeason {
                    let target = spec.season == .additive ? y - base : y / base
                    seasons[t % m] = s + parameters.gamma * (target - s)
                }
                level = newLevel
                return y
            }
        }
    }
}

/// Automatic ETS: fits every admissible model of the family and keeps the one with the lowest AICc.
///
/// Candidates: error A or M; trend N, A or Ad; season N, A or M when 2 <= m <= 24 and the series covers
/// at least two seasons (R's limits; longer seasons such as 52 weeks are left to ARIMA and the
/// regression). Multiplicative components need strictly positive data; additive error with a
/// multiplicative season is excluded as numerically unstable (R's `restrict = TRUE`).
public enum AutoETS {
    /// The longest season ETS models with seasonal states (as R's forecast::ets).
    public static let longestSeason = 24

    public static func candidates(_ y: [Double], period m: Int) -> [ETSSpec] {
        let positive = y.allSatisfy { $0 > 0 }
        let seasonal = m >= 2 && m <= longestSeason && y.count >= 2 * m + 2
        var specs: [ETSSpec] = []
        for error in positive ? [ETSSpec.Component.additive, .multiplicative] : [.additive] {
            for (trend, damped) in [(ETSSpec.Component.none, false), (.additive, false), (.additive, true)] {
                var seasons: [ETSSpec.Component] = [.none]
                if seasonal { seasons += positive ? [.additive, .multiplicative] : [.additive] }
                for season in seasons where !(error == .additive && season == .multiplicative) {
                    specs.append(ETSSpec(error: error, trend: trend, damped: damped, season: season, period: m))
                }
            }
        }
        return specs
    }

    /// Screens every candidate with one optimiser run, then fits the three best thoroughly
    /// (multiple starts) and keeps the lowest AICc.
    public static func fit(_ y: [Double], period m: Int) -> ETSFit? {
        let screened = candidates(y, period: m).compactMap { spec -> ETSFit? in
            guard let fit = ETSEstimator.fit(y, spec: spec, thorough: false), fit.aicc.isFinite else { return nil }
            return fit
        }.sorted { $0.aicc < $1.aicc }
        var best = screened.first
        for fit in screened.prefix(3) {
            guard let refined = ETSEstimator.fit(y, spec: fit.spec, thorough: true), refined.aicc.isFinite else { continue }
            if refined.aicc < best!.aicc { best = refined }
        }
        return best
    }
}
