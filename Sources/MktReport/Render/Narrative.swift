import MktModels

/// The executive summary: plain sentences, in Markdown, generated from the report's figures.
///
/// Every number here is read from the `Report`; nothing is computed beyond choosing which figures
/// to mention. Counts agree with their nouns ("1 order", "2 orders"), a change reads "up" or
/// "down" by the sign of the difference (a deeper loss is down), and a sentence whose figure is
/// missing is left out rather than printed with a hole.
public enum Narrative {
    public static func summary(_ report: Report) -> String {
        let currency = NumberFormatting(currency: report.currency)
        // Amounts pass through the Markdown escaper: a `$` pair would otherwise read as math on GitHub.
        let money = { (value: Double) in Escape.markdown(currency.money(value)) }
        var paragraphs = [headline(report, money)]
        paragraphs += report.coverage.notes.map(Escape.markdown)
        if let movers = movers(report, money) { paragraphs.append(movers) }
        if let ads = advertising(report) { paragraphs.append(ads) }
        if let tests = abTests(report) { paragraphs.append(tests) }
        if let anomalies = anomalies(report, money) { paragraphs.append(anomalies) }
        if let forecast = forecast(report, money) { paragraphs.append(forecast) }
        let rejected = report.dataQuality.rowsRejected.values.reduce(0, +)
        if rejected > 0 {
            paragraphs.append("\(rejected.counted("input row")) could not be read and \(rejected == 1 ? "was" : "were") left out; `rejected.csv` lists each with its file, line and reason.")
        }
        return paragraphs.joined(separator: "\n\n") + "\n"
    }

    /// "up 39.7% on the previous period", "down 4.0% ...", "flat ...".
    static func movement(_ change: Change, noun: String = "the previous period") -> String {
        guard let relative = change.relative else {
            switch change.direction {
            case .up: return "up from nothing in \(noun)"
            case .down: return "down from nothing in \(noun)"
            case .flat: return "the same as in \(noun)"
            }
        }
        switch change.direction {
        case .up: return "up \(NumberFormatting.percent(abs(relative))) on \(noun)"
        case .down: return "down \(NumberFormatting.percent(abs(relative))) on \(noun)"
        case .flat: return "flat on \(noun)"
        }
    }

    /// "rose 61.9%", "fell 4.0%", "held steady" (against a non-zero previous value).
    static func rise(_ change: Change) -> String {
        let size = change.relative.map { NumberFormatting.percent(abs($0)) } ?? ""
        switch change.direction {
        case .up: return "rose \(size)"
        case .down: return "fell \(size)"
        case .flat: return "held steady"
        }
    }

    static func headline(_ report: Report, _ money: (Double) -> String) -> String {
        let k = report.kpis, p = k.previous
        if k.orders == 0 {
            var text = "**There were no orders in this period**"
            if k.revenue != 0 { text += " (revenue \(money(k.revenue)), from returns and adjustments)" }
            text += p.orders == 0 ? ", nor in the previous one." : "; the previous period had \(p.orders.counted("order")) and \(money(p.revenue)) of revenue."
            return text
        }
        var text = "**Revenue was \(money(k.revenue))** from \(k.orders.counted("order"))"
        text += k.customers > 0 ? " by \(k.customers.counted("customer"))" : ""
        if k.guestOrders > 0 { text += " (\(k.guestOrders.counted("guest order")) among them)" }
        text += ", \(movement(k.change.revenue))"
        if p.orders > 0 || p.revenue != 0 { text += " (\(money(p.revenue)))" }
        text += "."
        if p.orders > 0 {
            text += " Orders \(rise(k.change.orders)) and the average order was \(money(k.aov)) (\(NumberFormatting.change(k.change.aov)))."
        } else {
            text += " The average order was \(money(k.aov))."
        }
        return text
    }

    static func movers(_ report: Report, _ money: (Double) -> String) -> String? {
        guard report.status(.categoryMovers).isShown else { return nil }
        let gains = report.categoryMovers.filter { $0.change > 0 }.prefix(2)
        let losses = report.categoryMovers.filter { $0.change < 0 }.prefix(2)
        var parts: [String] = []
        if !gains.isEmpty {
            parts.append("the largest \(gains.count == 1 ? "gain" : "gains") came from " + gains.map { "\(Escape.markdown($0.category)) (+\(money($0.change)))" }.joined(separator: " and "))
        }
        if !losses.isEmpty {
            parts.append("the largest \(losses.count == 1 ? "fall" : "falls") from " + losses.map { "\(Escape.markdown($0.category)) (\(money($0.change)))" }.joined(separator: " and "))
        }
        return parts.isEmpty ? nil : "By category, " + parts.joined(separator: "; ") + "."
    }

    static func advertising(_ report: Report) -> String? {
        guard report.status(.ads).isShown else { return nil }
        let ranked = report.ads.campaigns.filter { !$0.lowVolume && $0.roas != nil }
        let small = report.ads.campaigns.filter(\.lowVolume).count
        // Without clicks in the exports, campaigns are ranked by their spend alone.
        let clicks = report.ads.clicksReported
        var text: String
        if let best = ranked.first, let worst = ranked.last, ranked.count > 1 {
            text = "In advertising, **\(Escape.markdown(best.campaignId))** returned the most per unit spent (ROAS \(NumberFormatting.decimal(best.roas!))"
            if let roi = best.roi { text += ", ROI \(NumberFormatting.percent(roi, decimals: 0))" }
            text += ") and **\(Escape.markdown(worst.campaignId))** the least (ROAS \(NumberFormatting.decimal(worst.roas!)))."
        } else if let only = ranked.first {
            text = "In advertising, **\(Escape.markdown(only.campaignId))** is the only campaign with \(clicks ? "enough clicks" : "spend") to rank (ROAS \(NumberFormatting.decimal(only.roas!)))."
        } else {
            text = clicks ? "In advertising, no campaign had the \(report.ads.minClicks.counted("click")) needed to rank it."
                : "In advertising, no campaign had spend to rank it."
            return small > 0 && clicks ? text + " \(small.counted("campaign")) ran with fewer." : text
        }
        if small > 0 { text += " \(small.counted("campaign")) \(small == 1 ? "has" : "have") \(clicks ? "too few clicks" : report.ads.lowVolumeMeans) to rank." }
        return text
    }

    /// How many comparisons reach a call: the Holm-adjusted always-valid p-value below the level,
    /// so the count holds across the report's tests and however often the experiments are read.
    static func abTests(_ report: Report) -> String? {
        guard report.status(.abTests).isShown else { return nil }
        let tests = report.ads.abTests, tested = tests.filter { $0.pValue != nil }
        let called = tested.filter { $0.decision == .treatmentBetter || $0.decision == .treatmentWorse }
        let level = ABTestModel.levelText(report.ads.alpha)
        var text = "\(called.count) of \(tested.count.counted("A/B comparison")) \(called.count == 1 ? "reaches" : "reach") a call at the \(level) level once corrected for the report's \(tested.count.counted("test")) and for reading the experiments every week (Holm-adjusted always-valid p-values)"
        if tested.count < tests.count { text += " (\(tests.count - tested.count) more had no data to test)" }
        if let top = called.max(by: { abs($0.lift ?? 0) < abs($1.lift ?? 0) }), let lift = top.lift {
            text += "; the biggest is \(Escape.markdown(top.campaign)): variant \(Escape.markdown(top.treatment)) changes \(top.metric.rawValue.uppercased()) by \(NumberFormatting.change(lift)) against \(Escape.markdown(top.control))"
        }
        return text + "."
    }

    /// `Revenue`, `Orders`, `Category Garden`, `Campaign spring (conversions)`.
    static func anomalySeries(_ d: Report.AnomalySection.Flagged) -> String {
        switch d.kind {
        case "revenue": return "Revenue"
        case "orders": return "Orders"
        case "category": return "Category \(d.name)"
        default: return "Campaign \(d.name) (conversions)"
        }
    }

    /// An anomaly's value as its series writes it: an amount for revenue, a count otherwise.
    static func anomalyValue(_ x: Double, of d: Report.AnomalySection.Flagged, _ money: (Double) -> String) -> String {
        d.isMoney ? money(x) : NumberFormatting.decimal(x, x.rounded() == x ? 0 : 1)
    }

    /// The three days that broke pattern most, against their expected values.
    static func anomalies(_ report: Report, _ money: (Double) -> String) -> String? {
        guard let a = report.anomalies, !a.days.isEmpty else { return nil }
        let top = a.days.prefix(3).map { d -> String in
            func value(_ x: Double) -> String { anomalyValue(x, of: d, money) }
            return "\(Escape.markdown(anomalySeries(d))) on \(NumberFormatting.shortDate(d.date)): \(value(d.actual)) against an expected \(value(d.expected)) (95% interval \(value(d.low95)) to \(value(d.high95)))"
        }
        return "Broke pattern (\(a.days.count.counted("value")) outside the one-step-ahead 95% intervals; the largest): " + top.joined(separator: "; ") + "."
    }

    static func forecast(_ report: Report, _ money: (Double) -> String) -> String? {
        guard let weekly = report.forecasts.first(where: { $0.series == "revenue" && $0.frequency == "weekly" }),
              let first = weekly.points.first else { return nil }
        // An interval of no width (a forecast from one value) says nothing.
        let interval = first.lo80 < first.hi80 ? "80% interval \(money(first.lo80)) to \(money(first.hi80)); " : ""
        var text = "Revenue for the week starting \(NumberFormatting.shortDate(first.date)) is forecast at \(money(first.mean)) (\(interval)\(weekly.method)"
        if let mase = weekly.validationMase { text += ", validation MASE \(NumberFormatting.decimal(mase, 2))" }
        return text + "). " + Escape.markdown(weekly.rule)
    }

    /// "One standard deviation more recency lowers the odds of buying by 83% (odds ratio 0.17)."
    public static func coefficientSentence(_ c: PurchasePropensity.Coefficient) -> String {
        let factor = NumberFormatting.decimal(c.oddsRatio, 2)
        let direction = c.oddsRatio >= 1 ? "raises" : "lowers"
        let percent = NumberFormatting.percent(abs(c.oddsRatio - 1), decimals: 0)
        return "One standard deviation more \(c.feature) \(direction) the odds of buying by \(percent) (odds ratio \(factor))."
    }
}
