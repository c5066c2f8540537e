import Foundation
import MktData
import MktModels

/// Writes a deterministic, realistic set of exports (DATA_CONTRACT.md section 1):
/// two years of orders, customers, behaviour events, a product feed and ad spend,
/// with the dirt real exports have (see README.md, "Sample data").
///
///     try SampleGenerator(seed: 42, scale: .small).write(to: "fixtures/sample")
public struct SampleGenerator {
    public var seed: UInt64
    public var scale: SampleScale
    public var shape: SampleShape
    /// Last day of the history (a Sunday, so the default window is the week ending on it).
    public var lastDay: Day

    public init(seed: UInt64, scale: SampleScale, shape: SampleShape = SampleShape(), lastDay: Day = Day(year: 2026, month: 11, day: 29)!) {
        self.seed = seed
        self.scale = scale
        self.shape = shape
        self.lastDay = lastDay
    }

    /// Row counts written, for progress output.
    public struct Summary: Sendable {
        public var orderLines = 0, events = 0, customers = 0, products = 0, adRows = 0, malformedRows = 0
    }

    public func write(to directory: String, progress: (String) -> Void = { _ in }) throws -> Summary {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var random = SeededRandom(seed: seed)
        let first = lastDay - (max(1, shape.days) - 1)
        let world = SampleWorld(scale: scale, shape: shape, random: &random, first: first, last: lastDay)
        var summary = Summary()
        if shape.exports.contains(.products) { try writeProducts(world, directory, &random, &summary) }
        if shape.exports.contains(.customers) { try writeCustomers(world, directory, &random, &summary) }
        progress("catalog and customers written")
        try simulate(world, directory, &random, &summary, progress: progress)
        return summary
    }

    private func path(_ directory: String, _ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

    // MARK: Catalog

    private func writeProducts(_ world: SampleWorld, _ directory: String, _ random: inout SeededRandom, _ summary: inout Summary) throws {
        let feedCount = world.products.count * 9 / 10
        var xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:g="http://base.google.com/ns/1.0">
        <channel>
        <title>Sample shop product feed</title>
        <link>https://shop.example.com</link>
        <description>Products</description>

        """
        for product in world.products.prefix(feedCount) {
            xml += """
            <item>
              <g:id>\(product.sku)</g:id>
              <title>\(xmlEscaped(product.title))</title>
              <g:product_type>\(xmlEscaped(SampleWorld.categories[product.category]))</g:product_type>
              <g:brand>\(xmlEscaped(product.brand))</g:brand>
              <g:price>\(formatCents(product.priceCents)) USD</g:price>
              <g:availability>in stock</g:availability>
              <link>https://shop.example.com/p/\(product.sku)</link>
            </item>

            """
        }
        if shape.dirt {
            // An item without an id and one priced in another currency.
            xml += "<item><title>Gift card</title><g:price>25.00 USD</g:price></item>\n"
            xml += "<item><g:id>SKU-EUR-1</g:id><title>Imported tea</title><g:price>12.50 EUR</g:price></item>\n"
            summary.malformedRows += 2
        }
        xml += "</channel>\n</rss>\n"
        try xml.write(toFile: path(directory, "products.xml"), atomically: true, encoding: .utf8)

        let csv = try ExportWriter(path: path(directory, "products-extra.csv"), gzip: false)
        csv.write("sku,title,category,brand,price\n")
        // New products, plus the last feed products again with a new price (duplicates: the CSV sorts later and wins).
        for product in world.products.suffix(world.products.count - feedCount + 20) {
            csv.write("\(product.sku),")
            csv.field(product.title)
            csv.byte(UInt8(ascii: ","))
            csv.field(SampleWorld.categories[product.category])
            csv.byte(UInt8(ascii: ","))
            csv.field(product.brand)
            csv.byte(UInt8(ascii: ","))
            csv.cents(product.priceCents)
            csv.endLine()
        }
        if shape.dirt {
            csv.write("SKU-BAD-1,Desk fan,Office,Breeze,\"12,99\"\n")
            summary.malformedRows += 1
        }
        csv.close()
        summary.products = world.products.count
    }

    // MARK: Customers

    private func writeCustomers(_ world: SampleWorld, _ directory: String, _ random: inout SeededRandom, _ summary: inout Summary) throws {
        let header = "customer_id,signup_date,birth_year,gender,region,city,email,name,phone"
        let main = try ExportWriter(path: path(directory, "customers.csv"), gzip: false, bom: true)
        main.write(header)
        main.endLine(crlf: true)
        let update = try ExportWriter(path: path(directory, "customers-update.csv"), gzip: false)
        update.write(header + "\n")
        for (i, c) in world.customers.enumerated() where c.signup <= lastDay {
            for writer in i % 40 == 0 ? [main, update] : [main] {
                writer.write("\(c.id),\(c.signup),\(c.birthYear),\(c.gender),\(SampleWorld.regions[c.region]),")
                writer.field(c.city)
                writer.byte(UInt8(ascii: ","))
                writer.field(c.email)
                writer.byte(UInt8(ascii: ","))
                writer.field(c.name)
                writer.byte(UInt8(ascii: ","))
                writer.write(c.phone)
                writer.endLine(crlf: writer === main)
            }
            summary.customers += 1
        }
        if shape.dirt {
            main.write("C999990,2025-02-11,19x5,F,North,Northam,bad.year@example.com,Bad Year,+1-555-000-0000")
            main.endLine(crlf: true)
            summary.malformedRows += 1
        }
        main.close()
        update.close()
    }

    // MARK: Orders, events, ads

    private struct Part {
        let start: Day
        let end: Day
        let orders: ExportWriter
        let events: ExportWriter?
    }

    /// One order line as the simulation decides it; written to every export part covering its day.
    private struct Line {
        var order: String, time: Int, customer: String, sku: String, quantity: Int, price: Int, discount: Int
        var status: String, channel: String, campaign: String
    }

    private func simulate(_ world: SampleWorld, _ directory: String, _ random: inout SeededRandom,
                          _ summary: inout Summary, progress: (String) -> Void) throws {
        let first = world.first
        let days = lastDay - first + 1
        let partCount = max(1, min(scale.exportParts, days / 30))
        let partLength = (days + partCount - 1) / partCount
        let overlap = 3
        let writesEvents = shape.exports.contains(.events), writesAds = shape.exports.contains(.ads)
        var parts: [Part] = []
        for p in 0..<partCount {
            let start = first + p * partLength
            let end = min(lastDay, start + partLength - 1 + (p == partCount - 1 ? 0 : overlap))
            let gzipOrders = p % 2 == 1
            let orders = try ExportWriter(path: path(directory, "orders-\(start).csv\(gzipOrders ? ".gz" : "")"), gzip: gzipOrders)
            orders.write(p == 0 ? "order_id,order_time,customer_id,sku,quantity,unit_price,discount,status,channel,campaign_id\n"
                                : "order_time,order_id,customer_id,sku,quantity,unit_price,discount,status,campaign_id,channel\n")
            var events: ExportWriter?
            if writesEvents {
                events = try ExportWriter(path: path(directory, "events-\(start).csv\(scale.gzipEvents ? ".gz" : "")"), gzip: scale.gzipEvents)
                events!.write("event_id,event_time,customer_id,event_type,sku,session_id,campaign_id\n")
            }
            parts.append(Part(start: start, end: end, orders: orders, events: events))
        }
        let adsSplit = first + days / 2
        var adWriters: [ExportWriter] = []
        if writesAds {
            adWriters = [try ExportWriter(path: path(directory, "ads-1.csv"), gzip: false), try ExportWriter(path: path(directory, "ads-2.csv"), gzip: false)]
            for writer in adWriters { writer.write("date,campaign_id,channel,variant,impressions,clicks,conversions,cost,revenue\n") }
        }
        let quiet = shape.quietWeekEndingDaysBeforeEnd.map { (lastDay - $0 - 6)...(lastDay - $0) }

        var orderNumber = 0, eventNumber = 0, sessionNumber = 0
        var pendingReturns: [Int32: [Line]] = [:]
        let channelNames = ["web", "app", "marketplace"]
        let channelCumulative = runningSum([55, 35, 10])

        for offset in 0..<days {
            let day = first + offset
            let writers = parts.filter { $0.start <= day && day <= $0.end }
            let partIndex = parts.firstIndex { $0.start <= day && day <= $0.end }!
            let activeCampaigns = world.campaigns.indices.filter { world.campaigns[$0].start <= day && day <= world.campaigns[$0].end }
            let promo = world.promotion(day)
            let closed = quiet?.contains(day) ?? false
            let orderCount = closed ? 0 : random.poisson((shape.ordersPerDay ?? scale.baseOrdersPerDay) * world.demandMultiplier(day))

            // A line goes to every export part covering its day; in an overlap the later part
            // sometimes restates the order refunded (a late refund a newer export carries).
            func orderLine(_ line: Line, restatedRefund: Bool = false) {
                for (k, part) in writers.enumerated() {
                    let w = part.orders
                    let layoutA = parts.firstIndex { $0.start == part.start }! == 0
                    let status = restatedRefund && k == writers.count - 1 ? "refunded" : line.status
                    if layoutA {
                        w.write(line.order); w.byte(44); timestamp(w, day, line.time, style: partIndex + k); w.byte(44)
                    } else {
                        timestamp(w, day, line.time, style: partIndex + k); w.byte(44); w.write(line.order); w.byte(44)
                    }
                    w.write(line.customer); w.byte(44); w.write(line.sku); w.byte(44); w.integer(line.quantity); w.byte(44)
                    w.cents(line.price); w.byte(44)
                    if line.discount > 0 { w.cents(line.discount) }
                    w.byte(44); w.write(status); w.byte(44)
                    if layoutA { w.write(line.channel); w.byte(44); w.write(line.campaign) } else { w.write(line.campaign); w.byte(44); w.write(line.channel) }
                    w.endLine()
                }
                summary.orderLines += 1
            }
            func event(_ time: Int, _ customer: String, _ type: String, _ sku: String, _ session: Int, _ campaign: String) {
                guard writesEvents else { return }
                eventNumber += 1
                for part in writers {
                    let w = part.events!
                    w.byte(UInt8(ascii: "E")); w.padded(eventNumber, width: 9); w.byte(44)
                    timestamp(w, day, time, style: 0); w.byte(44)
                    w.write(customer); w.byte(44); w.write(type); w.byte(44); w.write(sku); w.byte(44)
                    w.byte(UInt8(ascii: "S")); w.padded(session, width: 8); w.byte(44); w.write(campaign)
                    w.endLine()
                }
                summary.events += 1
            }

            for r in pendingReturns.removeValue(forKey: day.index) ?? [] where !closed { orderLine(r) }

            for _ in 0..<orderCount {
                guard let c = pickCustomer(world, day, &random) else { continue }
                let customer = world.customers[c]
                orderNumber += 1
                sessionNumber += 1
                let order = String(format: "O%07d", orderNumber)
                let time = orderSecond(&random)
                let channel = channelNames[random.pick(cumulative: channelCumulative)]
                let campaign = !activeCampaigns.isEmpty && random.uniform() < 0.25
                    ? world.campaigns[activeCampaigns[Int(random.uniform() * Double(activeCampaigns.count))]].id : ""
                let status = random.uniform() < 0.96 ? "completed" : (random.uniform() < 0.6 ? "cancelled" : "refunded")
                // Guests order without a customer id; their browsing carries a guest id.
                let guest = shape.guestShare > 0 && random.uniform() < shape.guestShare
                let buyer = guest ? "" : customer.id, browser = guest ? String(format: "G%07d", c + 1) : customer.id
                let restated = shape.dirt && writers.count > 1 && status == "completed" && random.uniform() < 0.1
                var chosen = Set<Int>()
                let lineCount = min(6, 1 + random.poisson(0.9))
                for _ in 0..<lineCount {
                    let product = pickProduct(world, customer, &random)
                    guard chosen.insert(product).inserted else { continue }
                    let p = world.products[product]
                    let quantity = random.uniform() < 0.8 ? 1 : (random.uniform() < 0.7 ? 2 : 3)
                    var discount = 0
                    if promo.discount > 0 { discount = Int(Double(p.priceCents * quantity) * promo.discount) }
                    else if random.uniform() < 0.08 { discount = p.priceCents * quantity / 10 }
                    for v in 0..<(1 + Int(random.uniform() * 3)) {
                        event(max(0, time - 600 * (v + 1)), browser, "view", p.sku, sessionNumber, campaign)
                    }
                    event(max(0, time - 120), browser, "cart", p.sku, sessionNumber, campaign)
                    if status != "cancelled" { event(time, browser, "purchase", p.sku, sessionNumber, campaign) }
                    let line = Line(order: order, time: time, customer: buyer, sku: p.sku, quantity: quantity, price: p.priceCents,
                                    discount: discount, status: status, channel: channel, campaign: campaign)
                    if shape.dirt && quantity >= 2 && discount == 0 && random.uniform() < 0.3 {
                        // The same SKU on two lines of one order: two records that add up.
                        var one = line
                        one.quantity = 1
                        orderLine(one, restatedRefund: restated)
                        one.quantity = quantity - 1
                        orderLine(one, restatedRefund: restated)
                    } else {
                        orderLine(line, restatedRefund: restated)
                    }
                    if status == "completed" && !restated && random.uniform() < 0.03 {
                        let returnDay = day + 5 + Int(random.uniform() * 25)
                        if returnDay <= lastDay {
                            var back = line
                            back.order = "R" + order
                            back.time = 43_200
                            back.quantity = -quantity
                            back.discount = 0
                            back.campaign = ""
                            pendingReturns[returnDay.index, default: []].append(back)
                        }
                    }
                }
            }

            let sessions = closed ? 0 : random.poisson(Double(orderCount) * scale.sessionsPerOrder)
            for _ in 0..<sessions {
                sessionNumber += 1
                let time = orderSecond(&random)
                let guest = random.uniform() < 0.03
                guard let c = pickCustomer(world, day, &random) else { continue }
                let customer = world.customers[c]
                let id = guest ? String(format: "G%07d", c + 1) : customer.id
                let campaign = !activeCampaigns.isEmpty && random.uniform() < 0.2
                    ? world.campaigns[activeCampaigns[Int(random.uniform() * Double(activeCampaigns.count))]].id : ""
                if random.uniform() < 0.3 { event(time, id, "search", "", sessionNumber, campaign) }
                for v in 0..<(1 + random.poisson(2.2)) {
                    let p = world.products[pickProduct(world, customer, &random)]
                    event(time + 45 * v, id, "view", p.sku, sessionNumber, campaign)
                    if random.uniform() < 0.1 { event(time + 45 * v + 20, id, "cart", p.sku, sessionNumber, campaign) }
                    if random.uniform() < 0.03 { event(time + 45 * v + 30, id, "wishlist", p.sku, sessionNumber, campaign) }
                }
            }

            for index in activeCampaigns where writesAds {
                let campaign = world.campaigns[index]
                let writer = day < adsSplit ? adWriters[0] : adWriters[1]
                for variant in campaign.variants {
                    let impressions = random.poisson(campaign.dailyImpressions * world.demandMultiplier(day) / Double(campaign.variants.count))
                    let clicks = min(impressions, random.poisson(Double(impressions) * variant.ctr))
                    let conversions = min(clicks, random.poisson(Double(clicks) * variant.cvr))
                    let cost = Int(Double(clicks) * campaign.costPerClick * 100 * exp(0.1 * random.normal()))
                    // The week after the split is in both files (the later one restates it).
                    let rows = day >= adsSplit && day < adsSplit + 7 ? [adWriters[0], writer] : [writer]
                    var revenueCents = -1
                    if campaign.reportsRevenue {
                        revenueCents = Int(Double(conversions) * 58 * exp(0.35 * random.normal()) * 100)
                    }
                    // An ad-level export has a row per ad: some campaign-days come as two rows that add up.
                    let split = shape.dirt && clicks >= 2 && conversions >= 1 && random.uniform() < 0.05
                    for w in rows {
                        func row(_ share: (Int) -> Int) {
                            w.write("\(day),\(campaign.id),\(campaign.channel),\(variant.name),")
                            w.integer(share(impressions)); w.byte(44); w.integer(share(clicks)); w.byte(44); w.integer(share(conversions)); w.byte(44)
                            w.cents(share(cost)); w.byte(44)
                            if revenueCents >= 0 { w.cents(share(revenueCents)) }
                            w.endLine()
                        }
                        if split {
                            row { $0 / 2 }
                            row { $0 - $0 / 2 }
                        } else {
                            row { $0 }
                        }
                    }
                    summary.adRows += 1
                }
            }
            if offset % 90 == 0 { progress("simulated \(day): \(summary.orderLines.grouped) order lines, \(summary.events.grouped) events") }
        }
        if shape.dirt { writeMalformedRows(parts, adWriters.last, &summary) }
        for part in parts {
            part.orders.close()
            part.events?.close()
        }
        for writer in adWriters { writer.close() }
    }

    /// A few rows in each export part that a loader must reject, each for a different reason.
    private func writeMalformedRows(_ parts: [Part], _ ads: ExportWriter?, _ summary: inout Summary) {
        for (p, part) in parts.enumerated() {
            let d = part.start + 1
            let layoutA = p == 0
            func line(_ order: String, _ time: String, _ rest: String) -> String {
                layoutA ? "\(order),\(time),\(rest)\n" : "\(time),\(order),\(rest)\n"
            }
            let rest = "C000001,SKU-00001,1,10.00,,completed,"
            part.orders.write(line("BAD-\(p)-1", "\(d)T10:00:00Z", "C000001,SKU-00001,1"))
            part.orders.write(line("BAD-\(p)-2", "2026-02-30T10:00:00Z", rest + (layoutA ? "web," : ",web")))
            part.orders.write(line("BAD-\(p)-3", "\(d)T10:00:00Z", "C000001,SKU-00001,1,-5.00,,completed," + (layoutA ? "web," : ",web")))
            part.orders.write(line("", "\(d)T10:00:00Z", rest + (layoutA ? "web," : ",web")))
            part.orders.write(line("BAD-\(p)-5", "\(d)T10:00:00Z", "C000001,SKU-00001,two,10.00,,completed," + (layoutA ? "web," : ",web")))
            summary.malformedRows += 5
            if let events = part.events {
                events.write("EBAD\(p)1,yesterday,C000001,view,SKU-00001,S1,\n")
                events.write("EBAD\(p)2,\(d)T10:00:00Z,,view,SKU-00001,S1,\n")
                summary.malformedRows += 2
            }
        }
        if let ads {
            ads.write("\(parts.last!.start + 2),search_brand_1,search,,100,5,1,n/a,\n")
            summary.malformedRows += 1
        }
    }

    private func pickCustomer(_ world: SampleWorld, _ day: Day, _ random: inout SeededRandom) -> Int? {
        for _ in 0..<12 {
            let c = random.pick(cumulative: world.customerActivityCumulative)
            let customer = world.customers[c]
            if customer.signup <= day && day <= customer.churn { return c }
        }
        return nil
    }

    private func pickProduct(_ world: SampleWorld, _ customer: SampleWorld.Customer, _ random: inout SeededRandom) -> Int {
        var category = random.pick(cumulative: customer.categoryCumulative)
        if world.categoryProducts[category].isEmpty { category = 0 }
        let members = world.categoryProducts[category]
        return members[random.pick(cumulative: world.categoryPopularity[category])]
    }

    /// A second of the day, busier in the evening.
    private func orderSecond(_ random: inout SeededRandom) -> Int {
        let hour = min(23, max(0, Int(14 + 5 * random.normal())))
        return hour * 3600 + Int(random.uniform() * 3600)
    }

    /// Writes `day` at `second` as ISO 8601, in one of two styles (exports disagree on formats).
    private func timestamp(_ w: ExportWriter, _ day: Day, _ secondOfDay: Int, style: Int) {
        let second = min(secondOfDay, 86_399)
        w.write(day.description)
        w.byte(style % 2 == 0 ? UInt8(ascii: "T") : UInt8(ascii: " "))
        w.padded(second / 3600, width: 2); w.byte(58); w.padded(second / 60 % 60, width: 2); w.byte(58); w.padded(second % 60, width: 2)
        if style % 2 == 0 { w.byte(UInt8(ascii: "Z")) } else { w.write("+00:00") }
    }
}

func formatCents(_ cents: Int) -> String { String(format: "%d.%02d", cents / 100, cents % 100) }

func xmlEscaped(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}
