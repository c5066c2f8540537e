import Foundation
import MktData
import MktTesting
import Testing
@testable import MktModels

struct StatisticsCases: Decodable {
    struct Logit: Decodable { var x: [[Double]], y: [Double], params: [Double], bse: [Double], llf: Double }
    struct Binomial: Decodable { var x: [[Double]], successes: [Double], trials: [Double], params: [Double], bse: [Double] }
    struct KMeansCase: Decodable { var points: [[Double]], inertia: [String: Double], labels: [Int], silhouette: Double }
    struct AUC: Decodable { var scores: [Double], labels: [Bool], auc: Double }
    struct Chi: Decodable { var observed: [Double], statistic: Double, p: Double, quantile_975_df7: Double }
    struct BetaChance: Decodable { var a: [Double], b: [Double], p: Double }
    struct PenalisedLogit: Decodable { var x: [[Double]], y: [Double], penalty: Double, params: [Double] }
    var penalised_logit: PenalisedLogit
    var logit: Logit, binomial: Binomial, kmeans: KMeansCase, auc: AUC, chisquare: Chi, beta_chance: BetaChance
}

struct SampleRFM: Decodable {
    struct Row: Decodable { var customer_id: String, recency: Int, frequency: Int, monetary: Double, r: Int, f: Int, m: Int }
    var sizes: [String: Int]
    var first_customers: [Row]
}

/// Against statsmodels, scikit-learn, scipy and pandas (Tests/References/make_references.py).
@Suite struct SegmentAdReferenceTests {
    let cases = try! RepositoryFiles.reference("statistics_cases.json", as: StatisticsCases.self)

    @Test func logisticRegressionMatchesStatsmodelsLogit() throws {
        let fit = try LogisticRegression.fit(rows: cases.logit.x, successes: cases.logit.y)
        for (ours, theirs) in zip(fit.coefficients, cases.logit.params) { #expect(abs(ours - theirs) < 1e-6) }
        for (ours, theirs) in zip(fit.standardErrors, cases.logit.bse) { #expect(abs(ours - theirs) < 1e-6) }
        #expect(abs(fit.logLikelihood - cases.logit.llf) < 1e-6)
        #expect(fit.converged)
    }

    /// The propensity model's fit: scikit-learn's LogisticRegression(C = 1) on collinear columns.
    @Test func penalisedLogisticRegressionMatchesScikitLearn() throws {
        let c = cases.penalised_logit
        let fit = try LogisticRegression.fit(rows: c.x.map { [1] + $0 }, successes: c.y, penalty: c.penalty)
        for (ours, theirs) in zip(fit.coefficients, c.params) { #expect(abs(ours - theirs) < 1e-6, "\(fit.coefficients) against \(c.params)") }
        #expect(fit.converged && fit.coefficients.count == 4)
    }

    @Test func groupedBinomialRegressionMatchesStatsmodelsGLM() throws {
        let fit = try LogisticRegression.fit(rows: cases.binomial.x, successes: cases.binomial.successes, trials: cases.binomial.trials)
        for (ours, theirs) in zip(fit.coefficients, cases.binomial.params) { #expect(abs(ours - theirs) < 1e-6) }
        for (ours, theirs) in zip(fit.standardErrors, cases.binomial.bse) { #expect(abs(ours - theirs) < 1e-6) }
    }

    @Test func separatedDataIsRefusedNotDiverged() {
        let rows: [[Double]] = (0..<20).map { [1, Double($0)] }
        #expect(throws: LogisticRegression.Failure.self) {
            try LogisticRegression.fit(rows: rows, successes: (0..<20).map { $0 < 10 ? 0 : 1 })
        }
    }

    @Test func kMeansInertiaWithinOnePercentOfScikitLearn() {
        for (k, reference) in cases.kmeans.inertia {
            let ours = KMeans.fit(cases.kmeans.points, k: Int(k)!, starts: 10, seed: 42).inertia
            #expect(ours <= reference * 1.01, "k=\(k): \(ours) vs \(reference)")
        }
    }

    @Test func silhouetteAUCAndChiSquareMatchScikitLearnAndScipy() {
        #expect(abs(KMeans.silhouette(cases.kmeans.points, labels: cases.kmeans.labels) - cases.kmeans.silhouette) < 1e-9)
        #expect(abs(ROC.auc(scores: cases.auc.scores, labels: cases.auc.labels) - cases.auc.auc) < 1e-12)
        let test = ChiSquare.goodnessOfFit(observed: cases.chisquare.observed, expectedShares: [1.0 / 3, 1.0 / 3, 1.0 / 3])
        #expect(abs(test.statistic - cases.chisquare.statistic) < 1e-9)
        #expect(abs(test.p - cases.chisquare.p) < 1e-9)
        #expect(abs(ChiSquare.quantile(0.975, degrees: 7) - cases.chisquare.quantile_975_df7) < 1e-7)
    }

    @Test func bayesianChanceToBeatControlMatchesTheIntegral() throws {
        var e = TestExports()
        e.order("O1", "2026-11-24", customer: "C1", sku: "S1", price: 1)
        // Posteriors Beta(1 + 40, 1 + 960) and Beta(1 + 30, 1 + 970): control 30/1000 clicks, treatment 40/1000.
        e.ad("2026-11-24", campaign: "c", variant: "A", impressions: 50_000, clicks: 1000, conversions: 30, cost: 1)
        e.ad("2026-11-24", campaign: "c", variant: "B", impressions: 50_000, clicks: 1000, conversions: 40, cost: 1)
        let (facts, _) = try e.load(window: .fixed(week))
        let cvr = try #require(ABTestModel.compute(ads: facts.ads, window: week, alpha: 0.05).first { $0.metric == .cvr })
        #expect(abs(cvr.chanceToBeatControl - cases.beta_chance.p) < 0.01, "\(cvr.chanceToBeatControl) vs \(cases.beta_chance.p)")
        #expect(cvr.srmPValue == 1)
        // (1.95996 + 0.84162) sqrt(0.03 x 0.97 x 2 / 1000) / 0.03
        #expect(abs(cvr.minimumDetectableLift! - 2.8015843 * (0.03 * 0.97 * 0.002).squareRoot() / 0.03) < 1e-6)
        #expect(cvr.summary.hasPrefix("No call yet on B's conversion rate: 4.00% against 3.00% for A (always-valid p = 0.962 over 1 weekly look"), "\(cvr.summary)")
        #expect(cvr.decision == .noClearDifference && cvr.looks == 1)
    }

    /// A four-week experiment with a clear effect gets a call; its looks are the week ends back
    /// from the window's end to the experiment's first day.
    @Test func aClearRunningExperimentGetsACallFromItsWeeklyLooks() throws {
        var e = TestExports()
        e.order("O1", "2026-11-24", customer: "C1", sku: "S1", price: 1)
        for d in 0..<28 {
            let day = (week.to - d).description
            e.ad(day, campaign: "c", variant: "A", impressions: 20_000, clicks: 400, conversions: 12, cost: 1)
            e.ad(day, campaign: "c", variant: "B", impressions: 20_000, clicks: 400, conversions: 24, cost: 1)
        }
        let (facts, _) = try e.load(window: .fixed(week))
        let tests = ABTestModel.compute(ads: facts.ads, window: week, alpha: 0.05)
        let cvr = try #require(tests.first { $0.metric == .cvr })
        #expect(cvr.looks == 4 && cvr.decision == .treatmentBetter, "\(cvr.summary)")
        #expect(cvr.summary.hasPrefix("B raised the conversion rate: 6.00% against 3.00% for A (always-valid p below 0.0001 over 4 weekly looks"), "\(cvr.summary)")
        // Identical click-through rates: no call, whatever the looks.
        #expect(tests.first { $0.metric == .ctr }?.decision == .noClearDifference)
    }

    @Test func rfmScoresAndSegmentSizesEqualPandasOnTheSample() throws {
        let reference = try RepositoryFiles.reference("sample_rfm.json", as: SampleRFM.self)
        let facts = try DataLoader(directory: RepositoryFiles.path("fixtures/sample"), config: Config())
            .load(window: .lastCompleteWeek, rejects: CollectingRejectSink())
        let scores = RFM.score(facts.orderDays, customerIds: facts.customers.ids, asOf: facts.periods.current.to)
        var sizes: [String: Int] = [:]
        for s in scores.segment { sizes[RFM.segmentNames[s], default: 0] += 1 }
        #expect(sizes == reference.sizes)
        for (i, row) in reference.first_customers.enumerated() {
            #expect(facts.customers.ids[Int(scores.customers[i])] == row.customer_id)
            #expect(scores.recencyDays[i] == row.recency && scores.frequency[i] == row.frequency)
            #expect(abs(scores.monetary[i] - row.monetary) < 1e-6)
            #expect((scores.r[i], scores.f[i], scores.m[i]) == (row.r, row.f, row.m), "\(row.customer_id)")
        }
    }

    @Test func smallGroupsAreMergedOrSuppressed() throws {
        var e = TestExports()
        for i in 0..<12 { e.order("O\(i)", "2026-11-2\(3 + i % 5)", customer: "A\(i)", sku: "S1", price: 10) }
        for i in 0..<3 { e.order("P\(i)", "2026-11-24", customer: "B\(i)", sku: "S1", price: 10) }
        let (facts, _) = try e.load(window: .fixed(week))
        var members: [Int32: String] = [:]
        for c in 0..<facts.customers.count { members[Int32(c)] = facts.customers.ids[c].hasPrefix("A") ? "Big" : "Tiny" }
        let result = SegmentProfiles.build(members: members, order: ["Big", "Tiny"], basis: SegmentProfiles.Basis(facts), minSize: 10)
        #expect(result.profiles.map(\.name) == ["Big"])
        #expect(result.suppressedCustomers == 3)
        for cell in result.profiles[0].demographics { #expect(cell.customers == nil || cell.customers! >= 10) }
        let merged = SegmentProfiles.build(members: members, order: ["Big", "Tiny"], basis: SegmentProfiles.Basis(facts), minSize: 3)
        #expect(merged.profiles.map(\.name) == ["Big", "Tiny"])
    }
}
