import MktFacts

/// A category's revenue in the report window against the previous window.
public struct CategoryMover: Sendable, Equatable {
    public var category: String
    public var revenue: Double
    public var previousRevenue: Double
    public var change: Double { revenue - previousRevenue }
}

/// Which categories moved revenue most between the two windows (the "why" of the summary).
public enum CategoryMovers {
    /// All categories with revenue in either window, largest absolute change first.
    public static func compute(_ daily: DailySeries, categories: [String], periods: Periods) -> [CategoryMover] {
        func total(_ values: [Double], _ window: DateWindow) -> Double {
            window.days.reduce(0) { sum, day in
                let i = daily.offset(of: day)
                return i >= 0 && i < values.count ? sum + values[i] : sum
            }
        }
        return categories.indices.map { c in
            CategoryMover(category: categories[c], revenue: total(daily.categoryRevenue[c], periods.current),
                          previousRevenue: total(daily.categoryRevenue[c], periods.previous))
        }
        .filter { $0.revenue != 0 || $0.previousRevenue != 0 }
        .sorted { abs($0.change) != abs($1.change) ? abs($0.change) > abs($1.change) : $0.category < $1.category }
    }
}
