import Foundation

/// A shop's downloads as the platforms write them (documented columns and value styles; every
/// name, address and e-mail invented), for the platform-export tests.
public enum PlatformShop {
    public static let shopifyHeader = "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,Billing Name,Billing Street,Billing Address1,Billing Address2,Billing Company,Billing City,Billing Zip,Billing Province,Billing Country,Billing Phone,Shipping Name,Shipping Street,Shipping Address1,Shipping Address2,Shipping Company,Shipping City,Shipping Zip,Shipping Province,Shipping Country,Shipping Phone,Notes,Note Attributes,Cancelled at,Payment Method,Payment Reference,Refunded Amount,Vendor,Outstanding Balance,Employee,Location,Device ID,Id,Tags,Risk Level,Source,Lineitem discount,Phone,Receipt Number"

    /// One Shopify row: order fields only when `first`, as Shopify writes them.
    public static func shopifyRow(_ name: String, email: String, status: String = "paid", subtotal: String = "", discount: String = "",
                           created: String, quantity: String, item: String, price: String, sku: String, first: Bool = true,
                           cancelled: String = "", refunded: String = "", notes: String = "", paid: Bool = true) -> String {
        let o = { (value: String) in first ? value : "" }
        let fields: [String] = [
            name, email, o(status), o(paid ? created : ""), o("fulfilled"), "", o("yes"), o("USD"), o(subtotal), o("4.90"), o("3.10"), o("60.00"),
            o(discount.isEmpty ? "" : "SAVE5"), o(discount), o("Standard"), created, quantity, item, price, "", sku, "true", "true", "fulfilled",
            o("Jane Roe"), o("\"1 High St, Flat 2\""), o("1 High St"), "", "", o("Springfield"), o("'01234"), o("MA"), o("US"), o("+1 555 0100"),
            o("Jane Roe"), o("1 High St"), o("1 High St"), "", "", o("Springfield"), o("'01234"), o("MA"), o("US"), o("+1 555 0100"),
            o(notes), "", o(cancelled), o("Shopify Payments"), o("c123.1"), o(refunded), "Acme", o("0.00"), "", "", "", o("4412"), "", o("Low"),
            o("web"), "0.00", "", "",
        ]
        return fields.joined(separator: ",")
    }

    /// The exports: a Shopify orders export, a Meta Ads daily export and a Google Ads download
    /// (their names match no export pattern), and a file that is no export.
    public static func exports() -> TestExports {
        var exports = TestExports()
        let rows = [
            shopifyRow("#1001", email: "Jane.Roe@Example.com", subtotal: "45.00", discount: "5.00", created: "2026-11-24 10:15:00 -0500",
                       quantity: "2", item: "Mug", price: "10.00", sku: "MUG-1", notes: "\"Leave at the door,\nplease\""),
            shopifyRow("#1001", email: "Jane.Roe@Example.com", created: "2026-11-24 10:15:00 -0500", quantity: "1", item: "Teapot",
                       price: "30.00", sku: "POT-1", first: false),
            shopifyRow("#1002", email: "sam@example.org", status: "partially_refunded", subtotal: "20.00", created: "2026-11-25 09:00:00 -0500",
                       quantity: "1", item: "Gift wrap", price: "20.00", sku: "", refunded: "5.00"),
            shopifyRow("#1003", email: "sam@example.org", status: "refunded", subtotal: "30.00", created: "2026-11-26 09:00:00 -0500",
                       quantity: "1", item: "Teapot", price: "30.00", sku: "POT-1", refunded: "30.00"),
            shopifyRow("#1004", email: "", subtotal: "12.00", created: "2026-11-25 08:00:00 +0100", quantity: "1", item: "Mug",
                       price: "12.00", sku: "MUG-1"),
            shopifyRow("#1005", email: "kim@example.net", subtotal: "10.00", created: "2026-11-27 12:00:00 -0500", quantity: "1", item: "Mug",
                       price: "10.00", sku: "MUG-1", cancelled: "2026-11-27 13:00:00 -0500"),
            shopifyRow("#1006", email: "kim@example.net", subtotal: "8.00", created: "04/01/2026", quantity: "1", item: "Mug",
                       price: "8.00", sku: "MUG-1"),
        ]
        exports.file("orders_export_1.csv", ([shopifyHeader] + rows).joined(separator: "\n") + "\n")
        exports.file("Acme-Campaigns-Nov-23-2026-Nov-29-2026.csv", """
        Reporting starts,Reporting ends,Campaign name,Ad set name,Ad name,Amount spent (USD),Impressions,Link clicks,Purchases,Purchases conversion value
        2026-11-24,2026-11-24,Winter Sale,Broad,Video A,12.34,"1,000",40,2,60.00
        2026-11-24,2026-11-24,Winter Sale,Broad,Video B,7.66,500,10,,
        2026-11-23,2026-11-29,Winter Sale,Broad,Video A,100.00,9000,300,10,300.00

        """)
        exports.file("Campaign report.csv", """
        Campaign report
        "November 23, 2026 - November 29, 2026"
        Day,Campaign,Campaign type,Currency code,Impr.,Clicks,Cost,Conversions,Conv. value
        2026-11-24,Brand Search,Search,USD,"1,234",56,"1,045.50",3.00,150.00
        2026-11-25,Brand Search,Search,USD,800,--,0.00,--,--
        Total: Account,,,USD,"2,034",56,"1,045.50",3.00,150.00

        """)
        exports.file("notes.txt", "not an export\n")
        return exports
    }

    /// Personal data the exports hold, which no output may contain.
    public static let personalData = ["Jane.Roe@Example.com", "jane.roe@example.com", "sam@example.org", "kim@example.net",
                                      "Jane Roe", "1 High St", "555 0100", "Springfield"]
}
