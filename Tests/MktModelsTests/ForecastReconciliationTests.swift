import MktFacts
import Testing
@testable import MktModels

struct ForecastReconciliationTests {
    /// Each part keeps its share of the parts' sum; the shares split the total.
    @Test func partsSplitTheTotalByTheirForecastShares() {
        // Parts 60, 30 and 30 (sum 120) split a total of 100: each times 100/120.
        let f = ForecastReconciliation.factors(total: 100, parts: [60, 30, 30])
        #expect(f.allSatisfy { abs($0 - 100.0 / 120) < 1e-12 })
        // Parts below the total are scaled up the same way: 20 + 30 = 50 under 100, times 2.
        #expect(ForecastReconciliation.factors(total: 100, parts: [20, 30]) == [2, 2])
        // A part forecast below zero gets no share; the others take the whole.
        #expect(ForecastReconciliation.factors(total: 100, parts: [-10, 50]) == [0, 2])
        // Nothing positive to share out: left as is.
        #expect(ForecastReconciliation.factors(total: 100, parts: [0, 0]) == [1, 1])
    }

    @Test func aPointScalesAndShiftsAsAWhole() {
        let point = ForecastPoint(date: Day(index: 0), mean: 10, lo80: 5, hi80: 15, lo95: 0, hi95: 20)
        #expect(point.multiplied(by: 2) == ForecastPoint(date: Day(index: 0), mean: 20, lo80: 10, hi80: 30, lo95: 0, hi95: 40))
        #expect(point.multiplied(by: 0).lo95.sign == .plus)
        #expect(point.withMean(10.01) == ForecastPoint(date: Day(index: 0), mean: 10.01, lo80: 5, hi80: 15, lo95: 0, hi95: 20))
        #expect(point.withMean(4).lo80 == 4 && point.withMean(25).hi95 == 25)
    }
}
