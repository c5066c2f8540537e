import Foundation

/// Run settings, read from a JSON file (`--config FILE`, or `mktreport.json` in the data directory).
///
/// Every key is optional. An unknown key at any depth, a value of the wrong type or outside its
/// range is a one-line error naming the key and what is allowed, so a typo never passes
/// silently. README.md, "Configuration", lists every key with its range.
public struct Config: Sendable, Equatable {
    /// IANA zone name for wall-clock times and report windows.
    public var timeZone = "UTC"
    /// Whether the config names `time_zone` (else UTC is assumed, and the loader says so when order
    /// times carry another offset).
    public var timeZoneIsSet = false
    /// The clock of `timeZone` (UTC if it is not known; `load` refuses unknown zones).
    public var clock: ZoneClock { ZoneClock(identifier: timeZone) ?? .utc }
    /// ISO 4217 code of the data directory's single currency.
    public var currency = "USD"
    /// How the CSV exports are encoded (UTF-8, the contract's, unless a spreadsheet saved them in
    /// Windows-1252). UTF-16 with a byte-order mark is read whatever this says.
    public var encoding = TextEncoding.utf8
    /// Extra header names per export: `columns.orders.order_id = "Order Number"` (keys lowercased).
    public var columnAliases: [ExportKind: [String: String]] = [:]
    /// Columns treated as personal data in addition to the built-in names (lowercased).
    public var extraPIIColumns: Set<String> = []
    /// No report shows a group of customers smaller than this.
    public var minSegmentSize = 10
    /// Which segmentation leads the report: `rfm` or `clusters`.
    public var segmentation = "rfm"
    public var forecast = ForecastSettings()
    public var recommendations = RecommendationSettings()
    public var ads = AdSettings()
    /// Customer lifetime value (BG/NBD and Gamma-Gamma): the monthly discount rate of its 12 months.
    public var lifetimeValue = LifetimeValueSettings()
    /// Seed for every randomised step (k-means++, simulations, samples).
    public var seed: UInt64 = 42
    /// Customer ids that stand for "no customer" (a guest order), besides an empty id.
    public var guestCustomerIds: Set<String> = []
    /// SKUs that are not merchandise (postage, fees, gift cards): left out of every figure.
    public var nonProductSKUs: Set<String> = []
    /// Per export: values written in other forms than the contract's (dates, decimal commas,
    /// defaults, vocabularies, fill-down); docs/PLATFORM_EXPORTS.md, "Other layouts".
    public var formats: [ExportKind: ValueFormats] = [:]
    /// Set by the loader for one run, never read from the config file: how each platform file is read.
    var platform = PlatformReading()

    public init() {}

    public struct ForecastSettings: Sendable, Equatable {
        /// Days ahead for daily series.
        public var horizonDays = 30
        /// Weeks ahead for weekly series.
        public var horizonWeeks = 8
        /// Holidays used as regressors.
        public var holidays: [Day] = []
        public init() {}
    }

    public struct RecommendationSettings: Sendable, Equatable {
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

    public struct AdSettings: Sendable, Equatable {
        /// Campaigns with fewer clicks than this are flagged as too small to rank.
        public var minClicks = 100
        /// A/B tests use this significance level.
        public var alpha = 0.05
        public init() {}
    }

    public struct LifetimeValueSettings: Sendable, Equatable {
        /// Each month's value is divided by (1 + rate)^month (lifetimes' default 0.01).
        public var monthlyDiscountRate = 0.01
        public init() {}
    }

    /// Config files larger than this are refused unread (a config is a few hundred bytes).
    static let maximumFileBytes = 1 << 20

    /// The lower-cased header names a contract column is found under: its own and the one
    /// `columns` gives it.
    public func headerNames(of column: String, in kind: ExportKind) -> [String] {
        [column] + (columnAliases[kind]?[column].map { [$0.lowercased()] } ?? [])
    }

    /// Reads a config file; every error names the file and, where there is one, the key.
    public static func load(path: String) throws -> Config {
        let name = (path as NSString).lastPathComponent
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputError(file: name, reason: "cannot read config file (\(String(cString: strerror(errno))))")
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: maximumFileBytes + 1)) ?? Data()
        guard data.count <= maximumFileBytes else {
            throw InputError(file: name, reason: "config file is larger than \(maximumFileBytes / 1024) KiB")
        }
        return try parse(Array(data), file: name)
    }

    /// Reads config text (the contents of `file`).
    public static func parse(_ bytes: [UInt8], file: String) throws -> Config {
        let document: JSONValue
        do {
            document = try JSONValue.parse(bytes)
        } catch {
            throw InputError(file: file, line: error.line, reason: "invalid JSON at column \(error.column): \(error.reason)")
        }
        do {
            return try Config(ConfigSection(document, path: "", file: file))
        } catch let problem as ConfigSection.Problem {
            throw InputError(file: file, reason: problem.message)
        }
    }

    init(_ root: ConfigSection) throws {
        try root.allowOnly(["time_zone", "currency", "columns", "pii_columns", "min_segment_size", "segmentation",
                            "forecast", "recommendations", "ads", "lifetime_value", "seed", "guest_customer_ids", "non_product_skus", "formats", "encoding"])
        if let zone = try root.string("time_zone") {
            guard ZoneClock(identifier: zone) != nil else { throw root.problem("time_zone", "is not a known IANA time zone", zone) }
            timeZone = zone
            timeZoneIsSet = true
        }
        if let code = try root.string("currency") {
            guard code.utf8.count == 3, code.utf8.allSatisfy({ $0 >= 65 && $0 <= 90 }) else {
                throw root.problem("currency", "must be a 3-letter upper-case ISO 4217 code", code)
            }
            currency = code
        }
        if let label = try root.string("encoding") {
            guard let known = TextEncoding(label: label) else {
                throw root.problem("encoding", "must be utf-8 or windows-1252 (latin-1 and iso-8859-1 read as windows-1252)", label)
            }
            encoding = known
        }
        if let columns = try root.section("columns") {
            try columns.allowOnly(ExportKind.allCases.map(\.rawValue))
            for kind in ExportKind.allCases {
                guard let mapping = try columns.section(kind.rawValue) else { continue }
                try mapping.allowOnly(kind.requiredColumns + kind.optionalColumns)
                var aliases: [String: String] = [:]
                for (column, _) in mapping.members {
                    guard let header = try mapping.string(column), !header.isEmpty else {
                        throw mapping.problem(column, "must name a header", "")
                    }
                    if let other = aliases.first(where: { $0.value.lowercased() == header.lowercased() }) {
                        throw mapping.problem(column, "names the same header as '\(mapping.name(other.key))' (headers are matched without case)", header)
                    }
                    aliases[column] = header
                }
                columnAliases[kind] = aliases
            }
        }
        if let given = try root.section("formats") {
            try given.allowOnly(ExportKind.allCases.map(\.rawValue))
            for kind in ExportKind.allCases {
                if let section = try given.section(kind.rawValue) { formats[kind] = try ValueFormats(section, kind: kind) }
            }
        }
        if let pii = try root.strings("pii_columns") {
            let keys = Set(ExportKind.allCases.flatMap(\.keyColumns))
            for column in pii where keys.contains(column.lowercased()) {
                throw root.problem("pii_columns", "names '\(column)', a key column the exports cannot be read without (a customer_id holding e-mail addresses or phone numbers is pseudonymised without configuration)", nil)
            }
            extraPIIColumns = Set(pii.map { $0.lowercased() })
        }
        minSegmentSize = try root.integer("min_segment_size", in: 1...1_000_000) ?? minSegmentSize
        if let value = try root.string("segmentation") {
            guard ["rfm", "clusters"].contains(value) else { throw root.problem("segmentation", "must be \"rfm\" or \"clusters\"", value) }
            segmentation = value
        }
        if let value = try root.integer("seed", in: 0...Int.max) { seed = UInt64(value) }
        guestCustomerIds = Set(try root.strings("guest_customer_ids") ?? [])
        nonProductSKUs = Set(try root.strings("non_product_skus") ?? [])
        if let f = try root.section("forecast") {
            try f.allowOnly(["horizon_days", "horizon_weeks", "holidays"])
            forecast.horizonDays = try f.integer("horizon_days", in: 1...730) ?? forecast.horizonDays
            forecast.horizonWeeks = try f.integer("horizon_weeks", in: 1...104) ?? forecast.horizonWeeks
            if let days = try f.strings("holidays") {
                forecast.holidays = try days.map { text in
                    guard let day = Day(iso: text) else { throw f.problem("holidays", "must list dates like 2026-12-25", text) }
                    return day
                }
            }
        }
        if let r = try root.section("recommendations") {
            try r.allowOnly(["top_n", "event_weights", "half_life_days", "neighbours", "shrinkage"])
            recommendations.topN = try r.integer("top_n", in: 1...100) ?? recommendations.topN
            if let weights = try r.section("event_weights") {
                try weights.allowOnly(["purchase", "cart", "wishlist", "view"])
                for (signal, _) in weights.members {
                    recommendations.eventWeights[signal] = try weights.number(signal, in: 0...1000)
                }
            }
            recommendations.halfLifeDays = try r.number("half_life_days", in: 0...3650, excludingLower: true)
                ?? recommendations.halfLifeDays
            recommendations.neighbours = try r.integer("neighbours", in: 1...1000) ?? recommendations.neighbours
            recommendations.shrinkage = try r.number("shrinkage", in: 0...1_000_000) ?? recommendations.shrinkage
        }
        if let a = try root.section("ads") {
            try a.allowOnly(["min_clicks", "alpha"])
            ads.minClicks = try a.integer("min_clicks", in: 0...1_000_000_000) ?? ads.minClicks
            ads.alpha = try a.number("alpha", in: 0...1, excludingLower: true, excludingUpper: true) ?? ads.alpha
        }
        if let l = try root.section("lifetime_value") {
            try l.allowOnly(["monthly_discount_rate"])
            lifetimeValue.monthlyDiscountRate = try l.number("monthly_discount_rate", in: 0...1) ?? lifetimeValue.monthlyDiscountRate
        }
    }
}

/// One JSON object of the config file being read, with its key path for error messages.
struct ConfigSection {
    struct Problem: Error { var message: String }

    let path: String
    let members: [(key: String, value: JSONValue)]

    init(_ value: JSONValue, path: String, file: String) throws {
        guard case .object(let members) = value else {
            throw Problem(message: path.isEmpty ? "the config must be a JSON object ({ ... })" : "'\(path)' must be an object, got \(value.typeName)")
        }
        self.path = path
        self.members = members
    }

    func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The error for a key whose value is not allowed; `got` quotes the value given.
    func problem(_ key: String, _ rule: String, _ got: String?) -> Problem {
        Problem(message: "'\(name(key))' \(rule)" + (got.map { ", got '\(String($0.prefix(60)))'" } ?? ""))
    }

    func allowOnly(_ known: [String]) throws {
        if let unknown = members.first(where: { !known.contains($0.key) }) {
            throw Problem(message: "unknown setting '\(name(unknown.key))' (allowed here: \(known.joined(separator: ", ")))")
        }
    }

    private func value(_ key: String) -> JSONValue? { members.first { $0.key == key }?.value }

    private func wrongType(_ key: String, _ expected: String, _ value: JSONValue) -> Problem {
        Problem(message: "'\(name(key))' must be \(expected), got \(value.typeName)")
    }

    func section(_ key: String) throws -> ConfigSection? {
        guard let value = value(key) else { return nil }
        return try ConfigSection(value, path: name(key), file: "")
    }

    func string(_ key: String) throws -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else { throw wrongType(key, "a string", value) }
        return text
    }

    func bool(_ key: String) throws -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else { throw wrongType(key, "true or false", value) }
        return flag
    }

    func strings(_ key: String) throws -> [String]? {
        guard let value = value(key) else { return nil }
        guard case .array(let items) = value else { throw wrongType(key, "a list of strings", value) }
        return try items.map { item in
            guard case .string(let text) = item else { throw wrongType(key, "a list of strings", item) }
            return text
        }
    }

    func integer(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let value = value(key) else { return nil }
        guard case .number(let number) = value, number == number.rounded(), abs(number) < 9e15 else {
            throw wrongType(key, "a whole number from \(range.lowerBound.grouped) to \(range.upperBound.grouped)", value)
        }
        guard range.contains(Int(number)) else {
            throw problem(key, "must be a whole number from \(range.lowerBound.grouped) to \(range.upperBound.grouped)", Self.text(number))
        }
        return Int(number)
    }

    func number(_ key: String, in range: ClosedRange<Double>, excludingLower: Bool = false, excludingUpper: Bool = false) throws -> Double? {
        guard let value = value(key) else { return nil }
        let rule = "must be a number " + (excludingLower ? "above \(Self.text(range.lowerBound))" : "from \(Self.text(range.lowerBound))")
            + (excludingUpper ? " and below \(Self.text(range.upperBound))" : " to \(Self.text(range.upperBound))")
        guard case .number(let number) = value else { throw wrongType(key, rule.replacingOccurrences(of: "must be ", with: ""), value) }
        guard range.contains(number), !(excludingLower && number == range.lowerBound), !(excludingUpper && number == range.upperBound) else {
            throw problem(key, rule, Self.text(number))
        }
        return number
    }

    static func text(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }
}
