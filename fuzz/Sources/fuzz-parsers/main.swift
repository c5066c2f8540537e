import FuzzDriver
import MktData

/// The number and date parsers on arbitrary bytes. Checks: a parsed number is finite, a parsed
/// integer round-trips through its text, and a parsed day lies in the accepted years 1900-2199.
let berlin = ZoneClock(identifier: "Europe/Berlin")!

runFuzzer { data, size in
    guard let data else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    if case .success(let value) = DecimalParser.parse(bytes) { precondition(value.isFinite, "non-finite number") }
    if let integer = DecimalParser.parseInteger(bytes) {
        let again = Array(String(integer).utf8).withUnsafeBufferPointer { DecimalParser.parseInteger($0) }
        precondition(again == integer, "integer does not round-trip")
    }
    for clock in [ZoneClock.utc, berlin] {
        if case .success(let day) = ISODateParser.parseDay(bytes, clock: clock) {
            precondition((1900...2199).contains(day.components.year), "day out of range: \(day)")
        }
    }
    if let day = ISODateParser.parseDate(bytes) { precondition((1900...2199).contains(day.components.year), "date out of range") }
    return 0
}
