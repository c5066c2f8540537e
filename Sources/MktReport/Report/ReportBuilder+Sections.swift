import MktData
import MktModels

extension ReportBuilder {
    /// What each section shows, decided once from the data and the models' outcomes: every part
    /// the data cannot support is `notApplicable` (naming the export that would enable it) or
    /// `tooLittleData` (naming the minimum), so no page shows an empty chart or a table of zeros.
    static func sectionStates(_ report: Report, facts: Facts, segments: Segments, ads: AdResults) -> [String: SectionStatus] {
        let has = { (kind: ExportKind) in !facts.dataQuality[kind].files.isEmpty }
        let catalogFile = "products*.csv or products*.xml"
        var states: [Section: SectionStatus] = [:]

        if !has(.products) {
            states[.categoryMovers] = .missing(catalogFile, "A product catalog with categories would show which categories moved revenue.")
        } else if facts.catalog.categories.isEmpty {
            states[.categoryMovers] = .missing("a category column in \(catalogFile)", "The product catalog has no categories, so revenue cannot be split by category.")
        } else if report.categoryMovers.isEmpty {
            states[.categoryMovers] = .tooLittle("No category had revenue in this period or the previous one.")
        }

        if report.segments.isEmpty {
            let buyers = OrderHistory(facts.orderDays, customerCount: facts.customers.count, asOf: facts.periods.current.to).buyers.count
            states[.segments] = .tooLittle("Segments need at least \(report.minSegmentSize.counted("customer")) who have bought (the minimum group size); there \(buyers == 1 ? "is" : "are") \(buyers.counted("buyer")).")
        }
        if !has(.customers) {
            states[.demographics] = .missing("customers*.csv", "A customers export with birth_year, gender or region would show each segment's age, gender and region mix.")
        } else if SegmentProfiles.knownDimensions(facts.customers).isEmpty {
            states[.demographics] = .missing("birth_year, gender or region columns in customers*.csv", "The customers export has no birth year, gender or region, so segments have no demographics.")
        }
        if !has(.events) {
            states[.funnel] = .missing("events*.csv", "Behaviour events (views, carts, purchases) would show the view, cart and purchase funnel of each segment.")
        }
        if let reason = segments.propensity.reason { states[.propensity] = .tooLittle(reason) }
        if report.forecastLedger == nil {
            states[.forecastLedger] = .tooLittle("No earlier report in this output folder has forecasts for days that have now passed, so there is nothing to grade yet.")
        }
        if report.anomalies == nil {
            states[.anomalies] = .tooLittle("Anomalies need \(AnomalyDetection.minimumHistoryDays) days of history before the period to know what is normal.")
        }
        if report.cohorts == nil {
            states[.cohorts] = .tooLittle("No customer placed a first order in the 12 months to \(NumberFormatting.longDate(report.period.to)), so there are no acquisition cohorts.")
        }
        if let reason = segments.lifetimeValue.reason { states[.lifetimeValue] = .tooLittle(reason) }
        if let reason = segments.clusters.reason { states[.clusters] = .tooLittle(reason) }
        if report.segmentMigration == nil {
            states[.migration] = .tooLittle("No customer had bought by the end of the previous period, so there is no movement to show.")
        }

        if report.recommendations.isEmpty {
            states[.recommendations] = .tooLittle("No segment of at least \(report.minSegmentSize.counted("customer")) has bought anything to recommend.")
        }
        if let evaluation = report.recommendationEval {
            if evaluation.usersEvaluated < minimumEvaluatedCustomers {
                states[.recommendationEval] = .tooLittle("The offline evaluation rests on \(evaluation.usersEvaluated.counted("customer")) who bought something new in this period: too few to trust (it needs at least \(minimumEvaluatedCustomers)).")
            }
        } else {
            states[.recommendationEval] = .tooLittle("No customer with earlier activity bought something new in this period, so the recommendations cannot be evaluated.")
        }
        if report.alsoBought.isEmpty {
            states[.alsoBought] = .tooLittle("No product was bought in this period.")
        }

        let adsState: SectionStatus
        if !has(.ads) {
            adsState = .missing("ads*.csv", "Ad spend exports (ads*.csv, or Meta Ads and Google Ads downloads) would show each campaign's return and its A/B tests.")
        } else if report.ads.campaigns.isEmpty {
            // (Every row of the ad exports may have been rejected: then there is no last day.)
            if let lastAdDay = facts.ads.lastDay, lastAdDay < facts.periods.current.from {
                adsState = .tooLittle("The ad exports end on \(NumberFormatting.longDate(lastAdDay)), before this period: download them again to cover it.")
            } else {
                adsState = .tooLittle("The ad exports have no spend in this period.")
            }
        } else {
            adsState = .shown
        }
        states[.ads] = adsState
        if adsState.isShown {
            let variants = facts.ads.variants.contains { !$0.isEmpty }
            if !variants {
                states[.abTests] = .missing("a variant column in ads*.csv", "Ad rows with a variant column would show A/B tests between the variants.")
            } else if report.ads.abTests.isEmpty {
                states[.abTests] = .tooLittle("No campaign ran two or more variants in this period.")
            }
            if let reason = ads.conversionFactors.reason { states[.conversionFactors] = .tooLittle(reason) }
            if let reason = ads.budgetShift.reason { states[.budgetShift] = .tooLittle(reason) }
            if !facts.ads.revenue.contains(where: { !$0.isNaN }) {
                states[.attribution] = .missing("a revenue column in ads*.csv", "Ad exports with the platforms' own revenue would be checked against the revenue of the orders that carry each campaign.")
            } else if report.ads.attribution == nil {
                states[.attribution] = .tooLittle("No campaign reported platform revenue in this period.")
            } else if facts.campaignOrders.count == 0 {
                states[.attribution] = .missing("a campaign_id column in orders*.csv", "Order lines with a campaign_id would show how much of each platform's claimed revenue the shop's own orders confirm.")
            }
        } else {
            for part in [Section.abTests, .conversionFactors, .budgetShift, .attribution] { states[part] = adsState }
        }

        var result: [String: SectionStatus] = [:]
        for section in Section.allCases { result[section.rawValue] = states[section] ?? .shown }
        return result
    }
}
