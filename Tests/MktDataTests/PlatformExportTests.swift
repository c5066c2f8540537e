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

    /// A Shopify orders export of these rows (`PlatformShop.shopifyRow`, created on 24 Nov 2026),
    /// loaded; every row must be read.
    static func shopifyOrders(_ rows: [(order: String, email: String, subtotal: String, quantity: String, item: String, price: String, sku: String)])
        throws -> (facts: Facts, kpis: WindowKPIs) {
        var exports = TestExports()
        var lines = [PlatformShop.shopifyHeader]
        for (i, r) in rows.enumerated() {
            let first = i == 0 || rows[i - 1].order != r.order
            lines.append(PlatformShop.shopifyRow(r.order, email: r.email, subtotal: first ? r.subtotal : "", created: "2026-11-24 10:00:00 -0500",
                                                 quantity: r.quantity, item: r.item, price: r.price, sku: r.sku, first: first))
        }
        exports.file("orders_export_1.csv", lines.joined(separator: "\n") + "\n")
        let (facts, rejects) = try exports.load(window: .fixed(week))
        #expect(rejects.isEmpty, "\(rejects)")
        return (facts, WindowKPIs.compute(facts, window: week))
    }

    @Test func giftCardsShippingProtectionAndTipsAreNoMerchandise() throws {
        let (facts, kpis) = try Self.shopifyOrders([
            ("#2001", "a@example.com", "47.00", "2", "Mug", "10.00", "MUG-1"), ("#2001", "a@example.com", "", "1", "Gift Card", "25.00", "GC-25"),
            ("#2001", "a@example.com", "", "1", "Shipping Protection", "2.00", ""), ("#2001", "a@example.com", "", "1", "Tip", "3.00", ""),
        ])
        // The subtotal (47) holds the mug, the gift card and the protection; only the mug is revenue.
        #expect(abs(kpis.revenue - 20) < 1e-9 && kpis.orders == 1, "\(kpis)")
        #expect(facts.dataQuality.nonProductLines == 3 && abs(facts.dataQuality.nonProductRevenue - 30) < 1e-9)
        #expect(!facts.interactions.item.map { facts.catalog.skus[Int($0)] }.contains { $0 == "GC-25" || $0 == "Tip" })
    }

    /// A SKU that one line names as protection is no merchandise on its other lines either (a real
    /// export: Redo's `x-redo` as "Package Protection", "Package Protetion" and "Free Unlimited Return").
    @Test func aProtectionSKUIsNoMerchandiseOnEveryLine() throws {
        let (facts, kpis) = try Self.shopifyOrders([
            ("#3001", "a@example.com", "54.98", "1", "Jeans", "50.00", "J-1"),
            ("#3001", "a@example.com", "", "1", "Package Protection Valid in US. - $4.98", "4.98", "x-redo"),
            // 6.00 off the shirt: the subtotal holds 54.00 of it and the fee's 4.98.
            ("#3002", "b@example.com", "58.98", "1", "Shirt", "60.00", "S-1"),
            ("#3002", "b@example.com", "", "1", "Free Unlimited Return  Valid in US. - $4.98", "4.98", "x-redo"),
        ])
        #expect(abs(kpis.revenue - 104) < 1e-9 && kpis.orders == 2, "\(kpis)")
        #expect(facts.dataQuality.nonProductLines == 2 && abs(facts.dataQuality.nonProductRevenue - 9.96) < 1e-9)
    }

    /// Shopify's abandoned checkouts download has the orders export's columns; a real shop's was
    /// read as 368 more orders. It is skipped, with a note.
    @Test func anAbandonedCheckoutsExportIsNoSales() throws {
        var exports = TestExports()
        let created = "2026-11-24 10:00:00 -0500"
        exports.file("orders_export_1.csv", PlatformShop.shopifyHeader + "\n"
            + PlatformShop.shopifyRow("#2001", email: "a@example.com", subtotal: "20.00", created: created, quantity: "2", item: "Mug", price: "10.00", sku: "MUG-1") + "\n")
        exports.file("Shopify checkouts.csv", PlatformShop.shopifyHeader + "\n"
            + PlatformShop.shopifyRow("#38539795693818", email: "b@example.com", status: "", subtotal: "279.20", created: created, quantity: "1",
                                      item: "Jacket", price: "279.20", sku: "J-1", paid: false) + "\n")
        let (facts, rejects) = try exports.load(window: .fixed(Self.week))
        #expect(rejects.isEmpty, "\(rejects)")
        let kpis = WindowKPIs.compute(facts, window: Self.week)
        #expect(kpis.revenue == 20 && kpis.orders == 1, "\(kpis)")
        #expect(facts.dataQuality.notes.contains("Shopify checkouts.csv was skipped: it is Shopify's abandoned checkouts export (its first checkout was never paid: no Financial Status or Paid at), which holds no sales."), "\(facts.dataQuality.notes)")
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

    /// Google Ads' "Excel .csv" download: UTF-16, tabs, thousands separators without quotes.
    @Test func aGoogleAdsExcelDownloadReadsAsItsCommaDownload() throws {
        var exports = TestExports()
        exports.utf16File("Campaign report.csv", """
        Campaign report\r
        November 23, 2026 - November 29, 2026\r
        Day\tCampaign\tCampaign type\tCurrency code\tImpr.\tClicks\tCost\tConversions\tConv. value\r
        2026-11-24\tBrand Search\tSearch\tUSD\t1,234\t56\t1,045.50\t3.00\t150.00\r
        2026-11-25\tBrand Search\tSearch\tUSD\t800\t--\t0.00\t--\t--\r
        Total: Account\t\t\tUSD\t2,034\t56\t1,045.50\t3.00\t150.00\r

        """)
        exports.order("O1", "2026-11-24T10:00:00Z", customer: "C1", sku: "S1", price: 10)
        let (facts, rejects) = try exports.load(window: .fixed(Self.week))
        #expect(rejects.isEmpty, "\(rejects)")
        #expect(facts.dataQuality.formats["Campaign report.csv"] == "Google Ads report")
        #expect(facts.ads.campaigns == ["Brand Search"] && abs(facts.ads.cost.reduce(0, +) - 1_045.5) < 1e-9
                && facts.ads.impressions.reduce(0, +) == 2_034 && abs(facts.ads.revenue.reduce(0, +) - 150) < 1e-9, "\(facts.ads)")
    }

    /// Workbooks (`Tests/References/make_xlsx_fixtures.py`, openpyxl): a Meta Ads Manager export
    /// (date cells, a row whose empty last cells are left out; its strings inline as openpyxl writes
    /// them, or shared, one a rich text, as Excel does) and contract order lines in the 1904 date
    /// system, read as their CSV would be.
    @Test(arguments: ["Acme-Ads-Nov-2026.xlsx", "Acme-Ads-shared-strings.xlsx"])
    func xlsxWorkbooksAreReadByTheirFirstSheet(adsFile: String) throws {
        var exports = TestExports()
        for name in [adsFile, "orders.xlsx"] {
            exports.files[name] = try Data(contentsOf: URL(fileURLWithPath: RepositoryFiles.path("Tests/References/xlsx/\(name)")))
        }
        let (facts, rejects) = try exports.load(window: .fixed(Self.week))
        #expect(rejects.isEmpty, "\(rejects)")
        #expect(facts.dataQuality.formats[adsFile] == "Meta Ads Manager export")
        let ads = facts.ads
        #expect(ads.campaigns.sorted() == ["Retargeting", "Winter Sale, EU"], "\(ads.campaigns)")
        #expect(abs(ads.cost.reduce(0, +) - 20.005) < 1e-9 && ads.impressions.reduce(0, +) == 1_512 && ads.clicks.reduce(0, +) == 51, "\(ads)")
        let retargeting = try #require(ads.campaign.firstIndex { ads.campaigns[Int($0)] == "Retargeting" })
        #expect(ads.day[retargeting] == Day(year: 2026, month: 11, day: 25) && abs(ads.revenue[retargeting] - 19.99) < 1e-9)
        // O1 2 x 12.50 on the 24th, O2 30 at 23:59:30 on the 26th, O3 30 on the 27th.
        #expect(abs(WindowKPIs.compute(facts, window: Self.week).revenue - 85) < 1e-9)
        let the26th = Day(year: 2026, month: 11, day: 26)!
        let kpis = WindowKPIs.compute(facts, window: DateWindow(from: the26th, to: the26th))
        #expect(kpis.orders == 1 && abs(kpis.revenue - 30) < 1e-9, "\(kpis)")
    }

    /// A damaged workbook is a one-line error naming it; a file named `.xlsx` holding CSV text (as a
    /// `--source` snapshot writes an imported workbook's rows) is read as CSV.
    @Test func aDamagedWorkbookIsAnErrorAndAWorkbookNameOnTextIsCSV() throws {
        let workbook = try Data(contentsOf: URL(fileURLWithPath: RepositoryFiles.path("Tests/References/xlsx/orders.xlsx")))
        var damaged = TestExports()
        damaged.files["orders.xlsx"] = workbook.prefix(workbook.count / 2)
        #expect { _ = try damaged.load(window: .fixed(Self.week)) } throws: { "\($0)" == "orders.xlsx: not a readable .xlsx workbook: no ZIP directory" }
        var text = TestExports()
        text.file("orders.xlsx", "order_id,order_time,customer_id,sku,quantity,unit_price\nO1,2026-11-24T10:00:00Z,C1,S1,1,10\n")
        let (facts, rejects) = try text.load(window: .fixed(Self.week))
        #expect(rejects.isEmpty && abs(WindowKPIs.compute(facts, window: Self.week).revenue - 10) < 1e-9)
    }

    /// Orders saved from a spreadsheet where the decimal mark is a comma: `;` between fields.
    @Test func aSemicolonFileWithDecimalCommasIsReadWithTheConfigsFormat() throws {
        var exports = TestExports()
        exports.file("orders.csv", "order_id;order_time;customer_id;sku;quantity;unit_price\nA1;2026-11-24T10:00:00Z;C1;S1;2;12,50\n"
                     + "A2;2026-11-25T11:00:00Z;C2;S1;1;1.000,00\nA3;2026-11-26T12:00:00Z;C2;S2;1;4\n")
        let (_, rejects) = try exports.load(window: .fixed(Self.week))
        #expect(rejects.map(\.reason) == ["number with a decimal comma (set decimal_comma in the config) in unit_price: '12,50'",
                                          "number with a decimal comma (set decimal_comma in the config) in unit_price: '1.000,00'"])
        let config = try Config.parse(Array(#"{"formats": {"orders": {"decimal_comma": true}}}"#.utf8), file: "mktreport.json")
        let (facts, none) = try exports.load(window: .fixed(Self.week), config: config)
        #expect(none.isEmpty, "\(none)")
        let kpis = WindowKPIs.compute(facts, window: Self.week)
        #expect(abs(kpis.revenue - 1_029) < 1e-9 && kpis.orders == 3, "\(kpis)")
    }

    /// A catalog saved as Windows-1252: its titles are invalid UTF-8 unless the config names the encoding.
    @Test func aWindows1252FileIsReadWithTheConfigsEncoding() throws {
        var exports = TestExports()
        exports.order("O1", "2026-11-24T10:00:00Z", customer: "C1", sku: "A-1", price: 10)
        exports.files["products.csv"] = Data(Array("sku;title;category\r\nA-1;Gr".utf8) + [0xF6, 0xDF] + Array("e M Hemd;Herren\r\n".utf8))
        let (plain, rejects) = try exports.load(window: .fixed(Self.week))
        #expect(rejects.map(\.reason) == ["invalid UTF-8 in title"] && !plain.catalog.titles.contains("Größe M Hemd"))
        let config = try Config.parse(Array(#"{"encoding": "windows-1252"}"#.utf8), file: "mktreport.json")
        let (facts, none) = try exports.load(window: .fixed(Self.week), config: config)
        #expect(none.isEmpty, "\(none)")
        #expect(facts.catalog.titles[facts.catalog.skus.firstIndex(of: "A-1")!] == "Größe M Hemd")
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
            + (1...5).map { "O\($0),yesterday,C1,S1,1,9.99" }.joined(separator: "\n") + "\nO9,2022-01-04T01:00:00Z,C1,S1,two,9.99\n")
        #expect {
            _ = try exports.load(window: .lastCompleteWeek)
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("orders.csv: no valid order rows: 6 rows rejected: 5 not an ISO 8601")
                && text.contains("1 not a plain decimal number in quantity") && text.contains("the first on line 2 of orders.csv")
                && !text.contains("\n")
        }
    }

    /// A gift shop's order lines as UCI Online Retail publishes them: a file named like no export,
    /// month-first dates, guests without an id, cancellations as negative lines, postage as a line.
    @Test func aRetailLogWithOwnColumnsAndUSDatesIsReadWithColumnNamesOnly() throws {
        var exports = TestExports()
        exports.file("online_retail.csv", """
        InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
        536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom
        536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850,United Kingdom
        536365,POST,POSTAGE,1,12/1/2010 8:26,18.00,17850,United Kingdom
        536366,22633,HAND WARMER UNION JACK,6,12/2/2010 8:28,1.85,,United Kingdom
        C536379,D,Discount,-1,12/2/2010 9:41,27.50,14527,United Kingdom
        536367,84879,ASSORTED COLOUR BIRD ORNAMENT,32,12/3/2010 8:34,1.69,13047,United Kingdom
        536368,22960,JAM MAKING SET WITH JARS,6,12/13/2010 8:34,4.25,13047,United Kingdom

        """)
        let config = try Config.parse(Array("""
        {"currency": "GBP", "time_zone": "Europe/London", "non_product_skus": ["POST"],
         "columns": {"orders": {"order_id": "InvoiceNo", "sku": "StockCode", "quantity": "Quantity", "order_time": "InvoiceDate",
                                "unit_price": "UnitPrice", "customer_id": "CustomerID"}}}
        """.utf8), file: "mktreport.json")
        let week = DateWindow(from: Day(year: 2010, month: 11, day: 29)!, to: Day(year: 2010, month: 12, day: 5)!)
        let (facts, rejects) = try exports.load(window: .fixed(week), config: config)
        #expect(rejects.isEmpty, "\(rejects)")
        let kpis = WindowKPIs.compute(facts, window: week)
        #expect(abs(kpis.revenue - 73.32) < 1e-9 && kpis.orders == 3 && kpis.customers == 2 && kpis.guestOrders == 1, "\(kpis)")
        #expect(facts.dataQuality.nonProductLines == 1 && facts.dataQuality.nonProductRevenue == 18)
        #expect(facts.dataQuality[.orders].files == ["online_retail.csv"])
    }

    @Test func slashedDatesAreReadDayFirstWhenADayIsAbove12OrAsConfigured() {
        #expect(MappedExport.isoDate("12/1/2010 8:26", style: .monthFirst) == "2010-12-01T08:26:00")
        #expect(MappedExport.isoDate("13.12.2010", style: .dayFirst) == "2010-12-13")
        #expect(MappedExport.isoDate("20101201", style: .compact) == "2010-12-01")
        #expect(MappedExport.isoDate("1606780800", style: .epochSeconds) == "2020-12-01T00:00:00Z")
        #expect(MappedExport.isoDate("1606780800000000", style: .epochMicros) == "2020-12-01T00:00:00Z")
        // Found by `make fuzz` (fuzz-orders): an empty or blank date in a translated file crashed.
        #expect(MappedExport.isoDate("", style: .dayFirst) == nil && MappedExport.isoDate("   ", style: .monthFirst) == nil)
        #expect(MappedExport.isoDate("", style: .compact) == nil)
        let table = PlatformTable(header: ["order_time"], rows: [(2, ["1/2/2010"]), (3, ["25/2/2010"])])
        #expect(MappedExport.dateOrder(table, columns: [0]) == .dayFirst)
    }

    /// A blank date among slashed ones is a rejected row, not a crash (found by `make fuzz`).
    @Test func aBlankDateInATranslatedFileIsRejected() throws {
        var exports = TestExports()
        exports.file("orders.csv", "order_id,order_time,customer_id,sku,quantity,unit_price\nA1,11/24/2026 10:00,C1,S1,1,10\nA2, ,C1,S1,1,10\n")
        let (facts, rejects) = try exports.load(window: .fixed(Self.week))
        #expect(rejects.map(\.line) == [3], "\(rejects)")
        #expect(WindowKPIs.compute(facts, window: Self.week).orders == 1)
    }

    @Test func formatsInTheConfigDefaultFillAndMapValues() throws {
        var exports = TestExports()
        exports.file("orders.csv", """
        order_id,order_time,customer_id,sku,unit_price,status
        A1,03.12.2010 10:00,C1,S1,"12,50",paid
        A1,,,S2,"1.000,00",
        A2,04.12.2010 11:00,C2,S1,"2,00",refunded

        """)
        let config = try Config.parse(Array("""
        {"formats": {"orders": {"date": "D/M/YYYY", "decimal_comma": true, "defaults": {"quantity": "1"},
                                "fill_down": ["order_time", "customer_id", "status"],
                                "values": {"status": {"paid": "completed", "refunded": "cancelled"}}}}}
        """.utf8), file: "mktreport.json")
        let week = DateWindow(from: Day(year: 2010, month: 11, day: 29)!, to: Day(year: 2010, month: 12, day: 5)!)
        let (facts, rejects) = try exports.load(window: .fixed(week), config: config)
        #expect(rejects.isEmpty, "\(rejects)")
        let kpis = WindowKPIs.compute(facts, window: week)
        #expect(abs(kpis.revenue - 1_012.5) < 1e-9 && kpis.orders == 1 && kpis.customers == 1, "\(kpis)")
    }

    @Test func offsetsWithoutAColonAndUTCSuffixesAreReadWithoutConfiguration() throws {
        var exports = TestExports()
        exports.file("orders.csv", "order_id,order_time,customer_id,sku,quantity,unit_price\n"
            + "O1,2022-01-04 23:08:35 -0500,C1,S1,1,9.99\nO2,2022-01-04 01:00:00 UTC,C2,S1,2,\"$1,000.00\"\n")
        let day = Day(year: 2022, month: 1, day: 5)!
        let (facts, rejects) = try exports.load(window: .fixed(DateWindow(from: day - 6, to: day)))
        #expect(rejects.isEmpty, "\(rejects)")
        let kpis = WindowKPIs.compute(facts, window: DateWindow(from: day, to: day))
        // 23:08 at -05:00 is 04:08 UTC on 5 January; the thousands separator and symbol are read.
        #expect(kpis.orders == 1 && abs(kpis.revenue - 9.99) < 1e-9, "\(kpis)")
        #expect(abs(WindowKPIs.compute(facts, window: DateWindow(from: day - 1, to: day - 1)).revenue - 2_000) < 1e-9)
    }

    /// Order times with a shop's own offset (a US Shopify export's `-0700`) are counted in UTC days
    /// unless the config names a zone; the data-quality notes say so, once, naming the file.
    @Test(arguments: [("2026-11-24T19:30:00-07:00", nil, true), ("2026-11-24 19:30:00 -0800", nil, true),
                      ("2026-11-24T19:30:00Z", nil, false), ("2026-11-24T19:30:00+00:00", nil, false), ("2026-11-24", nil, false),
                      ("2026-11-24T19:30:00-07:00", "America/Los_Angeles", false)])
    func anOffsetInOrderTimesWithoutAZoneIsNoted(time: String, zone: String?, noted: Bool) throws {
        var exports = TestExports()
        exports.order("O1", time, customer: "C1", sku: "S1", price: 10)
        exports.order("O2", time, customer: "C2", sku: "S1", price: 10, file: "orders-2.csv")
        let config = try Config.parse(Array((zone.map { #"{"time_zone": "\#($0)"}"# } ?? "{}").utf8), file: "mktreport.json")
        let (facts, _) = try exports.load(window: .fixed(Self.week), config: config)
        let notes = facts.dataQuality.notes.filter { $0.contains("days are counted in UTC") }
        #expect(notes == (noted ? ["Order times in orders-2.csv carry the offset \(time.hasSuffix("-0800") ? "-0800" : "-07:00"), but days are counted in UTC: set \"time_zone\" in the config to the shop's time zone (an IANA name such as \"America/Los_Angeles\") to count the shop's own days."] : []), "\(facts.dataQuality.notes)")
    }

    /// Orders as a shop database keeps them: headers and items in two files, joined on order_id.
    @Test func orderHeadersAndItemsInTwoFilesAreJoined() throws {
        var exports = TestExports()
        exports.file("orders.csv", "order_id,order_time,customer_id,status\nA1,2026-11-24T10:00:00Z,C1,completed\nA2,2026-11-25T10:00:00Z,,completed\nA3,2026-11-26T10:00:00Z,C2,cancelled\n")
        exports.file("order_items.csv", "order_id,sku,unit_price,quantity\nA1,S1,10.00,2\nA1,S2,5.00,\nA2,S1,10.00,1\nA3,S1,10.00,1\nA9,S1,1.00,1\n")
        let (facts, rejects) = try exports.load(window: .fixed(Self.week))
        #expect(rejects.map { "\($0.file):\($0.line)" } == ["order_items.csv:6"], "\(rejects)")
        let kpis = WindowKPIs.compute(facts, window: Self.week)
        // A1: 2 x 10 + 1 x 5 (quantity 1 where empty); A2 a guest's 10; A3 cancelled.
        #expect(abs(kpis.revenue - 35) < 1e-9 && kpis.orders == 2 && kpis.customers == 1 && kpis.guestOrders == 1, "\(kpis)")
        #expect(facts.dataQuality.formats["order_items.csv"] == "order items joined with orders.csv")
    }

    /// Two tables written as a public dataset has them (Olist, re-saved by a spreadsheet): slashed
    /// dates, the shop's own status words and its own headers. The config's formats apply to the
    /// joined lines as to a one-table file (they were once left out, and every line was rejected
    /// as "not an ISO 8601 date"); an item record of the wrong length is a counted reject.
    @Test func joinedOrdersTakeTheConfiguredFormats() throws {
        var exports = TestExports()
        exports.file("orders.csv", """
        order_id,customer_id,order_status,order_purchase_timestamp
        A1,C1,delivered,11/24/2026 10:56
        A2,C2,canceled,11/25/2026 9:05
        A3,C1,shipped,11/26/2026 23:10

        """)
        exports.file("order_items.csv", """
        order_id,order_item_id,product_id,price,freight_value
        A1,1,S1,58.90,13.29
        A1,2,S2,1.10,13.29
        A2,1,S1,58.90,10.00
        A3,1,S3,20.00
        A3,2,S3,20.00,5.00

        """)
        let config = try Config.parse(Array("""
        {"columns": {"orders": {"order_time": "order_purchase_timestamp", "status": "order_status", "sku": "product_id", "unit_price": "price"}},
         "formats": {"orders": {"values": {"status": {"delivered": "completed", "shipped": "completed", "canceled": "cancelled"}}}}}
        """.utf8), file: "mktreport.json")
        let (facts, rejects) = try exports.load(window: .fixed(Self.week), config: config)
        #expect(rejects.map { "\($0.file):\($0.line): \($0.reason)" } == ["order_items.csv:5: expected 5 fields, found 4"], "\(rejects)")
        let kpis = WindowKPIs.compute(facts, window: Self.week)
        // A1: 58.90 + 1.10; A2 cancelled; A3's second line 20.00.
        #expect(abs(kpis.revenue - 80) < 1e-9 && kpis.orders == 2 && kpis.customers == 1, "\(kpis)")
    }

    /// A record of the wrong length in a file read through the config's formats (here, found to
    /// have slashed dates) is a counted reject, as in a contract file; it once vanished.
    @Test func aShortRecordOfATranslatedFileIsRejected() throws {
        var exports = TestExports()
        exports.file("orders.csv", "order_id,order_time,customer_id,sku,quantity,unit_price\n"
            + "A1,11/23/2026 10:00,C1,S1,1,10\nA2,11/24/2026 10:00,C2,S2,1\nA3,11/24/2026 11:00,C2,S2,1,5\n")
        let (facts, rejects) = try exports.load(window: .fixed(Self.week))
        #expect(rejects.map { "\($0.file):\($0.line): \($0.reason)" } == ["orders.csv:3: expected 6 fields, found 5"], "\(rejects)")
        #expect(WindowKPIs.compute(facts, window: Self.week).orders == 2)
    }

    /// A real Meta daily export (an ad-level breakdown, 14,504 rows) had no clicks column, and its
    /// purchases include 1-day views: every row with a purchase was rejected as "conversions exceed
    /// clicks", a quarter of the spend and all 366 purchases. A missing metric stays missing, and
    /// a platform's attributed purchases may exceed a day's link clicks.
    @Test func metaPurchasesBeyondClicksAndAMissingClicksColumnKeepTheirRows() throws {
        var exports = TestExports()
        exports.order("O1", "2026-11-24T10:00:00Z", customer: "C1", sku: "S1", price: 10)
        exports.file("Meta Daily Ads.csv", """
        "Reporting starts","Reporting ends","Ad name","Amount spent (USD)",Impressions,Purchases,"Attribution setting","Campaign name"
        2026-11-24,2026-11-24,"Ad 1",12.50,900,2,"7-day click or 1-day view","Winter"
        2026-11-24,2026-11-24,"Ad 2",7.50,300,0,"7-day click or 1-day view","Winter"

        """)
        exports.file("Meta Clicks.csv", """
        "Reporting starts","Reporting ends","Campaign name","Amount spent (USD)",Impressions,"Link clicks",Purchases
        2026-11-25,2026-11-25,"Spring",5.00,400,0,1
        2026-11-25,2026-11-25,"Spring",5.00,400,3,1

        """)
        let (facts, rejects) = try exports.load(window: .fixed(Self.week))
        #expect(rejects.isEmpty, "\(rejects)")
        let ads = facts.ads
        #expect(ads.cost.reduce(0, +) == 30 && ads.conversions.reduce(0, +) == 4 && ads.impressions.reduce(0, +) == 2_000, "\(ads)")
        #expect(ads.clicks.reduce(0, +) == 3)
    }

    @Test func aShopsOwnAdsFileWithPlainColumnNamesIsNotTakenForAGoogleDownload() throws {
        var exports = TestExports()
        exports.order("O1", "2026-11-24T10:00:00Z", customer: "C1", sku: "S1", price: 10)
        exports.file("ads.csv", "date,campaign,channel,impressions,clicks,cost\n2026-11-24,Spring,social,1000,50,25.00\n")
        let config = try Config.parse(Array(#"{"columns": {"ads": {"campaign_id": "campaign"}}}"#.utf8), file: "mktreport.json")
        let (facts, rejects) = try exports.load(window: .fixed(Self.week), config: config)
        #expect(rejects.isEmpty && facts.dataQuality.formats.isEmpty, "\(rejects) \(facts.dataQuality.formats)")
        #expect(facts.ads.channels == ["social"] && facts.ads.cost == [25])
    }

    /// With customer_id mapped to the only id an export has, an e-mail column, no address is kept.
    @Test func customerIdsMappedToAnEmailColumnArePseudonymised() throws {
        var exports = TestExports()
        exports.file("orders-1.csv", "order_id,order_time,Email,sku,quantity,unit_price\nA1,2026-11-24T10:00:00Z,ann@example.com,S1,1,10\n")
        exports.file("orders-2.csv", "order_id,order_time,Email,sku,quantity,unit_price\nA2,11/25/2026 10:00,Ann@Example.com,S1,1,10\nA3,11/26/2026 10:00,bob@example.com,S2,1,5\n")
        let config = try Config.parse(Array(#"{"columns": {"orders": {"customer_id": "Email"}}}"#.utf8), file: "mktreport.json")
        let (facts, rejects) = try exports.load(window: .fixed(Self.week), config: config)
        #expect(rejects.isEmpty, "\(rejects)")
        #expect(facts.customers.ids.count == 2 && facts.customers.ids.allSatisfy { $0.hasPrefix("c-") && !$0.contains("@") }, "\(facts.customers.ids)")
        #expect(WindowKPIs.compute(facts, window: Self.week).customers == 2)
    }

    /// GA4's BigQuery event export flattened to CSV, under a name no export pattern matches.
    @Test func ga4EventExportsAreReadByTheirHeader() throws {
        var exports = TestExports()
        exports.order("O1", "2026-11-24T12:00:00Z", customer: "C1", sku: "S1", price: 10)
        exports.file("bq-results-20261130.csv", """
        event_date,event_timestamp,event_name,user_pseudo_id,user_id,ga_session_id,item_id,traffic_source.name,search_term
        20261124,1795514400000000,view_item,1234.5678,,17,S1,(direct),
        20261124,1795514460000000,add_to_cart,1234.5678,C1,17,S1,Winter Sale,
        20261125,2026-11-25 08:00:00.123456 UTC,purchase,1234.5678,C1,18,S1,Winter Sale,
        20261125,1795600800,page_view,99.1,,,,(organic),
        20261126,,view_search_results,99.1,,,,(organic),mugs
        20261126,yesterday,view_item,99.1,,,S1,,

        """)
        let (facts, rejects) = try exports.load(window: .fixed(Self.week))
        #expect(facts.dataQuality.formats["bq-results-20261130.csv"] == "GA4 events export")
        #expect(rejects.map { "\($0.line) \($0.reason)" } == ["7 not a GA4 time in event_timestamp"], "\(rejects)")
        let daily = facts.daily
        func count(_ type: EventType, _ day: Int) -> Double { daily.events[type.rawValue][daily.offset(of: Day(year: 2026, month: 11, day: day)!)] }
        #expect(count(.view, 24) == 1 && count(.cart, 24) == 1 && count(.purchase, 25) == 1 && count(.search, 26) == 1 && count(.other, 25) == 1)
        // user_id joins the orders' customer; the device id stands in where there is none.
        let c1 = try #require(facts.customers.ids.firstIndex(of: "C1"))
        #expect(facts.activity.count(customer: c1, period: .current, type: .cart) == 1)
        #expect(facts.customers.ids.contains("1234.5678"))
    }

    /// An order-level discount in its own column (on an order's first line) shared over its lines by value.
    @Test func anOrderLevelDiscountIsSharedOverTheOrdersLinesByValue() throws {
        var exports = TestExports()
        exports.file("orders.csv", """
        order_id,order_time,customer_id,sku,quantity,unit_price,Order Discount
        A1,2026-11-24T10:00:00Z,C1,S1,2,30,10
        A1,2026-11-24T10:00:00Z,C1,S2,1,40,
        A2,2026-11-25T10:00:00Z,C2,S1,1,30,10
        A2,2026-11-25T10:00:00Z,C2,S2,1,10,10

        """)
        exports.file("products.csv", "sku,category\nS1,cups\nS2,plates\n")
        let config = try Config.parse(Array(#"{"formats": {"orders": {"order_discount": "Order Discount"}}}"#.utf8), file: "mktreport.json")
        let (facts, rejects) = try exports.load(window: .fixed(Self.week), config: config)
        #expect(rejects.isEmpty, "\(rejects)")
        // A1: 100 less 10; A2 (its discount repeated on each line): 40 less 10.
        #expect(abs(WindowKPIs.compute(facts, window: Self.week).revenue - 120) < 1e-9)
        // By value, not evenly: on the 24th, S1 (cups) bore 60 / 100 of A1's 10, S2 (plates) 40 / 100.
        let daily = facts.daily, day = daily.offset(of: Day(year: 2026, month: 11, day: 24)!)
        let revenue = Dictionary(uniqueKeysWithValues: facts.catalog.categories.indices.map { (facts.catalog.categories[$0], daily.categoryRevenue[$0][day]) })
        #expect(abs(revenue["cups"]! - 54) < 1e-9 && abs(revenue["plates"]! - 36) < 1e-9, "\(revenue)")
        let wrong = try Config.parse(Array(#"{"formats": {"orders": {"order_discount": "Coupon"}}}"#.utf8), file: "mktreport.json")
        #expect(throws: InputError.self) { try exports.load(window: .fixed(Self.week), config: wrong) }
    }

    @Test func platformValuesBecomeTheContractsForms() {
        #expect(PlatformValues.plainNumber("1,234.50") == "1234.50" && PlatformValues.plainNumber("--") == "0" && PlatformValues.plainNumber("$12") == "12")
        #expect(PlatformValues.plainNumber("12%") == nil && PlatformValues.plainNumber("abc") == nil)
        #expect(PlatformValues.isoDateTime("2022-01-04 01:08:35 -0500") == "2022-01-04T01:08:35-05:00")
        #expect(PlatformValues.isoDateTime("2022-01-04 01:08:35 UTC") == "2022-01-04T01:08:35Z")
        #expect(PlatformValues.isoDay("Mon, Nov 23, 2026") == "2026-11-23" && PlatformValues.isoDay("Nov 3, 2026") == "2026-11-03")
    }
}
