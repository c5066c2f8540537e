import MktModels

/// Recommendations: the offline evaluation, segment favourites and "also bought".
public struct RecommendationsView {
    public struct Evaluation {
        public var method: String
        public var users: String
        public var k: String
        /// Said when the evaluation rests on too few customers to trust.
        public var caution: String?
        public var rows: [Metric]
        public var selection: String
        /// How the method was chosen from `selection`.
        public var rule: String
    }

    public struct Metric {
        public var metric: String
        public var model: String
        public var baseline: String
    }

    public struct SegmentList {
        public var segment: String
        public var items: [Item]
    }

    public struct Item {
        public var rank: String
        public var sku: String
        public var title: String
        public var score: String
    }

    public struct AlsoBought {
        public var title: String
        public var buyers: String
        public var together: String
    }

    public var evaluation: Evaluation?
    public var evaluationMessage: String?
    public var segments: [SegmentList]
    /// Whether the catalog names any listed product (else the lists show SKUs only).
    public var hasTitles: Bool
    public var listsMessage: String?
    public var alsoBought: [AlsoBought]
    public var hasAlsoBought: Bool
    public var alsoBoughtMessage: String?

    init(_ report: Report, _ format: ViewFormat) {
        let status = report.status(.recommendationEval)
        if let e = report.recommendationEval {
            let decimal = { (x: Double) in NumberFormatting.decimal(x, 4) }
            evaluation = Evaluation(
                method: e.method, users: e.usersEvaluated.counted("customer"), k: String(e.k), caution: status.messageInPlace,
                rows: [
                    Metric(metric: "Precision@\(e.k)", model: decimal(e.precisionAtK), baseline: decimal(e.popularityPrecisionAtK)),
                    Metric(metric: "Recall@\(e.k)", model: decimal(e.recallAtK), baseline: decimal(e.popularityRecallAtK)),
                    Metric(metric: "NDCG@\(e.k)", model: "\(decimal(e.ndcgAtK)) ± \(decimal(e.ndcgStandardError))",
                           baseline: "\(decimal(e.popularityNdcgAtK)) ± \(decimal(e.popularityNdcgStandardError))"),
                    Metric(metric: "MAP@\(e.k)", model: decimal(e.mapAtK), baseline: decimal(e.popularityMapAtK)),
                    Metric(metric: "Catalog coverage", model: NumberFormatting.percent(e.coverage), baseline: NumberFormatting.percent(e.popularityCoverage)),
                    Metric(metric: "Novelty (bits)", model: NumberFormatting.decimal(e.novelty, 2), baseline: NumberFormatting.decimal(e.popularityNovelty, 2)),
                ] + (e.intraListDiversity.map { d in
                    [Metric(metric: "Intra-list diversity", model: NumberFormatting.percent(d), baseline: e.popularityIntraListDiversity.map { NumberFormatting.percent($0) } ?? "n/a")]
                } ?? []),
                selection: e.selection.map { "\($0.method) \(decimal($0.ndcgAtK))\($0.method == e.method ? " (chosen)" : "")" }.joined(separator: "; "),
                rule: RecommendationSelection.rule)
        } else {
            evaluationMessage = status.messageInPlace
        }
        segments = report.recommendations.map { group in
            SegmentList(segment: group.segment, items: group.items.enumerated().map { i, item in
                Item(rank: String(i + 1), sku: item.sku, title: item.title.isEmpty ? item.sku : item.title,
                     score: NumberFormatting.percent(item.score))
            })
        }
        hasTitles = report.recommendations.contains { $0.items.contains { !$0.title.isEmpty } }
        listsMessage = report.status(.recommendations).messageInPlace
        alsoBought = report.alsoBought.map { row in
            AlsoBought(title: row.title.isEmpty ? row.sku : row.title, buyers: NumberFormatting.integer(Double(row.buyers)),
                       together: row.together.isEmpty ? "–" : row.together.map { $0.title.isEmpty ? $0.sku : $0.title }.joined(separator: "; "))
        }
        hasAlsoBought = !alsoBought.isEmpty
        alsoBoughtMessage = report.status(.alsoBought).messageInPlace
    }
}
