import MktTesting
import Testing
@testable import MktModels

/// CSS fits against statsforecast's `Arima(method="CSS")`; forecasts against statsmodels' SARIMAX
/// filtering with the same coefficients (Tests/References/make_forecast_references.py).
@Suite struct ARIMAReferenceTests {
    let references = try! RepositoryFiles.reference("forecast_references.json", as: ForecastReferences.self)

    @Test func cssFitsAndForecastsMatchTheReferences() throws {
        for c in references.arima {
            let spec = ARIMASpec(p: c.order[0], d: c.order[1], q: c.order[2], P: c.seasonal[0], D: c.seasonal[1],
                                 Q: c.seasonal[2], period: c.period, constant: c.include_mean)
            let fit = try #require(ARIMAEstimator.fit(references.series[c.series]!, spec: spec), "\(spec)")
            let ours: [String: Double] = Dictionary(uniqueKeysWithValues:
                fit.ar.enumerated().map { ("ar\($0.offset + 1)", $0.element) } + fit.ma.enumerated().map { ("ma\($0.offset + 1)", $0.element) }
                + fit.seasonalAR.enumerated().map { ("sar\($0.offset + 1)", $0.element) }
                + fit.seasonalMA.enumerated().map { ("sma\($0.offset + 1)", $0.element) }
                + (spec.constant ? [("intercept", fit.mean)] : []))
            for (name, value) in c.coef {
                let tolerance = name == "intercept" ? 1e-3 * abs(value) : 2e-3
                #expect(abs((ours[name] ?? .nan) - value) < tolerance, "\(spec) \(name): \(ours[name] ?? .nan) vs \(value)")
            }
            #expect(relativeError(fit.sigma2, c.sigma2) < 1e-4, "\(spec) sigma2")
            #expect(abs(fit.logLikelihood - c.loglik) < 1e-2, "\(spec) loglik \(fit.logLikelihood) vs \(c.loglik)")
            let forecast = fit.forecast(horizon: 12)
            for h in 0..<12 {
                #expect(relativeError(forecast.mean[h], c.mean[h]) < 2e-3, "\(spec) mean h=\(h + 1): \(forecast.mean[h]) vs \(c.mean[h])")
                #expect(relativeError(forecast.hi95[h] - forecast.lo95[h], c.hi95[h] - c.lo95[h]) < 2e-2, "\(spec) 95% width h=\(h + 1)")
            }
        }
    }
}
