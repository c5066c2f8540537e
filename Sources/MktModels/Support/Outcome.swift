/// What a model gives back: its result, or why the data cannot support it (a sentence for the
/// reader that names the minimum, e.g. "needs at least 30 customers who bought ...").
public enum Outcome<Value: Sendable>: Sendable {
    case available(Value)
    case unavailable(String)

    public var value: Value? {
        if case .available(let value) = self { return value }
        return nil
    }

    /// Why the result is missing; nil when it is there.
    public var reason: String? {
        if case .unavailable(let reason) = self { return reason }
        return nil
    }

    public func map<T: Sendable>(_ transform: (Value) -> T) -> Outcome<T> {
        switch self {
        case .available(let value): return .available(transform(value))
        case .unavailable(let reason): return .unavailable(reason)
        }
    }
}
