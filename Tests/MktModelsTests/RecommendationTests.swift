import Foundation
import MktData
import Testing
@testable import MktModels

/// Three customers, three items: u0 and u1 have {i0, i1}, u2 has {i1, i2}.
func tinyFeedback() -> SparseMatrix {
    SparseMatrix(rowCount: 3, columnCount: 3, sortedTriples: [(0, 0, 1), (0, 1, 1), (1, 0, 1), (1, 1, 1), (2, 1, 1), (2, 2, 1)])
}

@Suite struct RecommendationTests {
    @Test func rankingMetricsOfOneList() {
        let m = RankingMetrics.single(ranked: [1, 2, 3], relevant: [2, 4], k: 3)
        #expect(abs(m.precision - 1.0 / 3) < 1e-12)
        #expect(m.recall == 0.5)
        #expect(abs(m.ndcg - (1 / log2(3.0)) / (1 + 1 / log2(3.0))) < 1e-12)
        #expect(m.ap == 0.25)
        let perfect = RankingMetrics.single(ranked: [4, 2, 9], relevant: [2, 4], k: 3)
        #expect(perfect.ndcg == 1 && perfect.ap == 1 && perfect.recall == 1)
    }

    @Test func transposeAndTopN() {
        let t = tinyFeedback().transposed()
        #expect(t.rowStart == [0, 2, 5, 6])
        #expect(t.columns == [0, 1, 0, 1, 2, 2])
        var top = TopN(capacity: 2)
        for (item, score) in [(5, 0.1), (3, 0.9), (7, 0.9), (1, 0.5)] as [(Int32, Float)] { top.offer(item: item, score: score) }
        #expect(top.items.map(\.item) == [3, 7])
    }

    @Test func itemKNNCosineWithShrinkage() {
        let model = ItemKNNRecommender(feedback: tinyFeedback(), neighbours: 5, shrinkage: 1)
        let s = model.similarities
        // cos(i0, i1) = 2 / (sqrt 2 * sqrt 3), shrunk by 2 / (2 + 1); cos(i1, i2) = 1 / sqrt 3, shrunk by 1 / 2.
        let s01 = Float(2 / (2.0.squareRoot() * 3.0.squareRoot()) * 2 / 3), s12 = Float(1 / 3.0.squareRoot() / 2)
        #expect(Array(s.columns[s.row(0)]) == [1])
        #expect(abs(s.values[s.row(0).lowerBound] - s01) < 1e-6)
        #expect(Array(s.columns[s.row(1)]) == [0, 2])
        #expect(abs(s.values[s.row(2).lowerBound] - s12) < 1e-6)

        var scratch = [Float](repeating: 0, count: 3), touched: [Int32] = []
        let forU2 = model.recommend(user: 2, feedback: tinyFeedback(), n: 5, excluded: [1, 2], allowed: [true, true, true],
                                    scratch: &scratch, touched: &touched)
        #expect(forU2.map(\.item) == [0])
        #expect(abs(forU2[0].score - s01) < 1e-6)
        let forU0 = model.recommend(user: 0, feedback: tinyFeedback(), n: 5, excluded: [0, 1], allowed: [true, true, true],
                                    scratch: &scratch, touched: &touched)
        #expect(forU0.map(\.item) == [2])
        #expect(scratch.allSatisfy { $0 == 0 })
    }

    @Test func popularityNeverRecommendsBoughtOrOutOfCatalogItems() {
        let model = PopularityRecommender(feedback: tinyFeedback(), allowed: [true, true, false])
        #expect(model.ranking.map(\.item) == [1, 0])
        var scratch = [Float](repeating: 0, count: 3), touched: [Int32] = []
        let list = model.recommend(user: 0, feedback: tinyFeedback(), n: 3, excluded: [1], allowed: [true, true, false],
                                   scratch: &scratch, touched: &touched)
        #expect(list.map(\.item) == [0])
    }
}
