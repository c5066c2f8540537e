/// The report window and the windows of equal length before it.
///
/// Models learn from `history` and `prior`, compare against `previous` and report
/// on `current`; time-split validations move one window back.
public struct Periods: Sendable, Equatable {
    public let current: DateWindow
    public var previous: DateWindow { current.previous }
    public var prior: DateWindow { current.previous.previous }

    public init(current: DateWindow) { self.current = current }

    /// The last day of each interaction period (`InteractionTable.period`): before the previous
    /// window, the previous window, the report window.
    public var interactionPeriodEnds: [Day] { [previous.from - 1, previous.to, current.to] }

    /// The period a day falls in; nil after the report window.
    @inline(__always) public func period(of day: Day) -> Period? {
        if day > current.to { return nil }
        if day >= current.from { return .current }
        if day >= previous.from { return .previous }
        if day >= prior.from { return .prior }
        return .history
    }
}

/// Which window a day belongs to, relative to the report window.
public enum Period: Int, CaseIterable, Sendable {
    /// Everything before `prior`.
    case history = 0
    /// The window before the previous one.
    case prior
    /// The comparison window.
    case previous
    /// The report window.
    case current
}

/// Behaviour event types (DATA_CONTRACT.md: others are counted as `other`).
public enum EventType: Int, CaseIterable, Sendable, Codable {
    case view = 0, cart, purchase, search, wishlist, other

    public var name: String { String(describing: self) }
}
