import MktData
import MktModels

extension ReportBuilder {
    /// The segmentation models of one run and their profiles.
    struct Segments: Sendable {
        var leading: SegmentProfiles.Result
        var leadingName: String
        var rfm: SegmentProfiles.Result
        var clusters: Outcome<(model: BehaviourClusters.Result, profiles: SegmentProfiles.Result)>
        var migration: SegmentMigration
        var propensity: Outcome<PurchasePropensity.Result>
        var lifetimeValue: Outcome<LifetimeValue.Result>
        var cohorts: Cohorts
        let minSize: Int
        /// Customer -> the leading segment it is shown under (recommendation fallbacks).
        var membership: [Int32: String] { leading.shownMembership }
        var order: [String] { leading.profiles.map(\.name) }

        var clustersValue: Report.Clusters? {
            clusters.value.map { model, profiles in
                // Centroids follow the shown profiles; merged clusters ("Other") have none.
                let shown = profiles.profiles.compactMap { p in model.names.firstIndex(of: p.name).map { (p.name, model.centroids[$0]) } }
                return Report.Clusters(
                    k: model.k, mergedClusters: model.k - shown.count, silhouette: model.silhouette, silhouettes: model.silhouettes,
                    features: model.features, constantFeatures: BehaviourClusters.featureNames.filter { !model.features.contains($0) },
                    centroids: shown.map(\.1), centroidNames: shown.map(\.0), profiles: profiles.profiles.map(\.roundedToCents))
            }
        }

        var lifetimeValueSection: Report.LifetimeValueSection? {
            lifetimeValue.value.map { r in
                Report.LifetimeValueSection(
                    months: LifetimeValue.months, monthlyDiscountRate: r.monthlyDiscountRate, customers: r.customers,
                    repeatCustomers: r.repeatCustomers, bgnbd: .init(r: r.bgnbd.r, alpha: r.bgnbd.alpha, a: r.bgnbd.a, b: r.bgnbd.b),
                    gammaGamma: r.gammaGamma.map { .init(p: $0.p, q: $0.q, v: $0.v) }, gammaGammaNote: r.gammaGammaNote,
                    frequencyValueCorrelation: r.frequencyValueCorrelation,
                    segments: r.segments.map { .init(name: $0.name, customers: $0.customers, pAlive: $0.meanProbabilityAlive,
                                                     expectedOrders: $0.meanExpectedOrders, expectedValue: $0.meanExpectedValue.map(cents)) },
                    atRiskCustomers: r.atRisk.count)
            }
        }

        var propensityValue: Report.Propensity? {
            propensity.value.map {
                Report.Propensity(auc: $0.auc, trainingCustomers: $0.trainingCustomers, trainingBuyers: $0.trainingBuyers,
                                  testCustomers: $0.testCustomers, testBuyers: $0.testBuyers, testBaseRate: $0.testBaseRate,
                                  penalty: PurchasePropensity.penalty, coefficients: $0.coefficients,
                                  constantFeatures: $0.constantFeatures, calibration: $0.calibration)
            }
        }
    }

    static func segmentSection(_ facts: Facts, config: Config) -> Segments {
        let minSize = config.minSegmentSize
        let propensity = PurchasePropensity.fit(facts)
        let scores = propensity.value?.scores
        let basis = SegmentProfiles.Basis(facts)
        let rfm = SegmentProfiles.build(members: rfmMembers(facts), order: RFM.segmentNames, basis: basis, minSize: minSize,
                                        propensity: scores)
        let clusters = BehaviourClusters.fit(basis, seed: config.seed).map { model in
            (model: model, profiles: SegmentProfiles.build(members: model.membership, order: model.names, basis: basis, minSize: minSize,
                                                           propensity: scores))
        }
        let useClusters = config.segmentation == "clusters" && clusters.value != nil
        let leading = useClusters ? clusters.value!.profiles : rfm
        let lifetimeValue = LifetimeValue.compute(facts, membership: leading.shownMembership, order: leading.profiles.map(\.name),
                                                  monthlyDiscountRate: config.lifetimeValue.monthlyDiscountRate)
        return Segments(leading: leading, leadingName: useClusters ? "clusters" : "rfm",
                        rfm: rfm, clusters: clusters, migration: SegmentMigration.compute(facts, minSize: minSize),
                        propensity: propensity, lifetimeValue: lifetimeValue,
                        cohorts: Cohorts.compute(facts, asOf: facts.periods.current.to, minSize: minSize), minSize: minSize)
    }

    /// Customer -> RFM segment name as of the window end.
    static func rfmMembers(_ facts: Facts) -> [Int32: String] {
        let scores = RFM.score(facts.orderDays, customerIds: facts.customers.ids, asOf: facts.periods.current.to)
        var members: [Int32: String] = [:]
        for i in 0..<scores.count { members[scores.customers[i]] = RFM.segmentNames[scores.segment[i]] }
        return members
    }

    /// Only what recommendation fallbacks need: the leading segmentation's shown groups, without
    /// the profiles' propensity model, the other segmentation or the migration table.
    static func leadingSegments(_ facts: Facts, config: Config) -> SegmentProfiles.Result {
        let basis = SegmentProfiles.Basis(facts)
        if config.segmentation == "clusters", let model = BehaviourClusters.fit(basis, seed: config.seed).value {
            return SegmentProfiles.build(members: model.membership, order: model.names, basis: basis, minSize: config.minSegmentSize)
        }
        return SegmentProfiles.build(members: rfmMembers(facts), order: RFM.segmentNames, basis: basis, minSize: config.minSegmentSize)
    }
}
