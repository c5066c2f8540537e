import MktFacts

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
    /// Nil when neither variant has a success (or both have only successes): no variance to test.
    public var zStatistic: Double?
    public var pValue: Double?
    /// 95% Wald interval of treatment_rate - control_rate, [low, high].
    public var ci95: [Double]
    public var significant: Bool
    /// Sample-ratio mismatch: p-value of Pearson's chi-square test that the campaign's impressions are
    /// split evenly across its variants (a small value means the split itself is suspect).
    public var srmPValue: Double
    /// Posterior probability that the treatment's rate beats the control's (Beta(1 + x, 1 + n - x)
    /// posteriors, 20,000 seeded draws).
    public var chanceToBeatControl: Double
    /// Smallest relative lift detectable with 80% power at the test's level with these sample
    /// sizes; nil when the control's rate is 0 or 1.
    public var minimumDetectableLift: Double?
    /// Why a figure above is missing ("no conversions in either variant"); nil when all are there.
    public var note: String?
    /// The result in one plain sentence.
    public var summary: String

    enum CodingKeys: String, CodingKey {
        case campaign = "campaign_id", metric, control, treatment, controlSuccesses = "control_successes"
        case controlTrials = "control_trials", treatmentSuccesses = "treatment_successes"
        case treatmentTrials = "treatment_trials", controlRate = "control_rate", treatmentRate = "treatment_rate"
        case lift, zStatistic = "z", pValue = "p_value", ci95, significant, srmPValue = "srm_p_value"
        case chanceToBeatControl = "chance_to_beat_control", minimumDetectableLift = "minimum_detectable_lift", note, summary
    }
}

/// A/B tests exactly as DATA_CONTRACT.md section 4 defines them: for every
/// campaign whose ad rows in the window carry two or more (non-empty) variants,
/// the alphabetically first is the control and each other variant is tested
/// against it on CTR and CVR with the pooled two-proportion z-test.
public enum ABTestModel {
    public static func compute(ads: AdTable, window: DateWindow, alpha: Double, seed: UInt64 = 42) -> [ABTestResult] {
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
            let srm = ChiSquare.goodnessOfFit(observed: names.map { variants[$0]!.impressions },
                                              expectedShares: Array(repeating: 1 / Double(names.count), count: names.count)).p
            for treatmentName in names.dropFirst() {
                let treatment = variants[treatmentName]!
                for metric in [ABTestResult.Metric.ctr, .cvr] {
                    let (cx, cn) = metric == .ctr ? (control.clicks, control.impressions) : (control.conversions, control.clicks)
                    let (tx, tn) = metric == .ctr ? (treatment.clicks, treatment.impressions) : (treatment.conversions, treatment.clicks)
                    guard cn > 0, tn > 0, cx <= cn, tx <= tn else { continue }
                    let test = ProportionTests.pooledZTest(successes1: tx, trials1: tn, successes2: cx, trials2: cn)
                    let successes = metric == .ctr ? "clicks" : "conversions"
                    let interval = ProportionTests.waldDifferenceInterval(successes1: tx, trials1: tn, successes2: cx, trials2: cn)
                    let controlRate = cx / cn, treatmentRate = tx / tn
                    var random = SeededRandom(seed: seed &+ UInt64(results.count))
                    let wins = (0..<20_000).filter { _ in random.beta(1 + tx, 1 + tn - tx) > random.beta(1 + cx, 1 + cn - cx) }.count
                    let lift = controlRate > 0 ? treatmentRate / controlRate - 1 : nil
                    let mde = minimumDetectableLift(rate: controlRate, controlTrials: cn, treatmentTrials: tn, alpha: alpha)
                    var result = ABTestResult(
                        campaign: ads.campaigns[Int(campaign)], metric: metric, control: names[0], treatment: treatmentName,
                        controlSuccesses: cx, controlTrials: cn, treatmentSuccesses: tx, treatmentTrials: tn,
                        controlRate: controlRate, treatmentRate: treatmentRate, lift: lift,
                        zStatistic: test?.z, pValue: test?.p, ci95: [interval.low, interval.high], significant: (test?.p ?? 1) < alpha,
                        srmPValue: srm, chanceToBeatControl: Double(wins) / 20_000, minimumDetectableLift: mde,
                        note: note(control: cx, controlTrials: cn, treatment: tx, treatmentTrials: tn, successes: successes), summary: "")
                    result.summary = sentence(result, alpha: alpha)
                    results.append(result)
                }
            }
        }
        return results
    }

    /// What cannot be computed for these counts, in words; nil when everything can.
    static func note(control cx: Double, controlTrials cn: Double, treatment tx: Double, treatmentTrials tn: Double,
                     successes: String) -> String? {
        if cx + tx == 0 { return "no \(successes) in either variant, so there is nothing to test yet" }
        if cx == cn && tx == tn { return "every trial in both variants succeeded, so there is nothing to test" }
        if cx == 0 { return "no \(successes) in the control group, so the lift and the detectable lift are undefined" }
        if cx == cn { return "every trial in the control group succeeded, so the detectable lift is undefined" }
        return nil
    }

    /// Relative MDE: (z_(1-alpha/2) + z_0.8) sqrt(p (1 - p) (1/n_c + 1/n_t)) / p at the control rate p;
    /// nil when p is 0 or 1.
    static func minimumDetectableLift(rate p: Double, controlTrials: Double, treatmentTrials: Double, alpha: Double) -> Double? {
        guard p > 0, p < 1 else { return nil }
        let z = Normal.quantile(1 - alpha / 2) + Normal.quantile(0.8)
        return z * (p * (1 - p) * (1 / controlTrials + 1 / treatmentTrials)).squareRoot() / p
    }

    static func sentence(_ t: ABTestResult, alpha: Double) -> String {
        let metric = t.metric == .ctr ? "click-through rate" : "conversion rate"
        let percent = { (x: Double) in String(format: "%.2f%%", x * 100) }
        guard let p = t.pValue else {
            return "\(t.treatment) \(percent(t.treatmentRate)) against \(percent(t.controlRate)) for \(t.control) on the \(metric): \(t.note ?? "not testable")."
        }
        var text = "\(t.treatment) \(t.significant ? "changed" : "did not clearly change") the \(metric): \(percent(t.treatmentRate)) against \(percent(t.controlRate)) for \(t.control)"
        text += String(format: " (p = %.3g", p) + " at the \(Self.levelText(alpha)) level"
        text += String(format: "; %.0f%% chance it is better", t.chanceToBeatControl * 100)
        if let mde = t.minimumDetectableLift { text += String(format: "; lifts under %.0f%% cannot be detected at this size", mde * 100) }
        text += ")"
        if t.srmPValue < 0.001 { text += "; warning: impressions are not split evenly (sample-ratio mismatch), so the comparison may be biased" }
        return text + "."
    }

    /// A significance level in words: `5%`, `1%`, `0.5%`.
    public static func levelText(_ alpha: Double) -> String {
        var text = String(format: "%.2f", alpha * 100)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text + "%"
    }
}
