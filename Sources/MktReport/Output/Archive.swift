import Foundation
import MktData
import MktModels

/// The archive pages of an output root: `index.html` listing every window's report (newest
/// first, with its headline KPIs) and `latest/index.html` forwarding to the newest. Links are
/// relative, so the root folder can be uploaded to any static host as it is.
///
/// Rebuilt from the window folders' `report.json` files after every publish, under the publish
/// lock, and each page is replaced atomically.
public enum Archive {
    /// The headline figures read back from a window's report.json.
    struct Headline: Decodable {
        struct Period: Decodable { var from: String; var to: String }
        struct KPIs: Decodable {
            /// `change.revenue`: a `Change` object, or a bare relative change in reports of earlier versions.
            struct Changes: Decodable {
                var revenue: Change
                enum CodingKeys: CodingKey { case revenue }
                init(from decoder: Decoder) throws {
                    let c = try decoder.container(keyedBy: CodingKeys.self)
                    if let change = try? c.decode(Change.self, forKey: .revenue) {
                        revenue = change
                    } else {
                        let relative = try c.decodeIfPresent(Double.self, forKey: .revenue)
                        revenue = Change(1 + (relative ?? 0), from: relative == nil ? 0 : 1)
                    }
                }
            }
            var revenue: Double
            var orders: Int
            var customers: Int
            var aov: Double
            var change: Changes?
        }
        var period: Period
        var currency: String
        var kpis: KPIs
    }

    /// The forecasts an earlier report published, read back (series, frequency, points).
    struct PublishedForecasts: Decodable {
        struct Series: Decodable { var series: String; var frequency: String; var points: [ForecastPoint] }
        var forecasts: [Series]
    }

    /// What a run needs from the earlier reports in the root: their KPIs (restatements), their
    /// revenue and orders forecasts, and the lists of the report for `previous` (the ledger).
    /// Reports that cannot be read are left out; nothing here can fail the run.
    public static func read(root: String, previous: DateWindow) -> ArchivedReports {
        var archive = ArchivedReports()
        for (name, h) in headlines(root: root) {
            guard let from = Day(iso: h.period.from), let to = Day(iso: h.period.to), from <= to else { continue }
            archive.kpis.append(PublishedKPIs(window: DateWindow(from: from, to: to), revenue: h.kpis.revenue, orders: h.kpis.orders,
                                              customers: h.kpis.customers, aov: h.kpis.aov))
            let folder = (root as NSString).appendingPathComponent(name)
            if let data = FileManager.default.contents(atPath: folder + "/report.json"),
               let published = try? JSONDecoder().decode(PublishedForecasts.self, from: data) {
                for f in published.forecasts where f.series == "revenue" || f.series == "orders" {
                    archive.forecasts.append(.init(series: f.series, frequency: f.frequency, madeAt: to, points: f.points))
                }
            }
            if from == previous.from && to == previous.to { archive.previousLists = lists(folder + "/recommendations.csv") }
        }
        archive.forecasts.sort { ($0.madeAt, $0.series, $0.frequency) < ($1.madeAt, $1.series, $1.frequency) }
        archive.kpis.sort { ($0.window.to, $0.window.from) < ($1.window.to, $1.window.from) }
        return archive
    }

    /// customer id -> SKUs of a recommendations.csv (`customer_id,rank,sku,...`); nil when unreadable.
    static func lists(_ path: String) -> [String: [String]]? {
        guard let source = try? FileByteSource(path: path, name: "recommendations.csv") else { return nil }
        let reader = CSVReader(source: source)
        var lists: [String: [String]] = [:], header = true
        while let status = try? reader.next() {
            guard status == .record, reader.fieldCount >= 3 else { continue }
            let fields = (0..<3).map { String(decoding: reader.field($0), as: UTF8.self) }
            if header { header = false; continue }
            lists[fields[0], default: []].append(fields[2])
        }
        return lists
    }

    /// Each window folder's name and headline, in no particular order.
    static func headlines(root: String) -> [(name: String, headline: Headline)] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter(isWindowFolder)
        return names.compactMap { name in
            let json = ((root as NSString).appendingPathComponent(name) as NSString).appendingPathComponent("report.json")
            guard let data = FileManager.default.contents(atPath: json),
                  let headline = try? JSONDecoder().decode(Headline.self, from: data) else { return nil }
            return (name, headline)
        }
    }

    /// Window folders are named `YYYY-MM-DD_YYYY-MM-DD`; nothing else in the root is listed.
    static func isWindowFolder(_ name: String) -> Bool {
        name.utf8.count == 21 && name.range(of: #"^\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil
    }

    public static func update(root: String, templates: TemplateSet) throws {
        var rows = headlines(root: root)
        // Newest first: by window end, then start (the names sort as dates).
        rows.sort { ($0.name.suffix(10), $0.name) > ($1.name.suffix(10), $1.name) }
        let windows = rows.map { row -> ArchivePage.Window in
            let k = row.headline.kpis, f = NumberFormatting(currency: row.headline.currency)
            let from = Day(iso: row.headline.period.from), to = Day(iso: row.headline.period.to)
            return ArchivePage.Window(
                folder: row.name, href: row.name + "/index.html",
                label: from.flatMap { a in to.map { NumberFormatting.range(a, $0) } } ?? row.name,
                revenue: f.money(k.revenue), change: k.change.map { NumberFormatting.change($0.revenue) } ?? "n/a",
                orders: NumberFormatting.integer(Double(k.orders)), customers: NumberFormatting.integer(Double(k.customers)),
                aov: f.money(k.aov))
        }
        let context = ArchivePage(windows: windows, hasWindows: !windows.isEmpty,
                                  latest: windows.first.map { ArchivePage.Latest(href: "../" + $0.href, folder: $0.folder) })
        let index = try templates.render("archive.html", context)
        try XMLCheck.check(index, file: "index.html")
        try Publisher.writeAtomically(Data(index.utf8), to: (root as NSString).appendingPathComponent("index.html"))
        let latestFolder = (root as NSString).appendingPathComponent("latest")
        do {
            try FileManager.default.createDirectory(atPath: latestFolder, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: latestFolder, reason: "cannot create folder")
        }
        let latest = try templates.render("latest.html", context)
        try XMLCheck.check(latest, file: "latest/index.html")
        try Publisher.writeAtomically(Data(latest.utf8), to: (latestFolder as NSString).appendingPathComponent("index.html"))
    }
}

/// What the archive pages (`archive.html`, `latest.html`) render.
public struct ArchivePage {
    public struct Window {
        public var folder: String
        public var href: String
        public var label: String
        public var revenue: String
        public var change: String
        public var orders: String
        public var customers: String
        public var aov: String
    }

    public struct Latest {
        public var href: String
        public var folder: String
    }

    public var title = "Marketing reports"
    public var windows: [Window]
    public var hasWindows: Bool
    public var latest: Latest?
}
