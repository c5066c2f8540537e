import Foundation

/// A chart being drawn: SVG elements in a fixed-size canvas, with the title and
/// description every chart carries for screen readers and search.
///
/// Colours come from CSS classes defined once in `style` (with a dark-mode
/// variant), so an inline chart follows the page's colour scheme.
public struct SVGCanvas: Sendable {
    public let width: Double
    public let height: Double
    public var title: String
    public var description: String
    private var elements: [String] = []

    public init(width: Double, height: Double, title: String, description: String) {
        self.width = width
        self.height = height
        self.title = title
        self.description = description
    }

    /// Okabe-Ito colour-blind-safe palette (Okabe & Ito 2008).
    public static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"]

    static let style = """
    <style>
    .bg{fill:#ffffff}.axis{stroke:#555555;stroke-width:1}.grid{stroke:#dddddd;stroke-width:1}
    .t{fill:#222222;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:12px}
    .muted{fill:#666666}.small{font-size:11px}.strong{font-weight:600}
    @media (prefers-color-scheme:dark){.bg{fill:#1b1d21}.axis{stroke:#aaaaaa}.grid{stroke:#3a3d44}.t{fill:#e8e8e8}.muted{fill:#aaaaaa}}
    </style>
    """

    public mutating func add(_ element: String) { elements.append(element) }

    public mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, tooltip: String? = nil, opacity: Double = 1) {
        let tip = tooltip.map { "<title>\(Escape.xml($0))</title>" } ?? ""
        let op = opacity < 1 ? " fill-opacity=\"\(n(opacity))\"" : ""
        if tip.isEmpty {
            add("<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(0, width)))\" height=\"\(n(max(0, height)))\" fill=\"\(fill)\"\(op)/>")
        } else {
            add("<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(0, width)))\" height=\"\(n(max(0, height)))\" fill=\"\(fill)\"\(op)>\(tip)</rect>")
        }
    }

    public mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, cssClass: String = "axis", dash: Bool = false) {
        add("<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" class=\"\(cssClass)\"\(dash ? " stroke-dasharray=\"4 3\"" : "")/>")
    }

    public mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2, dash: Bool = false) {
        guard !points.isEmpty else { return }
        let list = points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
        add("<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\" stroke-linejoin=\"round\"\(dash ? " stroke-dasharray=\"6 4\"" : "")/>")
    }

    public mutating func polygon(_ points: [(Double, Double)], fill: String, opacity: Double) {
        guard points.count > 2 else { return }
        let list = points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
        add("<polygon points=\"\(list)\" fill=\"\(fill)\" fill-opacity=\"\(n(opacity))\" stroke=\"none\"/>")
    }

    public mutating func circle(x: Double, y: Double, r: Double, fill: String) {
        add("<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(r))\" fill=\"\(fill)\"/>")
    }

    public enum Anchor: String { case start, middle, end }

    /// Text from anywhere (data included): always escaped here.
    /// `rotation` turns the text by that many degrees about its anchor point (negative: anticlockwise).
    public mutating func text(_ content: String, x: Double, y: Double, anchor: Anchor = .start, cssClass: String = "t",
                              fill: String? = nil, rotation: Double? = nil) {
        let color = fill.map { " style=\"fill:\($0)\"" } ?? ""
        let turn = rotation.map { " transform=\"rotate(\(n($0)) \(n(x)) \(n(y)))\"" } ?? ""
        add("<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor.rawValue)\" class=\"\(cssClass)\"\(color)\(turn)>\(Escape.xml(content))</text>")
    }

    /// The colour of the index-th series: the palette, then its colours again lighter.
    public static func seriesColor(_ index: Int) -> (fill: String, opacity: Double) {
        (palette[index % palette.count], index < palette.count ? 1 : 0.5)
    }

    /// The chart as a standalone `.svg` file (XML declaration, namespace) or as markup to inline in HTML.
    public func render(standalone: Bool) -> String {
        var out = standalone ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" : ""
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\">"
        out += "<title>\(Escape.xml(title))</title><desc>\(Escape.xml(description))</desc>\n"
        out += Self.style + "\n"
        out += "<rect class=\"bg\" x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\"/>\n"
        out += elements.joined(separator: "\n")
        out += "\n</svg>\n"
        return out
    }

    /// Coordinates with at most two decimals and no trailing zeros.
    func n(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}

/// Shortens a label to about `maxWidth` pixels at `fontSize` (average glyph width 0.6 em), ending in `…`.
func fitLabel(_ text: String, maxWidth: Double, fontSize: Double = 12) -> String {
    let oneLine = text.replacingOccurrences(of: "\n", with: " ")
    let capacity = max(1, Int(maxWidth / (fontSize * 0.6)))
    guard oneLine.count > capacity else { return oneLine }
    return String(oneLine.prefix(max(1, capacity - 1))) + "…"
}
