import MktModels

extension Report {
    /// `clv`: the fitted models, their parameters, and per segment the mean probability of being
    /// alive, expected orders and discounted expected value over the next 12 months.
    public struct LifetimeValueSection: Codable, Sendable, Equatable {
        public struct BGNBDParameters: Codable, Sendable, Equatable { public var r, alpha, a, b: Double }
        public struct GammaGammaParameters: Codable, Sendable, Equatable { public var p, q, v: Double }
        public struct Segment: Codable, Sendable, Equatable {
            public var name: String
            public var customers: Int
            public var pAlive: Double
            public var expectedOrders: Double
            /// Per customer, discounted; null when Gamma-Gamma is not used.
            @EncodesNil public var expectedValue: Double?

            enum CodingKeys: String, CodingKey {
                case name, customers, pAlive = "p_alive", expectedOrders = "expected_orders", expectedValue = "expected_value"
            }
        }

        /// Time unit of the BG/NBD parameters (alpha is in days).
        public var timeUnit = "day"
        public var months: Int
        public var monthlyDiscountRate: Double
        public var customers: Int
        public var repeatCustomers: Int
        public var bgnbd: BGNBDParameters
        @EncodesNil public var gammaGamma: GammaGammaParameters?
        /// Why expected value is not shown; null when it is.
        @EncodesNil public var gammaGammaNote: String?
        @EncodesNil public var frequencyValueCorrelation: Double?
        public var segments: [Segment]
        /// Customers in customers_at_risk.csv.
        public var atRiskCustomers: Int

        enum CodingKeys: String, CodingKey {
            case timeUnit = "time_unit", months, monthlyDiscountRate = "monthly_discount_rate", customers
            case repeatCustomers = "repeat_customers", bgnbd, gammaGamma = "gamma_gamma", gammaGammaNote = "gamma_gamma_note"
            case frequencyValueCorrelation = "frequency_value_correlation", segments, atRiskCustomers = "at_risk_customers"
        }
    }
}
