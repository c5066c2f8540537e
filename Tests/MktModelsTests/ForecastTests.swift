import Foundation
import MktData
import MktTesting
import Testing
@testable import MktModels

@Suite struct ForecastTests {
    @Test func seasonalNaiveRepeatsTheLastSeason() {
        let y = (0..<28).map { Double([10, 12, 14, 11, 9, 20, 25][$0 % 7] + $0 / 7) }
        let f = Baselines.seasonalNaive(y, season: 7, horizon: 10)
        #expect(f.mean == [13, 15, 17, 14, 12, 23, 28, 13, 15, 17])
        // Residuals are all 1 (one step of trend per season): sigma = 1; the second season's variance doubles.
        #expect(abs((f.hi95[0] - f.mean[0]) - Normal.quantile(0.975)) < 1e-12)
        #expect(abs((f.hi95[7] - f.mean[7]) - Normal.quantile(0.975) * 2.0.squareRoot()) < 1e-12)
    }

    /// A shop that never trades on Saturdays gets zero there, intervals included, and says so.
    @Test func daysAShopNeverTradesAreForecastAsZero() {
        let start = Day(year: 2026, month: 6, day: 1)!  // a Monday
        var random = SeededRandom(seed: 5)
        let values = (0..<140).map { t -> Double in (start + t).weekday == 5 ? 0 : 100 + 20 * Double((start + t).weekday) + 10 * random.uniform() }
        let result = ForecastEngine.forecast(TimeSeries(start: start, frequency: .daily, values: values), options: .init(horizon: 14))
        let days = (0..<14).map { start + 140 + $0 }
        for (h, day) in days.enumerated() {
            if day.weekday == 5 {
                #expect(result.path.mean[h] == 0 && result.path.hi95[h] == 0 && result.path.lo95[h] == 0, "\(day)")
            } else {
                #expect(result.path.mean[h] > 50, "\(day): \(result.path.mean[h])")
            }
        }
        #expect(result.notes.contains("no trade on Saturdays in at least 90% of the last 12 weeks: forecast as zero there"), "\(result.notes)")
    }

    @Test func constantAndShortSeriesFallBackWithAnExplanation() {
        let start = Day(year: 2026, month: 1, day: 1)!
        let constant = ForecastEngine.forecast(TimeSeries(start: start, frequency: .daily, values: Array(repeating: 7, count: 40)),
                                               options: .init(horizon: 5))
        #expect(constant.method == "naive" && constant.path.mean == Array(repeating: 7, count: 5))
        #expect(constant.path.lo95 == constant.path.mean && constant.notes == ["the series is constant: the forecast repeats its value"])
        let zeros = ForecastEngine.forecast(TimeSeries(start: start, frequency: .daily, values: Array(repeating: 0, count: 40)),
                                            options: .init(horizon: 3))
        #expect(zeros.path.mean == [0, 0, 0] && zeros.path.hi95 == [0, 0, 0])
        let short = ForecastEngine.forecast(TimeSeries(start: start, frequency: .weekly, values: (0..<30).map { 100 + Double($0 % 5) }),
                                            options: .init(horizon: 4))
        #expect(short.notes.contains("fewer than two full seasons of history: seasonal patterns are not modelled"))
        #expect(short.path.horizon == 4)
        let tiny = ForecastEngine.forecast(TimeSeries(start: start, frequency: .monthly, values: [3, 5]), options: .init(horizon: 2))
        #expect(tiny.method == "naive" && tiny.path.mean == [5, 5])
    }

    @Test func engineChoosesTheBestValidatedMethodAndKeepsIntervalsOrdered() throws {
        var random = SeededRandom(seed: 9)
        let weekly: [Double] = [0, 1, 2, 1, 0, -2, -2]
        var y: [Double] = []
        for t in 0..<200 {
            let trend = 100 + 0.3 * Double(t)
            y.append(trend + 15 * weekly[t % 7] + 3 * random.normal())
        }
        let series = TimeSeries(start: Day(year: 2025, month: 1, day: 1)!, frequency: .daily, values: y)
        let result = ForecastEngine.forecast(series, options: .init(horizon: 14))
        // The best-validated method wins unless the combination is within the margin of it.
        let best = try #require(result.backtest.first), chosen = try #require(result.backtest.first { $0.method == result.method })
        #expect(result.validationMASE == chosen.mase)
        #expect(chosen.method == best.method
                || (chosen.method == "combination" && best.mase > chosen.mase * (1 - ForecastEngine.combinationMargin)))
        let methods = Set(result.backtest.map { (score: BacktestScore) in score.method })
        #expect(methods.isSuperset(of: ["naive", "seasonal naive", "ETS", "ARIMA", "regression"]))
        #expect(result.validationMASE! < 1, "a clear weekly pattern beats seasonal naive: \(result.backtest)")
        for h in 0..<14 {
            let p = result.path
            #expect(p.lo95[h] <= p.lo80[h] && p.lo80[h] <= p.mean[h] && p.mean[h] <= p.hi80[h] && p.hi80[h] <= p.hi95[h])
        }
        // Deterministic: the same input gives the same forecast.
        #expect(ForecastEngine.forecast(series, options: .init(horizon: 14)).path == result.path)
    }

    @Test func regressionLearnsWeekdaysAndLags() throws {
        let y = (0..<120).map { t in 50 + 10 * Double(t % 7) }
        let fit = try #require(LagRegression.fit(TimeSeries(start: Day(year: 2026, month: 1, day: 5)!, frequency: .daily, values: y), holidays: []))
        let forecast = fit.forecast(horizon: 7, seed: 1)
        for h in 0..<7 { #expect(abs(forecast.mean[h] - (50 + 10 * Double((120 + h) % 7))) < 1e-4) }
    }

    @Test func weeklyTotalsEndOnTheLastDay() {
        let series = TimeSeries(start: Day(year: 2026, month: 1, day: 1)!, frequency: .daily, values: (1...17).map(Double.init))
        let weekly = series.weeklyTotals()
        let expected: [Double] = [49, 98]  // 4 + ... + 10, 11 + ... + 17
        #expect(weekly.values == expected)
        #expect(weekly.start == Day(year: 2026, month: 1, day: 4)!)
    }

    @Test func regularSeriesInfersFrequencyAndFillsGaps() throws {
        let start = Day(year: 2026, month: 1, day: 5)!
        let weekly = try RegularSeries.make([(start, 1), (start + 7, nil), (start + 21, 4), (start + 14, 3)])
        #expect(weekly.series.frequency == .weekly)
        #expect(weekly.series.values == [1, 2, 3, 4])
        #expect(weekly.notes.count == 1)
        let monthly = try RegularSeries.make([(Day(year: 2026, month: 1, day: 31)!, 5), (Day(year: 2026, month: 2, day: 28)!, 6),
                                              (Day(year: 2026, month: 3, day: 31)!, 7)])
        #expect(monthly.series.frequency == .monthly)
        #expect(throws: RegularSeries.Failure.self) { try RegularSeries.make([(start, 1), (start, 2)]) }
    }
}

/// Reference values: Tests/References/make_regression_references.py (statsmodels OLS).
@Suite struct RegressionReferenceTests {
    struct Reference: Decodable { var coefficients: [Double], sigma2: Double, loglik: Double, mean: [Double] }

    @Test func lagRegressionMatchesStatsmodelsOLS() throws {
        let reference = try RepositoryFiles.reference("regression_references.json", as: Reference.self)
        let y = try RepositoryFiles.reference("forecast_references.json", as: ForecastReferences.self).series["AirPassengers"]!
        let fit = try #require(LagRegression.fit(TimeSeries(start: Day(year: 1949, month: 1, day: 1)!, frequency: .monthly, values: y), holidays: []))
        #expect(fit.lags == [1, 12])
        #expect(fit.coefficients.count == reference.coefficients.count)
        // Normal equations against statsmodels' pseudo-inverse: coefficients agree to 1e-5 (relative).
        for (ours, theirs) in zip(fit.coefficients, reference.coefficients) { #expect(relativeError(ours, theirs) < 1e-5) }
        #expect(relativeError(fit.sigma2, reference.sigma2) < 1e-9)
        // The Gaussian log-likelihood from the residual sum of squares, as statsmodels computes it.
        let rows = Double(y.count - 12), ssr = fit.sigma2 * (rows - Double(fit.coefficients.count))
        let loglik = -rows / 2 * (log(2 * Double.pi) + log(ssr / rows) + 1)
        #expect(relativeError(loglik, reference.loglik) < 1e-9)
        // The means follow from the coefficients, so they share their 1e-5 (a 1e-6 bound failed once at 1.2e-6).
        let forecast = fit.forecast(horizon: 12, seed: 1)
        for (ours, theirs) in zip(forecast.mean, reference.mean) { #expect(relativeError(ours, theirs) < 1e-5) }
    }
}

/// The forecast ledger's grades, worked by hand.
@Suite struct ForecastLedgerTests {
    @Test func publishedForecastsAreGradedAgainstWhatHappened() throws {
        let first = Day(year: 2026, month: 10, day: 5)!  // a Monday
        var daily = DailySeries(firstDay: first)
        // A weekly pattern that rises by 2 each week, so its seasonal-naive error is 2.
        daily.revenue = (0..<28).map { (t: Int) -> Double in Double(10 + 2 * (t / 7) + t % 7) }
        daily.orders = daily.revenue
        let madeAt = first + 20
        // Forecast for days 21-23: means 1 below the actual values; intervals catch the first two only.
        let points = (21..<24).map { t -> ForecastPoint in
            let actual = daily.revenue[t]
            return ForecastPoint(date: first + t, mean: actual - 1, lo80: t == 23 ? actual + 1 : actual - 2, hi80: t == 23 ? actual + 2 : actual + 1,
                                 lo95: actual - 3, hi95: actual + 3)
        }
        let grades = ForecastLedger.grade([.init(series: "revenue", frequency: "daily", madeAt: madeAt, points: points)], daily: daily, through: first + 27)
        let g = try #require(grades.first)
        // Seasonal-naive scale of days 0-20: every value is 2 above the one a week before.
        #expect(g.points == 3 && g.reports == 1 && abs(g.mase! - 0.5) < 1e-12)
        #expect(abs(g.coverage80 - 2.0 / 3) < 1e-12 && g.coverage95 == 1 && g.misses.count == 3)
        // Not yet passed: nothing graded.
        #expect(ForecastLedger.grade([.init(series: "revenue", frequency: "daily", madeAt: madeAt, points: points)], daily: daily, through: first + 20).isEmpty)
        #expect(ForecastLedger.hitRate(lists: [0: [1, 2], 1: [3]], boughtInWindow: [Int64(1) << 32 | 3]) == (2, 1))
    }
}
