/// Sizes of the generated sample (issue: small / medium / large, about 50k / 1M / 10M order lines).
public enum SampleScale: String, CaseIterable, Sendable {
    case small, medium, large

    var customers: Int { [4_000, 100_000, 600_000][index] }
    var products: Int { [1_500, 20_000, 50_000][index] }
    /// Mean orders per day at the start of the history (before trend and seasonality).
    var baseOrdersPerDay: Double { [31, 480, 4_800][index] }
    /// Browsing sessions per order (events grow with this).
    var sessionsPerOrder: Double { [1.0, 3.1, 0.9][index] }
    var campaigns: Int { [12, 40, 80][index] }
    /// Whether events files are gzip-compressed (the committed sample must stay small).
    var gzipEvents: Bool { self == .small }
    /// Number of overlapping export files the orders and events are split into.
    var exportParts: Int { [4, 8, 12][index] }

    private var index: Int { Self.allCases.firstIndex(of: self)! }
}
