import Foundation

/// Run settings, read from a JSON file (`--config FILE`, or `mktreport.json` in the data directory).
///
/// Every key is optional; unknown keys are an error so that a typo does not pass
/// silently. See README.md, "Configuration", for an example.
public struct Config: Sendable, Equatable {
    /// IANA zone name for wall-clock times and report windows.
    public var timeZone = "UTC"
    /// ISO 4217 code of the data directory's single currency.
    public var currency = "USD"
    /// Extra header names per export: `columns.orders.order_id = "Order Number"`.
    public var columnAliases: [ExportKind: [String: String]] = [:]
    /// Columns treated as personal data in addition to email, name and phone.
    public var extraPIIColumns: Set<String> = []
    /// No report shows a group of customers smaller than this.
    public var minSegmentSize = 10
    /// Which segmentation leads the report: `rfm` or `clusters`.
    public var segmentation = "rfm"
    public var forecast = ForecastSettings()
    public var recommendations = RecommendationSettings()
    public var ads = AdSettings()
    /// Seed for every randomised step (k-means++, simulations, samples).
    public var seed: UInt64 = 42

    public init() {}

    public var piiColumns: Set<String> { defaultPIIColumns.union(extraPIIColumns.map { $0.lowercased() }) }

    public struct ForecastSettings: Sendable, Equatable, Codable {
        /// Days ahead for daily series.
        public var horizonDays = 30
        /// Weeks ahead for weekly series.
        public var horizonWeeks = 8
        /// Holidays used as regressors.
        public var holidays: [Day] = []
        public init() {}
    }

    public struct RecommendationSettings: Sendable, Equatable, Codable {
        public var topN = 10
        /// Implicit-feedback weight of each signal.
        public var eventWeights: [String: Double] = ["purchase": 5, "cart": 3, "wishlist": 2, "view": 1]
        /// Signals lose half their weight every this many days.
        public var halfLifeDays = 90.0
        /// Neighbourhood size for item- and user-based kNN.
        public var neighbours = 50
        /// Cosine shrinkage: similarity * n / (n + shrinkage), n = co-occurrences.
        public var shrinkage = 10.0
        public init() {}
    }

    public struct AdSettings: Sendable, Equatable, Codable {
        /// Campaigns with fewer clicks than this are flagged as too small to rank.
        public var minClicks = 100
        /// A/B tests use this significance level.
        public var alpha = 0.05
        public init() {}
    }

    /// Reads a config file; errors name the file.
    public static func load(path: String) throws -> Config {
        let name = (path as NSString).lastPathComponent
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: name, reason: "cannot read config file")
        }
        do {
            return try JSONDecoder().decode(Config.self, from: data).validated(file: name)
        } catch let error as InputError {
            throw InputError(file: name, reason: error.reason)
        } catch let DecodingError.dataCorrupted(context) {
            throw InputError(file: name, reason: "invalid JSON: \(context.debugDescription)")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw InputError(file: name, reason: "wrong type for '\(key)': \(context.debugDescription)")
        } catch {
            throw InputError(file: name, reason: "invalid config: \(error)")
        }
    }

    /// Checks values that JSON typing cannot.
    public func validated(file: String) throws -> Config {
        guard ZoneClock(identifier: timeZone) != nil else {
            throw InputError(file: file, reason: "unknown time zone '\(timeZone)'")
        }
        guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            throw InputError(file: file, reason: "currency must be a 3-letter ISO 4217 code, got '\(currency)'")
        }
        guard minSegmentSize >= 1 else { throw InputError(file: file, reason: "min_segment_size must be at least 1") }
        guard ["rfm", "clusters"].contains(segmentation) else {
            throw InputError(file: file, reason: "segmentation must be 'rfm' or 'clusters'")
        }
        return self
    }
}

extension Config: Decodable {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private static let knownKeys: Set<String> = [
        "time_zone", "currency", "columns", "pii_columns", "min_segment_size", "segmentation",
        "forecast", "recommendations", "ads", "seed",
    ]

    public init(from decoder: Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: Key.self)
        if let unknown = c.allKeys.map(\.stringValue).filter({ !Self.knownKeys.contains($0) }).sorted().first {
            throw InputError(file: "config", reason: "unknown setting '\(unknown)'")
        }
        func value<T: Decodable>(_ key: String, _ type: T.Type) throws -> T? {
            try c.decodeIfPresent(T.self, forKey: Key(stringValue: key))
        }
        timeZone = try value("time_zone", String.self) ?? timeZone
        currency = try value("currency", String.self) ?? currency
        if let columns = try value("columns", [String: [String: String]].self) {
            for (kindName, mapping) in columns {
                guard let kind = ExportKind(rawValue: kindName) else {
                    throw InputError(file: "config", reason: "columns: unknown export '\(kindName)'")
                }
                columnAliases[kind] = Dictionary(uniqueKeysWithValues: mapping.map { ($0.key.lowercased(), $0.value) })
            }
        }
        extraPIIColumns = Set(try value("pii_columns", [String].self) ?? [])
        minSegmentSize = try value("min_segment_size", Int.self) ?? minSegmentSize
        segmentation = try value("segmentation", String.self) ?? segmentation
        seed = try value("seed", UInt64.self) ?? seed
        if let f = try value("forecast", PartialForecast.self) {
            forecast.horizonDays = f.horizon_days ?? forecast.horizonDays
            forecast.horizonWeeks = f.horizon_weeks ?? forecast.horizonWeeks
            forecast.holidays = f.holidays ?? forecast.holidays
        }
        if let r = try value("recommendations", PartialRecommendations.self) {
            recommendations.topN = r.top_n ?? recommendations.topN
            recommendations.eventWeights = r.event_weights ?? recommendations.eventWeights
            recommendations.halfLifeDays = r.half_life_days ?? recommendations.halfLifeDays
            recommendations.neighbours = r.neighbours ?? recommendations.neighbours
            recommendations.shrinkage = r.shrinkage ?? recommendations.shrinkage
        }
        if let a = try value("ads", PartialAds.self) {
            ads.minClicks = a.min_clicks ?? ads.minClicks
            ads.alpha = a.alpha ?? ads.alpha
        }
    }

    // Partial sections: every field optional, named exactly as in the JSON file.
    private struct PartialForecast: Decodable {
        var horizon_days: Int?, horizon_weeks: Int?, holidays: [Day]?
    }
    private struct PartialRecommendations: Decodable {
        var top_n: Int?, event_weights: [String: Double]?, half_life_days: Double?, neighbours: Int?, shrinkage: Double?
    }
    private struct PartialAds: Decodable {
        var min_clicks: Int?, alpha: Double?
    }
}
