import MktData
import Testing

/// Config loading: every rule of the README's config section, each a one-line error naming the key
/// and what is allowed.
@Suite struct ConfigTests {
    func parse(_ text: String) throws -> Config { try Config.parse(Array(text.utf8), file: "mktreport.json") }

    func error(_ text: String) -> String? {
        do { _ = try parse(text); return nil } catch { return "\(error)" }
    }

    @Test func anEmptyObjectGivesTheDefaults() throws {
        let config = try parse("{}")
        #expect(config.minSegmentSize == 10 && config.currency == "USD" && config.ads.alpha == 0.05)
        #expect(config.recommendations.topN == 10 && config.forecast.horizonDays == 30 && config.forecast.horizonWeeks == 8)
    }

    @Test func everySettingIsRead() throws {
        let config = try parse("""
        {"time_zone": "Europe/London", "currency": "GBP", "min_segment_size": 5, "segmentation": "clusters", "seed": 7, "encoding": "Latin-1",
         "columns": {"orders": {"order_id": "Name", "customer_id": "Email"}},
         "pii_columns": ["Notes"], "guest_customer_ids": ["0"], "non_product_skus": ["POST", "DOT"],
         "forecast": {"horizon_days": 14, "horizon_weeks": 4, "holidays": ["2026-12-25"]},
         "recommendations": {"top_n": 5, "event_weights": {"view": 0.5}, "half_life_days": 30, "neighbours": 20, "shrinkage": 0},
         "ads": {"min_clicks": 50, "alpha": 0.01}}
        """)
        #expect(config.timeZone == "Europe/London" && config.currency == "GBP" && config.minSegmentSize == 5)
        #expect(config.segmentation == "clusters" && config.seed == 7 && config.encoding == .windows1252)
        #expect(config.columnAliases[.orders] == ["order_id": "Name", "customer_id": "Email"])
        #expect(config.extraPIIColumns == ["notes"] && config.guestCustomerIds == ["0"] && config.nonProductSKUs == ["POST", "DOT"])
        #expect(config.forecast.horizonDays == 14 && config.forecast.horizonWeeks == 4 && config.forecast.holidays.map(\.description) == ["2026-12-25"])
        #expect(config.recommendations.topN == 5 && config.recommendations.eventWeights["view"] == 0.5
                && config.recommendations.eventWeights["purchase"] == 5)
        #expect(config.recommendations.halfLifeDays == 30 && config.recommendations.neighbours == 20 && config.recommendations.shrinkage == 0)
        #expect(config.ads.minClicks == 50 && config.ads.alpha == 0.01)
    }

    /// Each case: the config, and what its one-line error must contain.
    static let refused: [(String, String)] = [
        (#"{"colour": 1}"#, "unknown setting 'colour'"),
        (#"{"forecast": {"horizon": 3}}"#, "unknown setting 'forecast.horizon'"),
        (#"{"recommendations": {"event_weights": {"click": 1}}}"#, "unknown setting 'recommendations.event_weights.click'"),
        (#"{"columns": {"orders": {"order": "Name"}}}"#, "unknown setting 'columns.orders.order'"),
        (#"{"columns": {"invoices": {}}}"#, "unknown setting 'columns.invoices'"),
        (#"{"ads": {"alpha": 0}}"#, "'ads.alpha'"),
        (#"{"ads": {"alpha": 1}}"#, "'ads.alpha'"),
        (#"{"ads": {"alpha": 2}}"#, "'ads.alpha'"),
        (#"{"ads": {"min_clicks": -1}}"#, "'ads.min_clicks'"),
        (#"{"forecast": {"horizon_days": -1}}"#, "'forecast.horizon_days'"),
        (#"{"forecast": {"horizon_days": 0}}"#, "'forecast.horizon_days'"),
        (#"{"forecast": {"horizon_weeks": 0}}"#, "'forecast.horizon_weeks'"),
        (#"{"forecast": {"holidays": ["25/12/2026"]}}"#, "'forecast.holidays'"),
        (#"{"recommendations": {"top_n": -3}}"#, "'recommendations.top_n'"),
        (#"{"recommendations": {"top_n": 0}}"#, "'recommendations.top_n'"),
        (#"{"recommendations": {"top_n": 2.5}}"#, "'recommendations.top_n'"),
        (#"{"recommendations": {"half_life_days": 0}}"#, "'recommendations.half_life_days'"),
        (#"{"recommendations": {"neighbours": 0}}"#, "'recommendations.neighbours'"),
        (#"{"recommendations": {"shrinkage": -1}}"#, "'recommendations.shrinkage'"),
        (#"{"recommendations": {"event_weights": {"view": -1}}}"#, "'recommendations.event_weights.view'"),
        (#"{"min_segment_size": 0}"#, "'min_segment_size'"),
        (#"{"pii_columns": ["customer_id"]}"#, "'pii_columns' names 'customer_id'"),
        (#"{"pii_columns": ["SKU"]}"#, "'pii_columns' names 'SKU'"),
        (#"{"currency": "usd"}"#, "'currency'"),
        (#"{"encoding": "ebcdic"}"#, "'encoding' must be utf-8 or windows-1252"),
        (#"{"time_zone": "Mars/Olympus"}"#, "'time_zone'"),
        (#"{"segmentation": "kmeans"}"#, "'segmentation'"),
        (#"{"min_segment_size": "ten"}"#, "'min_segment_size'"),
        (#"{"columns": {"orders": {"order_id": ""}}}"#, "'columns.orders.order_id'"),
        (#"{"columns": {"orders": {"order_id": "ID", "customer_id": "id"}}}"#, "'columns.orders.customer_id' names the same header as 'columns.orders.order_id'"),
        (#"{"formats": {"orders": {"date": "DD-MM"}}}"#, "'formats.orders.date' must be one of"),
        (#"{"formats": {"orders": {"fill_down": ["colour"]}}}"#, "'formats.orders.fill_down' names 'colour'"),
        (#"{"formats": {"orders": {"defaults": {"qty": "1"}}}}"#, "unknown setting 'formats.orders.defaults.qty'"),
        (#"{"formats": {"orders": {"decimal_comma": "yes"}}}"#, "'formats.orders.decimal_comma' must be true or false"),
        (#"{"formats": {"invoices": {}}}"#, "unknown setting 'formats.invoices'"),
        (#"{"seed": 1, "seed": 2}"#, "seed"),
        (#"{"seed": 1,}"#, "invalid JSON"),
        (#"[1, 2]"#, "must be a JSON object"),
        ("{\"forecast\": \n {\"horizon_days\": 3", "mktreport.json:2"),
    ]

    @Test(arguments: refused.indices)
    func anOutOfRangeOrUnknownSettingIsAOneLineErrorNamingIt(index: Int) {
        let (text, expected) = Self.refused[index]
        let message = error(text)
        #expect(message?.contains(expected) == true, "\(text): \(message ?? "accepted")")
        #expect(message?.hasPrefix("mktreport.json") == true && message?.contains("\n") == false, "\(message ?? "")")
    }

    @Test func rangeErrorsSayWhatIsAllowed() {
        #expect(error(#"{"ads": {"alpha": 0}}"#)?.contains("0") == true)
        let topN = error(#"{"recommendations": {"top_n": 0}}"#) ?? ""
        #expect(topN.contains("1") && topN.contains("100"), "\(topN)")
    }

    @Test func deeplyNestedJSONIsRefusedNotRecursedInto() {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(error(text)?.contains("invalid JSON") == true)
    }
}
