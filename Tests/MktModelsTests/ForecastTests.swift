import MktData
import Testing
@testable import MktModels

@Suite struct ForecastTests {
    @Test func seasonalNaiveRepeatsTheLastSeason() {
        let y = (0..<28).map { Double([10, 12, 14, 11, 9, 20, 25][$0 % 7] + $0 / 7) }
        let f = Baselines.seasonalNaive(y, season: 7, horizon: 10)
        #expect(f.mean == [13, 15, 17, 14, 12, 23, 28, 13, 15, 17])
        // Residuals are all 1 (one step of trend per season): sigma = 1; the second season's variance doubles.
        #expect(f.standardDeviation[0] == 1)
        #expect(abs(f.standardDeviation[7] - 2.0.squareRoot()) < 1e-12)
    }

    @Test func exponentialSmoothingOfAConstantSeries() {
        let f = Baselines.simpleExponentialSmoothing(Array(repeating: 50, count: 30), horizon: 3)
        for m in f.mean { #expect(abs(m - 50) < 1e-6) }
        for s in f.standardDeviation { #expect(s < 1e-6) }
    }

    @Test func intervalsNeverGoBelowZeroForNonNegativeSeries() {
        let y = (0..<60).map { Double(($0 * 37) % 11) }
        let series = TimeSeries(start: Day(year: 2026, month: 1, day: 1)!, frequency: .daily, values: y)
        let forecast = ForecastSelection.forecast(series, name: "x", horizon: 14)
        #expect(forecast.points.count == 14)
        #expect(forecast.points[0].date == Day(year: 2026, month: 3, day: 2)!)
        for p in forecast.points { #expect(p.lo95 >= 0 && p.lo95 <= p.lo80 && p.lo80 <= p.mean && p.mean <= p.hi80 && p.hi80 <= p.hi95) }
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
