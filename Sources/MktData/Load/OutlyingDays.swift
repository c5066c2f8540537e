import MktFacts

/// Order lines dated far from the rest of the orders: a `1900-01-01` placeholder or a `2099` typo
/// would otherwise stretch the daily history over a century (and every forecast with it) or move
/// the default window to 2099. The days are split where consecutive order days lie more than
/// `gapDays` apart; the part holding most lines is the data, and a part holding at most
/// `maximumShare` of the lines (or at most `fewLines`), and under a tenth of the main part, is left
/// out and reported in the data-quality notes.
enum OutlyingDays {
    static let gapDays = 366
    static let maximumShare = 0.01
    static let fewLines = 5

    /// The lines to keep, and a note for each part left out (nil when nothing is).
    static func split(_ lines: OrderLines) -> (keep: [Bool], notes: [String]) {
        guard let first = lines.day.min(), let last = lines.day.max(), first < last else {
            return (Array(repeating: true, count: lines.count), [])
        }
        // Counted in an array over the span (valid dates span a few centuries at most): a
        // dictionary hashed each of the large shop's 10M lines, with the other core idle.
        var perDay = [Int](repeating: 0, count: last - first + 1)
        for day in lines.day { perDay[day - first] += 1 }
        let days = perDay.indices.filter { perDay[$0] > 0 }.map { first + $0 }
        var parts: [(from: Day, to: Day, lines: Int)] = [(first, first, perDay[0])]
        for day in days.dropFirst() {
            if day - parts[parts.count - 1].to > gapDays { parts.append((day, day, 0)) }
            parts[parts.count - 1].to = day
            parts[parts.count - 1].lines += perDay[day - first]
        }
        let main = parts.indices.max { parts[$0].lines < parts[$1].lines }!
        let dropped = parts.indices.filter { i in
            i != main && (Double(parts[i].lines) <= maximumShare * Double(lines.count) || parts[i].lines <= fewLines)
                && parts[i].lines * 10 < parts[main].lines
        }
        guard !dropped.isEmpty else { return (Array(repeating: true, count: lines.count), []) }
        let notes = dropped.map { i -> String in
            let p = parts[i], range = p.from == p.to ? "dated \(p.from)" : "dated \(p.from) to \(p.to)"
            return "\(p.lines.grouped) order line\(p.lines == 1 ? "" : "s") \(range) \(p.lines == 1 ? "lies" : "lie") over a year from the rest of the orders (\(parts[main].from) to \(parts[main].to)) and \(p.lines == 1 ? "was" : "were") left out (a placeholder date or a typo?)."
        }
        let keep = lines.day.map { day in !dropped.contains { parts[$0].from <= day && day <= parts[$0].to } }
        return (keep, notes)
    }
}
