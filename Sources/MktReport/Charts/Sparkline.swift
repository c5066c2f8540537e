/// A word-sized trend line for a KPI tile, the last value marked.
public enum Sparkline {
    public static func draw(title: String, values: [Double], highlightLast days: Int) -> SVGCanvas {
        let width = 180.0, height = 40.0, pad = 3.0
        var svg = SVGCanvas(width: width, height: height, title: title,
                            description: "Daily values over \(values.count) days; the last \(days) days are the report window.")
        guard values.count > 1 else { return svg }
        let low = values.min()!, high = values.max()!
        let span = high - low == 0 ? 1 : high - low
        func x(_ i: Int) -> Double { pad + Double(i) / Double(values.count - 1) * (width - 2 * pad) }
        func y(_ v: Double) -> Double { height - pad - (v - low) / span * (height - 2 * pad) }
        let windowStart = max(0, values.count - days)
        svg.rect(x: x(windowStart), y: 0, width: width - x(windowStart), height: height, fill: SVGCanvas.palette[4], opacity: 0.15)
        svg.polyline(values.indices.map { (x($0), y(values[$0])) }, stroke: SVGCanvas.palette[0], width: 1.5)
        svg.circle(x: x(values.count - 1), y: y(values.last!), r: 2.5, fill: SVGCanvas.palette[5])
        return svg
    }
}
