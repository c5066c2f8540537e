import Foundation

/// Encodes `Encodable` values as JSON in which every number is finite: NaN and infinities are
/// written as `null` (DATA_CONTRACT.md section 4: "a figure that cannot be computed is null").
///
/// Foundation's `JSONEncoder` throws on a non-finite number, which lost whole reports to one
/// undefined figure, or writes it as a string; so the report's figures go through this encoder
/// instead, the one place that rule is enforced. An absent optional is written as `null` too
/// (Swift's synthesised `Encodable` skips it, which would drop documented keys). Output: keys
/// sorted, two-space indentation,
/// `/` unescaped; integers without a fraction; other numbers in Swift's shortest round-trip form.
public enum FiniteJSONEncoder {
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        let root = Box(.null)
        try encodeNested(value, into: root, codingPath: [])
        var out = ""
        write(root.value, indent: 0, to: &out)
        return out + "\n"
    }

    // MARK: Tree

    /// A node of the document being built; containers are boxes so nested encoders can fill them.
    fileprivate final class Box {
        var value: Value
        init(_ value: Value) { self.value = value }
    }

    fileprivate enum Value {
        case null, bool(Bool), number(Double), integer(Int64), unsigned(UInt64), string(String)
        case array([Box]), object([String: Box])
    }

    fileprivate static func number(_ value: Double) -> Value { value.isFinite ? .number(value) : .null }

    // MARK: Writing

    private static func write(_ value: Value, indent: Int, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .integer(let i): out += String(i)
        case .unsigned(let u): out += String(u)
        case .number(let d): out += text(d)
        case .string(let s): writeString(s, to: &out)
        case .array(let items):
            if items.isEmpty { out += "[\n\n" + pad(indent) + "]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += pad(indent + 1)
                write(item.value, indent: indent + 1, to: &out)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += pad(indent) + "]"
        case .object(let members):
            if members.isEmpty { out += "{\n\n" + pad(indent) + "}"; return }
            out += "{\n"
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (i, key) in keys.enumerated() {
                out += pad(indent + 1)
                writeString(key, to: &out)
                out += " : "
                write(members[key]!.value, indent: indent + 1, to: &out)
                out += i + 1 < keys.count ? ",\n" : "\n"
            }
            out += pad(indent) + "}"
        }
    }

    private static func pad(_ level: Int) -> String { String(repeating: "  ", count: level) }

    /// Whole numbers (below 2^53) as integers, others in the shortest form that reads back exactly.
    static func text(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 {
            return value == 0 ? "0" : String(Int64(value))
        }
        return "\(value)"
    }

    private static func writeString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case let c where c.value < 0x20 || c.value == 0x2028 || c.value == 0x2029:
                out += String(format: "\\u%04x", c.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    // MARK: Encoder

    /// Encodes a value into `box` with an encoder that fills it.
    fileprivate static func encodeNested<T: Encodable>(_ value: T, into box: Box, codingPath: [CodingKey]) throws {
        try value.encode(to: TreeEncoder(box: box, codingPath: codingPath))
    }

    fileprivate final class TreeEncoder: Encoder {
        var codingPath: [CodingKey]
        var userInfo: [CodingUserInfoKey: Any] = [:]
        let box: Box

        init(box: Box, codingPath: [CodingKey]) {
            self.box = box
            self.codingPath = codingPath
        }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if case .object = box.value {} else { box.value = .object([:]) }
            return KeyedEncodingContainer(Keyed<Key>(box: box, codingPath: codingPath))
        }

        func unkeyedContainer() -> UnkeyedEncodingContainer {
            if case .array = box.value {} else { box.value = .array([]) }
            return Unkeyed(box: box, codingPath: codingPath)
        }

        func singleValueContainer() -> SingleValueEncodingContainer { Single(box: box, codingPath: codingPath) }
    }

    fileprivate struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let box: Box
        var codingPath: [CodingKey]

        private func child(_ key: Key) -> Box {
            guard case .object(var members) = box.value else { preconditionFailure("keyed container over a non-object") }
            if let existing = members[key.stringValue] { return existing }
            let child = Box(.null)
            box.value = .null  // (see `Unkeyed.append`)
            members[key.stringValue] = child
            box.value = .object(members)
            return child
        }

        private func set(_ value: Value, _ key: Key) { child(key).value = value }

        mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
        mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
        mutating func encode(_ value: Double, forKey key: Key) throws { set(FiniteJSONEncoder.number(value), key) }
        mutating func encode(_ value: Float, forKey key: Key) throws { set(FiniteJSONEncoder.number(Double(value)), key) }
        mutating func encode(_ value: Int, forKey key: Key) throws { set(.integer(Int64(value)), key) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { set(.integer(Int64(value)), key) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { set(.integer(Int64(value)), key) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { set(.integer(Int64(value)), key) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { set(.integer(value), key) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { set(.unsigned(UInt64(value)), key) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { set(.unsigned(UInt64(value)), key) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { set(.unsigned(UInt64(value)), key) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { set(.unsigned(UInt64(value)), key) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { set(.unsigned(value), key) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try FiniteJSONEncoder.encodeNested(value, into: child(key), codingPath: codingPath + [key])
        }

        mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws {
            if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
        }
        mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
            if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
        }
        mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws {
            if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
        }
        mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws {
            if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
        }
        mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws {
            if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
        }
        mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws {
            if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
        }
        mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws {
            if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
        }
        mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws {
            if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
        }
        mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws {
            if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
        }
        mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws {
            if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
        }
        mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws {
            if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
        }
        mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws {
            if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
        }
        mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws {
            if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
        }
        mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws {
            if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
        }
        mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
            if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let box = child(key)
            box.value = .object([:])
            return KeyedEncodingContainer(Keyed<NestedKey>(box: box, codingPath: codingPath + [key]))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
            let box = child(key)
            box.value = .array([])
            return Unkeyed(box: box, codingPath: codingPath + [key])
        }

        mutating func superEncoder() -> Encoder { TreeEncoder(box: child(Key(stringValue: "super")!), codingPath: codingPath) }
        mutating func superEncoder(forKey key: Key) -> Encoder { TreeEncoder(box: child(key), codingPath: codingPath + [key]) }
    }

    fileprivate struct IndexKey: CodingKey {
        var stringValue: String { String(intValue!) }
        var intValue: Int?
        init(_ index: Int) { intValue = index }
        init?(stringValue: String) { nil }
        init?(intValue: Int) { self.intValue = intValue }
    }

    fileprivate struct Unkeyed: UnkeyedEncodingContainer {
        let box: Box
        var codingPath: [CodingKey]

        var count: Int {
            guard case .array(let items) = box.value else { return 0 }
            return items.count
        }

        /// Appends in place: the box lets go of its array first, so the array is not shared and not
        /// copied (with every element retained) at each append. Copied, 300,000 campaigns in the
        /// ads took the encoding of report.json past twelve minutes.
        private func append(_ value: Value) -> Box {
            guard case .array(var items) = box.value else { preconditionFailure("unkeyed container over a non-array") }
            let child = Box(value)
            box.value = .null
            items.append(child)
            box.value = .array(items)
            return child
        }

        mutating func encodeNil() throws { _ = append(.null) }
        mutating func encode(_ value: Bool) throws { _ = append(.bool(value)) }
        mutating func encode(_ value: String) throws { _ = append(.string(value)) }
        mutating func encode(_ value: Double) throws { _ = append(FiniteJSONEncoder.number(value)) }
        mutating func encode(_ value: Float) throws { _ = append(FiniteJSONEncoder.number(Double(value))) }
        mutating func encode(_ value: Int) throws { _ = append(.integer(Int64(value))) }
        mutating func encode(_ value: Int8) throws { _ = append(.integer(Int64(value))) }
        mutating func encode(_ value: Int16) throws { _ = append(.integer(Int64(value))) }
        mutating func encode(_ value: Int32) throws { _ = append(.integer(Int64(value))) }
        mutating func encode(_ value: Int64) throws { _ = append(.integer(value)) }
        mutating func encode(_ value: UInt) throws { _ = append(.unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt8) throws { _ = append(.unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt16) throws { _ = append(.unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt32) throws { _ = append(.unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt64) throws { _ = append(.unsigned(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            let index = count
            try FiniteJSONEncoder.encodeNested(value, into: append(.null), codingPath: codingPath + [IndexKey(index)])
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let index = count
            return KeyedEncodingContainer(Keyed<NestedKey>(box: append(.object([:])), codingPath: codingPath + [IndexKey(index)]))
        }

        mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
            let index = count
            return Unkeyed(box: append(.array([])), codingPath: codingPath + [IndexKey(index)])
        }

        mutating func superEncoder() -> Encoder { TreeEncoder(box: append(.null), codingPath: codingPath) }
    }

    fileprivate struct Single: SingleValueEncodingContainer {
        let box: Box
        var codingPath: [CodingKey]

        mutating func encodeNil() throws { box.value = .null }
        mutating func encode(_ value: Bool) throws { box.value = .bool(value) }
        mutating func encode(_ value: String) throws { box.value = .string(value) }
        mutating func encode(_ value: Double) throws { box.value = FiniteJSONEncoder.number(value) }
        mutating func encode(_ value: Float) throws { box.value = FiniteJSONEncoder.number(Double(value)) }
        mutating func encode(_ value: Int) throws { box.value = .integer(Int64(value)) }
        mutating func encode(_ value: Int8) throws { box.value = .integer(Int64(value)) }
        mutating func encode(_ value: Int16) throws { box.value = .integer(Int64(value)) }
        mutating func encode(_ value: Int32) throws { box.value = .integer(Int64(value)) }
        mutating func encode(_ value: Int64) throws { box.value = .integer(value) }
        mutating func encode(_ value: UInt) throws { box.value = .unsigned(UInt64(value)) }
        mutating func encode(_ value: UInt8) throws { box.value = .unsigned(UInt64(value)) }
        mutating func encode(_ value: UInt16) throws { box.value = .unsigned(UInt64(value)) }
        mutating func encode(_ value: UInt32) throws { box.value = .unsigned(UInt64(value)) }
        mutating func encode(_ value: UInt64) throws { box.value = .unsigned(value) }
        mutating func encode<T: Encodable>(_ value: T) throws { try FiniteJSONEncoder.encodeNested(value, into: box, codingPath: codingPath) }
    }
}
