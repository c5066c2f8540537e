import Foundation
import MktData
import MktReport
import MktTesting
import Testing

/// Runs the whole report on the committed sample (`fixtures/sample`) once and checks its outputs.
final class SampleRun: Sendable {
    static let shared = SampleRun()
    let folder: String
    /// Text outputs by path in the window folder.
    let files: [String: String]
    /// The email's PNG charts.
    let pngs: [String: Data]

    init() {
        let out = TemporaryDirectory.make()
        let templates = try! TemplateSet(directory: RepositoryFiles.path("templates"))
        let job = ReportJob(dataDirectory: RepositoryFiles.path("fixtures/sample"), outputRoot: out, config: Config(),
                            window: .lastCompleteWeek, templates: templates, progress: { _ in })
        folder = try! job.run()
        (files, pngs) = readOutputs(folder)
    }

    var json: [String: Any] { try! JSONSerialization.jsonObject(with: Data(files["report.json"]!.utf8)) as! [String: Any] }
}

struct ReferenceKPIs: Decodable {
    struct Values: Decodable { var revenue: Double, orders: Int, customers: Int, guest_orders: Int, aov: Double }
    var window: Values
    var previous: Values
}

struct ReferenceCustomerMix: Decodable {
    struct Group: Decodable, Equatable { var revenue: Double, orders: Int, customers: Int, aov: Double }
    struct Values: Decodable { var new: Group, returning: Group, repeat_purchase_rate: Double?, median_days_to_second_order: Double? }
    var window: Values
    var previous: Values
}

struct ReferenceABTest: Decodable {
    var campaign_id: String, metric: String, control: String, treatment: String
    var control_rate: Double, treatment_rate: Double, z: Double, p_value: Double, ci95: [Double]
    var p_value_holm: Double, q_value_bh: Double
}

@Suite(.serialized) struct SampleReportTests {
    let run = SampleRun.shared

    @Test func everyContractFileIsWritten() {
        #expect(run.folder.hasSuffix("2026-11-23_2026-11-29"))
        for name in ["index.html", "report.md", "report.json", "recommendations.csv", "rejected.csv"] {
            #expect(run.files[name] != nil, "\(name) missing")
        }
        #expect(run.files.keys.filter { $0.hasPrefix("charts/") && $0.hasSuffix(".svg") }.count >= 6)
    }

    @Test func reportJSONHoldsEveryContractField() throws {
        let json = run.json
        #expect((json["period"] as? [String: String]) == ["from": "2026-11-23", "to": "2026-11-29"])
        #expect((json["previous_period"] as? [String: String]) == ["from": "2026-11-16", "to": "2026-11-22"])
        let kpis = try #require(json["kpis"] as? [String: Any])
        for key in ["revenue", "orders", "customers", "aov"] {
            #expect(kpis[key] is NSNumber)
            #expect((kpis["previous"] as? [String: Any])?[key] is NSNumber)
        }
        let segments = try #require(json["segments"] as? [[String: Any]])
        #expect(!segments.isEmpty)
        for key in ["name", "customers", "revenue", "revenue_share", "aov", "orders_per_customer", "median_recency_days", "top_categories"] {
            #expect(segments.allSatisfy { $0[key] != nil }, "segments.\(key)")
        }
        let recs = try #require(json["recommendations"] as? [[String: Any]])
        #expect(recs.allSatisfy { ($0["items"] as? [[String: Any]])?.allSatisfy { $0["sku"] is String && $0["score"] is NSNumber } == true })
        let evaluation = try #require(json["recommendation_eval"] as? [String: Any])
        for key in ["k", "precision_at_k", "recall_at_k", "ndcg_at_k", "popularity_precision_at_k"] { #expect(evaluation[key] is NSNumber) }
        let forecasts = try #require(json["forecasts"] as? [[String: Any]])
        #expect(forecasts.contains { $0["series"] as? String == "revenue" })
        for point in forecasts.flatMap({ $0["points"] as! [[String: Any]] }) {
            for key in ["date", "mean", "lo80", "hi80", "lo95", "hi95"] { #expect(point[key] != nil) }
        }
        let ads = try #require(json["ads"] as? [String: Any])
        let campaigns = try #require(ads["campaigns"] as? [[String: Any]])
        for key in ["campaign_id", "channel", "cost", "revenue", "roas", "roi", "rank"] {
            #expect(campaigns.allSatisfy { $0[key] != nil }, "campaigns.\(key)")
        }
        let quality = try #require(json["data_quality"] as? [String: Any])
        #expect((quality["rows_read"] as? [String: Int])?["orders"] == 52_772)
        #expect((quality["rows_rejected"] as? [String: Int])?["orders"] == 20)
    }

    @Test func kpisEqualAnIndependentPandasComputation() throws {
        let reference = try RepositoryFiles.reference("sample_kpis.json", as: ReferenceKPIs.self)
        let kpis = run.json["kpis"] as! [String: Any]
        let previous = kpis["previous"] as! [String: Any]
        #expect(kpis["revenue"] as? Double == reference.window.revenue)
        #expect(kpis["orders"] as? Int == reference.window.orders)
        #expect(kpis["customers"] as? Int == reference.window.customers)
        #expect(kpis["aov"] as? Double == reference.window.aov)
        #expect(kpis["guest_orders"] as? Int == reference.window.guest_orders)
        #expect(previous["revenue"] as? Double == reference.previous.revenue)
        #expect(previous["orders"] as? Int == reference.previous.orders)
        #expect(previous["customers"] as? Int == reference.previous.customers)
    }

    /// New and returning customers, the repeat-purchase rate and the days to a second order (`kpis.new`, ...).
    @Test func newAndReturningCustomersEqualAnIndependentPandasComputation() throws {
        let reference = try RepositoryFiles.reference("sample_customer_mix.json", as: ReferenceCustomerMix.self)
        let kpis = run.json["kpis"] as! [String: Any]
        for (values, expected) in [(kpis, reference.window), (kpis["previous"] as! [String: Any], reference.previous)] {
            for (key, group) in [("new", expected.new), ("returning", expected.returning)] {
                let found = try #require(values[key] as? [String: Any])
                let actual = ReferenceCustomerMix.Group(revenue: found["revenue"] as! Double, orders: found["orders"] as! Int,
                                                        customers: found["customers"] as! Int, aov: found["aov"] as! Double)
                #expect(actual == group, "\(key)")
            }
            #expect(abs((values["repeat_purchase_rate"] as! Double) - expected.repeat_purchase_rate!) < 1e-12)
            #expect(values["median_days_to_second_order"] as? Double == expected.median_days_to_second_order)
        }
        // New, returning and guests make up the window's orders and revenue.
        let new = kpis["new"] as! [String: Any], returning = kpis["returning"] as! [String: Any]
        #expect((new["orders"] as! Int) + (returning["orders"] as! Int) + (kpis["guest_orders"] as! Int) == kpis["orders"] as! Int)
    }

    /// The lifetime-value fits on the sample equal lifetimes' fits on its own summary of the same
    /// order lines (Tests/References/make_lifetime_references.py), to the optimisers' tolerance.
    @Test func lifetimeValueFitsEqualLifetimesOnTheSample() throws {
        struct Fits: Decodable { struct Fit: Decodable { var bgnbd: [String: Double], gamma_gamma: [String: Double] }; var sample: Fit }
        let reference = try RepositoryFiles.reference("lifetime_references.json", as: Fits.self).sample
        let clv = try #require(run.json["clv"] as? [String: Any])
        for (key, fitted) in [("bgnbd", reference.bgnbd), ("gamma_gamma", reference.gamma_gamma)] {
            let ours = try #require(clv[key] as? [String: Double])
            for (name, value) in fitted { #expect(abs(ours[name]! - value) < 2e-4 * value, "\(key).\(name): \(ours[name]!) vs \(value)") }
        }
        #expect(clv["customers"] as? Int == 2_358 && clv["gamma_gamma_note"] is NSNull)
        let atRisk = try String(contentsOfFile: run.folder + "/customers_at_risk.csv", encoding: .utf8).split(separator: "\n")
        #expect(atRisk.count == (clv["at_risk_customers"] as! Int) + 1 && atRisk.dropFirst().allSatisfy { $0.hasPrefix("C") })
    }

    /// Acquisition cohorts, overall and by the first order's channel, as pandas groups them.
    @Test func cohortsEqualAnIndependentPandasComputation() throws {
        struct Row: Decodable { var month: String, customers: Int, active: [Double]?, revenue_per_customer: [Double]? }
        struct Channel: Decodable { var channel: String, cohorts: [Row] }
        struct Reference: Decodable { var overall: [Row], by_channel: [Channel] }
        let reference = try RepositoryFiles.reference("sample_cohorts.json", as: Reference.self)
        let cohorts = try #require(run.json["cohorts"] as? [String: Any])
        func check(_ found: [[String: Any]], _ expected: [Row], _ label: String) {
            #expect(found.count == expected.count, "\(label)")
            for (f, e) in zip(found, expected) {
                #expect(f["month"] as? String == e.month && f["customers"] as? Int == e.customers, "\(label) \(e.month)")
                let active = f["active"] as? [Double], revenue = f["revenue_per_customer"] as? [Double]
                #expect(active?.count == e.active?.count && revenue?.count == e.revenue_per_customer?.count, "\(label) \(e.month)")
                for (a, b) in zip(active ?? [], e.active ?? []) { #expect(abs(a - b) < 1e-12, "\(label) \(e.month)") }
                // Revenue per customer is rounded to cents in the report.
                for (a, b) in zip(revenue ?? [], e.revenue_per_customer ?? []) { #expect(abs(a - b) <= 0.005 + 1e-9, "\(label) \(e.month): \(a) vs \(b)") }
            }
        }
        check(try #require(cohorts["overall"] as? [[String: Any]]), reference.overall, "overall")
        let channels = try #require(cohorts["by_channel"] as? [[String: Any]])
        #expect(channels.map { $0["channel"] as? String } == reference.by_channel.map(\.channel))
        for (found, expected) in zip(channels, reference.by_channel) {
            check(found["cohorts"] as! [[String: Any]], expected.cohorts, expected.channel)
        }
    }

    /// Platform-claimed revenue against the orders carrying each campaign, as pandas sums them.
    @Test func attributionCrossCheckEqualsPandas() throws {
        struct Row: Decodable { var campaign_id: String, platform_revenue: Double, order_revenue: Double }
        let reference = try RepositoryFiles.reference("sample_attribution.json", as: [Row].self)
        let rows = try #require(((run.json["ads"] as? [String: Any])?["attribution"] as? [String: Any])?["campaigns"] as? [[String: Any]])
        #expect(rows.count == reference.count)
        for expected in reference {
            let found = try #require(rows.first { $0["name"] as? String == expected.campaign_id })
            #expect(found["platform_revenue"] as? Double == expected.platform_revenue && found["order_revenue"] as? Double == expected.order_revenue)
            #expect(found["over_claimed"] as? Bool == (expected.platform_revenue > expected.order_revenue))
        }
    }

    @Test func abTestsAgreeWithStatsmodels() throws {
        let reference = try RepositoryFiles.reference("sample_ab_tests.json", as: [ReferenceABTest].self)
        let tests = (run.json["ads"] as! [String: Any])["ab_tests"] as! [[String: Any]]
        #expect(tests.count == reference.count)
        for expected in reference {
            let found = try #require(tests.first {
                $0["campaign_id"] as? String == expected.campaign_id && $0["metric"] as? String == expected.metric
                    && $0["treatment"] as? String == expected.treatment
            })
            #expect(found["control"] as? String == expected.control)
            #expect(abs((found["p_value"] as! Double) - expected.p_value) < 1e-9)
            // statsmodels' multipletests over the report's tests.
            #expect(abs((found["p_value_holm"] as! Double) - expected.p_value_holm) < 1e-12)
            #expect(abs((found["q_value_bh"] as! Double) - expected.q_value_bh) < 1e-12)
            #expect(abs((found["treatment_rate"] as! Double) - expected.treatment_rate) < 1e-12)
            let ci = found["ci95"] as! [Double]
            #expect(abs(ci[0] - expected.ci95[0]) < 1e-9 && abs(ci[1] - expected.ci95[1]) < 1e-9)
            #expect(found["significant"] as? Bool == (expected.p_value < 0.05))
        }
    }

    @Test func everyMalformedRowIsRejectedWithItsLineAndNoValidRowIs() throws {
        let rows = try CSVTable.parse(run.files["rejected.csv"]!)
        #expect(rows.first == ["file", "line", "reason", "text"])
        let rejected = rows.dropFirst()
        // The generator writes 33 malformed rows on purpose, and only those.
        #expect(rejected.count == 33)
        let reasons = rejected.map { $0[2] }
        #expect(reasons.filter { $0 == "expected 10 fields, found 5" }.count == 4)
        #expect(reasons.filter { $0.hasPrefix("date does not exist") }.count == 4)
        #expect(reasons.filter { $0 == "missing customer_id" }.count == 4)
        #expect(reasons.filter { $0 == "missing order_id" }.count == 4)
        // Each malformed order row is one of the last five lines of its file, as written.
        for row in rejected where row[0].hasPrefix("orders-") {
            let path = RepositoryFiles.path("fixtures/sample/" + row[0])
            let text = row[0].hasSuffix(".gz") ? nil : try String(contentsOfFile: path, encoding: .utf8)
            if let text {
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                #expect(String(lines[Int(row[1])! - 1]) == row[3], "line \(row[1]) of \(row[0])")
            }
        }
        // customers.csv has personal-data columns: its rejected row has no text.
        #expect(rejected.contains { $0[0] == "customers.csv" && $0[3].isEmpty })
    }

    @Test func noPersonalDataReachesAnyOutput() throws {
        let customers = try String(contentsOfFile: RepositoryFiles.path("fixtures/sample/customers.csv"), encoding: .utf8)
        var secrets = Set<String>()
        for line in customers.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            for field in fields where field.contains("@") || field.hasPrefix("+1-555") { secrets.insert(field) }
        }
        #expect(secrets.count > 1000)
        let separators = CharacterSet(charactersIn: ",;\"'<>()[]{}| \t\r\n")
        for (name, content) in run.files {
            let tokens = Set(content.components(separatedBy: separators))
            #expect(tokens.isDisjoint(with: secrets), "personal data in \(name)")
            #expect(!content.contains("O'Brien") && !content.contains("Smith, Jr."), "a customer name in \(name)")
        }
    }

    @Test func htmlAndChartsAreWellFormedAndSelfContained() throws {
        for (name, content) in run.files where name.hasSuffix(".svg") || name.hasSuffix(".html") {
            try XMLCheck.check(content, file: name)
        }
        let html = run.files["index.html"]!
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("http://") || html.contains("http://www.w3.org"))
    }

    @Test func recommendationsNeverIncludeBoughtItems() throws {
        let loaded = try DataLoader(directory: RepositoryFiles.path("fixtures/sample"), config: Config())
            .load(window: .lastCompleteWeek, rejects: CollectingRejectSink())
        var bought = Set<String>()
        let t = loaded.interactions
        for row in 0..<t.count where t.boughtIn[row] != 0 {
            bought.insert(loaded.customers.ids[Int(t.customer[row])] + "," + loaded.catalog.skus[Int(t.item[row])])
        }
        let lines = run.files["recommendations.csv"]!.split(separator: "\n")
        #expect(lines.first == "customer_id,rank,sku,score,source")
        var perCustomer: [Substring: Int] = [:]
        for line in lines.dropFirst() {
            let f = line.split(separator: ",")
            #expect(!bought.contains("\(f[0]),\(f[2])"), "\(line) recommends a bought item")
            perCustomer[f[0], default: 0] += 1
        }
        #expect(perCustomer.values.allSatisfy { $0 <= 10 })
        #expect(perCustomer.count > 4000)
    }

    @Test func sameInputsGiveTheSameBytes() throws {
        var again = SampleRunAgain.run()
        let removed = again.files.removeValue(forKey: "../email.eml")
        let eml = try #require(removed)
        try checkMIMEMessage(eml, html: again.files["email.html"]!, pngs: again.pngs)
        #expect(Set(again.files.keys) == Set(run.files.keys))
        for (name, content) in run.files { #expect(again.files[name] == content, "\(name) differs between runs") }
        #expect(again.pngs == run.pngs)
    }

    /// Snapshot test of both templates and every chart type: the run equals the committed sample
    /// report. After an intended change to the output, `make report` updates the snapshot.
    @Test func everyTemplateTagResolves() throws {
        let report = try JSONDecoder().decode(Report.self, from: Data(run.files["report.json"]!.utf8))
        let page = ReportPage.make(report, charts: ReportCharts.make(report), notesHTML: "<p>notes</p>")
        var check = TemplateTagCheck(try TemplateSet(directory: RepositoryFiles.path("templates")))
        for template in ["index.html", "email.html", "report.md"] { check.check(template, view: page) }
        #expect(check.problems.isEmpty, "\(check.problems)")
    }

    @Test func emailIsMailSafeAndEveryChartHasAPNG() throws {
        let email = try #require(run.files["email.html"])
        #expect(!email.contains("<svg") && !email.contains("<style") && !email.contains("class="))
        for name in run.files.keys where name.hasSuffix(".svg") {
            let png = try #require(run.pngs[String(name.dropLast(4)) + ".png"], "\(name) has no PNG")
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        }
        let images = email.components(separatedBy: "src=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(images.count >= 5 && images.allSatisfy { run.pngs[$0] != nil }, "\(images)")
    }
}

enum SampleRunAgain {
    /// The second run also writes the email as a MIME message to `email.eml` beside the window folder.
    static func run() -> (files: [String: String], pngs: [String: Data]) {
        let out = TemporaryDirectory.make()
        let job = ReportJob(dataDirectory: RepositoryFiles.path("fixtures/sample"), outputRoot: out, config: Config(),
                            window: .fixed(DateWindow(from: Day(year: 2026, month: 11, day: 23)!, to: Day(year: 2026, month: 11, day: 29)!)),
                            templates: try! TemplateSet(directory: RepositoryFiles.path("templates")),
                            email: EmailDelivery(path: (out as NSString).appendingPathComponent("email.eml"), from: "reports@example.com",
                                                 to: ["team@example.com"]),
                            progress: { _ in })
        var outputs = readOutputs(try! job.run())
        outputs.files["../email.eml"] = try! String(contentsOfFile: (out as NSString).appendingPathComponent("email.eml"), encoding: .utf8)
        return outputs
    }
}

/// The --email-out message: headers, the HTML with charts as cid: parts, every part base64 and intact.
func checkMIMEMessage(_ eml: String, html: String, pngs: [String: Data]) throws {
    let boundary = "=_mktreport_related"
    #expect(eml.hasPrefix("From: reports@example.com\r\nTo: team@example.com\r\nSubject: "))
    #expect(eml.contains("Content-Type: multipart/related; boundary=\"\(boundary)\"; type=\"text/html\"\r\n"))
    #expect(eml.hasSuffix("--\(boundary)--\r\n"))
    let parts = eml.components(separatedBy: "\r\n--\(boundary)").dropFirst().dropLast()
    let first = try #require(parts.first)
    #expect(first.contains("Content-Type: text/html; charset=utf-8"))
    func body(_ part: String) -> Data? {
        Data(base64Encoded: part.components(separatedBy: "\r\n\r\n").last!.replacingOccurrences(of: "\r\n", with: ""))
    }
    let sentHTML = String(decoding: try #require(body(first)), as: UTF8.self)
    let images = parts.dropFirst()
    #expect(images.count >= 5)
    for part in images {
        let tail = try #require(part.components(separatedBy: "filename=\"").last)
        let file = String(tail.prefix { $0 != "\"" })
        #expect(part.contains("Content-ID: <\(file)@mktreport>"))
        #expect(sentHTML.contains("src=\"cid:\(file)@mktreport\""))
        #expect(body(part) == pngs["charts/\(file)"], "\(file) differs from the chart PNG")
    }
    #expect(sentHTML == html.replacingOccurrences(of: "src=\"charts/", with: "src=\"cid:").replacingOccurrences(of: ".png\"", with: ".png@mktreport\""))
}

/// Every file of a report folder: text files as strings, PNG charts as bytes.
func readOutputs(_ folder: String) -> (files: [String: String], pngs: [String: Data]) {
    var files: [String: String] = [:], pngs: [String: Data] = [:]
    for case let path as String in FileManager.default.enumerator(atPath: folder)! where path.contains(".") {
        let full = (folder as NSString).appendingPathComponent(path)
        if path.hasSuffix(".png") {
            pngs[path] = FileManager.default.contents(atPath: full)!
        } else {
            files[path] = try! String(contentsOfFile: full, encoding: .utf8)
        }
    }
    return (files, pngs)
}
/// Parses a whole CSV text with the project's reader (for checking outputs).
enum CSVTable {
    static func parse(_ text: String) throws -> [[String]] {
        final class Source: ByteSource {
            var bytes: [UInt8]
            var position = 0
            init(_ text: String) { bytes = Array(text.utf8) }
            func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
                let n = min(buffer.count, bytes.count - position)
                for i in 0..<n { buffer[i] = bytes[position + i] }
                position += n
                return n
            }
        }
        let reader = CSVReader(source: Source(text))
        var rows: [[String]] = []
        while try reader.next() != nil {
            rows.append((0..<reader.fieldCount).map { String(decoding: reader.field($0), as: UTF8.self) })
        }
        return rows
    }
}
