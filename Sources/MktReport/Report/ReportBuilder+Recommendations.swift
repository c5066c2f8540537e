import MktData
import MktModels

extension ReportBuilder {
    struct RecommendationSection {
        var perSegment: [Report.SegmentRecommendations]
        var evaluation: Report.RecommendationEval?
        var alsoBought: [Report.AlsoBoughtRow]
    }

    /// Customers the offline evaluation needs before its figures are worth reading.
    static let minimumEvaluatedCustomers = 30

    static func recommendationSection(_ facts: Facts, _ recs: RecommendationEngine.Output) -> RecommendationSection {
        let sku = { (item: Int32) in facts.catalog.skus[Int(item)] }
        let title = { (item: Int32) in facts.catalog.titles[Int(item)] }
        let named = { (item: Int32) in title(item).isEmpty ? sku(item) : title(item) }
        let m = recs.evaluation, p = recs.popularityEvaluation
        let evaluation = m.users == 0 ? nil : Report.RecommendationEval(
            k: m.k, method: recs.chosen, usersEvaluated: m.users, precisionAtK: m.precision, recallAtK: m.recall,
            ndcgAtK: m.ndcg, mapAtK: m.map, coverage: m.coverage, popularityPrecisionAtK: p.precision,
            popularityRecallAtK: p.recall, popularityNdcgAtK: p.ndcg, popularityMapAtK: p.map, popularityCoverage: p.coverage,
            selection: recs.selectionNDCG.map { Report.CandidateScore(method: $0.name, ndcgAtK: $0.ndcg) },
            ndcgStandardError: m.ndcgStandardError, popularityNdcgStandardError: p.ndcgStandardError,
            novelty: m.novelty, popularityNovelty: p.novelty, intraListDiversity: m.intraListDiversity,
            popularityIntraListDiversity: p.intraListDiversity)
        return RecommendationSection(
            perSegment: recs.perSegment.map { entry in
                Report.SegmentRecommendations(segment: entry.segment, items: entry.items.map {
                    Report.RecommendedItem(sku: sku($0.item), title: title($0.item), score: $0.score,
                                           reason: "bought by \(NumberFormatting.percent($0.score, decimals: 0)) of \(entry.segment)")
                })
            },
            evaluation: evaluation,
            alsoBought: recs.alsoBought.map { row in
                Report.AlsoBoughtRow(sku: sku(row.item), title: title(row.item), buyers: row.buyers, together: row.together.map {
                    Report.RecommendedItem(sku: sku($0.item), title: title($0.item), score: $0.score,
                                           reason: "bought together with \(named(row.item))")
                })
            })
    }
}
