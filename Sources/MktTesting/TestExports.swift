import CZlib
import Foundation
import MktData

/// Builds a small data directory of exports for tests, the same way a user's
/// exports look on disk, and loads it through the real loader.
///
///     var exports = TestExports()
///     exports.order("O1", "2026-11-23T10:00:00Z", customer: "C1", sku: "S1", quantity: 2, price: 9.5)
///     let (facts, rejects) = try exports.load(window: .fixed(window))
public struct TestExports {
    /// File name -> raw bytes.
    public var files: [String: Data] = [:]

    public init() {}

    /// Adds a file with exactly this text.
    public mutating func file(_ name: String, _ text: String) { files[name] = Data(text.utf8) }

    /// Adds a file holding `text` in UTF-16 little-endian with its byte-order mark (Excel's
    /// "Unicode text", Google Ads' "Excel .csv").
    public mutating func utf16File(_ name: String, _ text: String) {
        files[name] = Data([0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
    }

    /// Adds a gzip-compressed file holding `text`.
    public mutating func gzipFile(_ name: String, _ text: String) { files[name] = Gzip.compress(Data(text.utf8)) }

    private mutating func appendRow(_ name: String, header: String, _ fields: [String]) {
        if files[name] == nil { files[name] = Data((header + "\n").utf8) }
        files[name]!.append(Data((fields.map(CSVFormat.field).joined(separator: ",") + "\n").utf8))
    }

    public mutating func order(_ id: String, _ time: String, customer: String, sku: String, quantity: Double = 1,
                               price: Double, discount: Double = 0, status: String = "completed", channel: String = "web",
                               campaign: String = "", file: String = "orders.csv") {
        appendRow(file, header: "order_id,order_time,customer_id,sku,quantity,unit_price,discount,status,channel,campaign_id",
                  [id, time, customer, sku, Self.number(quantity), Self.number(price), Self.number(discount), status, channel, campaign])
    }

    public mutating func customer(_ id: String, signup: String = "2025-01-01", birthYear: String = "1985", gender: String = "F",
                                  region: String = "North", email: String = "", name: String = "", phone: String = "",
                                  file: String = "customers.csv") {
        appendRow(file, header: "customer_id,signup_date,birth_year,gender,region,city,email,name,phone",
                  [id, signup, birthYear, gender, region, "Town", email, name, phone])
    }

    public mutating func event(_ id: String, _ time: String, customer: String, type: String, sku: String = "",
                               file: String = "events.csv") {
        appendRow(file, header: "event_id,event_time,customer_id,event_type,sku,session_id", [id, time, customer, type, sku, "S1"])
    }

    public mutating func product(_ sku: String, title: String = "", category: String = "Cat", brand: String = "Brand",
                                 price: String = "10.00", file: String = "products.csv") {
        appendRow(file, header: "sku,title,category,brand,price", [sku, title.isEmpty ? "Product \(sku)" : title, category, brand, price])
    }

    public mutating func ad(_ date: String, campaign: String, channel: String = "search", variant: String = "",
                            impressions: Int, clicks: Int, conversions: Int, cost: Double, revenue: String = "",
                            file: String = "ads.csv") {
        appendRow(file, header: "date,campaign_id,channel,variant,impressions,clicks,conversions,cost,revenue",
                  [date, campaign, channel, variant, String(impressions), String(clicks), String(conversions), Self.number(cost), revenue])
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// Writes the files into a new temporary directory and returns its path.
    public func write() throws -> String {
        let directory = TemporaryDirectory.make()
        for (name, data) in files {
            try data.write(to: URL(fileURLWithPath: (directory as NSString).appendingPathComponent(name)))
        }
        return directory
    }

    /// Writes and loads the exports.
    public func load(window: DataLoader.WindowChoice, config: Config = Config()) throws -> (facts: Facts, rejects: [RejectedRow]) {
        let directory = try write()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let sink = CollectingRejectSink()
        let facts = try DataLoader(directory: directory, config: config).load(window: window, rejects: sink)
        return (facts, sink.rows)
    }
}

/// Fresh, uniquely named temporary directories, all inside one folder per test process that is
/// removed when the process exits, so a test run leaves nothing behind in the system's temporary folder.
public enum TemporaryDirectory {
    public static func make() -> String {
        let path = (processFolder as NSString).appendingPathComponent(UUID().uuidString)
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Created on first use; `atexit` removes it with everything in it.
    private static let processFolder: String = {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("mktreport-test-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: TemporaryDirectory.processFolder) }
        return path
    }()
}

/// gzip compression for test inputs.
public enum Gzip {
    public static func compress(_ data: Data) -> Data {
        var stream = z_stream()
        deflateInit2_(&stream, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        defer { deflateEnd(&stream) }
        var input = [UInt8](data)
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(input.count))) + 64)
        let produced = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = UInt32(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = UInt32(outBuffer.count)
                deflate(&stream, Z_FINISH)
                return outBuffer.count - Int(stream.avail_out)
            }
        }
        return Data(output.prefix(produced))
    }
}
