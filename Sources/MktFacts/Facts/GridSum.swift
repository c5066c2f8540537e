/// Sums that do not depend on the order of the rows they add up.
///
/// A database returns a table's rows in its own order (PostgreSQL puts a short row in room an
/// earlier page has left), and a shop may download its exports sorted another way. Floating-point
/// addition rounds at each step, so a plain sum of the same rows in another order can differ in
/// its last digits, and those digits reach report.json. Each value is therefore first put on a
/// grid of ten-thousandths: the grid counts are integers held in a `Double`, added exactly in any
/// order (up to 2^53 steps, 900 billion of a currency), and only the final division rounds.
///
/// Money and quantities have at most four decimals in any export seen; a fifth is rounded off
/// once, the same way whatever the order.
public enum GridSum {
    /// Grid steps in one unit (of a currency, or of a quantity).
    public static let stepsPerUnit = 10_000.0

    /// `value` as a whole number of grid steps.
    @inline(__always) public static func steps(_ value: Double) -> Double { (value * stepsPerUnit).rounded() }

    /// The value of a sum of grid steps.
    @inline(__always) public static func value(ofSteps steps: Double) -> Double { steps / stepsPerUnit }
}

/// The decayed interaction signals (`InteractionTable`) as counts of 2^-16 in 32 bits: added
/// exactly in any order, held in as many bytes as the `Float` they end as. A sum saturates at
/// 65,536 (that many undecayed events of one customer on one item) instead of wrapping.
enum SignalSteps {
    static let stepsPerUnit: Float = 65_536

    @inline(__always) static func steps(_ value: Double) -> UInt32 {
        UInt32(min((value * Double(stepsPerUnit)).rounded(), Double(UInt32.max)))
    }

    @inline(__always) static func add(_ steps: UInt32, to sum: inout UInt32) {
        let (total, overflow) = sum.addingReportingOverflow(steps)
        sum = overflow ? .max : total
    }

    @inline(__always) static func value(_ steps: UInt32) -> Float { Float(steps) / stepsPerUnit }
}
