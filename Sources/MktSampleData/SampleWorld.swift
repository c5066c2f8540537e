import Foundation
import MktData
import MktModels

/// The simulated shop behind the sample exports: catalog, customers and campaigns,
/// drawn once from the seed. Orders, events and ad rows are then simulated day by day.
struct SampleWorld {
    struct Product {
        var sku: String
        var title: String
        var category: Int
        var brand: String
        var priceCents: Int
    }

    struct Customer {
        var id: String
        var signup: Day
        var churn: Day
        var birthYear: Int
        var gender: String
        var region: Int
        var city: String
        /// Cumulative category preference weights.
        var categoryCumulative: [Double]
        var name: String
        var email: String
        var phone: String
    }

    struct Campaign {
        var id: String
        var channel: String
        var start: Day
        var end: Day
        var dailyImpressions: Double
        var costPerClick: Double
        /// Variant name -> (true CTR, true CVR).
        var variants: [(name: String, ctr: Double, cvr: Double)]
        var reportsRevenue: Bool
    }

    static let categories = [
        "Home & Kitchen", "Electronics", "Fashion", "Beauty", "Sports & Outdoors", "Toys & Games",
        "Books", "Grocery", "Garden", "Pet Supplies", "Health", "Office",
    ]
    /// Median price in dollars per category.
    static let medianPrice: [Double] = [35, 120, 45, 22, 55, 28, 16, 9, 30, 24, 19, 14]
    static let regions = ["North", "South", "East", "West", "Central", "Coastal", "Mountain", "Islands"]
    static let regionWeights: [Double] = [18, 16, 15, 14, 12, 11, 9, 5]
    static let cities = [
        ["Northam", "Frostburg", "Pine Hollow"], ["Southport", "Magnolia", "Bayview"], ["Eastfield", "Harbor City", "Kingsbridge"],
        ["Westover", "Sunset Bay", "Redrock"], ["Centerville", "Midtown", "Washington, D.C."], ["Seaside", "Port Royal", "Shelby"],
        ["Summit", "Ridgeview", "Alpine"], ["Isla Verde", "Coral Key", "Palm Cove"],
    ]
    static let brandStems = ["Acme", "Northwind", "Lumen", "Orchid", "Vertex", "Kestrel", "Maple & Co", "Tidal", "Brio", "Nimbus", "Quarry", "Sol"]
    static let adjectives = ["Compact", "Classic", "Deluxe", "Everyday", "Pro", "Eco", "Smart", "Premium", "Mini", "Ultra", "Soft", "Travel"]
    static let nouns: [[String]] = [
        ["Blender", "Chef's Knife", "Frying Pan", "Kettle", "Toaster", "Mug Set"],
        ["Headphones", "Monitor 27\"", "Charger", "Speaker", "Keyboard", "Webcam"],
        ["T-Shirt", "Jeans", "Sneakers", "Jacket", "Scarf", "Dress"],
        ["Moisturizer", "Lipstick", "Shampoo", "Serum", "Perfume", "Face Mask"],
        ["Yoga Mat", "Tent", "Water Bottle", "Running Shoes", "Backpack", "Bike Light"],
        ["Puzzle", "Board Game", "Plush Bear", "Building Blocks", "Kite", "Card Game"],
        ["Novel", "Cookbook", "Travel Guide", "Comic", "Biography", "Poetry"],
        ["Coffee Beans", "Olive Oil", "Tea Sampler", "Granola", "Pasta", "Chocolate"],
        ["Hose", "Planter", "Seeds, Heirloom", "Pruner", "Gloves", "Lantern"],
        ["Dog Bed", "Cat Toy", "Leash", "Pet Food", "Aquarium Filter", "Scratching Post"],
        ["Vitamins", "Thermometer", "First Aid Kit", "Massage Gun", "Sleep Mask", "Scale"],
        ["Notebook", "Desk Lamp", "Pen Set", "Stapler", "Planner", "Chair Cushion"],
    ]
    static let firstNames = ["Ava", "Liam", "Mia", "Noah", "Zoe", "Omar", "Lena", "Ivan", "Sofia", "Kenji", "Amara", "Luis", "Chloe", "Tariq", "Nina", "Sean"]
    static let lastNames = ["Smith", "O'Brien", "Garcia", "Nguyen", "Müller", "Okafor", "Rossi", "Kowalski", "Tanaka", "Smith, Jr.", "Haddad", "Silva"]

    let first: Day
    let last: Day
    var products: [Product] = []
    /// Per category: product indices and cumulative popularity (power law).
    var categoryProducts: [[Int]] = []
    var categoryPopularity: [[Double]] = []
    var customers: [Customer] = []
    var customerActivityCumulative: [Double] = []
    var campaigns: [Campaign] = []

    init(scale: SampleScale, shape: SampleShape, random: inout SeededRandom, first: Day, last: Day) {
        self.first = first
        self.last = last
        makeProducts(shape.products ?? scale.products, &random)
        makeCustomers(shape.customers ?? scale.customers, &random)
        makeCampaigns(shape.campaigns ?? scale.campaigns, variants: shape.variants, &random)
    }

    private mutating func makeProducts(_ count: Int, _ random: inout SeededRandom) {
        categoryProducts = Array(repeating: [], count: Self.categories.count)
        let categoryShare: [Double] = [14, 12, 13, 9, 8, 7, 9, 6, 5, 5, 6, 6]
        let cumulative = runningSum(categoryShare)
        for i in 0..<count {
            let category = random.pick(cumulative: cumulative)
            let brandIndex = (category * 5 + Int(random.uniform() * 5)) % Self.brandStems.count
            let brand = Self.brandStems[brandIndex] + (category % 2 == 0 ? "" : " Labs")
            let noun = Self.nouns[category][Int(random.uniform() * 6)]
            let adjective = Self.adjectives[Int(random.uniform() * Double(Self.adjectives.count))]
            var title = "\(brand) \(adjective) \(noun)"
            if random.uniform() < 0.15 { title += ", \(["Black", "Blue", "Large", "2-Pack", "Organic"][Int(random.uniform() * 5)])" }
            let price = Self.medianPrice[category] * exp(0.55 * random.normal())
            products.append(Product(sku: String(format: "SKU-%05d", i + 1), title: title, category: category,
                                    brand: brand, priceCents: max(99, Int(price * 100) / 100 * 100 + 99)))
            categoryProducts[category].append(i)
        }
        // Zipf-like popularity within each category, in a shuffled order.
        categoryPopularity = categoryProducts.map { members in
            var weights = (0..<members.count).map { 1 / pow(Double($0) + 1, 1.05) }
            for i in stride(from: weights.count - 1, to: 0, by: -1) {
                weights.swapAt(i, Int(random.uniform() * Double(i + 1)))
            }
            return runningSum(weights)
        }
    }

    private mutating func makeCustomers(_ count: Int, _ random: inout SeededRandom) {
        let span = Double(last - first)
        let regionCumulative = runningSum(Self.regionWeights)
        var activity: [Double] = []
        for i in 0..<count {
            // A third signed up before the history starts; the rest arrive at a growing rate.
            let signup: Day = random.uniform() < 0.33
                ? first - Int(random.uniform() * 900)
                : first + Int(span * random.uniform().squareRoot())
            let lifetime = -log(max(random.uniform(), 1e-9)) * 420 + 30
            let region = random.pick(cumulative: regionCumulative)
            var preference = (0..<Self.categories.count).map { _ in random.gamma(shape: 0.35) + 0.01 }
            let favourite = Int(random.uniform() * Double(Self.categories.count))
            preference[favourite] += 1.5
            let firstName = Self.firstNames[Int(random.uniform() * Double(Self.firstNames.count))]
            let lastName = Self.lastNames[Int(random.uniform() * Double(Self.lastNames.count))]
            let id = String(format: "C%06d", i + 1)
            customers.append(Customer(
                id: id, signup: signup, churn: signup + Int(lifetime),
                birthYear: min(2008, max(1940, Int(1986 + 13 * random.normal()))),
                gender: random.uniform() < 0.52 ? "F" : (random.uniform() < 0.95 ? "M" : "X"),
                region: region, city: Self.cities[region][Int(random.uniform() * 3)],
                categoryCumulative: runningSum(preference), name: "\(firstName) \(lastName)",
                email: "\(firstName.lowercased()).\(lastName.lowercased().filter(\.isLetter))\(i + 1)@example.com",
                phone: String(format: "+1-555-%03d-%04d", (i / 10_000) % 1000, i % 10_000)))
            activity.append(random.gamma(shape: 0.7))
        }
        customerActivityCumulative = runningSum(activity)
    }

    private mutating func makeCampaigns(_ count: Int, variants runVariants: Bool, _ random: inout SeededRandom) {
        let channels = ["search", "social", "display", "email", "affiliate"]
        let ctr: [Double] = [0.035, 0.011, 0.004, 0.025, 0.015]
        let cvr: [Double] = [0.045, 0.02, 0.012, 0.05, 0.035]
        let cpc: [Double] = [0.9, 0.55, 0.35, 0.08, 0.6]
        let themes = ["brand", "generic", "retargeting", "holiday", "summer_sale", "new_arrivals", "clearance", "loyalty"]
        for i in 0..<count {
            let c = i % channels.count
            let alwaysOn = i < count / 2
            let start = alwaysOn ? first : first + Int(random.uniform() * Double(max(1, last - first - 60)))
            let end = alwaysOn ? last : min(last, start + 28 + Int(random.uniform() * 90))
            let quality = exp(0.35 * random.normal())
            var variants: [(String, Double, Double)] = [("", ctr[c] * quality, cvr[c] * exp(0.3 * random.normal()))]
            switch runVariants ? i % 9 : 0 {
            case 1: variants = [("A", ctr[c] * quality, cvr[c]), ("B", ctr[c] * quality * 1.25, cvr[c])]
            case 4: variants = [("A", ctr[c] * quality, cvr[c]), ("B", ctr[c] * quality, cvr[c] * 0.8)]
            case 7: variants = [("control", ctr[c] * quality, cvr[c]), ("new_copy", ctr[c] * quality, cvr[c]),
                                ("new_image", ctr[c] * quality * 1.1, cvr[c] * 1.1)]
            default: break
            }
            campaigns.append(Campaign(
                id: "\(channels[c])_\(themes[i % themes.count])_\(i + 1)", channel: channels[c], start: start, end: end,
                dailyImpressions: [9_000, 40_000, 120_000, 6_000, 15_000][c] * exp(0.5 * random.normal()),
                costPerClick: cpc[c] * exp(0.2 * random.normal()), variants: variants,
                reportsRevenue: c != 3 && c != 4))
        }
    }

    /// Orders expected on `day`: trend x weekly x yearly seasonality x promotions.
    func demandMultiplier(_ day: Day) -> Double {
        let progress = Double(day - first) / Double(last - first)
        let trend = 1 + 0.45 * progress
        let weekly = [0.95, 0.92, 0.94, 1.0, 1.06, 1.12, 1.01][day.weekday]
        let doy = Double(day.dayOfYear)
        let yearly = 1 + 0.18 * cos(2 * Double.pi * (doy - 355) / 365.25) + 0.06 * cos(4 * Double.pi * (doy - 200) / 365.25)
        return trend * weekly * yearly * promotion(day).demand
    }

    /// Promotions: Black Friday to Cyber Monday, a summer sale and a spring sale.
    func promotion(_ day: Day) -> (demand: Double, discount: Double) {
        let c = day.components
        if c.month == 11 {
            let thanksgiving = thanksgivingDay(year: c.year)
            if day >= thanksgiving + 1 && day <= thanksgiving + 4 { return (2.4, 0.25) }
            if day >= thanksgiving - 6 && day <= thanksgiving { return (1.3, 0.1) }
        }
        if c.month == 7 && c.day >= 10 && c.day <= 16 { return (1.5, 0.15) }
        if c.month == 3 && c.day >= 18 && c.day <= 22 { return (1.3, 0.1) }
        return (1, 0)
    }

    private func thanksgivingDay(year: Int) -> Day {
        let november1 = Day(year: year, month: 11, day: 1)!
        let firstThursday = november1 + (3 - november1.weekday + 7) % 7
        return firstThursday + 21
    }
}

func runningSum(_ values: [Double]) -> [Double] {
    var total = 0.0
    return values.map { total += $0; return total }
}
