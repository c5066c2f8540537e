import MktModels

extension Report {
    public struct RecommendedItem: Codable, Sendable, Equatable {
        public var sku: String
        public var title: String
        public var score: Double
        /// Why the item is listed, in words.
        public var reason: String
    }

    public struct AlsoBoughtRow: Codable, Sendable, Equatable {
        public var sku: String
        public var title: String
        public var buyers: Int
        public var together: [RecommendedItem]
    }

    public struct CandidateScore: Codable, Sendable, Equatable {
        public var method: String
        public var ndcgAtK: Double

        enum CodingKeys: String, CodingKey { case method, ndcgAtK = "ndcg_at_k" }
    }

    public struct SegmentRecommendations: Codable, Sendable, Equatable {
        public var segment: String
        public var items: [RecommendedItem]
    }

    public struct RecommendationEval: Codable, Sendable, Equatable {
        public var k: Int
        public var method: String
        /// Customers with training feedback and a first-time purchase in the window.
        public var usersEvaluated: Int
        public var precisionAtK: Double
        public var recallAtK: Double
        public var ndcgAtK: Double
        public var mapAtK: Double
        public var coverage: Double
        public var popularityPrecisionAtK: Double
        public var popularityRecallAtK: Double
        public var popularityNdcgAtK: Double
        public var popularityMapAtK: Double
        public var popularityCoverage: Double
        /// NDCG@K of every candidate on the selection split (the window before).
        public var selection: [CandidateScore]
        /// Standard error of `ndcg_at_k` over the customers evaluated, and popularity's.
        public var ndcgStandardError: Double
        public var popularityNdcgStandardError: Double
        /// Beyond accuracy: mean self-information (bits) and intra-list category diversity of the
        /// lists, the chosen method's and popularity's (catalog coverage is `coverage`).
        public var novelty: Double
        public var popularityNovelty: Double
        @EncodesNil public var intraListDiversity: Double?
        @EncodesNil public var popularityIntraListDiversity: Double?

        enum CodingKeys: String, CodingKey {
            case selection
            case k, method, usersEvaluated = "users_evaluated", precisionAtK = "precision_at_k", recallAtK = "recall_at_k"
            case ndcgAtK = "ndcg_at_k", mapAtK = "map_at_k", coverage, popularityPrecisionAtK = "popularity_precision_at_k"
            case popularityRecallAtK = "popularity_recall_at_k", popularityNdcgAtK = "popularity_ndcg_at_k"
            case popularityMapAtK = "popularity_map_at_k", popularityCoverage = "popularity_coverage"
            case ndcgStandardError = "ndcg_standard_error", popularityNdcgStandardError = "popularity_ndcg_standard_error"
            case novelty, popularityNovelty = "popularity_novelty", intraListDiversity = "intra_list_diversity"
            case popularityIntraListDiversity = "popularity_intra_list_diversity"
        }
    }
}
