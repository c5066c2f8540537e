import MktData

/// History, forecast line and 80%/95% prediction bands of one series.
public enum ForecastChart {
    public struct Input: Sendable {
        public var title: String
        public var history: [(Day, Double)]
        public var forecast: [(date: Day, mean: Double, lo80: Double, hi80: Double, lo95: Double, hi95: Double)]
        public var format: @Sendable (Double) -> String
    }

    public static func draw(_ input: Input) -> SVGCanvas {
        let width = 720.0, height = 300.0
        let left = 64.0, right = 16.0, top = 40.0, bottom = 44.0
        let description = input.forecast.isEmpty ? "No forecast." :
            "\(input.history.count) days of history and a \(input.forecast.count)-day forecast from \(input.forecast[0].date) with 80% and 95% prediction intervals."
        var svg = SVGCanvas(width: width, height: height, title: input.title, description: description)
        let values = input.history.map(\.1) + input.forecast.flatMap { [$0.lo95, $0.hi95, $0.mean] }
        let scale = NiceScale(minimum: min(0, values.min() ?? 0), maximum: values.max() ?? 1)
        let days = (input.history.map(\.0) + input.forecast.map(\.date))
        guard let first = days.first, let last = days.last else { return svg }
        let span = Double(max(1, last - first))
        func x(_ day: Day) -> Double { left + Double(day - first) / span * (width - left - right) }
        func y(_ v: Double) -> Double { scale.position(v, from: height - bottom, to: top) }

        for tick in scale.ticks {
            svg.line(x1: left, y1: y(tick), x2: width - right, y2: y(tick), cssClass: "grid")
            svg.text(input.format(tick), x: left - 6, y: y(tick) + 4, anchor: .end, cssClass: "t muted small")
        }
        // Date labels every week (every fourth week for long spans), never overlapping: 7+ days apart at >= 70 px.
        let stepDays = max(7, Int((span / ((width - left - right) / 70)).rounded(.up) / 7) * 7)
        var day = first
        while day <= last {
            svg.text(NumberFormatting.shortDate(day), x: x(day), y: height - bottom + 18, anchor: .middle, cssClass: "t muted small")
            svg.line(x1: x(day), y1: height - bottom, x2: x(day), y2: height - bottom + 4)
            day = day + stepDays
        }
        svg.line(x1: left, y1: height - bottom, x2: width - right, y2: height - bottom)

        let blue = SVGCanvas.palette[0], orange = SVGCanvas.palette[1]
        if !input.forecast.isEmpty {
            let f = input.forecast
            svg.polygon(f.map { (x($0.date), y($0.hi95)) } + f.reversed().map { (x($0.date), y($0.lo95)) }, fill: orange, opacity: 0.18)
            svg.polygon(f.map { (x($0.date), y($0.hi80)) } + f.reversed().map { (x($0.date), y($0.lo80)) }, fill: orange, opacity: 0.32)
            let joint = input.history.last.map { [(x($0.0), y($0.1))] } ?? []
            svg.polyline(joint + f.map { (x($0.date), y($0.mean)) }, stroke: orange, width: 2, dash: true)
            svg.line(x1: x(f[0].date), y1: top, x2: x(f[0].date), y2: height - bottom, cssClass: "grid", dash: true)
        }
        svg.polyline(input.history.map { (x($0.0), y($0.1)) }, stroke: blue, width: 2)

        // Legend along the top.
        let legend: [(String, String, Double)] = [("History", blue, 1), ("Forecast", orange, 1), ("80% interval", orange, 0.5), ("95% interval", orange, 0.25)]
        var lx = left
        for (label, color, opacity) in legend {
            svg.rect(x: lx, y: 14, width: 14, height: 10, fill: color, opacity: opacity)
            svg.text(label, x: lx + 18, y: 23, cssClass: "t small")
            lx += 28 + Double(label.count) * 6.6
        }
        return svg
    }
}
