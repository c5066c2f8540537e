import Foundation
import MktData

/// A small but complete shop for end-to-end tests: eight weeks of orders (2026-10-05 to
/// 2026-11-29), events, customers with names, emails and phone numbers, products and ads with
/// an A/B test. Product, category, brand and campaign names can be replaced, e.g. by hostile ones.
public enum TinyShop {
    public static let customers = 60

    /// The personal data of customer `i` (all must stay out of every output).
    public static func email(_ i: Int) -> String { "shopper.\(i)@example.org" }
    public static func name(_ i: Int) -> String { "Jordan Quill\(i)" }
    public static func phone(_ i: Int) -> String { "+44-7700-9\(String(format: "%05d", i))" }

    public static func exports(titles: [String] = (0..<12).map { "Item \($0)" }, categories: [String] = ["Home", "Garden", "Toys"],
                               brands: [String] = ["Acme", "Globex"], campaigns: [String] = ["search_one", "social_two"],
                               skus: [String] = (0..<12).map { "S\($0)" }) -> TestExports {
        var e = TestExports()
        for (i, sku) in skus.enumerated() {
            e.product(sku, title: titles[i % titles.count], category: categories[i % categories.count],
                      brand: brands[i % brands.count], price: "\(10 + i).00")
        }
        for i in 0..<customers {
            e.customer("C\(i)", birthYear: String(1960 + i % 40), gender: i % 2 == 0 ? "F" : "M", region: ["North", "South"][i % 2],
                       email: email(i), name: name(i), phone: phone(i))
        }
        let first = Day(year: 2026, month: 10, day: 5)!
        var order = 0, event = 0
        for day in 0..<56 {
            let date = (first + day).description
            for k in 0..<4 {
                let customer = (day * 7 + k * 13) % customers, item = (day * 5 + k * 3 + customer) % skus.count
                order += 1
                for type in ["view", "cart", "purchase"] {
                    event += 1
                    e.event("E\(event)", "\(date)T09:\(10 + k):00Z", customer: "C\(customer)", type: type, sku: skus[item])
                }
                e.order("O\(order)", "\(date)T10:\(10 + k):00Z", customer: "C\(customer)", sku: skus[item], quantity: Double(1 + k % 2),
                        price: Double(10 + item), campaign: campaigns[order % campaigns.count])
            }
            for (c, campaign) in campaigns.enumerated() {
                for variant in ["A", "B"] {
                    e.ad(date, campaign: campaign, channel: c == 0 ? "search" : "social", variant: variant, impressions: 1000 + 10 * day,
                         clicks: variant == "A" ? 40 : 55, conversions: variant == "A" ? 2 : 4, cost: 25, revenue: variant == "A" ? "60.00" : "90.00")
                }
            }
        }
        return e
    }
}
