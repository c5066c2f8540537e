/// Horizontal 100% stacked bars, one per row (e.g. the segment mix at two dates), with a legend
/// below. A part's label is written inside it only when it fits.
public enum StackedBarChart {
    public struct Row: Sendable {
        public var label: String
        /// Value per series, in series order; nil when not shown (protected or missing).
        public var values: [Double?]

        public init(label: String, values: [Double?]) {
            self.label = label
            self.values = values
        }
    }

    public static func draw(title: String, description: String, series: [String], rows: [Row]) -> SVGCanvas {
        let width = 720.0, labelWidth = 150.0, rowHeight = 34.0, top = 10.0, legendRow = 20.0
        let legendColumns = 3, legendWidth = (width - 20) / Double(legendColumns)
        let legendRows = (series.count + legendColumns - 1) / legendColumns
        let height = top + rowHeight * Double(max(1, rows.count)) + 16 + legendRow * Double(legendRows)
        var svg = SVGCanvas(width: width, height: height, title: title, description: description)
        let plotLeft = labelWidth + 8, plotWidth = width - plotLeft - 10
        for (r, row) in rows.enumerated() {
            let y = top + Double(r) * rowHeight
            svg.text(fitLabel(row.label, maxWidth: labelWidth), x: labelWidth, y: y + rowHeight / 2 + 4, anchor: .end)
            let total = row.values.reduce(0) { $0 + ($1 ?? 0) }
            guard total > 0 else { continue }
            var x = plotLeft
            for (i, value) in row.values.enumerated() {
                guard let value, value > 0 else { continue }
                let share = value / total, w = share * plotWidth
                let color = SVGCanvas.seriesColor(i)
                let percent = NumberFormatting.percent(share, decimals: 0)
                svg.rect(x: x, y: y + 4, width: w, height: rowHeight - 8, fill: color.fill,
                         tooltip: "\(row.label), \(series[i]): \(percent)", opacity: color.opacity)
                if w >= Double(percent.count) * 7 + 6 {
                    svg.text(percent, x: x + w / 2, y: y + rowHeight / 2 + 4, anchor: .middle, cssClass: "t small strong", fill: "#000000")
                }
                x += w
            }
        }
        for (i, name) in series.enumerated() {
            let x = 10 + Double(i % legendColumns) * legendWidth
            let y = top + rowHeight * Double(max(1, rows.count)) + 12 + Double(i / legendColumns) * legendRow
            let color = SVGCanvas.seriesColor(i)
            svg.rect(x: x, y: y, width: 12, height: 12, fill: color.fill, opacity: color.opacity)
            svg.text(fitLabel(name, maxWidth: legendWidth - 24), x: x + 18, y: y + 10)
        }
        return svg
    }
}
