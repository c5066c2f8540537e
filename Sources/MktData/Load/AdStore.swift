/// Ad-platform rows as loaded, by date + campaign_id + variant (DATA_CONTRACT.md section 1): rows of
/// one key within a file add up (an ad-level export has a row per ad); a later file (in name order)
/// restates the key, replacing what earlier files said.
struct AdStore {
    var index = Key128Table()
    /// The rows, their measures in grid steps (`GridSum`) so that a key's rows add up to the same
    /// total in any order; `table` has the values.
    private var steps = AdTable()
    /// True once any file has a clicks column (`AdTable.clicksReported`).
    var clicksReported = false
    /// The file that last wrote each row.
    private var rowFile: [Int32] = []
    private var file: Int32 = -1

    var table: AdTable {
        var table = steps
        for measure in [\AdTable.impressions, \.clicks, \.conversions, \.cost, \.revenue] {
            table[keyPath: measure] = table[keyPath: measure].map(GridSum.value(ofSteps:))
        }
        table.clicksReported = clicksReported
        return table
    }

    /// Starts the next file.
    mutating func beginFile() { file += 1 }

    /// Adds a row of the current file; returns true when it restates a row of an earlier file.
    mutating func add(day: Day, campaign: Int32, variant: Int32, channel: Int32, impressions: Double,
                      clicks: Double, conversions: Double, cost: Double, revenue: Double) -> Bool {
        let key = Key128(high: UInt64(UInt32(bitPattern: day.index)) << 32 | UInt64(UInt32(bitPattern: campaign)),
                         low: UInt64(UInt32(bitPattern: variant)))
        let row: Int
        var restated = false
        if let existing = index.insertIfAbsent(key, value: Int32(steps.count)) {
            row = Int(existing)
            if rowFile[row] != file {
                restated = true
                rowFile[row] = file
                steps.impressions[row] = 0
                steps.clicks[row] = 0
                steps.conversions[row] = 0
                steps.cost[row] = 0
                steps.revenue[row] = .nan
            }
        } else {
            row = steps.count
            rowFile.append(file)
            steps.campaign.append(campaign)
            steps.variant.append(variant)
            steps.day.append(day)
            steps.channel.append(-1)
            steps.impressions.append(0)
            steps.clicks.append(0)
            steps.conversions.append(0)
            steps.cost.append(0)
            steps.revenue.append(.nan)
        }
        if channel >= 0 { steps.channel[row] = channel }
        steps.impressions[row] += GridSum.steps(impressions)
        steps.clicks[row] += GridSum.steps(clicks)
        steps.conversions[row] += GridSum.steps(conversions)
        steps.cost[row] += GridSum.steps(cost)
        // NaN is "no platform revenue": a sum of rows has revenue when any of them has.
        if !revenue.isNaN { steps.revenue[row] = (steps.revenue[row].isNaN ? 0 : steps.revenue[row]) + GridSum.steps(revenue) }
        return restated
    }
}

extension LoadContext {
    func loadAds(_ file: CSVExportFile, into store: inout AdStore) throws {
        let dateAt = file.position("date")!, campaignAt = file.position("campaign_id")!, costAt = file.position("cost")!
        let channelAt = file.position("channel"), variantAt = file.position("variant")
        let impressionsAt = file.position("impressions"), clicksAt = file.position("clicks")
        let conversionsAt = file.position("conversions"), revenueAt = file.position("revenue")
        let clock = self.clock, currency = config.currency
        store.beginFile()
        if clicksAt != nil { store.clicksReported = true }
        func count(_ position: Int?, _ column: String, _ row: CSVReader) throws(RowProblem) -> Double {
            let bytes = trimmed(optionalField(row, position))
            if bytes.isEmpty { return 0 }
            let value = try FieldReading.number(bytes, column: column).get()
            if value < 0 { throw RowProblem("negative \(column)", bytes) }
            return value
        }
        try file.forEachRow(log: log) { (row) throws(RowProblem) in
            let day = try FieldReading.day(row.field(dateAt), column: "date", clock: clock).get()
            let campaign = try FieldReading.key(row.field(campaignAt), column: "campaign_id").get()
            let cost = try FieldReading.money(row.field(costAt), column: "cost", currency: currency).get()
            if cost < 0 { throw RowProblem("negative cost", trimmed(row.field(costAt))) }
            let channel = try FieldReading.text(optionalField(row, channelAt), column: "channel").get()
            let variant = try FieldReading.text(optionalField(row, variantAt), column: "variant").get()
            let impressions = try count(impressionsAt, "impressions", row)
            let clicks = try count(clicksAt, "clicks", row)
            let conversions = try count(conversionsAt, "conversions", row)
            if impressionsAt != nil && clicks > impressions { throw RowProblem("clicks exceed impressions") }
            if clicksAt != nil && conversions > clicks && !file.attributedConversions { throw RowProblem("conversions exceed clicks") }
            let revenueBytes = trimmed(optionalField(row, revenueAt))
            let revenue = revenueBytes.isEmpty ? Double.nan
                : try FieldReading.money(revenueBytes, column: "revenue", currency: currency).get()
            let duplicate = store.add(
                day: day, campaign: campaigns.intern(campaign), variant: variants.intern(variant),
                channel: LoadContext.optionalId(channel, in: &channels), impressions: impressions,
                clicks: clicks, conversions: conversions, cost: cost, revenue: revenue)
            if duplicate { log.quality[.ads].duplicates += 1 }
        }
    }
}
