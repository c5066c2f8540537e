import Foundation
import MktFacts
import MktTesting
import Testing
@testable import MktModels

/// Retail days, what the forecast learns from their past occurrences, and the intermittent-demand
/// method for series that are mostly zeros.
@Suite struct CalendarEffectTests {
    /// Easter from the published tables; Black Friday the day after the fourth Thursday of November.
    @Test func retailDaysFallOnTheirPublishedDates() {
        let easters = [(2000, 4, 23), (2019, 4, 21), (2024, 3, 31), (2025, 4, 20), (2026, 4, 5), (2038, 4, 25)]
        for (year, month, day) in easters {
            #expect(RetailDay.easter.day(in: year) == Day(year: year, month: month, day: day)!, "\(year)")
        }
        #expect(RetailDay.blackFriday.day(in: 2024) == Day(year: 2024, month: 11, day: 29)!)
        #expect(RetailDay.blackFriday.day(in: 2025) == Day(year: 2025, month: 11, day: 28)!)
        #expect(RetailDay.blackFriday.day(in: 2026) == Day(year: 2026, month: 11, day: 27)!)
        #expect(RetailDay.cyberMonday.day(in: 2026) == Day(year: 2026, month: 11, day: 30)!)
        #expect(RetailDay.blackFriday.day(in: 2018) == Day(year: 2018, month: 11, day: 23)!)  // November starting on a Thursday
        #expect(RetailDay.of(Day(year: 2026, month: 12, day: 25)!) == .christmas)
        #expect(RetailDay.of(Day(year: 2026, month: 12, day: 27)!) == nil)
    }

    /// Three years of a shop that closes on Christmas Day and sells about twice a normal Friday
    /// (145-155) on Black Friday (300-310): both are forecast as before, with the rule in the notes.
    static func shopWithRetailDays(until last: Day) -> TimeSeries {
        let start = Day(year: 2023, month: 11, day: 1)!
        var random = SeededRandom(seed: 11)
        let values = (0...(last - start)).map { t -> Double in
            let day = start + t
            switch RetailDay.of(day) {
            case .christmas: return 0
            case .blackFriday: return 300 + 10 * random.uniform()
            default: return 100 + 10 * Double(day.weekday) + 10 * random.uniform()
            }
        }
        return TimeSeries(start: start, frequency: .daily, values: values)
    }

    @Test func pastChristmasClosuresAndBlackFridayPeaksAreForecast() {
        let november = ForecastEngine.forecast(Self.shopWithRetailDays(until: Day(year: 2026, month: 11, day: 20)!), options: .init(horizon: 14))
        let blackFriday = Day(year: 2026, month: 11, day: 27)! - Day(year: 2026, month: 11, day: 21)!
        let normalFriday = november.path.mean[blackFriday + 7]
        #expect(november.path.mean[blackFriday] > 1.8 * normalFriday && november.path.mean[blackFriday] < 2.3 * normalFriday,
                "\(november.path.mean)")
        #expect(november.path.hi95[blackFriday] > november.path.mean[blackFriday])
        #expect(november.notes.contains { $0.hasPrefix("special days forecast as in past years: Black Friday at 2.") }, "\(november.notes)")

        let december = ForecastEngine.forecast(Self.shopWithRetailDays(until: Day(year: 2026, month: 12, day: 20)!), options: .init(horizon: 14))
        let christmas = Day(year: 2026, month: 12, day: 25)! - Day(year: 2026, month: 12, day: 21)!
        #expect(december.path.mean[christmas] == 0 && december.path.hi95[christmas] == 0)
        #expect(december.path.mean[christmas + 1] > 80, "Boxing Day trades normally: \(december.path.mean)")
        #expect(december.notes.contains("special days forecast as in past years: Christmas Day at 0.00 times a normal day"), "\(december.notes)")
    }

    /// Noise alone is not taken for an effect (twenty shops of four years), and a single big order
    /// on one past Black Friday never becomes one.
    @Test func noEffectWithoutARepeatedPattern() {
        let start = Day(year: 2023, month: 1, day: 2)!
        func noise(seed: UInt64) -> [Double] {
            var random = SeededRandom(seed: seed)
            return (0..<1420).map { _ in 100 + 60 * random.uniform() }
        }
        let adopted = (1...20).filter { CalendarEffects(TimeSeries(start: start, frequency: .daily, values: noise(seed: $0)), holidays: []) != nil }
        #expect(adopted.isEmpty, "\(adopted)")
        var values = noise(seed: 3)
        values[RetailDay.blackFriday.day(in: 2024) - start] = 2000
        let effects = CalendarEffects(TimeSeries(start: start, frequency: .daily, values: values), holidays: [])?.effects ?? [:]
        #expect((effects["Black Friday"] ?? 1) < 1.5, "\(effects)")
        #expect(CalendarEffects(TimeSeries(start: start, frequency: .weekly, values: values), holidays: []) == nil)
    }

    /// TSB with fixed smoothing parameters against statsforecast's
    /// (Tests/References/make_intermittent_references.py).
    @Test func intermittentDemandMatchesStatsforecastTSB() throws {
        struct Case: Decodable { let series: String; let values: [Double]; let size_alpha, probability_alpha, mean: Double }
        struct References: Decodable { let cases: [Case] }
        let references = try RepositoryFiles.reference("intermittent_references.json", as: References.self)
        #expect(references.cases.count == 8)
        for reference in references.cases {
            #expect(IntermittentDemand.applies(to: reference.values))
            let model = IntermittentDemand(sizeAlpha: reference.size_alpha, probabilityAlpha: reference.probability_alpha)
            let mean = try #require(model.forecast(reference.values, horizon: 3)).mean
            #expect(mean.count == 3 && mean.allSatisfy { $0 == mean[0] })
            #expect(abs(mean[0] - reference.mean) <= 1e-9 * max(1, reference.mean), "\(reference.series) \(mean[0]) vs \(reference.mean)")
        }
        #expect(!IntermittentDemand.applies(to: [1, 2, 0, 3, 4, 5, 6]))
    }
}
