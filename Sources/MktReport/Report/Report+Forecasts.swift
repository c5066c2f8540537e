import MktFacts
import MktModels

extension Report {
    public struct HistoryPoint: Codable, Sendable, Equatable {
        public var date: Day
        public var value: Double
    }

    public struct ForecastSeries: Codable, Sendable, Equatable {
        /// `revenue`, `orders`, or `revenue: <category>`.
        public var series: String
        public var frequency: String
        public var method: String
        /// The selection rule the engine applied, in one sentence.
        public var rule: String
        /// Nil when the series was too short to validate.
        public var validationMase: Double?
        /// Rolling-origin validation of every candidate method, best first.
        public var backtest: [BacktestScore]
        public var notes: [String]
        /// Recent history shown before the forecast in the chart.
        public var history: [HistoryPoint]
        public var points: [ForecastPoint]

        enum CodingKeys: String, CodingKey {
            case series, frequency, method, rule, validationMase = "validation_mase", backtest, notes, history, points
        }

        /// Money series (revenue) are shown as amounts, the others as counts.
        public var isMoney: Bool { Self.isMoney(series) }
        public static func isMoney(_ series: String) -> Bool { series.hasPrefix("revenue") }
    }
}
