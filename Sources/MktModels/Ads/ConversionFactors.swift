import Foundation
import MktFacts

/// Multi-factor analysis of conversion: a logistic regression of conversions per click on the ad's
/// channel, weekday, whether it is a test variant (not its campaign's control), and the campaign's
/// cost per click (log, standardised), over the report window and the three windows before it.
///
/// Each ad row (day x campaign x variant) is a binomial observation: conversions out of clicks.
/// Reference levels: the alphabetically first channel, Monday, the control variant.
public enum ConversionFactors {
    public struct Term: Sendable, Equatable, Codable {
        public var term: String
        public var coefficient: Double
        public var oddsRatio: Double
        /// 95% interval of the coefficient (log-odds) and of the odds ratio.
        public var ci95: [Double]
        public var oddsRatioCI95: [Double]
        public var pValue: Double

        enum CodingKeys: String, CodingKey {
            case term, coefficient, oddsRatio = "odds_ratio", ci95, oddsRatioCI95 = "odds_ratio_ci95", pValue = "p_value"
        }
    }

    /// Ad rows with clicks the regression needs at least.
    public static let minimumRows = 20

    public struct Result: Sendable, Equatable {
        public var terms: [Term]
        public var rows: Int
        public var clicks: Double
        public var from: Day
        public var to: Day
    }

    public static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// The design: one row per ad row with clicks, and the term names (intercept first).
    static func design(_ ads: AdTable, from: Day, to: Day) -> (rows: [[Double]], conversions: [Double], clicks: [Double], terms: [String])? {
        let indices = (0..<ads.count).filter { ads.day[$0] >= from && ads.day[$0] <= to && ads.clicks[$0] > 0 && ads.conversions[$0] <= ads.clicks[$0] }
        guard indices.count >= minimumRows else { return nil }
        let channelName = { (i: Int) in ads.channel[i] >= 0 ? ads.channels[Int(ads.channel[i])] : "unknown" }
        let channels = Set(indices.map(channelName)).sorted()
        // Control = the campaign's alphabetically first non-empty variant; rows of single-variant campaigns are controls.
        var variantsByCampaign: [Int32: Set<String>] = [:]
        for i in indices where !ads.variants[Int(ads.variant[i])].isEmpty {
            variantsByCampaign[ads.campaign[i], default: []].insert(ads.variants[Int(ads.variant[i])])
        }
        // Each campaign's control found once: sorting its variants for every row took a campaign
        // of 5,000 variants (35,000 rows) 16 s.
        let control = variantsByCampaign.compactMapValues { names in names.count >= 2 ? names.min() : nil }
        let isTreatment = { (i: Int) -> Bool in
            control[ads.campaign[i]].map { ads.variants[Int(ads.variant[i])] != $0 } ?? false
        }
        let logCPC = indices.map { log(max(ads.cost[$0], 0.01) / ads.clicks[$0]) }
        let mean = logCPC.reduce(0, +) / Double(logCPC.count)
        let sd = (logCPC.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(logCPC.count)).squareRoot()
        let weekdaysPresent = Set(indices.map { ads.day[$0].weekday })
        var terms = ["intercept"] + channels.dropFirst().map { "channel: \($0)" }
        terms += (1..<7).filter { weekdaysPresent.contains($0) }.map { "weekday: \(weekdays[$0])" }
        let anyTreatment = indices.contains(where: isTreatment)
        if anyTreatment { terms.append("test variant") }
        if sd > 0 { terms.append("cost per click (log, per s.d.)") }
        let rows = indices.enumerated().map { position, i -> [Double] in
            var row = [1.0]
            row += channels.dropFirst().map { channelName(i) == $0 ? 1 : 0 }
            row += (1..<7).filter { weekdaysPresent.contains($0) }.map { ads.day[i].weekday == $0 ? 1 : 0 }
            if anyTreatment { row.append(isTreatment(i) ? 1 : 0) }
            if sd > 0 { row.append((logCPC[position] - mean) / sd) }
            return row
        }
        return (rows, indices.map { ads.conversions[$0] }, indices.map { ads.clicks[$0] }, terms)
    }

    public static func fit(_ ads: AdTable, periods: Periods) -> Outcome<Result> {
        let from = periods.current.from - 3 * periods.current.length, to = periods.current.to
        guard let d = design(ads, from: from, to: to) else {
            return .unavailable("The conversion analysis needs at least \(minimumRows) ad rows with clicks between \(from) and \(to).")
        }
        guard d.terms.count > 1 else { return .unavailable("The ad rows have no factor that varies (one channel, one weekday, no test variant).") }
        guard let model = try? LogisticRegression.fit(rows: d.rows, successes: d.conversions, trials: d.clicks) else {
            return .unavailable("The conversion analysis could not be fitted: a factor level has no conversions or only conversions.")
        }
        let terms = d.terms.indices.dropFirst().map { j -> Term in
            let interval = model.interval(j)
            let z = model.coefficients[j] / model.standardErrors[j]
            return Term(term: d.terms[j], coefficient: model.coefficients[j], oddsRatio: exp(model.coefficients[j]),
                        ci95: [interval.low, interval.high], oddsRatioCI95: [exp(interval.low), exp(interval.high)],
                        pValue: 2 * Normal.survival(abs(z)))
        }
        return .available(Result(terms: terms, rows: d.rows.count, clicks: d.clicks.reduce(0, +), from: from, to: to))
    }
}

/// Suggests moving spend from the campaign with the lowest ROAS to the one with the highest
/// (among campaigns with enough clicks).
///
/// Assumes each campaign's average ROAS holds at the margin for a 10% shift of the weaker
/// campaign's spend (optimistic for saturating channels). The expected revenue change is
/// shift x (ROAS_high - ROAS_low); its range combines the two ROAS intervals (see
/// `CampaignPerformance.roasInterval`).
public struct BudgetShift: Sendable, Equatable, Codable {
    public var from: String
    public var to: String
    public var amount: Double
    public var expectedRevenueChange: Double
    public var revenueChangeRange: [Double]

    enum CodingKeys: String, CodingKey {
        case from, to, amount, expectedRevenueChange = "expected_revenue_change", revenueChangeRange = "revenue_change_range"
    }

    public init(from: String, to: String, amount: Double, expectedRevenueChange: Double, revenueChangeRange: [Double]) {
        self.from = from
        self.to = to
        self.amount = amount
        self.expectedRevenueChange = expectedRevenueChange
        self.revenueChangeRange = revenueChangeRange
    }

    /// A shift only when there is something to move: two ranked campaigns with spend, conversions
    /// and different ROAS; otherwise why not.
    public static func suggest(_ campaigns: [CampaignPerformance], share: Double = 0.1) -> Outcome<BudgetShift> {
        let eligible = campaigns.filter { !$0.lowVolume && $0.roasInterval != nil }
            .sorted { $0.roas! != $1.roas! ? $0.roas! < $1.roas! : $0.campaign < $1.campaign }
        guard eligible.count >= 2, let worst = eligible.first, let best = eligible.last, best.roas! > worst.roas! else {
            return .unavailable("A budget suggestion needs two campaigns with enough clicks, spend and conversions and different returns; this period has \(eligible.count == 1 ? "one" : eligible.count == 0 ? "none" : "none with different returns").")
        }
        let amount = worst.cost * share
        let bestRange = best.roasInterval!, worstRange = worst.roasInterval!
        return .available(BudgetShift(from: worst.campaign, to: best.campaign, amount: amount,
                                      expectedRevenueChange: amount * (best.roas! - worst.roas!),
                                      revenueChangeRange: [amount * (bestRange[0] - worstRange[1]), amount * (bestRange[1] - worstRange[0])]))
    }
}
