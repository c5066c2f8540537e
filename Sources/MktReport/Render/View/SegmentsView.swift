import Foundation
import MktModels

/// Customer segments: the leading segmentation's profiles, their behaviour and demographics, the
/// movement between RFM segments, purchase propensity and the behaviour clusters.
public struct SegmentsView {
    public struct Row {
        public var name: String
        public var customers: String
        public var customerShare: String
        public var revenue: String
        public var revenueShare: String
        public var aov: String
        public var ordersPerCustomer: String
        public var medianRecencyDays: String
        public var medianTenureDays: String
        public var topCategories: String
        public var topBrands: String
        public var viewed: String
        public var carted: String
        public var purchased: String
        public var propensity: String
        /// One line per demographic dimension the customers export has ("age: 25-34 31%, ...").
        public var demographics: [String]
        /// The same lines joined with "; " (for a Markdown cell).
        public var demographicsLine: String
    }

    /// False when there are too few buyers for any segment; `message` says so.
    public var shown: Bool
    public var message: String?
    /// "RFM segments" or "behaviour clusters".
    public var leading: String
    public var minSize: String
    public var rows: [Row]
    /// "12 customers belong to groups smaller than ..."; nil when none.
    public var suppressed: String?
    public var chart: ChartView?
    /// Which columns the behaviour table has: the funnel (events), propensity, demographics.
    public var hasFunnel: Bool
    public var hasPropensity: Bool
    public var hasDemographics: Bool
    public var hasBehaviourTable: Bool
    /// Whether the catalog gives categories and brands (else their columns are left out).
    public var hasCategories: Bool
    public var hasBrands: Bool
    public var funnelChart: ChartView?
    public var funnelMessage: String?
    public var demographicsMessage: String?
    public var categoriesChart: ChartView?
    public var migration: MigrationView?
    public var migrationMessage: String?
    public var propensity: PropensityView?
    public var propensityMessage: String?
    public var lifetimeValue: LifetimeValueView?
    public var lifetimeValueMessage: String?
    public var clusters: ClustersView?
    public var clustersMessage: String?

    public struct MigrationView {
        /// (Named apart from the section's `chart`: a nil optional would let the template find that one.)
        public var mixChart: ChartView?
        public var to: [String]
        public var rows: [MigrationRow]
    }

    public struct MigrationRow {
        public var from: String
        public var cells: [String]
    }

    public struct PropensityView {
        public var sentence: String
        public var coefficients: [String]
        public var calibration: [CalibrationRow]
        public var hasCalibration: Bool
        public var leftOut: String?
    }

    /// Lifetime value per segment (`clv`).
    public struct LifetimeValueView {
        public var sentence: String
        public var rows: [LifetimeRow]
        /// Whether expected value is shown (Gamma-Gamma used).
        public var hasValue: Bool
        public var valueNote: String?
        public var atRisk: String
    }

    public struct LifetimeRow {
        public var name: String
        public var customers: String
        public var pAlive: String
        public var expectedOrders: String
        public var expectedValue: String
    }

    public struct CalibrationRow {
        public var decile: String
        public var customers: String
        public var expected: String
        public var observed: String
    }

    public struct ClustersView {
        public var sentence: String
        public var rows: [Row]
        public var features: [String]
        public var centroids: [CentroidRow]
    }

    public struct CentroidRow {
        public var name: String
        public var values: [String]
    }

    init(_ report: Report, _ format: ViewFormat) {
        let status = report.status(.segments)
        shown = status.isShown
        message = status.messageInPlace
        leading = report.segmentation == "clusters" ? "behaviour clusters" : "RFM segments"
        minSize = String(report.minSegmentSize)
        let funnel = report.status(.funnel), demographics = report.status(.demographics), propensityStatus = report.status(.propensity)
        hasFunnel = funnel.isShown
        hasPropensity = propensityStatus.isShown
        hasDemographics = demographics.isShown
        hasCategories = report.segments.contains { !$0.topCategories.isEmpty }
        hasBrands = report.segments.contains { !$0.topBrands.isEmpty }
        hasBehaviourTable = hasFunnel || hasPropensity || hasDemographics || hasBrands
        rows = report.segments.map { Self.row($0, format) }
        suppressed = report.suppressedCustomers == 0 ? nil
            : "\(report.suppressedCustomers.counted("customer")) \(report.suppressedCustomers == 1 ? "belongs" : "belong") to groups smaller than \(report.minSegmentSize) and \(report.suppressedCustomers == 1 ? "is" : "are") not shown."
        chart = shown ? format.chart(ReportCharts.segmentsFile) : nil
        funnelChart = hasFunnel ? format.chart(ReportCharts.funnelFile) : nil
        funnelMessage = funnel.messageInPlace
        demographicsMessage = demographics.messageInPlace
        categoriesChart = shown ? format.chart(ReportCharts.segmentCategoriesFile) : nil

        if let m = report.segmentMigration {
            migration = MigrationView(
                mixChart: format.chart(ReportCharts.segmentMixFile), to: m.to,
                rows: zip(m.from, m.counts).map { MigrationRow(from: $0, cells: $1.map(format.protected)) })
        }
        migrationMessage = report.status(.migration).messageInPlace

        if let p = report.propensity {
            let tested = p.auc.map { "Tested on the last period it ranks buyers above non-buyers with an AUC of \(NumberFormatting.decimal($0, 3)) (\(p.testCustomers.counted("customer")), \(NumberFormatting.percent(p.testBaseRate)) of them bought)." }
                ?? "The last period had too few buyers or non-buyers (\(p.testBuyers.grouped) of \(p.testCustomers.counted("customer")) bought) to test it."
            propensity = PropensityView(
                sentence: "A logistic regression (L2-penalised) on customer features, trained on \(p.trainingCustomers.counted("customer")) (\(p.trainingBuyers.grouped) of whom bought), predicts who buys in the next period. \(tested)",
                coefficients: p.coefficients.map(Narrative.coefficientSentence),
                calibration: p.calibration.map {
                    CalibrationRow(decile: String($0.decile), customers: NumberFormatting.integer(Double($0.customers)),
                                   expected: NumberFormatting.percent($0.expected), observed: NumberFormatting.percent($0.observed))
                },
                hasCalibration: !p.calibration.isEmpty,
                leftOut: p.constantFeatures.isEmpty ? nil : "Left out because every customer has the same value: \(p.constantFeatures.joined(separator: ", ")).")
        }
        propensityMessage = propensityStatus.messageInPlace
        lifetimeValue = report.lifetimeValue.map { Self.lifetimeView($0, format) }
        lifetimeValueMessage = report.status(.lifetimeValue).messageInPlace

        if let c = report.clusters {
            var sentence = "k-means on standardised behaviour features (\(c.features.joined(separator: ", "))) found \(c.k.counted("cluster")) (silhouette \(NumberFormatting.decimal(c.silhouette, 3)))"
            if c.mergedClusters > 0 {
                sentence += "; \(c.mergedClusters) of them had fewer than \(report.minSegmentSize.counted("customer")) and \(c.mergedClusters == 1 ? "is" : "are") merged into Other or not shown, leaving \(c.profiles.count.counted("row"))"
            }
            sentence += ". Each cluster is named by its two most distinctive features."
            if !c.constantFeatures.isEmpty { sentence += " Left out because every buyer has the same value: \(c.constantFeatures.joined(separator: ", "))." }
            clusters = ClustersView(
                sentence: sentence, rows: c.profiles.map { Self.row($0, format) }, features: c.features,
                centroids: zip(c.centroidNames, c.centroids).map { CentroidRow(name: $0, values: $1.map { NumberFormatting.decimal($0, 2) }) })
        }
        clustersMessage = report.status(.clusters).messageInPlace
    }

    static func row(_ s: SegmentProfile, _ format: ViewFormat) -> Row {
        let dimensions = ["age", "gender", "region"].filter { d in s.demographics.contains { $0.dimension == d } }
        let demographics = dimensions.map { dimension in
            let cells = s.demographics.filter { $0.dimension == dimension }.map { cell in
                "\(cell.value) \(cell.share.map { NumberFormatting.percent($0, decimals: 0) } ?? "(<\(format.minSegmentSize))")"
            }
            return "\(dimension): \(cells.joined(separator: ", "))"
        }
        return Row(
            name: s.name, customers: NumberFormatting.integer(Double(s.customers)), customerShare: NumberFormatting.percent(s.customerShare),
            revenue: format.money.money(s.revenue), revenueShare: s.revenueShare.map { NumberFormatting.percent($0) } ?? "n/a",
            aov: format.amount(s.aov), ordersPerCustomer: NumberFormatting.decimal(s.ordersPerCustomer, 3),
            medianRecencyDays: NumberFormatting.decimal(s.medianRecencyDays, 1), medianTenureDays: NumberFormatting.decimal(s.medianTenureDays, 0),
            topCategories: s.topCategories.isEmpty ? "–" : s.topCategories.joined(separator: ", "),
            topBrands: s.topBrands.isEmpty ? "–" : s.topBrands.joined(separator: ", "),
            viewed: s.funnel.map { format.protected($0.viewed) } ?? "n/a", carted: s.funnel.map { format.protected($0.carted) } ?? "n/a",
            purchased: s.funnel.map { format.protected($0.purchased) } ?? "n/a",
            propensity: s.meanPropensity.map { NumberFormatting.percent($0) } ?? "n/a",
            demographics: demographics, demographicsLine: demographics.joined(separator: "; "))
    }

    static func lifetimeView(_ v: Report.LifetimeValueSection, _ format: ViewFormat) -> LifetimeValueView {
        // Two significant digits at least: UCI Online Retail's fitted a = 0.0034 printed as "a 0.00".
        let number = { (x: Double) -> String in
            if x > 0 && x < 0.0001 { return "< 0.0001" }
            let small = x > 0 && x < 0.01
            return NumberFormatting.decimal(x, x >= 100 ? 0 : x >= 10 ? 1 : small ? 1 - Int(log10(x).rounded(.down)) : 2)
        }
        let bg = v.bgnbd
        let spend = v.gammaGamma.map { "; spend per order by Gamma-Gamma (p \(number($0.p)), q \(number($0.q)), v \(number($0.v)))" } ?? ""
        let sentence = "Purchase frequency by BG/NBD (r \(number(bg.r)), alpha \(number(bg.alpha)) days, a \(number(bg.a)), b \(number(bg.b)))\(spend), fitted by maximum likelihood on \(v.customers.counted("customer")), \(v.repeatCustomers.grouped) with orders on two or more days. Expected orders and value are for the next \(v.months) months of 30 days\(v.gammaGamma == nil ? "" : ", value discounted at \(NumberFormatting.percent(v.monthlyDiscountRate)) a month"); P(alive) is the probability that a customer has not lapsed."
        let atRisk = v.atRiskCustomers == 0
            ? "No customer in the top quarter by past revenue is more likely lapsed than not."
            : "\(v.atRiskCustomers.counted("customer")) in the top quarter by past revenue \(v.atRiskCustomers == 1 ? "is" : "are") more likely lapsed than not (P(alive) below 50%): customers_at_risk.csv lists them by id."
        return LifetimeValueView(
            sentence: sentence,
            rows: v.segments.map {
                LifetimeRow(name: $0.name, customers: NumberFormatting.integer(Double($0.customers)), pAlive: NumberFormatting.percent($0.pAlive),
                            expectedOrders: NumberFormatting.decimal($0.expectedOrders, 2),
                            expectedValue: $0.expectedValue.map(format.money.money) ?? "–")
            },
            hasValue: v.gammaGamma != nil, valueNote: v.gammaGammaNote, atRisk: atRisk)
    }
}
