import MktModels

/// The executive summary: plain sentences, in Markdown, generated from the report's figures.
///
/// Every number here is read from the `Report`; nothing is computed beyond
/// choosing which figures to mention.
public enum Narrative {
    public static func summary(_ report: Report) -> String {
        let currency = NumberFormatting(currency: report.currency)
        // Amounts pass through the Markdown escaper: a `$` pair would otherwise read as math on GitHub.
        let money = { (value: Double) in Escape.markdown(currency.money(value)) }
        let k = report.kpis
        var paragraphs: [String] = []

        let direction = { (change: Double?) -> String in
            guard let change else { return "with nothing to compare against" }
            if abs(change) < 0.005 { return "flat on the previous period" }
            return "\(change > 0 ? "up" : "down") \(NumberFormatting.percent(abs(change))) on the previous period"
        }
        paragraphs.append("""
        **Revenue was \(money(k.revenue))** from \(NumberFormatting.integer(Double(k.orders))) orders by \
        \(NumberFormatting.integer(Double(k.customers))) customers, \(direction(k.change.revenue)) \
        (\(money(k.previous.revenue))). Orders were \(NumberFormatting.change(k.change.orders)) and the average order \
        was \(money(k.aov)) (\(NumberFormatting.change(k.change.aov))).
        """)

        let gains = report.categoryMovers.filter { $0.change > 0 }.prefix(2)
        let losses = report.categoryMovers.filter { $0.change < 0 }.prefix(2)
        var movers: [String] = []
        if !gains.isEmpty {
            movers.append("the largest gains came from " + gains.map { "\(Escape.markdown($0.category)) (+\(money($0.change)))" }.joined(separator: " and "))
        }
        if !losses.isEmpty {
            movers.append("the largest falls from " + losses.map { "\(Escape.markdown($0.category)) (\(money($0.change)))" }.joined(separator: " and "))
        }
        if !movers.isEmpty { paragraphs.append("By category, " + movers.joined(separator: "; ") + ".") }

        let ranked = report.ads.campaigns.filter { !$0.lowVolume }
        if let best = ranked.first, let worst = ranked.last, ranked.count > 1 {
            var text = "In advertising, **\(Escape.markdown(best.campaignId))** returned the most per dollar (ROAS \(NumberFormatting.decimal(best.roas)), ROI \(NumberFormatting.percent(best.roi, decimals: 0)))"
            text += " and **\(Escape.markdown(worst.campaignId))** the least (ROAS \(NumberFormatting.decimal(worst.roas)))."
            let small = report.ads.campaigns.count - ranked.count
            if small > 0 { text += " \(small) campaign\(small == 1 ? " has" : "s have") too few clicks to rank." }
            paragraphs.append(text)
        }
        if !report.ads.abTests.isEmpty {
            let significant = report.ads.abTests.filter(\.significant)
            var text = "\(significant.count) of \(report.ads.abTests.count) A/B comparisons are significant at the 5% level"
            if let top = significant.max(by: { abs($0.lift ?? 0) < abs($1.lift ?? 0) }), let lift = top.lift {
                text += "; the biggest is \(Escape.markdown(top.campaign)): variant \(Escape.markdown(top.treatment)) changes \(top.metric.rawValue.uppercased()) by \(NumberFormatting.change(lift)) against \(Escape.markdown(top.control))"
            }
            paragraphs.append(text + ".")
        }
        if let revenue = report.forecasts.first(where: { $0.series == "revenue" && $0.frequency == "weekly" }), !revenue.points.isEmpty {
            let first = revenue.points[0]
            paragraphs.append("Revenue for the week starting \(NumberFormatting.shortDate(first.date)) is forecast at \(money(first.mean)) (80% interval \(money(first.lo80)) to \(money(first.hi80)); \(revenue.method), validation MASE \(NumberFormatting.decimal(revenue.validationMase, 2))).")
        }
        let rejected = report.dataQuality.rowsRejected.values.reduce(0, +)
        if rejected > 0 {
            paragraphs.append("\(NumberFormatting.integer(Double(rejected))) input rows could not be read and were left out; `rejected.csv` lists each with its file, line and reason.")
        }
        return paragraphs.joined(separator: "\n\n") + "\n"
    }

    /// "Each standard deviation more recency multiplies the odds of buying by 0.17 (95%: 0.11 to 0.28)."
    public static func coefficientSentence(_ c: PurchasePropensity.Coefficient) -> String {
        let factor = NumberFormatting.decimal(c.oddsRatio, 2)
        let direction = c.oddsRatio >= 1 ? "raises" : "lowers"
        let percent = NumberFormatting.percent(abs(c.oddsRatio - 1), decimals: 0)
        return "One standard deviation more \(c.feature) \(direction) the odds of buying by \(percent) (odds ratio \(factor))."
    }
}
