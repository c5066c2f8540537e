import MktFacts
import MktModels

extension Report {
    /// `cohorts` (`Cohorts`): acquisition cohorts of the last 12 months, overall and by channel.
    public struct CohortSection: Codable, Sendable, Equatable {
        public struct Row: Codable, Sendable, Equatable {
            /// First day of the cohort's month.
            public var month: Day
            public var customers: Int
            /// Share ordering in each month since the cohort's; null for a cohort below the minimum group size.
            @EncodesNil public var active: [Double]?
            /// Cumulative revenue per customer to the end of each month since the cohort's.
            @EncodesNil public var revenuePerCustomer: [Double]?

            enum CodingKeys: String, CodingKey { case month, customers, active, revenuePerCustomer = "revenue_per_customer" }
        }
        public struct Channel: Codable, Sendable, Equatable {
            public var channel: String
            public var cohorts: [Row]
        }
        public var months: Int
        public var overall: [Row]
        public var byChannel: [Channel]

        enum CodingKeys: String, CodingKey { case months, overall, byChannel = "by_channel" }

        init(_ c: Cohorts) {
            func rows(_ cohorts: [Cohorts.Cohort]) -> [Row] {
                cohorts.map { Row(month: $0.month, customers: $0.customers, active: $0.active, revenuePerCustomer: $0.revenuePerCustomer?.map(cents)) }
            }
            months = Cohorts.months
            overall = rows(c.overall)
            byChannel = c.byChannel.map { Channel(channel: $0.channel, cohorts: rows($0.cohorts)) }
        }
    }
}
