import Foundation
import MktData
import MktTesting
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

        var board = ScoreBoard(itemCount: 3)
        let forU2 = model.recommend(user: 2, feedback: tinyFeedback(), n: 5, excluded: [1, 2], allowed: [true, true, true],
                                    board: &board)
        #expect(forU2.map(\.item) == [0])
        #expect(abs(forU2[0].score - s01) < 1e-6)
        let forU0 = model.recommend(user: 0, feedback: tinyFeedback(), n: 5, excluded: [0, 1], allowed: [true, true, true],
                                    board: &board)
        #expect(forU0.map(\.item) == [2])
        #expect(board.count == 0 && (0..<3).allSatisfy { board[Int32($0)] == 0 })
    }

    /// A recommender with fixed lists, to check the evaluation's arithmetic.
    struct FixedLists: Recommender {
        let name = "fixed"
        let lists: [Int: [Int32]]
        func score(user: Int, feedback: SparseMatrix, into board: inout ScoreBoard) {
            for (rank, item) in (lists[user] ?? []).enumerated() { board.add(item, Float(10 - rank)) }
        }
    }

    /// NDCG's standard error, novelty (self-information of each recommended item) and intra-list
    /// diversity (share of pairs from different categories), worked by hand.
    @Test func theEvaluationReportsItsStandardErrorNoveltyAndDiversity() {
        let train = Feedback.interactions([(0, 0, 1), (0, 1, 1), (1, 0, 1), (2, 0, 1), (2, 2, 1), (3, 1, 1), (3, 3, 1)], users: 4, items: 4)
        let model = FixedLists(lists: [0: [2, 3], 1: [1, 2]])
        let m = RecommendationEvaluation.evaluate(model, train: train, truth: [0: [2], 1: [3]], k: 2, allowed: [true, true, true, true],
                                                  categories: [0, 0, 1, 1])
        #expect(m.users == 2 && m.ndcg == 0.5 && abs(m.ndcgStandardError - 0.5) < 1e-12)
        // Items 2, 3, 1, 2 recommended; 1, 1, 2 and 1 of the 4 training customers have them: (2 + 2 + 1 + 2) / 4 bits.
        #expect(abs(m.novelty - 1.75) < 1e-12)
        // [2, 3] share category 1; [1, 2] do not.
        #expect(m.intraListDiversity == 0.5 && m.coverage == 0.75)
        #expect(RecommendationEvaluation.evaluate(model, train: train, truth: [0: [2]], k: 2, allowed: [true, true, true, true]).intraListDiversity == nil)
    }

    @Test func popularityNeverRecommendsBoughtOrOutOfCatalogItems() {
        let model = PopularityRecommender(feedback: tinyFeedback(), allowed: [true, true, false])
        #expect(model.ranking.map(\.item) == [1, 0])
        var board = ScoreBoard(itemCount: 3)
        let list = model.recommend(user: 0, feedback: tinyFeedback(), n: 3, excluded: [1], allowed: [true, true, false],
                                   board: &board)
        #expect(list.map(\.item) == [0])
    }

    /// Runs `model` for one customer of the tiny matrix with the customer's own items excluded.
    func recommend(_ model: Recommender, user: Int, n: Int = 5) -> [(item: Int32, score: Float)] {
        let feedback = tinyFeedback()
        var board = ScoreBoard(itemCount: 3)
        let own = Array(feedback.columns[feedback.row(user)])
        let list = model.recommend(user: user, feedback: feedback, n: n, excluded: own, allowed: [true, true, true],
                                   board: &board)
        #expect(board.count == 0 && (0..<3).allSatisfy { board[Int32($0)] == 0 }, "the board must be left clear")
        return list
    }

    /// Weights and scores from numpy: P = inv(X'X + I), B = -P / diag(P), zero diagonal.
    @Test func easeMatchesTheClosedForm() throws {
        let model = try #require(EASERecommender(feedback: tinyFeedback(), lambda: 1))
        let expected: [Float] = [0, 0.6666666667, -0.25, 0.5714285714, 0, 0.375, -0.2857142857, 0.5, 0]
        for (w, e) in zip(model.weights, expected) { #expect(abs(w - e) < 1e-6) }
        let forU0 = recommend(model, user: 0)
        #expect(forU0.map(\.item) == [2] && abs(forU0[0].score - 0.125) < 1e-6)
        let forU2 = recommend(model, user: 2)
        #expect(forU2.map(\.item) == [0] && abs(forU2[0].score - 0.2857142857) < 1e-6)
    }

    /// u0's neighbours are u1 (cosine 1) and u2 (cosine 1/2); only u2 has an item u0 lacks.
    @Test func userKNNWeightsNeighboursBySimilarity() {
        let all = UserKNNRecommender(feedback: tinyFeedback(), neighbours: 5)
        let forU0 = recommend(all, user: 0)
        #expect(forU0.map(\.item) == [2] && abs(forU0[0].score - 0.5 / 1.5) < 1e-6)
        // With one neighbour u0 only hears from u1, who has nothing new.
        #expect(recommend(UserKNNRecommender(feedback: tinyFeedback(), neighbours: 1), user: 0).isEmpty)
        // u2's neighbours u0 and u1 both bought i0: score (1/2 + 1/2) / (1/2 + 1/2).
        let forU2 = recommend(all, user: 2)
        #expect(forU2.map(\.item) == [0] && abs(forU2[0].score - 1) < 1e-6)
    }

    /// Items: i0 {a}, i1 {a, b}, i2 {b, c}; idf a = b = ln 1.5, c = ln 3.
    @Test func contentScoresByTFIDFProfile() {
        let features = ItemFeatures(features: [[0], [0, 1], [1, 2]], featureCount: 3)
        let onlyI0 = SparseMatrix(rowCount: 1, columnCount: 3, sortedTriples: [(0, 0, 1)])
        let model = ContentRecommender(features: features, feedback: onlyI0)
        var board = ScoreBoard(itemCount: 3)
        let list = model.recommend(user: 0, feedback: onlyI0, n: 5, excluded: [0], allowed: [true, true, true],
                                   board: &board)
        // Profile = i0's unit vector (a: 1); i1 = (a, b) / sqrt 2 scores 1 / sqrt 2; i2 shares nothing.
        #expect(list.map(\.item) == [1] && abs(list[0].score - 1 / Float(2).squareRoot()) < 1e-6)
        let catalogFree = ItemFeatures(features: [[], [], []], featureCount: 0)
        #expect(ContentRecommender(features: catalogFree, feedback: onlyI0).recommend(
            user: 0, feedback: onlyI0, n: 5, excluded: [], allowed: [true, true, true], board: &board).isEmpty)
    }

    /// An item is listed when its score turns non-zero; `drain` visits the list and clears the board.
    @Test func scoreBoardListsItemsAsTheirScoresTurnNonZero() {
        var board = ScoreBoard(itemCount: 4)
        board.add(2, 0.5)
        board.add(0, 0)
        board.add(2, 0.25)
        board.add(1, 1)
        #expect(Array(board.listed) == [2, 1] && board[2] == 0.75 && board.maximum == 1)
        // A score cancelled to zero and raised again is listed again, past the item count.
        for _ in 0..<4 {
            board.add(3, 1)
            board.add(3, -1)
        }
        #expect(Array(board.listed) == [2, 1, 3, 3, 3, 3])
        var visited: [Int32] = []
        var total: Float = 0
        board.drain { item, score in
            visited.append(item)
            total += score
        }
        #expect(visited == [2, 1, 3, 3, 3, 3] && total == 1.75)
        #expect(board.count == 0 && (0..<4).allSatisfy { board[Int32($0)] == 0 })
    }

    /// `scale` multiplies the listed scores in place; a zero factor clears the board.
    @Test func scoreBoardScalesInPlace() {
        var board = ScoreBoard(itemCount: 3)
        board.add(2, 0.5)
        board.add(0, 2)
        board.scale(by: 0.5)
        #expect(Array(board.listed) == [2, 0] && board[2] == 0.25 && board[0] == 1 && board[1] == 0)
        board.scale(by: 0)
        #expect(board.count == 0 && (0..<3).allSatisfy { board[Int32($0)] == 0 })
    }

    /// Each part is scaled to a maximum of 1 for the customer before weighting.
    @Test func hybridBlendsScaledScores() {
        let feedback = tinyFeedback()
        let knn = ItemKNNRecommender(feedback: feedback, neighbours: 5, shrinkage: 0)
        let popularity = PopularityRecommender(feedback: feedback, allowed: [true, true, true])
        let hybrid = HybridRecommender(parts: [(knn, 1), (popularity, 0.5), (knn, 0)])
        #expect(hybrid.parts.count == 2)
        var board = ScoreBoard(itemCount: 3)
        hybrid.score(user: 2, feedback: feedback, into: &board)
        // item-kNN for u2 = row(i1) + row(i2) of the similarities; popularity counts are 2, 3, 1 -> 2/3, 1, 1/3.
        var knnBoard = ScoreBoard(itemCount: 3)
        knn.score(user: 2, feedback: feedback, into: &knnBoard)
        let knnScores = (0..<3).map { knnBoard[Int32($0)] }
        let top = knnScores.max()!
        let expected = [knnScores[0] / top + 0.5 * 2 / 3, knnScores[1] / top + 0.5, knnScores[2] / top + 0.5 / 3]
        for i in 0..<3 { #expect(abs(board[Int32(i)] - expected[i]) < 1e-6) }
        #expect(Set(board.listed) == [0, 1, 2] && board.count == 3)
    }

    /// A planted pattern (buyers of item a later buy item a+1) must be found by the selection,
    /// which must beat popularity on the held-out split and give identical results when re-run.
    @Test func selectionFindsAPlantedPatternDeterministically() {
        var random = SeededRandom(seed: 7)
        let users = 400, items = 40
        func split(_ stage: Int) -> (train: [(user: Int32, item: Int32, weight: Float)], truth: [Int32: [Int32]]) {
            var train: [(user: Int32, item: Int32, weight: Float)] = [], truth: [Int32: [Int32]] = [:]
            for u in 0..<users {
                let first = Int32(u % (items / 2)) * 2
                train.append((Int32(u), first, 1))
                if stage > 0 || (u / (items / 2)) % 2 == 0 { train.append((Int32(u), first + 1, 1)) } else { truth[Int32(u)] = [first + 1] }
                train.append((Int32(u), Int32(random.uniform() * Double(items)), 0.2))
            }
            return (train, truth)
        }
        let early = split(0)
        let later = split(0)
        let splits = RecommendationSplits(
            selectionTrain: .interactions(early.train, users: users, items: items), selectionTruth: early.truth,
            evaluationTrain: .interactions(later.train, users: users, items: items), evaluationTruth: later.truth,
            full: .interactions(split(1).train, users: users, items: items), allowed: Array(repeating: true, count: items), features: nil)
        let result = RecommendationSelection.run(splits, k: 5, neighbours: 20, shrinkage: 10, seed: 1)
        #expect(result.chosen.name != "popularity")
        #expect(result.evaluation.ndcg > 2 * result.popularityEvaluation.ndcg)
        #expect(result.evaluation.recall > 0.9)
        let again = RecommendationSelection.run(splits, k: 5, neighbours: 20, shrinkage: 10, seed: 1)
        #expect(again.chosen.name == result.chosen.name)
        #expect(again.selectionNDCG.map(\.ndcg) == result.selectionNDCG.map(\.ndcg))
    }

    /// Item-kNN learns from each customer's strongest items only: a heavy customer's weakest item
    /// adds no co-occurrence, yet it still counts when that customer is scored.
    @Test func itemKNNLearnsFromEachCustomersStrongestItems() {
        // u0: i0 (3), i1 (2), i2 (1); u1: i0, i2; u2: i1, i2.
        let feedback = SparseMatrix(rowCount: 3, columnCount: 3, sortedTriples: [
            (0, 0, 3), (0, 1, 2), (0, 2, 1), (1, 0, 1), (1, 2, 1), (2, 1, 1), (2, 2, 1)])
        let capped = feedback.keepingStrongest(perRow: 2)
        #expect(Array(capped.columns[capped.row(0)]) == [0, 1] && Array(capped.values[capped.row(0)]) == [3, 2])
        #expect(capped.rowStart == [0, 2, 4, 6])
        let model = ItemKNNRecommender(feedback: feedback, neighbours: 5, shrinkage: 0, maxItemsPerCustomer: 2)
        let s = model.similarities
        // Without u0's i2: cos(i0, i2) = 1 / (sqrt 10 * sqrt 2), cos(i1, i2) = 1 / (sqrt 5 * sqrt 2).
        #expect(Array(s.columns[s.row(2)]) == [0, 1])
        #expect(abs(s.values[s.row(2).lowerBound] - Float(1 / (10.0.squareRoot() * 2.0.squareRoot()))) < 1e-6)
        #expect(abs(s.values[s.row(2).lowerBound + 1] - Float(1 / (5.0.squareRoot() * 2.0.squareRoot()))) < 1e-6)
        let uncapped = ItemKNNRecommender(feedback: feedback, neighbours: 5, shrinkage: 0)
        #expect(uncapped.similarities.values != s.values)
    }
}

/// Recommendations over dated purchases: recency, order and the selection between methods.
@Suite struct DatedPurchaseTests {
    static let monday = Day(iso: "2026-11-23")!

    /// The engine's three splits of a shop's purchases (selection, evaluation, all), every item allowed.
    static func purchaseSplits(_ facts: Facts) -> RecommendationSplits {
        let feedback = (0..<3).map { Feedback.build(facts, weights: ["purchase": 1], throughPeriod: $0) }
        return RecommendationSplits(
            selectionTrain: feedback[0], selectionTruth: Feedback.newPurchases(facts, inPeriod: 1),
            evaluationTrain: feedback[1], evaluationTruth: Feedback.newPurchases(facts, inPeriod: 2),
            full: feedback[2], allowed: Array(repeating: true, count: facts.catalog.count), features: nil)
    }

    /// Purchases on known days: the facts keep them by age, each training cut-off sees its own
    /// days only, and recent popularity ranks by the look-back it is given.
    @Test func recentPurchasesAreCountedFromEachCutOff() {
        var shop = FactsFixture(window: DateWindow(from: Self.monday, to: Self.monday + 6))
        // S1: bought three times long ago; S2: twice in the window before the previous one;
        // S3: once in the report window (age 2); a guest's S3 and a cancelled S2 do not count.
        for (n, customer) in ["C1", "C2", "C3"].enumerated() {
            shop.order("A\(n)", day: Self.monday - 40, customer: customer, sku: "S1", price: 5)
        }
        shop.order("B1", day: Self.monday - 9, customer: "C1", sku: "S2", price: 5)
        shop.order("B2", day: Self.monday - 8, customer: "C2", sku: "S2", price: 5)
        shop.order("B3", day: Self.monday - 8, customer: "C3", sku: "S2", price: 5, status: .cancelled)
        shop.order("C1", day: Self.monday + 4, customer: "C3", sku: "S3", price: 5)
        shop.order("G1", day: Self.monday + 4, customer: nil, sku: "S3", price: 5)
        let facts = shop.facts()
        let table = facts.recentPurchases
        #expect(table.days == 2 * 7 + RecentPurchaseTable.longestLookBack)
        let rows = (0..<table.count).map { (facts.catalog.skus[Int(table.item[$0])], table.age[$0], table.purchases[$0]) }
        #expect(rows.map(\.0) == ["S1", "S2", "S2", "S3"])
        #expect(rows.map(\.1) == [46, 14, 15, 2])
        #expect(rows.map(\.2) == [3, 1, 1, 1])

        let allowed = Array(repeating: true, count: facts.catalog.count)
        func ranking(throughPeriod p: Int, days: Int) -> [String] {
            let feedback = Feedback.build(facts, weights: ["purchase": 1], throughPeriod: p)
            return PopularityRecommender(recentPurchases: feedback.recentPurchases, days: days, itemCount: facts.catalog.count,
                                         allowed: allowed)?.ranking.map { facts.catalog.skus[Int($0.item)] } ?? []
        }
        // The selection cut-off is 14 days before the end: S2 was bought 0 and 1 days before it, S1 32.
        #expect(ranking(throughPeriod: 0, days: 7) == ["S2"])
        #expect(ranking(throughPeriod: 0, days: 56) == ["S1", "S2"])
        // Through the report window: S3 alone in the last week; nothing in the previous window.
        #expect(ranking(throughPeriod: 2, days: 7) == ["S3"])
        #expect(ranking(throughPeriod: 1, days: 7).isEmpty)
    }

    /// Tastes move: what sells now differs from what sold most overall, and the selection finds it.
    @Test func selectionPicksRecentPopularityWhenTastesMove() {
        var shop = FactsFixture(window: DateWindow(from: Self.monday, to: Self.monday + 6))
        // Old favourites O0-O4 bought by 60 customers long ago; the 60 customers held out bought
        // one other item then; new items N0-N4 are bought by a few customers each week lately,
        // and in the two held-out windows by the customers held out.
        for c in 0..<60 {
            for o in 0..<5 { shop.order("old\(c)-\(o)", day: Self.monday - 200 + o, customer: "D\(c)", sku: "O\(o)", price: 5) }
            shop.order("first\(c)", day: Self.monday - 150, customer: "C\(c)", sku: "X", price: 5)
        }
        for week in 1...6 {
            for c in 0..<8 {
                let day = Self.monday - 7 * week - 7
                shop.order("new\(week)-\(c)", day: day, customer: "R\(week)-\(c)", sku: "N\((c + week) % 5)", price: 5)
            }
        }
        for c in 0..<60 {
            let day = c % 2 == 0 ? Self.monday - 5 : Self.monday + 2
            shop.order("held\(c)", day: day, customer: "C\(c)", sku: "N\(c % 5)", price: 5)
        }
        let result = RecommendationSelection.run(Self.purchaseSplits(shop.facts()), k: 3, neighbours: 20, shrinkage: 10, seed: 1)
        let scores = Dictionary(uniqueKeysWithValues: result.selectionNDCG.map { ($0.name, $0.ndcg) })
        #expect(scores["recent popularity"]! > scores["popularity"]!)
        #expect(["recent popularity", "hybrid"].contains(result.chosen.name))
        #expect(result.evaluation.ndcg > result.popularityEvaluation.ndcg)
    }

    /// Bought next: each item's successors are its share of the next day's votes; a customer's
    /// score sums the successors of their last days, the latest weighing most.
    @Test func boughtNextFollowsTheNextShoppingDay() throws {
        var shop = FactsFixture(window: DateWindow(from: Self.monday, to: Self.monday + 6))
        let day = Self.monday - 30
        // S1 is followed by S2 twice (U1, U3) and by S3 once (U2; U2's S3 and S4 share one day).
        shop.order("a1", day: day, customer: "U1", sku: "S1", price: 5)
        shop.order("a2", day: day + 3, customer: "U1", sku: "S2", price: 5)
        shop.order("b1", day: day, customer: "U2", sku: "S1", price: 5)
        shop.order("b2", day: day + 5, customer: "U2", sku: "S3", price: 5)
        shop.order("b3", day: day + 5, customer: "U2", sku: "S4", price: 5)
        shop.order("c1", day: day + 1, customer: "U3", sku: "S1", price: 5)
        shop.order("c2", day: day + 2, customer: "U3", sku: "S2", price: 5)
        // U4 bought S4, then S1: S1 is the latest day (weight 1), S4 the one before (1/2).
        shop.order("d1", day: day, customer: "U4", sku: "S4", price: 5)
        shop.order("d2", day: Self.monday - 3, customer: "U4", sku: "S1", price: 5)
        let facts = shop.facts()
        let model = try #require(BoughtNextRecommender(feedback: Feedback.build(facts, weights: ["purchase": 1], throughPeriod: 2), neighbours: 20))
        func successors(_ sku: String) -> [String: Float] {
            let i = facts.catalog.skus.firstIndex(of: sku)!
            return Dictionary(uniqueKeysWithValues: model.successors.row(i).map { (facts.catalog.skus[Int(model.successors.columns[$0])], model.successors.values[$0]) })
        }
        // S1's votes: S2 1 + 1, S3 1, S4 1 (U2's day after S1 holds both), and S4 -> S1 once (U4).
        #expect(successors("S1") == ["S2": 0.5, "S3": 0.25, "S4": 0.25])
        #expect(successors("S4") == ["S1": 1])
        #expect(successors("S2").isEmpty)
        var board = ScoreBoard(itemCount: facts.catalog.count)
        model.score(user: facts.customers.ids.firstIndex(of: "U4")!, feedback: SparseMatrix(rowCount: 0, columnCount: 0, sortedTriples: []), into: &board)
        var scores: [String: Float] = [:]
        board.drain { scores[facts.catalog.skus[Int($0)]] = $1 }
        // 1 x S1's successors + 1/2 x S4's.
        #expect(scores == ["S2": 0.5, "S3": 0.25, "S4": 0.25, "S1": 0.5])
        // Cut where the window before the previous one ends, before U4's S1: their last day is S4.
        let earlier = try #require(BoughtNextRecommender(feedback: Feedback.build(facts, weights: ["purchase": 1], throughPeriod: 0), neighbours: 20))
        let u4 = facts.customers.ids.firstIndex(of: "U4")!
        #expect(earlier.recentItems[earlier.recentStart[u4]..<earlier.recentStart[u4 + 1]].map { facts.catalog.skus[Int($0)] } == ["S4"])
    }

    /// Where customers buy a series in order, bought next is the method that knows what comes next.
    @Test func selectionFindsASequence() {
        var shop = FactsFixture(window: DateWindow(from: Self.monday, to: Self.monday + 6))
        // Twelve volumes. Long ago 220 customers bought one volume and the next a week later; then
        // 110 bought one volume before the previous window and the next in it, and 110 one in the
        // previous window and the next in the report window. Co-occurrence cannot tell the next
        // volume from the one before (both were bought with it as often); the order can.
        for c in 0..<220 {
            shop.order("h\(c)-0", day: Self.monday - 90, customer: "H\(c)", sku: "V\(c % 11)", price: 5)
            shop.order("h\(c)-1", day: Self.monday - 83, customer: "H\(c)", sku: "V\(c % 11 + 1)", price: 5)
        }
        for c in 0..<220 {
            let first = c % 2 == 0 ? Self.monday - 12 : Self.monday - 4
            shop.order("t\(c)-0", day: first, customer: "T\(c)", sku: "V\(c % 11)", price: 5)
            shop.order("t\(c)-1", day: first + 7, customer: "T\(c)", sku: "V\(c % 11 + 1)", price: 5)
        }
        let result = RecommendationSelection.run(Self.purchaseSplits(shop.facts()), k: 1, neighbours: 20, shrinkage: 0, seed: 1)
        let scores = Dictionary(uniqueKeysWithValues: result.selectionNDCG.map { ($0.name, $0.ndcg) })
        for (name, score) in scores where !["bought next", "hybrid"].contains(name) { #expect(scores["bought next"]! > score, "\(name)") }
        #expect(scores["bought next"]! > 0.9)
        #expect(["bought next", "hybrid"].contains(result.chosen.name))
        #expect(result.evaluation.ndcg > 0.9)
    }

    /// A customer who bought every favourite of their segment still gets a full list: the top-up
    /// goes on to the items everyone else bought, by popularity.
    @Test func listsAreToppedUpBeyondSegmentFavourites() {
        var shop = FactsFixture(window: DateWindow(from: Self.monday, to: Self.monday + 6))
        // Forty customers bought the same 35 items (more than the 30 favourites kept per segment);
        // five others bought 15 items nobody in the segment has, D0 all of them, D4 only S47-S49.
        for c in 0..<40 {
            for i in 0..<35 { shop.order("C\(c)-\(i)", day: Self.monday - 30, customer: "C\(c)", sku: "S\(i)", price: 5) }
        }
        for d in 0..<5 {
            for i in (35 + 3 * d)..<50 { shop.order("D\(d)-\(i)", day: Self.monday - 20, customer: "D\(d)", sku: "S\(i)", price: 5) }
        }
        let facts = shop.facts()
        let full = Feedback.build(facts, weights: ["purchase": 1], throughPeriod: 2)
        // Item-kNN finds nothing new for the forty: every neighbour of their items is bought.
        let model = ItemKNNRecommender(feedback: full.matrix, neighbours: 20, shrinkage: 0)
        let selection = RecommendationSelection.Result(
            chosen: .init(name: "item-knn") { _ in model }, selectionNDCG: [], evaluation: RankingMetrics(k: 10),
            popularityEvaluation: RankingMetrics(k: 10), final: model)
        let trained = RecommendationEngine.Trained(selection: selection, full: full, allowed: Array(repeating: true, count: facts.catalog.count),
                                                   alsoBought: [])
        let segment = (0..<40).map { facts.customers.ids.firstIndex(of: "C\($0)")! }
        let output = RecommendationEngine.lists(facts, trained: trained, options: RecommendationOptions(topN: 10, eventWeights: [:], neighbours: 20, shrinkage: 0),
                                                segmentOf: Dictionary(uniqueKeysWithValues: segment.map { (Int32($0), "Loyal") }), segmentOrder: ["Loyal"])
        // S47-S49 have five buyers, S44-S46 four, S41-S43 three, S38-S40 two: the ten most popular, ties by SKU.
        let expected = ["S47", "S48", "S49", "S44", "S45", "S46", "S41", "S42", "S43", "S38"]
        for c in segment {
            let list = output.perCustomer[c]
            #expect(list.map { facts.catalog.skus[Int($0.item)] } == expected)
            #expect(list.allSatisfy { $0.fallback })
        }
    }

    /// The hybrid is kept unless the best beats it by more than the standard error of their
    /// customer-by-customer difference; without a hybrid, the best wins.
    @Test func selectionRuleComparesTheHybridCustomerByCustomer() {
        // ease is 0.01 above the hybrid on every customer: a difference with no spread, so ease wins,
        // although each model's own spread (about 0.1) is ten times the gap.
        let hybrid = [0.1, 0.3, 0.2, 0.05, 0.15], ease = hybrid.map { $0 + 0.01 }
        #expect(RecommendationSelection.chosenIndex([("popularity", [0, 0, 0, 0, 0]), ("ease", ease), ("hybrid", hybrid)]) == 1)
        // The same means with uneven gaps (0.06, -0.01, 0, -0.01, 0.01): the difference's error, 0.013, covers 0.01.
        let uneven = [0.16, 0.29, 0.2, 0.04, 0.16]
        #expect(RecommendationSelection.chosenIndex([("ease", uneven), ("hybrid", hybrid)]) == 1)
        #expect(abs(Descriptive.standardError(zip(uneven, hybrid).map { $0 - $1 }) - 0.0130384) < 1e-6)
        // Without a hybrid the highest mean wins.
        #expect(RecommendationSelection.chosenIndex([("popularity", hybrid), ("ease", ease)]) == 1)
        // With one selection customer the error is infinite: the hybrid stays.
        #expect(RecommendationSelection.chosenIndex([("ease", [0.9]), ("hybrid", [0.1])]) == 1)
        // Ties go to the earlier name.
        #expect(RecommendationSelection.chosenIndex([("user-knn", [0.2, 0.1]), ("item-knn", [0.1, 0.2])]) == 1)
    }
}
