/// Ranked horizontal bars with labels on the left and values on the right; handles negative values.
public enum BarChart {
    public struct Bar: Sendable {
        public var label: String
        public var value: Double
        /// Text shown after the bar (the formatted value).
        public var valueText: String
        /// Drawn in grey with a note, e.g. low-volume campaigns.
        public var muted: Bool

        public init(label: String, value: Double, valueText: String, muted: Bool = false) {
            self.label = label
            self.value = value
            self.valueText = valueText
            self.muted = muted
        }
    }

    public static func draw(title: String, description: String, bars: [Bar], color: String = SVGCanvas.palette[0]) -> SVGCanvas {
        let width = 720.0, rowHeight = 26.0, top = 12.0, bottom = 12.0
        let labelWidth = 220.0, valueWidth = 110.0
        let height = top + bottom + rowHeight * Double(max(1, bars.count))
        var svg = SVGCanvas(width: width, height: height, title: title, description: description)
        guard !bars.isEmpty else {
            svg.text("No data", x: width / 2, y: height / 2 + 4, anchor: .middle, cssClass: "t muted")
            return svg
        }
        let minimum = min(0, bars.map(\.value).min()!), maximum = max(0, bars.map(\.value).max()!)
        let span = maximum - minimum == 0 ? 1 : maximum - minimum
        let plotLeft = labelWidth + 8, plotRight = width - valueWidth
        func x(_ v: Double) -> Double { plotLeft + (v - minimum) / span * (plotRight - plotLeft) }
        for (i, bar) in bars.enumerated() {
            let y = top + Double(i) * rowHeight
            svg.text(fitLabel(bar.label, maxWidth: labelWidth), x: labelWidth, y: y + rowHeight / 2 + 4, anchor: .end, cssClass: "t")
            let start = x(min(0, bar.value)), end = x(max(0, bar.value))
            svg.rect(x: start, y: y + 4, width: max(1, end - start), height: rowHeight - 8,
                     fill: bar.muted ? SVGCanvas.palette[7] : (bar.value < 0 ? SVGCanvas.palette[5] : color),
                     tooltip: "\(bar.label): \(bar.valueText)")
            svg.text(bar.valueText, x: plotRight + 6, y: y + rowHeight / 2 + 4, cssClass: bar.muted ? "t muted" : "t")
        }
        if minimum < 0 { svg.line(x1: x(0), y1: top, x2: x(0), y2: height - bottom) }
        return svg
    }
}
