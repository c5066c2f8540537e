import MktFacts
import MktModels

extension Report {
    public struct Clusters: Codable, Sendable, Equatable {
        /// Clusters k-means found (chosen by silhouette); `profiles` shows them after small ones are merged.
        public var k: Int
        /// Clusters of fewer than the minimum segment size, merged into "Other" (or not shown).
        public var mergedClusters: Int
        public var silhouette: Double
        /// Silhouette for k = 2, 3, ... (on the seeded sample).
        public var silhouettes: [Double]
        /// The behaviour features that varied between buyers and were clustered on.
        public var features: [String]
        /// Features left out because every buyer has the same value.
        public var constantFeatures: [String]
        /// Centroids in standard deviations from the mean over `features`, one row per shown cluster
        /// (not "Other"), named as in `centroidNames`.
        public var centroids: [[Double]]
        public var centroidNames: [String]
        public var profiles: [SegmentProfile]

        enum CodingKeys: String, CodingKey {
            case k, mergedClusters = "merged_clusters", silhouette, silhouettes, features, constantFeatures = "constant_features"
            case centroids, centroidNames = "centroid_names", profiles
        }
    }

    public struct Propensity: Codable, Sendable, Equatable {
        /// Nil when the report window has too few buyers or non-buyers to test on.
        public var auc: Double?
        public var trainingCustomers: Int
        public var trainingBuyers: Int
        public var testCustomers: Int
        public var testBuyers: Int
        public var testBaseRate: Double
        /// L2 penalty of the logistic regression (scikit-learn's C = 1 / penalty).
        public var penalty: Double
        /// Strongest first.
        public var coefficients: [PurchasePropensity.Coefficient]
        public var constantFeatures: [String]
        public var calibration: [PurchasePropensity.CalibrationBin]

        enum CodingKeys: String, CodingKey {
            case auc, trainingCustomers = "training_customers", trainingBuyers = "training_buyers", testCustomers = "test_customers"
            case testBuyers = "test_buyers", testBaseRate = "test_base_rate", penalty, coefficients
            case constantFeatures = "constant_features", calibration
        }
    }
}
