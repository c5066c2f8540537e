import MktFacts

/// Turns dated observations into a regular series: infers the frequency, sorts,
/// and fills missing periods by linear interpolation, saying what it did.
public enum RegularSeries {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func make(_ observations: [(date: Day, value: Double?)]) throws -> (series: TimeSeries, notes: [String]) {
        var byDate: [Day: Double?] = [:]
        var notes: [String] = []
        for (date, value) in observations {
            if byDate[date] != nil { throw Failure(description: "date \(date) appears twice") }
            byDate[date] = value
        }
        let dates = byDate.keys.sorted()
        guard dates.count >= 2 else { throw Failure(description: "need at least two dated values") }
        let gaps = zip(dates.dropFirst(), dates).map { $0 - $1 }.sorted()
        let typical = gaps[gaps.count / 2]
        let frequency: Frequency
        switch typical {
        case 1: frequency = .daily
        case 7: frequency = .weekly
        case 28...31: frequency = .monthly
        default: throw Failure(description: "cannot tell the frequency: typical gap of \(typical) days (expected 1, 7 or about 30)")
        }
        // Place every observation on the regular grid from the first date.
        var values: [Double?] = []
        var index = 0
        var date = dates[0]
        while date <= dates.last! {
            if let value = byDate[date] { values.append(value) } else { values.append(nil) }
            index += 1
            date = frequency.advance(dates[0], by: index)
        }
        let offGrid = dates.filter { d in !(0..<values.count).contains { frequency.advance(dates[0], by: $0) == d } }
        if !offGrid.isEmpty {
            throw Failure(description: "\(offGrid.count) dates do not fall on the \(frequency.rawValue) grid starting \(dates[0]) (first: \(offGrid[0]))")
        }
        let missing = values.filter { $0 == nil }.count
        if missing > 0 {
            notes.append("\(missing) missing \(frequency.rawValue) values were filled by linear interpolation")
        }
        return (TimeSeries(start: dates[0], frequency: frequency, values: interpolate(values)), notes)
    }

    /// Linear interpolation of nil runs; runs at the ends take the nearest value.
    static func interpolate(_ values: [Double?]) -> [Double] {
        let known = values.indices.filter { values[$0] != nil }
        guard let first = known.first else { return values.map { _ in 0 } }
        var result = values.map { $0 ?? 0 }
        for i in 0..<first { result[i] = values[first]! }
        var previous = first
        for next in known.dropFirst() {
            let a = values[previous]!, b = values[next]!
            for i in (previous + 1)..<next where next - previous > 1 {
                result[i] = a + (b - a) * Double(i - previous) / Double(next - previous)
            }
            previous = next
        }
        for i in (previous + 1)..<values.count where previous + 1 < values.count { result[i] = values[previous]! }
        return result
    }
}
