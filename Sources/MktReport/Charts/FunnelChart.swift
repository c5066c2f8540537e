/// A funnel: one centred bar per step, its width proportional to the count, with the step's
/// count and its conversion from the step before.
public enum FunnelChart {
    public struct Step: Sendable {
        public var label: String
        public var count: Double

        public init(label: String, count: Double) {
            self.label = label
            self.count = count
        }
    }

    public static func draw(title: String, description: String, steps: [Step]) -> SVGCanvas {
        let width = 720.0, rowHeight = 44.0, top = 10.0, labelWidth = 150.0, noteWidth = 170.0
        let height = top * 2 + rowHeight * Double(max(1, steps.count))
        var svg = SVGCanvas(width: width, height: height, title: title, description: description)
        let largest = steps.map(\.count).max() ?? 0
        guard largest > 0 else {
            svg.text("No data", x: width / 2, y: height / 2 + 4, anchor: .middle, cssClass: "t muted")
            return svg
        }
        let plotLeft = labelWidth + 10, plotWidth = width - plotLeft - noteWidth - 10, centre = plotLeft + plotWidth / 2
        for (i, step) in steps.enumerated() {
            let y = top + Double(i) * rowHeight
            let w = max(2, step.count / largest * plotWidth)
            svg.text(fitLabel(step.label, maxWidth: labelWidth), x: labelWidth, y: y + rowHeight / 2 + 4, anchor: .end)
            svg.rect(x: centre - w / 2, y: y + 6, width: w, height: rowHeight - 12, fill: SVGCanvas.seriesColor(i).fill,
                     tooltip: "\(step.label): \(NumberFormatting.integer(step.count))")
            var note = NumberFormatting.integer(step.count)
            if i > 0, steps[i - 1].count > 0 {
                note += " (" + NumberFormatting.percent(step.count / steps[i - 1].count, decimals: 1) + " of previous)"
            }
            svg.text(fitLabel(note, maxWidth: noteWidth), x: plotLeft + plotWidth + 10, y: y + rowHeight / 2 + 4)
        }
        return svg
    }
}
