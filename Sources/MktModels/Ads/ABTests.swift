import MktData

/// One A/B comparison of a treatment variant against the control on one rate,
/// encoded with DATA_CONTRACT.md's `ab_tests` keys.
public struct ABTestResult: Sendable, Equatable, Codable {
    public enum Metric: String, Sendable, Codable { case ctr, cvr }

    public var campaign: String
    public var metric: Metric
    public var control: String
    public var treatment: String
    /// Successes and trials: clicks / impressions for CTR, conversions / clicks for CVR.
    public var controlSuccesses: Double
    public var controlTrials: Double
    public var treatmentSuccesses: Double
    public var treatmentTrials: Double
    public var controlRate: Double
    public var treatmentRate: Double
    /// treatment_rate / control_rate - 1; nil (JSON null) when the control rate is 0.
    public var lift: Double?
    public var zStatistic: Double
    public var pValue: Double
    /// 95% Wald interval of treatment_rate - control_rate, [low, high].
    public var ci95: [Double]
    public var significant: Bool

    enum CodingKeys: String, CodingKey {
        case campaign = "campaign_id", metric, control, treatment, controlSuccesses = "control_successes"
        case controlTrials = "control_trials", treatmentSuccesses = "treatment_successes"
        case treatmentTrials = "treatment_trials", controlRate = "control_rate", treatmentRate = "treatment_rate"
        case lift, zStatistic = "z", pValue = "p_value", ci95, significant
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(campaign, forKey: .campaign)
        try c.encode(metric, forKey: .metric)
        try c.encode(control, forKey: .control)
        try c.encode(treatment, forKey: .treatment)
        try c.encode(controlSuccesses, forKey: .controlSuccesses)
        try c.encode(controlTrials, forKey: .controlTrials)
        try c.encode(treatmentSuccesses, forKey: .treatmentSuccesses)
        try c.encode(treatmentTrials, forKey: .treatmentTrials)
        try c.encode(controlRate, forKey: .controlRate)
        try c.encode(treatmentRate, forKey: .treatmentRate)
        try c.encode(lift, forKey: .lift)  // null, not omitted, when undefined
        try c.encode(zStatistic, forKey: .zStatistic)
        try c.encode(pValue, forKey: .pValue)
        try c.encode(ci95, forKey: .ci95)
        try c.encode(significant, forKey: .significant)
    }
}

/// A/B tests exactly as DATA_CONTRACT.md section 4 defines them: for every
/// campaign whose ad rows in the window carry two or more (non-empty) variants,
/// the alphabetically first is the control and each other variant is tested
/// against it on CTR and CVR with the pooled two-proportion z-test.
public enum ABTestModel {
    public static func compute(ads: AdTable, window: DateWindow, alpha: Double) -> [ABTestResult] {
        struct Counts { var impressions = 0.0, clicks = 0.0, conversions = 0.0 }
        var byCampaign: [Int32: [String: Counts]] = [:]
        for i in 0..<ads.count where window.contains(ads.day[i]) {
            let variant = ads.variants[Int(ads.variant[i])]
            guard !variant.isEmpty else { continue }
            var counts = byCampaign[ads.campaign[i], default: [:]][variant] ?? Counts()
            counts.impressions += ads.impressions[i]
            counts.clicks += ads.clicks[i]
            counts.conversions += ads.conversions[i]
            byCampaign[ads.campaign[i], default: [:]][variant] = counts
        }
        var results: [ABTestResult] = []
        let campaigns = byCampaign.keys.sorted { ads.campaigns[Int($0)].utf8.lexicographicallyPrecedes(ads.campaigns[Int($1)].utf8) }
        for campaign in campaigns {
            let variants = byCampaign[campaign]!
            guard variants.count >= 2 else { continue }
            let names = variants.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            let control = variants[names[0]]!
            for treatmentName in names.dropFirst() {
                let treatment = variants[treatmentName]!
                for metric in [ABTestResult.Metric.ctr, .cvr] {
                    let (cx, cn) = metric == .ctr ? (control.clicks, control.impressions) : (control.conversions, control.clicks)
                    let (tx, tn) = metric == .ctr ? (treatment.clicks, treatment.impressions) : (treatment.conversions, treatment.clicks)
                    guard cn > 0, tn > 0, cx <= cn, tx <= tn else { continue }
                    let test = ProportionTests.pooledZTest(successes1: tx, trials1: tn, successes2: cx, trials2: cn)
                    let interval = ProportionTests.waldDifferenceInterval(successes1: tx, trials1: tn, successes2: cx, trials2: cn)
                    let controlRate = cx / cn, treatmentRate = tx / tn
                    results.append(ABTestResult(
                        campaign: ads.campaigns[Int(campaign)], metric: metric, control: names[0], treatment: treatmentName,
                        controlSuccesses: cx, controlTrials: cn, treatmentSuccesses: tx, treatmentTrials: tn,
                        controlRate: controlRate, treatmentRate: treatmentRate,
                        lift: controlRate > 0 ? treatmentRate / controlRate - 1 : nil,
                        zStatistic: test.z, pValue: test.p, ci95: [interval.low, interval.high], significant: test.p < alpha))
                }
            }
        }
        return results
    }
}
