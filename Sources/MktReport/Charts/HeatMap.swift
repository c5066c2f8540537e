/// A heat map of shares (rows x columns, e.g. segment x category): darker is larger, each cell
/// printed as a percentage; empty cells are left blank. Column labels are turned 45 degrees so
/// long names neither collide nor run off the canvas (each is cut to the room it has).
public enum HeatMap {
    public static func draw(title: String, description: String, rows: [String], columns: [String],
                            values: [[Double?]]) -> SVGCanvas {
        let width = 720.0, labelWidth = 150.0, cellHeight = 26.0, headerHeight = 100.0, rightMargin = 80.0
        let height = headerHeight + cellHeight * Double(max(1, rows.count)) + 10
        var svg = SVGCanvas(width: width, height: height, title: title, description: description)
        guard !rows.isEmpty, !columns.isEmpty else {
            svg.text("No data", x: width / 2, y: height / 2 + 4, anchor: .middle, cssClass: "t muted")
            return svg
        }
        let cellWidth = (width - labelWidth - 8 - rightMargin) / Double(columns.count)
        let diagonal = 2.0.squareRoot() / 2
        let largest = values.flatMap { $0.compactMap { $0 } }.max() ?? 0
        for (j, column) in columns.enumerated() {
            let x = labelWidth + 8 + (Double(j) + 0.5) * cellWidth
            let room = min((headerHeight - 10) / diagonal, (width - 4 - x) / diagonal)
            svg.text(fitLabel(column, maxWidth: room, fontSize: 11), x: x, y: headerHeight - 6, cssClass: "t small", rotation: -45)
        }
        for (i, row) in rows.enumerated() {
            let y = headerHeight + Double(i) * cellHeight
            svg.text(fitLabel(row, maxWidth: labelWidth), x: labelWidth, y: y + cellHeight / 2 + 4, anchor: .end)
            for (j, value) in values[i].enumerated() {
                guard let value, largest > 0 else { continue }
                let x = labelWidth + 8 + Double(j) * cellWidth
                let strength = 0.1 + 0.9 * value / largest
                let percent = NumberFormatting.percent(value, decimals: 0)
                svg.rect(x: x + 1, y: y + 1, width: cellWidth - 2, height: cellHeight - 2, fill: SVGCanvas.palette[0],
                         tooltip: "\(row), \(columns[j]): \(percent)", opacity: strength)
                if cellWidth >= Double(percent.count) * 7 {
                    svg.text(percent, x: x + cellWidth / 2, y: y + cellHeight / 2 + 4, anchor: .middle, cssClass: "t small",
                             fill: strength > 0.55 ? "#ffffff" : "#000000")
                }
            }
        }
        return svg
    }
}
