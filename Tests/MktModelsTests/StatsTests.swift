import MktTesting
import Testing
@testable import MktModels

struct ZTestCase: Decodable {
    var x1: Double, n1: Double, x2: Double, n2: Double, z: Double, p_value: Double, ci95: [Double]
}

@Suite struct StatsTests {
    @Test func pooledZTestMatchesStatsmodels() throws {
        for c in try RepositoryFiles.reference("ztest_cases.json", as: [ZTestCase].self) {
            let test = try #require(ProportionTests.pooledZTest(successes1: c.x1, trials1: c.n1, successes2: c.x2, trials2: c.n2))
            let interval = ProportionTests.waldDifferenceInterval(successes1: c.x1, trials1: c.n1, successes2: c.x2, trials2: c.n2)
            #expect(abs(test.z - c.z) < 1e-9, "z for \(c)")
            #expect(abs(test.p - c.p_value) < 1e-9, "p for \(c)")
            #expect(abs(interval.low - c.ci95[0]) < 1e-9 && abs(interval.high - c.ci95[1]) < 1e-9, "CI for \(c)")
        }
    }

    /// statsmodels' proportions_ztest([0, 0], [50, 80]) returns (nan, nan): no variance, no test.
    @Test func equalRatesWithNoVarianceHaveNoTest() {
        #expect(ProportionTests.pooledZTest(successes1: 0, trials1: 50, successes2: 0, trials2: 80) == nil)
        #expect(ProportionTests.pooledZTest(successes1: 50, trials1: 50, successes2: 80, trials2: 80) == nil)
    }

    @Test func normalQuantilesAndTails() {
        #expect(abs(Normal.quantile(0.975) - 1.959963984540054) < 1e-13)
        #expect(abs(Normal.quantile(0.9) - 1.2815515655446004) < 1e-13)
        #expect(abs(Normal.quantile(1e-10) + 6.361340902404056) < 1e-9)
        #expect(abs(Normal.survival(8) - 6.22096057427178e-16) < 1e-28)
        for p in stride(from: 0.001, to: 1, by: 0.0137) { #expect(abs(Normal.cdf(Normal.quantile(p)) - p) < 1e-14) }
    }

    @Test func wilsonIntervalMatchesStatsmodels() {
        // statsmodels.stats.proportion.proportion_confint(12, 80, method="wilson")
        let interval = ProportionTests.wilsonInterval(successes: 12, trials: 80)
        #expect(abs(interval.low - 0.08794040506163546) < 1e-12)
        #expect(abs(interval.high - 0.24413228561323347) < 1e-12)
    }

    @Test func quantilesInterpolateLikeNumpy() {
        #expect(Descriptive.median([3, 1, 2]) == 2)
        #expect(Descriptive.median([4, 1, 3, 2]) == 2.5)
        #expect(Descriptive.quantile([1, 2, 3, 4, 5], 0.9) == 4.6)
        #expect(cents(2.675) == 2.68 || cents(2.675) == 2.67)
        #expect(cents(-0.001) == 0 && cents(-0.001).sign == .plus)
    }

    @Test func seededRandomIsReproducible() {
        var a = SeededRandom(seed: 7), b = SeededRandom(seed: 7)
        let first = (0..<5).map { _ in a.next() }
        #expect(first == (0..<5).map { _ in b.next() })
        var c = SeededRandom(seed: 8)
        #expect(first != (0..<5).map { _ in c.next() })
        var d = SeededRandom(seed: 1)
        let draws = (0..<20_000).map { _ in d.beta(2, 5) }
        #expect(abs(Descriptive.mean(draws) - 2.0 / 7.0) < 0.005)
    }
}

@Suite struct PolynomialTests {
    @Test func schurCohnAgreesWithRootFinding() {
        var random = SeededRandom(seed: 3)
        for _ in 0..<300 {
            let degree = 1 + Int(random.uniform() * 8)
            let c = (0...degree).map { _ in random.uniform() * 4 - 2 }
            let inside = Polynomial.roots(c).allSatisfy { $0.length < 1 }
            let margin = Polynomial.roots(c).map { abs($0.length - 1) }.min() ?? 1
            if margin > 1e-6 { #expect(Polynomial.rootsInside(c) == inside, "\(c)") }
        }
        // 1 - 0.5z has its root at 2: outside.
        #expect(!Polynomial.rootsInside([1, -0.5]))
        #expect(Polynomial.rootsInside([-0.5, 1]))
        #expect(Polynomial.multiply([1, -0.5], [1, 0, 0, -0.3]) == [1, -0.5, 0, -0.3, 0.15])
    }
}

@Suite struct LeastSquaresTests {
    /// A random symmetric positive-definite matrix over several pivot blocks (the last one partial):
    /// A x inverse(A) must be the identity and the inverse symmetric.
    @Test func symmetricInverseTimesMatrixIsIdentity() throws {
        var random = SeededRandom(seed: 11)
        let k = 77
        let g = (0..<(k * k)).map { _ in random.uniform() * 2 - 1 }
        var a = [Double](repeating: 0, count: k * k)  // G G' + k I
        for i in 0..<k {
            for j in 0..<k { a[i * k + j] = (0..<k).reduce(i == j ? Double(k) : 0) { $0 + g[i * k + $1] * g[j * k + $1] } }
        }
        let inverse = try #require(LeastSquares.inverseSymmetric(a, size: k, block: 16))
        for i in 0..<k {
            for j in 0..<k {
                let product = (0..<k).reduce(0.0) { $0 + a[i * k + $1] * inverse[$1 * k + j] }
                #expect(abs(product - (i == j ? 1 : 0)) < 1e-12, "(\(i), \(j))")
                #expect(inverse[i * k + j] == inverse[j * k + i])
            }
        }
        #expect(LeastSquares.inverseSymmetric([1, 2, 2, 1], size: 2) == nil, "not positive-definite")
    }
}
