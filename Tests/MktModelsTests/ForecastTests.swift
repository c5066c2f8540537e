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

    /// A shop that never trades on Saturdays gets zero there, intervals included, and says so; also
    /// when returns took one day's revenue below zero (the rule was once kept for series that never
    /// go below zero, and UCI Online Retail's revenue got Saturday forecasts of 8-12k).
    @Test(arguments: [false, true])
    func daysAShopNeverTradesAreForecastAsZero(withADayOfNetReturns: Bool) {
        let start = Day(year: 2026, month: 6, day: 1)!  // a Monday
        var random = SeededRandom(seed: 5)
        var values = (0..<140).map { t -> Double in (start + t).weekday == 5 ? 0 : 100 + 20 * Double((start + t).weekday) + 10 * random.uniform() }
        if withADayOfNetReturns { values[31] = -150 }  // a Thursday
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
        #expect(tiny.notes == ["only 2 values: the naive forecast repeats the last one"] && tiny.rule.hasPrefix("With so few values"))
        // One full week of history (a shop's first week, UCI Online Retail's 6-12 Dec 2010).
        let one = ForecastEngine.forecast(TimeSeries(start: start, frequency: .weekly, values: [270_287.03]), options: .init(horizon: 2))
        #expect(one.notes == ["only one value: the naive forecast repeats it, with no spread to give an interval"])
        #expect(one.rule == "With so few values the naive forecast is used, unvalidated." && constant.rule.hasPrefix("With so little variation"))
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

    /// A log-scale forecast back on the original scale: bounds exponentiated, the mean
    /// bias-adjusted by the log-scale variance the 95% interval implies (fpp3 5.6).
    @Test func logForecastsComeBackAsMeans() {
        let z = ForecastPath.z95, m = Foundation.log(100.0)
        let onLogs = ForecastPath(mean: [m], lo80: [m - 0.5], hi80: [m + 0.5], lo95: [m - z * 0.5], hi95: [m + z * 0.5])
        let back = onLogs.exponentiated()
        #expect(abs(back.mean[0] - 112.5) < 1e-9)  // 100 (1 + 0.5^2 / 2)
        #expect(abs(back.lo80[0] - 100 * Foundation.exp(-0.5)) < 1e-9 && abs(back.hi95[0] - 100 * Foundation.exp(z * 0.5)) < 1e-9)
    }

    @Test func explosiveForecastsAreCaught() {
        let history = (1...10).map(Double.init)  // band 1-10 widened by its range 9: -8 to 19
        func path(_ mean: Double) -> ForecastPath { ForecastPath(mean: [5, mean], standardDeviation: [1, 1]) }
        #expect(!path(18.9).explodes(from: history))
        #expect(path(19.1).explodes(from: history))
        #expect(path(-8.1).explodes(from: history))
        #expect(path(.nan).explodes(from: history))
    }

    /// Multiplicative figure out and back in: a series that is level x season adjusts to the level.
    @Test func seasonalAdjustmentRoundTrips() throws {
        let season: [Double] = [0.5, 1.5, 1.25, 0.75]
        let y = (0..<16).map { 100 * season[$0 % 4] }
        let adjustment = try #require(SeasonalAdjustment(y, period: 4))
        for value in adjustment.adjusted(y) { #expect(abs(value - 100) < 1e-9) }
        let flat = ForecastPath(mean: [100, 100, 100, 100, 100], standardDeviation: [10, 10, 10, 10, 10])
        let back = adjustment.reseasonalised(flat, from: 16)
        #expect(zip(back.mean, [50, 150, 125, 75, 50]).allSatisfy { abs($0 - $1) < 1e-9 })
        #expect(abs((back.hi80[1] - back.mean[1]) - 1.5 * (flat.hi80[1] - flat.mean[1])) < 1e-9)
    }

    /// The combination keeps the best three fitted models within 30% of the best: an ARIMA at 5.9
    /// cannot drag it, and baselines are never members.
    @Test func combinationLeavesOutABadMember() {
        func score(_ method: String, _ mase: Double) -> BacktestScore {
            BacktestScore(method: method, mase: mase, smape: 0, coverage80: 0.8, coverage95: 0.95)
        }
        let scores = [score("naive", 0.9), score("ETS", 1.0), score("ARIMA", 5.9), score("regression", 1.2),
                      score("ETS (log)", 1.25), score("ETS (adjusted)", 1.31)]
        #expect(ForecastEngine.combinationMembers(scores) == ["ETS", "regression", "ETS (log)"])
        #expect(ForecastEngine.combinationMembers([score("ETS", 1), score("ARIMA", 2)]) == ["ETS"])
    }

    /// The 80% and the 95% intervals are calibrated on their own: errors of 0.1-1.0 against
    /// half-widths 1 (80%) and 2 (95%) need 0.82 for the 80% (their 80th percentile) and 0.48 for
    /// the 95%, which the 0.8 floor holds.
    @Test func intervalsAreCalibratedOneByOne() {
        let path = ForecastPath(mean: Array(repeating: 0, count: 10), lo80: Array(repeating: -1, count: 10), hi80: Array(repeating: 1, count: 10),
                                lo95: Array(repeating: -2, count: 10), hi95: Array(repeating: 2, count: 10))
        let y = (1...10).map { Double($0) / 10 }
        let (f80, f95) = ForecastEngine.calibrationFactors([path], origins: [0], y: y)
        #expect(abs(f80 - 0.82) < 1e-9)
        #expect(f95 == 0.8)
        let scaled = path.scalingIntervals(by80: f80, by95: f95)
        #expect(abs(scaled.hi80[0] - 0.82) < 1e-9 && abs(scaled.lo95[0] + 1.6) < 1e-9)
    }

    /// A growing series with seasonality proportional to its level (a souvenir shop's months):
    /// the log candidate is fitted, and the engine beats the seasonal naive on the hidden year.
    @Test func growingMultiplicativeSeasonalityIsModelled() {
        var random = SeededRandom(seed: 3)
        let y = (0..<96).map { t in Foundation.exp(0.03 * Double(t)) * (1 + 0.6 * sin(2 * Double.pi * Double(t) / 12)) * Foundation.exp(0.05 * random.normal()) * 100 }
        let train = Array(y.prefix(84)), test = Array(y.suffix(12))
        let result = ForecastEngine.forecast(TimeSeries(start: Day(year: 2020, month: 1, day: 1)!, frequency: .monthly, values: train),
                                             options: .init(horizon: 12))
        #expect(result.backtest.contains { $0.method == "ETS (log)" })
        let error = zip(result.path.mean, test).map { abs($0 - $1) }.reduce(0, +)
        let naiveError = zip(train.suffix(12), test).map { abs($0 - $1) }.reduce(0, +)
        #expect(error < 0.5 * naiveError, "\(result.method): \(error) against seasonal naive \(naiveError)")
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
