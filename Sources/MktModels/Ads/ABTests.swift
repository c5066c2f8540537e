import MktFacts

/// One A/B comparison of a treatment variant against the control on one rate,
/// encoded with DATA_CONTRACT.md's `ab_tests` keys.
public struct ABTestResult: Sendable, Equatable, Codable {
    public enum Metric: String, Sendable, Codable { case ctr, cvr }
    /// The call, from the Holm-adjusted always-valid p-value at the report's level: it holds however
    /// many tests the report makes and however many weeks the experiment is read.
    public enum Decision: String, Sendable, Codable {
        case treatmentBetter = "treatment_better", treatmentWorse = "treatment_worse"
        case noClearDifference = "no_clear_difference", notTestable = "not_testable"
    }

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
    /// `p_value` adjusted across the report's tests: Holm (family-wise) and Benjamini-Hochberg (false
    /// discovery rate), as statsmodels' `multipletests`; nil with `p_value`.
    public var pValueHolm: Double?
    public var qValueBH: Double?
    /// The always-valid p-value of the experiment so far (`SequentialTest`): the campaign's two
    /// variants from their first day, looked at at the end of each week up to the window's end.
    public var sequentialPValue: Double?
    /// `sequentialPValue` adjusted by Holm across the report's tests: what `decision` rests on.
    public var sequentialPValueHolm: Double?
    public var decision: Decision
    /// Weekly looks the always-valid p-value has taken.
    public var looks: Int
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
        case lift, zStatistic = "z", pValue = "p_value", pValueHolm = "p_value_holm", qValueBH = "q_value_bh"
        case sequentialPValue = "sequential_p_value", sequentialPValueHolm = "sequential_p_value_holm", decision, looks
        case ci95, significant, srmPValue = "srm_p_value"
        case chanceToBeatControl = "chance_to_beat_control", minimumDetectableLift = "minimum_detectable_lift", note, summary
    }
}

/// A/B tests exactly as DATA_CONTRACT.md section 4 defines them: for every
/// campaign whose ad rows in the window carry two or more (non-empty) variants,
/// the alphabetically first is the control and each other variant is tested
/// against it on CTR and CVR with the pooled two-proportion z-test.
public enum ABTestModel {
    public static func compute(ads: AdTable, window: DateWindow, alpha: Double, seed: UInt64 = 42) -> [ABTestResult] {
        let byCampaign = counts(ads, within: window)
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
                // Without clicks in the exports there is no rate to compare (`AdTable.clicksReported`).
                for metric in [ABTestResult.Metric.ctr, .cvr] where ads.clicksReported {
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
                        zStatistic: test?.z, pValue: test?.p, pValueHolm: nil, qValueBH: nil,
                        sequentialPValue: nil, sequentialPValueHolm: nil, decision: .notTestable, looks: 0,
                        ci95: [interval.low, interval.high], significant: (test?.p ?? 1) < alpha,
                        srmPValue: srm, chanceToBeatControl: Double(wins) / 20_000, minimumDetectableLift: mde,
                        note: note(control: cx, controlTrials: cn, treatment: tx, treatmentTrials: tn, successes: successes), summary: "")
                    let looks = weeklyLooks(ads, campaign: campaign, control: names[0], treatment: treatmentName, metric: metric, end: window.to)
                    result.sequentialPValue = SequentialTest.alwaysValidPValue(looks)
                    result.looks = looks.count
                    results.append(result)
                }
            }
        }
        adjust(&results, alpha: alpha)
        return results
    }

    /// Holm and Benjamini-Hochberg across the report's tests, the decision, and each sentence.
    static func adjust(_ results: inout [ABTestResult], alpha: Double) {
        let tested = results.indices.filter { results[$0].pValue != nil }
        for (i, (holm, bh)) in zip(tested, zip(MultipleTesting.holm(tested.map { results[$0].pValue! }),
                                               MultipleTesting.benjaminiHochberg(tested.map { results[$0].pValue! }))) {
            results[i].pValueHolm = holm
            results[i].qValueBH = bh
        }
        let sequential = results.indices.filter { results[$0].sequentialPValue != nil }
        for (i, holm) in zip(sequential, MultipleTesting.holm(sequential.map { results[$0].sequentialPValue! })) {
            results[i].sequentialPValueHolm = holm
            let t = results[i]
            results[i].decision = holm >= alpha ? .noClearDifference : t.treatmentRate > t.controlRate ? .treatmentBetter : .treatmentWorse
        }
        for i in results.indices { results[i].summary = sentence(results[i], alpha: alpha, tests: tested.count) }
    }

    struct Counts {
        var impressions = 0.0, clicks = 0.0, conversions = 0.0

        mutating func add(_ ads: AdTable, row i: Int) {
            impressions += ads.impressions[i]
            clicks += ads.clicks[i]
            conversions += ads.conversions[i]
        }
    }

    /// Campaign -> variant -> totals over the window's days.
    static func counts(_ ads: AdTable, within window: DateWindow) -> [Int32: [String: Counts]] {
        var byCampaign: [Int32: [String: Counts]] = [:]
        for i in 0..<ads.count where window.contains(ads.day[i]) {
            let variant = ads.variants[Int(ads.variant[i])]
            guard !variant.isEmpty else { continue }
            byCampaign[ads.campaign[i], default: [:]][variant, default: Counts()].add(ads, row: i)
        }
        return byCampaign
    }

    /// The experiment's cumulative counts at the end of each week (every 7 days back from `end`),
    /// from the first day either variant has a row, oldest look first.
    static func weeklyLooks(_ ads: AdTable, campaign: Int32, control: String, treatment: String,
                            metric: ABTestResult.Metric, end: Day) -> [SequentialTest.Look] {
        let rows = (0..<ads.count).filter {
            ads.campaign[$0] == campaign && ads.day[$0] <= end && [control, treatment].contains(ads.variants[Int(ads.variant[$0])])
        }
        guard let start = rows.map({ ads.day[$0] }).min() else { return [] }
        var lookDays: [Day] = []
        var day = end
        while day >= start { lookDays.append(day); day = day - 7 }
        return lookDays.reversed().map { look in
            var c = Counts(), t = Counts()
            for i in rows where ads.day[i] <= look {
                if ads.variants[Int(ads.variant[i])] == control { c.add(ads, row: i) } else { t.add(ads, row: i) }
            }
            return metric == .ctr
                ? SequentialTest.Look(controlSuccesses: c.clicks, controlTrials: c.impressions, treatmentSuccesses: t.clicks, treatmentTrials: t.impressions)
                : SequentialTest.Look(controlSuccesses: c.conversions, controlTrials: c.clicks, treatmentSuccesses: t.conversions, treatmentTrials: t.clicks)
        }
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

    /// The result in words: the call (from the Holm-adjusted always-valid p-value), then this
    /// period's p-value with its Holm and Benjamini-Hochberg adjustments.
    static func sentence(_ t: ABTestResult, alpha: Double, tests: Int) -> String {
        let metric = t.metric == .ctr ? "click-through rate" : "conversion rate"
        let percent = { (x: Double) in String(format: "%.2f%%", x * 100) }
        let rates = "\(percent(t.treatmentRate)) against \(percent(t.controlRate)) for \(t.control)"
        guard let p = t.pValue, let holm = t.pValueHolm, let q = t.qValueBH else {
            return "\(t.treatment) \(rates) on the \(metric): \(t.note ?? "not testable")."
        }
        let level = Self.levelText(alpha)
        var text: String
        switch t.decision {
        case .treatmentBetter, .treatmentWorse:
            text = "\(t.treatment) \(t.decision == .treatmentBetter ? "raised" : "lowered") the \(metric): \(rates)"
        case .noClearDifference, .notTestable:
            text = "No call yet on \(t.treatment)'s \(metric): \(rates)"
        }
        /// `p = 0.0374`, `p below 0.0001`.
        func equals(_ value: Double) -> String { value < 0.0001 ? "below 0.0001" : String(format: "= %.3g", value) }
        func after(_ value: Double) -> String { value < 0.0001 ? "below 0.0001" : String(format: "%.3g", value) }
        if let sequential = t.sequentialPValue, let sequentialHolm = t.sequentialPValueHolm {
            text += " (always-valid p \(equals(sequential)) over \(t.looks) weekly look\(t.looks == 1 ? "" : "s"), \(after(sequentialHolm)) after Holm's correction, "
            text += sequentialHolm < alpha ? "below the \(level) level" : "not below the \(level) level"
        } else {
            text += " (no always-valid p-value: the experiment's counts have no variance"
        }
        text += "; this period's p \(equals(p)), \(after(holm)) after Holm and q \(equals(q)) across the report's \(tests) test\(tests == 1 ? "" : "s")"
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
