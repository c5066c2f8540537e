import Foundation
import MktModels
import MktTesting
import Testing

/// Holm and Benjamini-Hochberg against statsmodels' `multipletests`, and the mixture SPRT's
/// always-valid p-value against an independent Python implementation of Johari et al. (2017)
/// (Tests/References/make_references.py).
@Suite struct MultipleTestingTests {
    struct Cases: Decodable {
        struct Family: Decodable { var p: [Double], holm: [Double], bh: [Double] }
        struct MSPRT: Decodable { var looks: [[Double]], p: Double }
        var families: [Family]
        var msprt: [MSPRT]
    }

    static let cases = try! RepositoryFiles.reference("multiple_testing_cases.json", as: Cases.self)

    @Test func holmAndBenjaminiHochbergEqualStatsmodels() {
        #expect(Self.cases.families.count == 5)
        for family in Self.cases.families {
            for (ours, theirs) in zip(MultipleTesting.holm(family.p), family.holm) { #expect(abs(ours - theirs) < 1e-12, "\(family.p)") }
            for (ours, theirs) in zip(MultipleTesting.benjaminiHochberg(family.p), family.bh) { #expect(abs(ours - theirs) < 1e-12, "\(family.p)") }
        }
    }

    @Test func theAlwaysValidPValueIsTheSmallestInverseMixtureRatioOverTheLooks() throws {
        for c in Self.cases.msprt {
            let looks = c.looks.map { SequentialTest.Look(controlSuccesses: $0[0], controlTrials: $0[1], treatmentSuccesses: $0[2], treatmentTrials: $0[3]) }
            let p = try #require(SequentialTest.alwaysValidPValue(looks))
            #expect(abs(p - c.p) < 1e-12, "\(c.looks): \(p) vs \(c.p)")
        }
    }

    /// An A/A experiment read every week for a year: the always-valid p-value falls below 5% in far
    /// fewer runs than the naive weekly z-test does (peeking inflates the naive rate many times).
    @Test func readingAnAATestEveryWeekKeepsTheErrorRate() {
        var random = SeededRandom(seed: 11)
        var sequentialFalseCalls = 0, naiveFalseCalls = 0
        let runs = 400
        for _ in 0..<runs {
            var c = (0.0, 0.0), t = (0.0, 0.0), looks: [SequentialTest.Look] = [], naive = false
            for _ in 0..<52 {
                for _ in 0..<200 {
                    c.1 += 1; t.1 += 1
                    if random.uniform() < 0.05 { c.0 += 1 }
                    if random.uniform() < 0.05 { t.0 += 1 }
                }
                looks.append(SequentialTest.Look(controlSuccesses: c.0, controlTrials: c.1, treatmentSuccesses: t.0, treatmentTrials: t.1))
                if let p = ProportionTests.pooledZTest(successes1: t.0, trials1: t.1, successes2: c.0, trials2: c.1)?.p, p < 0.05 { naive = true }
            }
            if (SequentialTest.alwaysValidPValue(looks) ?? 1) < 0.05 { sequentialFalseCalls += 1 }
            if naive { naiveFalseCalls += 1 }
        }
        #expect(Double(sequentialFalseCalls) / Double(runs) <= 0.05, "\(sequentialFalseCalls) of \(runs)")
        #expect(naiveFalseCalls > 3 * max(sequentialFalseCalls, 8), "naive \(naiveFalseCalls), sequential \(sequentialFalseCalls)")
    }
}
