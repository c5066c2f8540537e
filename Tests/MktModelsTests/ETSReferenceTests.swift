import MktTesting
import Testing
@testable import MktModels

struct ForecastReferences: Decodable {
    struct ETSCase: Decodable {
        var series: String, period: Int, model: String, damped: Bool, method: String
        var alpha: Double, beta: Double?, gamma: Double?, phi: Double?
        var loglik: Double, aicc: Double, sigma2: Double
        var mean: [Double], lo95: [Double], hi95: [Double]
    }
    struct StatsmodelsETSCase: Decodable {
        var series: String, period: Int, model: String, damped: Bool, loglik: Double, alpha: Double, mean: [Double]
    }
    struct ARIMACase: Decodable {
        var series: String, period: Int, order: [Int], seasonal: [Int], include_mean: Bool
        var coef: [String: Double], sigma2: Double, loglik: Double, mean: [Double], lo95: [Double], hi95: [Double]
    }
    var series: [String: [Double]]
    var ets: [ETSCase]
    var statsmodels_ets: [StatsmodelsETSCase]
    var arima: [ARIMACase]
}

func etsSpec(_ model: String, damped: Bool, period: Int) -> ETSSpec {
    let letters = Array(model).map { ETSSpec.Component(rawValue: String($0))! }
    return ETSSpec(error: letters[0], trend: letters[1], damped: damped, season: letters[2], period: period)
}

func relativeError(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-12) }

/// Reference values: Tests/References/make_forecast_references.py (statsforecast 2.1, statsmodels 0.15).
@Suite struct ETSReferenceTests {
    let references = try! RepositoryFiles.reference("forecast_references.json", as: ForecastReferences.self)

    /// Non-seasonal models have one clear optimum: parameters, likelihood, AICc, forecasts and intervals
    /// agree with statsforecast's AutoETS to 1e-3 (relative for forecasts).
    @Test func nonSeasonalModelsMatchStatsforecast() throws {
        for c in references.ets where c.model.hasSuffix("N") {
            let fit = try #require(ETSEstimator.fit(references.series[c.series]!, spec: etsSpec(c.model, damped: c.damped, period: c.period)))
            #expect(abs(fit.logLikelihood - c.loglik) < 1e-3, "\(c.method) loglik \(fit.logLikelihood) vs \(c.loglik)")
            #expect(abs(fit.aicc - c.aicc) < 2e-3, "\(c.method) AICc")
            #expect(abs(fit.parameters.alpha - c.alpha) < 1e-3, "\(c.method) alpha")
            let forecast = fit.forecast(horizon: 12, seed: 1)
            for h in 0..<12 {
                #expect(relativeError(forecast.mean[h], c.mean[h]) < 1e-3, "\(c.method) mean h=\(h + 1)")
                #expect(relativeError(forecast.hi95[h] - forecast.lo95[h], c.hi95[h] - c.lo95[h]) < 1e-2, "\(c.method) 95% width h=\(h + 1)")
            }
        }
    }

    /// Every model: our optimum is at least as good as statsmodels' ETSModel (L-BFGS-B) to within 0.25
    /// log-likelihood units, and where both reach the same optimum the forecasts agree within 1%. (statsforecast 2.1 stops at lower optima,
    /// e.g. -736.6 against -676.0 for ETS(M,A,M); our fits are never worse than its.)
    @Test func allModelsReachStatsmodelsOptimum() throws {
        for c in references.statsmodels_ets {
            let fit = try #require(ETSEstimator.fit(references.series[c.series]!, spec: etsSpec(c.model, damped: c.damped, period: c.period)))
            #expect(fit.logLikelihood > c.loglik - 0.25, "\(fit.spec) loglik \(fit.logLikelihood) vs \(c.loglik)")
            // Where statsmodels stops at a worse optimum (ETS(A,A,N): -907.6 against our -863.6) the
            // forecasts differ legitimately; compare them when both reach the same optimum.
            guard abs(fit.logLikelihood - c.loglik) < 0.25 else { continue }
            let mean = fit.pointForecast(horizon: 12)
            for h in 0..<12 { #expect(relativeError(mean[h], c.mean[h]) < 0.01, "\(fit.spec) mean h=\(h + 1): \(mean[h]) vs \(c.mean[h])") }
        }
        for c in references.ets where !c.model.hasSuffix("N") && c.model != "ANA" {
            let fit = try #require(ETSEstimator.fit(references.series[c.series]!, spec: etsSpec(c.model, damped: c.damped, period: c.period)))
            #expect(fit.logLikelihood >= c.loglik - 1e-3, "\(fit.spec) worse than statsforecast")
        }
    }

    @Test func automaticSelectionPicksTheLowestAICc() throws {
        let y = references.series["AirPassengers"]!
        let best = try #require(AutoETS.fit(y, period: 12))
        for spec in AutoETS.candidates(y, period: 12) {
            if let other = ETSEstimator.fit(y, spec: spec) { #expect(best.aicc <= other.aicc + 1e-9) }
        }
        #expect(best.spec.season == .multiplicative)
        #expect(AutoETS.candidates(y.map { $0 - 200 }, period: 12).allSatisfy { $0.error == .additive && $0.season != .multiplicative })
        #expect(AutoETS.candidates(Array(y.prefix(20)), period: 12).allSatisfy { $0.season == .none })
    }
}
