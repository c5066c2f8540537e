import Foundation

/// Checks that a page's prose has no hole: no undefined numbers, empty brackets, empty bold, doubled
/// spaces or sentences that end on a preposition.
public enum SoundText {
    public static let forbidden = ["NaN", "nan%", "inf%", "Infinity", "( )", "()", "****", "(range to", " ,", " .", "..", "$-", "<null>", "Optional("]

    public static func problems(in text: String) -> [String] {
        var found: [String] = []
        for line in text.split(separator: "\n") {
            let body = line.drop { $0 == " " }
            for token in forbidden where body.contains(token) && !(token == ".." && body.contains("...")) {
                found.append("'\(token)' in: \(body.prefix(160))")
            }
            if body.contains("  ") { found.append("doubled space in: \(body.prefix(160))") }
            if let match = body.range(of: #"\b(of|to|by|from|with|on|at|for|and|the|than)\s*[.,;:)]"#, options: .regularExpression) {
                found.append("dangling '\(body[match])' in: \(body.prefix(160))")
            }
            if let match = body.range(of: #"(?<![\d.,])\b1 (values|days|weeks|months|orders|customers|buyers|rows|lines|files|items|products|SKUs|campaigns|categories|segments|clusters|groups|periods)\b"#,
                                      options: .regularExpression) {
                found.append("a plural after 1, '\(body[match])', in: \(body.prefix(160))")
            }
            if body.range(of: #"\b(inf|nan)\b"#, options: [.regularExpression, .caseInsensitive]) != nil {
                found.append("a non-finite number in: \(body.prefix(160))")
            }
        }
        return found
    }

    /// Headings of a Markdown page with nothing under them: a heading followed, past blank lines,
    /// by one of the same or a higher level (`### A/B tests` straight before `### What drives ...`).
    public static func emptySections(inMarkdown text: String) -> [String] {
        func level(_ line: Substring) -> Int? {
            let hashes = line.prefix { $0 == "#" }.count
            return hashes > 0 && line.dropFirst(hashes).first == " " ? hashes : nil
        }
        var found: [String] = [], open: (line: Substring, level: Int)?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let current = level(line)
            if let heading = open, let current, current <= heading.level { found.append(String(heading.line)) }
            open = current.map { (line, $0) }
        }
        if let heading = open { found.append(String(heading.line)) }
        return found
    }

    /// The text a reader sees: without styles, inline charts, tags and entities.
    public static func visibleText(html: String) -> String {
        var text = html.replacingOccurrences(of: #"<style>[\s\S]*?</style>"#, with: "", options: .regularExpression)
        text = text.replacingOccurrences(of: #"<svg[\s\S]*?</svg>"#, with: "", options: .regularExpression)
        text = text.replacingOccurrences(of: #"<title>[\s\S]*?</title>"#, with: "", options: .regularExpression)
        text = text.replacingOccurrences(of: #"<br/>"#, with: "\n", options: .regularExpression)
        text = text.replacingOccurrences(of: #"</(p|li|tr|h[1-6]|div|caption|td|th|summary|figcaption)>"#, with: "\n", options: .regularExpression)
        text = text.replacingOccurrences(of: #"<[^>]*>"#, with: "", options: .regularExpression)
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text
    }
}
