/// An optional that encodes as JSON `null` when absent instead of dropping its key
/// (Swift's synthesised `Codable` omits nil optionals), so every documented field of
/// `report.json` is always present.
///
///     struct Row: Codable { @EncodesNil var lift: Double? }   // {"lift": null}
@propertyWrapper
public struct EncodesNil<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value = wrappedValue { try container.encode(value) } else { try container.encodeNil() }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try container.decode(Value.self)
    }
}

extension KeyedDecodingContainer {
    /// A missing key decodes as nil too.
    public func decode<Value>(_ type: EncodesNil<Value>.Type, forKey key: Key) throws -> EncodesNil<Value> {
        try decodeIfPresent(type, forKey: key) ?? EncodesNil(wrappedValue: nil)
    }
}
