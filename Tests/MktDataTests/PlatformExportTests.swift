import Foundation
@testable import MktData
import MktModels
import MktTesting
import Testing

/// Platform downloads read as they come, with no configuration (DATA_CONTRACT.md, "Platform
/// exports"), on `PlatformShop`.
@Suite struct PlatformExportTests {
    static let week = DateWindow(from: Day(year: 2026, month: 11, day: 23)!, to: Day(year: 2026, month: 11, day: 29)!)

    @Test func shopifyOrdersFollowThePlatformsRevenueRules() throws {
        let (facts, rejects) = try PlatformShop.exports().load(window: .fixed(Self.week))
        let kpis = WindowKPIs.compute(facts, window: Self.week)
        // #1001: subtotal 45 over two lines; #1002: 20 less 5 refunded; #1004: a guest's 12;
        // #1003 (refunded) and #1005 (cancelled) are no sale; #1006 has an unreadable date.
        #expect(abs(kpis.revenue - 72) < 1e-9, "\(kpis)")
        #expect(kpis.orders == 3 && kpis.customers == 2 && kpis.guestOrders == 1, "\(kpis)")
        #expect(facts.dataQuality.formats["orders_export_1.csv"] == "Shopify orders export")
        let bad = try #require(rejects.first { $0.file == "orders_export_1.csv" })
        // The multi-line note makes #1006 start on line 9 of the file.
        #expect(bad.line == 9 && bad.reason.hasPrefix("not a date-time in Created at"), "\(rejects)")
        #expect(rejects.allSatisfy { $0.text.isEmpty && !$0.reason.contains("@") })
        // Customers are keyed pseudonyms of the e-mail, never the address.
        #expect(facts.customers.ids.allSatisfy { $0.hasPrefix("c-") && !$0.contains("@") }, "\(facts.customers.ids)")
        // A line without a SKU is named by its line item name.
        #expect(facts.catalog.skus.contains("Gift wrap"))
    }

    @Test func metaAndGoogleAdsDownloadsAreReadByTheirHeaders() throws {
        let (facts, rejects) = try PlatformShop.exports().load(window: .fixed(Self.week))
        #expect(facts.dataQuality.formats["Acme-Campaigns-Nov-23-2026-Nov-29-2026.csv"] == "Meta Ads Manager export")
        #expect(facts.dataQuality.formats["Campaign report.csv"] == "Google Ads report")
        let ads = facts.ads
        func total(_ campaign: String, _ value: KeyPath<AdTable, [Double]>) -> Double {
            let id = Int32(ads.campaigns.firstIndex(of: campaign)!)
            return ads.campaign.indices.filter { ads.campaign[$0] == id }.reduce(0) { $0 + ads[keyPath: value][$1] }
        }
        // Two ad-level rows of one campaign-day add up; the date-range row is rejected.
        #expect(abs(total("Winter Sale", \.cost) - 20) < 1e-9 && total("Winter Sale", \.impressions) == 1_500 && total("Winter Sale", \.clicks) == 50)
        #expect(rejects.contains { $0.file.hasPrefix("Acme") && $0.line == 4 && $0.reason.hasPrefix("not a daily breakdown") }, "\(rejects)")
        // Thousands separators, `--` for none, the total row ignored.
        #expect(abs(total("Brand Search", \.cost) - 1_045.5) < 1e-9 && total("Brand Search", \.impressions) == 2_034)
        #expect(!rejects.contains { $0.file == "Campaign report.csv" }, "\(rejects)")
        #expect(facts.dataQuality.notes.contains { $0.hasPrefix("notes.txt was skipped") })
    }

    @Test func theSamePseudonymsComeFromTheSameFolderAndNoneFromAnother() throws {
        let exports = PlatformShop.exports()
        let folder = try exports.write()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let load = { (directory: String) in try DataLoader(directory: directory, config: Config()).load(window: .fixed(Self.week), rejects: CollectingRejectSink()) }
        let first = try load(folder).customers.ids, again = try load(folder).customers.ids
        #expect(first == again && !first.isEmpty)
        let other = try exports.write()
        defer { try? FileManager.default.removeItem(atPath: other) }
        #expect(Set(try load(other).customers.ids).isDisjoint(with: first), "another folder has another key")
    }

    @Test func anExportWithNoReadableRowSaysWhyAndWhere() {
        var exports = TestExports()
        exports.file("orders.csv", "order_id,order_time,customer_id,sku,quantity,unit_price\n"
            + (1...5).map { "O\($0),2022-01-04 01:08:35 -0500,C1,S1,1,9.99" }.joined(separator: "\n") + "\nO9,2022-01-04T01:00:00Z,C1,S1,two,9.99\n")
        #expect {
            _ = try exports.load(window: .lastCompleteWeek)
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("orders.csv: no valid order rows: 6 rows rejected: 5 not an ISO 8601")
                && text.contains("1 not a plain decimal number in quantity") && text.contains("the first on line 2 of orders.csv")
                && !text.contains("\n")
        }
    }

    @Test func platformValuesBecomeTheContractsForms() {
        #expect(PlatformValues.plainNumber("1,234.50") == "1234.50" && PlatformValues.plainNumber("--") == "0" && PlatformValues.plainNumber("$12") == "12")
        #expect(PlatformValues.plainNumber("12%") == nil && PlatformValues.plainNumber("abc") == nil)
        #expect(PlatformValues.isoDateTime("2022-01-04 01:08:35 -0500") == "2022-01-04T01:08:35-05:00")
        #expect(PlatformValues.isoDateTime("2022-01-04 01:08:35 UTC") == "2022-01-04T01:08:35Z")
        #expect(PlatformValues.isoDay("Mon, Nov 23, 2026") == "2026-11-23" && PlatformValues.isoDay("Nov 3, 2026") == "2026-11-03")
    }
}
