/// How a figure moved between two windows: the one rule every page and sentence uses.
public struct Change: Sendable, Equatable, Codable {
    public enum Direction: String, Sendable, Codable { case up, down, flat }

    /// (current - previous) / |previous|: a deeper loss is a fall, whatever the signs. Nil when the
    /// previous value is 0 (no base to compare against).
    public var relative: Double?
    public var direction: Direction

    /// Changes that round to 0.0% are flat (the pages show changes to one decimal of a percent).
    public static let flatBelow = 0.0005

    public init(_ current: Double, from previous: Double) {
        let difference = current - previous
        if previous == 0 {
            relative = nil
            direction = difference > 0 ? .up : (difference < 0 ? .down : .flat)
        } else {
            let r = difference / abs(previous)
            relative = r
            direction = abs(r) < Self.flatBelow ? .flat : (r > 0 ? .up : .down)
        }
    }
}
