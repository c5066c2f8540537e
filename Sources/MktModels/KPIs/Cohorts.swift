import MktFacts

/// Acquisition cohorts: customers by the month of their first completed order (the last 12 months
/// up to the window's end), with the share of each cohort ordering in each later month and the
/// cumulative revenue per customer, overall and by acquisition channel (the first order's
/// `channel`; only when customers came through two channels or more). The last month runs to
/// the window's end only. Cohorts smaller than the minimum group size show no shares, as no
/// figure may single out a handful of customers.
public struct Cohorts: Sendable, Equatable {
    public struct Cohort: Sendable, Equatable {
        /// First day of the cohort's month.
        public var month: Day
        public var customers: Int
        /// Per month since the cohort's (0 = its own month, so 1): share with a completed order;
        /// nil for every month when the cohort is below the minimum group size.
        public var active: [Double]?
        /// Per month since the cohort's: revenue to the end of that month over the cohort's customers.
        public var revenuePerCustomer: [Double]?
    }

    public struct Channel: Sendable, Equatable {
        public var channel: String
        public var cohorts: [Cohort]
    }

    public static let months = 12
    /// The name of the acquisition channel of customers whose first order names none.
    public static let unknownChannel = "unknown"

    public var overall: [Cohort]
    public var byChannel: [Channel]

    public static func compute(_ facts: Facts, asOf end: Day, minSize: Int) -> Cohorts {
        let table = facts.orderDays
        let lastMonth = end.startOfMonth, firstMonth = lastMonth.addingMonths(-(months - 1))
        func monthIndex(_ day: Day) -> Int {
            let c = day.components, f = firstMonth.components
            return (c.year - f.year) * 12 + c.month - f.month
        }
        // Slot 0 is every channel; slot 1 + k is channel k; the last slot is no channel.
        let slots = facts.orderChannels.count + 2
        var customers = [[Int]](repeating: [Int](repeating: 0, count: months), count: slots)
        var active = [[[Int]]](repeating: [[Int]](repeating: [Int](repeating: 0, count: months), count: months), count: slots)
        var revenue = [[[Double]]](repeating: [[Double]](repeating: [Double](repeating: 0, count: months), count: months), count: slots)
        // Rows are sorted by customer, day, order: each customer's rows are consecutive, the first
        // qualifying one is their first order.
        var i = 0
        while i < table.count {
            let customer = table.customer[i]
            var cohort: Int?, slot = slots - 1, activeAges = [Bool](repeating: false, count: months), spent = [Double](repeating: 0, count: months)
            while i < table.count && table.customer[i] == customer {
                defer { i += 1 }
                guard table.day[i] <= end else { continue }
                if cohort == nil {
                    guard table.qualifies[i] else { continue }  // revenue before a first order (a return) is not the cohort's
                    cohort = monthIndex(table.day[i])
                    if table.channel[i] >= 0 { slot = 1 + Int(table.channel[i]) }
                }
                let age = monthIndex(table.day[i]) - cohort!
                guard cohort! >= 0, age < months else { continue }
                spent[age] += table.revenue[i]
                if table.qualifies[i] { activeAges[age] = true }
            }
            guard let cohort, cohort >= 0 else { continue }  // first order before the 12 months
            for s in [0, slot] {
                customers[s][cohort] += 1
                for age in 0..<(months - cohort) {
                    if activeAges[age] { active[s][cohort][age] += 1 }
                    revenue[s][cohort][age] += spent[age]
                }
            }
        }
        func cohorts(_ s: Int) -> [Cohort] {
            (0..<months).compactMap { m -> Cohort? in
                let n = customers[s][m], ages = months - m
                guard n > 0 else { return nil }
                guard n >= minSize else { return Cohort(month: firstMonth.addingMonths(m), customers: n, active: nil, revenuePerCustomer: nil) }
                var cumulative = 0.0
                return Cohort(month: firstMonth.addingMonths(m), customers: n,
                              active: (0..<ages).map { Double(active[s][m][$0]) / Double(n) },
                              revenuePerCustomer: (0..<ages).map { cumulative += revenue[s][m][$0]; return cumulative / Double(n) })
            }
        }
        let named = (1..<slots).filter { customers[$0].contains { $0 > 0 } }
            .map { ($0, $0 == slots - 1 ? unknownChannel : facts.orderChannels[$0 - 1]) }
            .sorted { $0.1.utf8.lexicographicallyPrecedes($1.1.utf8) }
        // One channel (or none named, as in exports without a channel column) would only repeat
        // the overall tables under its name.
        let byChannel = named.count < 2 ? [] : named.map { Channel(channel: $1, cohorts: cohorts($0)) }
        return Cohorts(overall: cohorts(0), byChannel: byChannel)
    }
}
