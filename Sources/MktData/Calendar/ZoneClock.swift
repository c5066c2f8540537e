import Foundation

/// Converts instants (seconds since the Unix epoch) to days in the configured time zone.
///
/// The zone's UTC offsets are tabulated once from Foundation's `TimeZone` for the
/// years mktreport accepts, so a lookup is a binary search instead of a Foundation
/// call per row. Wall-clock times without an offset never need this: their day is
/// their date.
public struct ZoneClock: Sendable {
    public let identifier: String
    /// Instants where the offset changes, ascending, and the offset in force from each.
    private let transitions: [Int64]
    private let offsets: [Int64]

    public static let utc = ZoneClock(fixedOffsetSeconds: 0, identifier: "UTC")

    private init(fixedOffsetSeconds: Int64, identifier: String) {
        self.identifier = identifier
        transitions = [Int64.min]
        offsets = [fixedOffsetSeconds]
    }

    /// Creates a clock for an IANA zone name such as `Europe/Berlin`; nil when unknown.
    public init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.identifier = identifier
        let first = Date(timeIntervalSince1970: -2_208_988_800)  // 1900-01-01
        let last = Date(timeIntervalSince1970: 7_258_118_400)    // 2200-01-01
        var instants: [Int64] = [Int64.min]
        var offsets: [Int64] = [Int64(zone.secondsFromGMT(for: first))]
        var cursor = first
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next < last {
            instants.append(Int64(next.timeIntervalSince1970))
            offsets.append(Int64(zone.secondsFromGMT(for: next)))
            cursor = next
        }
        transitions = instants
        self.offsets = offsets
    }

    /// The zone's offset from UTC in seconds when it never changes (UTC, `Etc/GMT+5`), else nil.
    public var fixedOffset: Int64? { offsets.count == 1 ? offsets[0] : nil }

    /// The instants (seconds since 1970, ascending) where the offset changes, and the offsets:
    /// `offsets[0]` before the first change, `offsets[i]` from `instants[i - 1]` on. (The database
    /// source turns events' instants into local days with this table, as `day(ofInstant:)` does.)
    public var offsetChanges: (instants: [Int64], offsets: [Int64]) { (Array(transitions.dropFirst()), offsets) }

    /// The zone's offset from UTC in seconds at an instant.
    public func offset(atInstant seconds: Int64) -> Int64 {
        var low = 0, high = transitions.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if transitions[mid] <= seconds { low = mid } else { high = mid - 1 }
        }
        return offsets[low]
    }

    /// The local day of an instant.
    public func day(ofInstant seconds: Int64) -> Day { moment(ofInstant: seconds).day }

    /// The local day and second of the day of an instant.
    @inline(__always) public func moment(ofInstant seconds: Int64) -> LocalMoment {
        let local = seconds + offset(atInstant: seconds)
        let day = floorDiv(local, 86_400)
        return LocalMoment(day: Day(index: Int32(day)), second: Int32(local - day * 86_400))
    }
}

/// A local day and the second of it (0 ..< 86,400): orders of one day are ordered by it.
public struct LocalMoment: Sendable, Equatable {
    public var day: Day
    public var second: Int32
}

@inline(__always) func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}
