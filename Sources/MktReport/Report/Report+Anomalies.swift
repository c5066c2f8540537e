import MktFacts
import MktModels

extension Report {
    /// `anomalies` (`AnomalyDetection`): window days outside their one-step-ahead 95% intervals.
    public struct AnomalySection: Codable, Sendable, Equatable {
        public struct Flagged: Codable, Sendable, Equatable {
            public var kind: String
            public var name: String
            public var date: Day
            public var actual: Double
            public var expected: Double
            public var low95: Double
            public var high95: Double
            /// `above` or `below` the interval.
            public var direction: String
            /// Standard deviations of the one-step errors from the forecast.
            public var score: Double
            /// Revenue series are amounts; orders and conversions are counts.
            public var isMoney: Bool { Self.isMoney(kind) }
            static func isMoney(_ kind: String) -> Bool { kind == "revenue" || kind == "category" }

            enum CodingKeys: String, CodingKey { case kind, name, date, actual, expected, low95, high95, direction, score }
        }
        public var seriesChecked: Int
        /// Series checked per kind (`revenue`, `orders`, `category`, `campaign`).
        public var checkedByKind: [String: Int]
        public var method: String
        public var days: [Flagged]

        enum CodingKeys: String, CodingKey { case seriesChecked = "series_checked", checkedByKind = "checked_by_kind", method, days }

        init(_ r: AnomalyDetection.Result) {
            seriesChecked = r.seriesChecked
            checkedByKind = r.checkedByKind
            method = "ETS(A,N,A) weekly, fitted on up to \(AnomalyDetection.historyDays) days before the window; one-step-ahead 95% intervals"
            days = r.anomalies.map {
                let money = Flagged.isMoney($0.kind)
                let round = { (x: Double) in money ? cents(x) : (x * 100).rounded() / 100 }
                return Flagged(kind: $0.kind, name: $0.name, date: $0.day, actual: round($0.actual), expected: round($0.expected),
                            low95: round($0.low95), high95: round($0.high95), direction: $0.direction.rawValue, score: $0.score)
            }
        }
    }
}
