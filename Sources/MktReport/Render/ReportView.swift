import Foundation
import MktData
import MktModels

/// The template context: the report's figures formatted for display, plus the
/// charts as inline SVG and as file links. Strings here are raw; each
/// template's content type escapes them for HTML or Markdown.
///
/// Every key is listed in docs/TEMPLATES.md.
public enum ReportView {
    public static func context(_ report: Report, charts: [ReportCharts.Chart], notesHTML: String?) -> [String: Any] {
        let f = NumberFormatting(currency: report.currency)
        let svg = Dictionary(uniqueKeysWithValues: charts.map { ($0.file, $0.canvas.render(standalone: false)) })
        func chart(_ file: String) -> [String: Any] {
            ["svg": svg[file] ?? "", "file": "charts/\(file)", "png": "charts/" + ReportCharts.pngFile(file),
             "title": charts.first { $0.file == file }?.canvas.title ?? ""]
        }
        let k = report.kpis
        func trend(_ change: Double?) -> String {
            guard let change else { return "flat" }
            return change > 0.0005 ? "up" : (change < -0.0005 ? "down" : "flat")
        }
        let kpis: [[String: Any]] = [
            ["name": "Revenue", "value": f.money(k.revenue), "previous": f.money(k.previous.revenue),
             "change": NumberFormatting.change(k.change.revenue), "trend": trend(k.change.revenue), "chart": chart("kpi-revenue.svg")],
            ["name": "Orders", "value": NumberFormatting.integer(Double(k.orders)), "previous": NumberFormatting.integer(Double(k.previous.orders)),
             "change": NumberFormatting.change(k.change.orders), "trend": trend(k.change.orders), "chart": chart("kpi-orders.svg")],
            ["name": "Customers", "value": NumberFormatting.integer(Double(k.customers)), "previous": NumberFormatting.integer(Double(k.previous.customers)),
             "change": NumberFormatting.change(k.change.customers), "trend": trend(k.change.customers)],
            ["name": "Average order value", "value": f.money(k.aov), "previous": f.money(k.previous.aov),
             "change": NumberFormatting.change(k.change.aov), "trend": trend(k.change.aov)],
        ]
        func protected(_ count: Int?) -> String { count.map { NumberFormatting.integer(Double($0)) } ?? "<\(report.minSegmentSize)" }
        func demographicText(_ cells: [DemographicCell], _ dimension: String) -> String {
            cells.filter { $0.dimension == dimension }.map { cell -> String in
                let share = cell.share.map { NumberFormatting.percent($0, decimals: 0) } ?? "(fewer than \(report.minSegmentSize))"
                return "\(cell.value) \(share)"
            }.joined(separator: ", ")
        }
        func segmentRows(_ profiles: [SegmentProfile]) -> [[String: Any]] {
            profiles.map { s in
                ["name": s.name, "customers": NumberFormatting.integer(Double(s.customers)),
                 "customer_share": NumberFormatting.percent(s.customerShare), "revenue": f.money(s.revenue),
                 "revenue_share": NumberFormatting.percent(s.revenueShare), "aov": f.money(s.aov),
                 "orders_per_customer": NumberFormatting.decimal(s.ordersPerCustomer, 3),
                 "median_recency_days": NumberFormatting.decimal(s.medianRecencyDays, 1),
                 "median_tenure_days": NumberFormatting.decimal(s.medianTenureDays, 0),
                 "top_categories": s.topCategories.joined(separator: ", "), "top_brands": s.topBrands.joined(separator: ", "),
                 "viewed": protected(s.funnel.viewed), "carted": protected(s.funnel.carted), "purchased": protected(s.funnel.purchased),
                 "propensity": s.meanPropensity.map { NumberFormatting.percent($0) } ?? "n/a",
                 "demographics": ["age", "gender", "region"].map { dimension in
                     ["dimension": dimension, "cells": demographicText(s.demographics, dimension)] as [String: Any]
                 }] as [String: Any]
            }
        }
        let segments = segmentRows(report.segments)
        var clusters: [String: Any]? = nil
        if let c = report.clusters {
            clusters = ["k": String(c.k), "silhouette": NumberFormatting.decimal(c.silhouette, 3),
                        "features": c.features.map { ["name": $0] },
                        "rows": segmentRows(c.profiles),
                        "centroids": zip(c.profiles, c.centroids).map { profile, centroid in
                            ["name": profile.name, "values": centroid.map { ["value": NumberFormatting.decimal($0, 2)] }] as [String: Any]
                        }]
        }
        let migration = report.segmentMigration
        let migrationView: [String: Any] = [
            "to": migration.to.map { ["name": $0] },
            "rows": zip(migration.from, migration.counts).map { from, counts in
                ["from": from, "cells": counts.map { ["value": protected($0)] }] as [String: Any]
            },
        ]
        var propensity: [String: Any]? = nil
        if let p = report.propensity {
            propensity = [
                "auc": NumberFormatting.decimal(p.auc, 3), "training": NumberFormatting.integer(Double(p.trainingCustomers)),
                "test": NumberFormatting.integer(Double(p.testCustomers)), "base_rate": NumberFormatting.percent(p.testBaseRate),
                "coefficients": p.coefficients.sorted { abs($0.coefficient) > abs($1.coefficient) }.map { c in
                    ["feature": c.feature, "odds_ratio": NumberFormatting.decimal(c.oddsRatio, 2),
                     "ci": "\(NumberFormatting.decimal(exp(c.ci95[0]), 2)) to \(NumberFormatting.decimal(exp(c.ci95[1]), 2))",
                     "sentence": Narrative.coefficientSentence(c)] as [String: Any]
                },
                "calibration": p.calibration.map { b in
                    ["decile": String(b.decile), "customers": NumberFormatting.integer(Double(b.customers)),
                     "expected": NumberFormatting.percent(b.expected), "observed": NumberFormatting.percent(b.observed)] as [String: Any]
                },
            ]
        }
        let e = report.recommendationEval
        let evaluation: [String: Any] = [
            "k": String(e.k), "method": e.method, "users": NumberFormatting.integer(Double(e.usersEvaluated)),
            "selection": e.selection.map { ["method": $0.method, "ndcg": NumberFormatting.decimal($0.ndcgAtK, 4), "chosen": $0.method == e.method] as [String: Any] },
            "rows": [
                ["metric": "Precision@\(e.k)", "model": NumberFormatting.decimal(e.precisionAtK, 4), "baseline": NumberFormatting.decimal(e.popularityPrecisionAtK, 4)],
                ["metric": "Recall@\(e.k)", "model": NumberFormatting.decimal(e.recallAtK, 4), "baseline": NumberFormatting.decimal(e.popularityRecallAtK, 4)],
                ["metric": "NDCG@\(e.k)", "model": NumberFormatting.decimal(e.ndcgAtK, 4), "baseline": NumberFormatting.decimal(e.popularityNdcgAtK, 4)],
                ["metric": "MAP@\(e.k)", "model": NumberFormatting.decimal(e.mapAtK, 4), "baseline": NumberFormatting.decimal(e.popularityMapAtK, 4)],
                ["metric": "Catalog coverage", "model": NumberFormatting.percent(e.coverage), "baseline": NumberFormatting.percent(e.popularityCoverage)],
            ] as [[String: Any]],
        ]
        let alsoBought: [[String: Any]] = report.alsoBought.map { row in
            ["sku": row.sku, "title": row.title.isEmpty ? row.sku : row.title, "buyers": NumberFormatting.integer(Double(row.buyers)),
             "together": row.together.map { $0.title.isEmpty ? $0.sku : $0.title }.joined(separator: "; ")]
        }
        let recommendations: [[String: Any]] = report.recommendations.map { group in
            ["segment": group.segment, "items": group.items.enumerated().map { i, item in
                ["rank": String(i + 1), "sku": item.sku, "title": item.title.isEmpty ? item.sku : item.title,
                 "score": NumberFormatting.percent(item.score)] as [String: Any]
            }]
        }
        let forecasts: [[String: Any]] = report.forecasts.enumerated().map { index, fc in
            let money = fc.series.hasPrefix("revenue")
            let value = { (v: Double) in money ? f.money(v) : NumberFormatting.decimal(v, 1) }
            return ["series": ReportCharts.seriesLabel(fc), "method": fc.method, "mase": NumberFormatting.decimal(fc.validationMase, 3),
                    "horizon": "\(fc.points.count) \(fc.frequency == "weekly" ? "weeks" : "days")",
                    "chart": chart(ReportCharts.forecastFile(index)),
                    "notes": fc.notes, "has_notes": !fc.notes.isEmpty,
                    "backtest": fc.backtest.map { b in
                        ["method": b.method, "mase": NumberFormatting.decimal(b.mase, 3), "smape": NumberFormatting.percent(b.smape),
                         "coverage80": NumberFormatting.percent(b.coverage80, decimals: 0),
                         "coverage95": NumberFormatting.percent(b.coverage95, decimals: 0), "chosen": b.method == fc.method] as [String: Any]
                    },
                    "has_backtest": !fc.backtest.isEmpty,
                    "points": fc.points.map { p in
                        ["date": p.date.description, "mean": value(p.mean), "lo80": value(p.lo80), "hi80": value(p.hi80),
                         "lo95": value(p.lo95), "hi95": value(p.hi95)] as [String: Any]
                    }]
        }
        func campaignRow(_ c: Report.Campaign) -> [String: Any] {
            ["rank": String(c.rank), "campaign": c.campaignId, "channel": c.channel,
             "impressions": NumberFormatting.integer(c.impressions), "clicks": NumberFormatting.integer(c.clicks),
             "conversions": NumberFormatting.integer(c.conversions), "cost": f.money(c.cost), "revenue": f.money(c.revenue),
             "ctr": NumberFormatting.percent(c.ctr, decimals: 2), "cvr": NumberFormatting.percent(c.cvr, decimals: 2),
             "cpc": f.money(c.cpc), "cpa": f.money(c.cpa), "roas": NumberFormatting.decimal(c.roas),
             "roi": NumberFormatting.percent(c.roi, decimals: 0), "low_volume": c.lowVolume]
        }
        let tests: [[String: Any]] = report.ads.abTests.map { t in
            ["campaign": t.campaign, "metric": t.metric.rawValue.uppercased(), "control": t.control, "treatment": t.treatment,
             "control_rate": NumberFormatting.percent(t.controlRate, decimals: 2),
             "treatment_rate": NumberFormatting.percent(t.treatmentRate, decimals: 2),
             "lift": NumberFormatting.change(t.lift), "p_value": NumberFormatting.pValue(t.pValue),
             "ci95": "\(NumberFormatting.percent(t.ci95[0], decimals: 2)) to \(NumberFormatting.percent(t.ci95[1], decimals: 2))",
             "significant": t.significant, "verdict": t.significant ? "significant" : "not significant",
             "chance": NumberFormatting.percent(t.chanceToBeatControl, decimals: 0),
             "mde": t.minimumDetectableLift.isFinite ? NumberFormatting.percent(t.minimumDetectableLift, decimals: 0) : "n/a",
             "srm": NumberFormatting.pValue(t.srmPValue), "summary": t.summary]
        }
        let q = report.dataQuality
        let quality: [String: Any] = [
            "rows": ExportKind.allCases.map { kind -> [String: Any] in
                let key = kind.rawValue
                return ["export": key, "files": String(q.files[key]?.count ?? 0),
                        "read": NumberFormatting.integer(Double(q.rowsRead[key] ?? 0)),
                        "rejected": NumberFormatting.integer(Double(q.rowsRejected[key] ?? 0)),
                        "duplicates": NumberFormatting.integer(Double(q.duplicates[key] ?? 0)),
                        "after_window": NumberFormatting.integer(Double(q.rowsAfterWindow[key] ?? 0))]
            },
            "reasons": q.rejectReasons.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .map { ["reason": $0.key, "count": NumberFormatting.integer(Double($0.value))] as [String: Any] },
            "has_reasons": !q.rejectReasons.isEmpty,
            "notes": q.notes,
            "has_notes": !q.notes.isEmpty,
        ]
        let summaryMarkdown = Narrative.summary(report)
        var context: [String: Any] = [
            "title": "Marketing report",
            "period_label": NumberFormatting.range(report.period.from, report.period.to),
            "previous_label": NumberFormatting.range(report.previousPeriod.from, report.previousPeriod.to),
            "period_from": report.period.from.description, "period_to": report.period.to.description,
            "currency": report.currency,
            "summary_markdown": summaryMarkdown,
            "summary_html": MarkdownHTML.render(summaryMarkdown),
            "kpis": kpis,
            "movers_chart": chart("category-movers.svg"),
            "segments": segments,
            "segmentation": report.segmentation == "clusters" ? "behaviour clusters" : "RFM segments",
            "min_segment_size": String(report.minSegmentSize),
            "clusters": clusters as Any,
            "migration": migrationView,
            "propensity": propensity as Any,
            "segments_chart": chart("segments.svg"),
            "segment_mix_chart": chart("segment-mix.svg"),
            "funnel_chart": chart("funnel.svg"),
            "segment_categories_chart": chart("segment-categories.svg"),
            "suppressed": report.suppressedCustomers > 0,
            "suppressed_customers": NumberFormatting.integer(Double(report.suppressedCustomers)),
            "evaluation": evaluation,
            "recommendations": recommendations,
            "also_bought": alsoBought,
            "has_also_bought": !alsoBought.isEmpty,
            "forecasts": forecasts,
            "headline_forecast": forecasts.first as Any,
            "campaigns": report.ads.campaigns.map(campaignRow),
            "has_campaigns": !report.ads.campaigns.isEmpty,
            "channels": report.ads.channels.map(campaignRow),
            "campaigns_chart": chart("campaign-roi.svg"),
            "min_clicks": String(report.ads.minClicks),
            "ab_tests": tests,
            "has_ab_tests": !tests.isEmpty,
            "factors": report.ads.conversionFactors.map { section -> [String: Any] in
                ["from": section.from.description, "to": section.to.description, "rows": NumberFormatting.integer(Double(section.adRows)),
                 "clicks": NumberFormatting.integer(section.clicks),
                 "terms": section.terms.map { t in
                     ["term": t.term, "odds_ratio": NumberFormatting.decimal(t.oddsRatio, 3),
                      "ci": "\(NumberFormatting.decimal(exp(t.ci95[0]), 3)) to \(NumberFormatting.decimal(exp(t.ci95[1]), 3))",
                      "p_value": NumberFormatting.pValue(t.pValue)] as [String: Any]
                 }]
            } as Any,
            "budget_shift": report.ads.budgetShift.map { b -> [String: Any] in
                ["from": b.from, "to": b.to, "amount": f.money(b.amount), "expected": f.money(b.expectedRevenueChange),
                 "low": f.money(b.revenueChangeRange[0]), "high": f.money(b.revenueChangeRange[1])]
            } as Any,
            "quality": quality,
        ]
        if let notesHTML { context["notes_html"] = notesHTML }
        return context
    }
}
