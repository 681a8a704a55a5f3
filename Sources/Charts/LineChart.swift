/// Lines over a numeric x axis, with optional shaded bands (confidence intervals) and reference
/// lines; x may be a day number with date labels.
public struct LineChart: Sendable {
    /// One line.
    public struct Series: Sendable {
        public var name: String
        public var color: String
        public var points: [(x: Double, y: Double)]
        public var dashed: Bool
        public var width: Double
        /// Draw a dot with a tooltip at every point (for short series).
        public var dots: Bool

        /// A line.
        public init(
            name: String, color: String, points: [(x: Double, y: Double)], dashed: Bool = false, width: Double = 1.8,
            dots: Bool = false
        ) {
            self.name = name
            self.color = color
            self.points = points
            self.dashed = dashed
            self.width = width
            self.dots = dots
        }
    }

    /// A shaded area between a lower and an upper line.
    public struct Band: Sendable {
        public var name: String
        public var color: String
        public var opacity: Double
        /// (x, lower, upper) per point.
        public var points: [(x: Double, lower: Double, upper: Double)]

        /// A band.
        public init(name: String, color: String, opacity: Double, points: [(x: Double, lower: Double, upper: Double)]) {
            self.name = name
            self.color = color
            self.opacity = opacity
            self.points = points
        }
    }

    public var id: String
    public var title: String
    public var description: String
    public var series: [Series]
    public var bands: [Band] = []
    /// Vertical marker lines at x, with a label (e.g. "forecast starts").
    public var markers: [(x: Double, label: String)] = []
    public var xLabel: String
    public var yLabel: String
    /// Fixed axis ranges (e.g. 0…1 for ROC); computed from the data when nil.
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    /// Formats an x tick; `nil` = compact numbers.
    public var xFormat: (@Sendable (Double) -> String)?
    /// Tooltip text of a point: (series name, x, y).
    public var tooltip: (@Sendable (String, Double, Double) -> String)?
    /// Custom x ticks (e.g. month starts); nice numbers when nil.
    public var xTicks: [Double]?
    public var width = 720.0
    public var height = 320.0

    /// A line chart.
    public init(id: String, title: String, description: String, series: [Series], xLabel: String, yLabel: String) {
        self.id = id
        self.title = title
        self.description = description
        self.series = series
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// The SVG document.
    public func svg() -> String {
        var s = SVG(id: id, width: width, height: height)
        let left = 58.0
        let right = 14.0
        let top = 30.0
        let bottom = 46.0
        let plotW = width - left - right
        let plotH = height - top - bottom
        let xs = series.flatMap { $0.points.map(\.x) } + bands.flatMap { $0.points.map(\.x) }
        let ys = series.flatMap { $0.points.map(\.y) } + bands.flatMap { $0.points.flatMap { [$0.lower, $0.upper] } }
        let xr = xRange ?? ((xs.min() ?? 0)...(max(xs.max() ?? 1, (xs.min() ?? 0) + 1)))
        let yTicks =
            yRange.map { Ticks.nice(lower: $0.lowerBound, upper: $0.upperBound) }
            ?? Ticks.nice(lower: min(0, ys.min() ?? 0), upper: ys.max() ?? 1)
        let y0 = yRange?.lowerBound ?? yTicks.first!
        let y1 = yRange?.upperBound ?? yTicks.last!
        func px(_ x: Double) -> Double { left + (x - xr.lowerBound) / (xr.upperBound - xr.lowerBound) * plotW }
        func py(_ y: Double) -> Double { top + plotH - (min(max(y, y0), y1) - y0) / (y1 - y0) * plotH }
        for t in yTicks where t >= y0 && t <= y1 {
            s.line(x1: left, y1: py(t), x2: width - right, y2: py(t), opacity: Palette.gridOpacity)
            s.text(Format.compact(t), x: left - 6, y: py(t) + 4, anchor: "end", size: 10)
        }
        let ticks = xTicks ?? Ticks.nice(lower: xr.lowerBound, upper: xr.upperBound, count: 6)
        for t in ticks where t >= xr.lowerBound && t <= xr.upperBound {
            s.line(x1: px(t), y1: top + plotH, x2: px(t), y2: top + plotH + 4, opacity: 0.6)
            s.text(xFormat?(t) ?? Format.compact(t), x: px(t), y: top + plotH + 16, anchor: "middle", size: 10)
        }
        s.text(xLabel, x: left + plotW / 2, y: height - 6, anchor: "middle", size: 10)
        s.text(yLabel, x: 4, y: top - 8, size: 10)
        for b in bands where !b.points.isEmpty {
            let upper = b.points.map { (px($0.x), py($0.upper)) }
            let lower = b.points.reversed().map { (px($0.x), py($0.lower)) }
            s.path(
                upper + lower, stroke: "none", width: 0, fill: b.color, opacity: b.opacity, closed: true,
                tooltip: b.name)
        }
        for m in markers {
            s.line(x1: px(m.x), y1: top, x2: px(m.x), y2: top + plotH, opacity: 0.5, dash: "4 3")
            s.text(m.label, x: px(m.x) + 4, y: top + 10, size: 10)
        }
        for line in series where !line.points.isEmpty {
            s.raw(line.dashed ? "<g stroke-dasharray=\"5 4\">" : "<g>")
            s.path(line.points.map { (px($0.x), py($0.y)) }, stroke: line.color, width: line.width, tooltip: line.name)
            s.raw("</g>")
            if line.dots {
                for p in line.points {
                    let text =
                        tooltip?(line.name, p.x, p.y) ?? "\(line.name): \(Format.compact(p.x)), \(Format.number(p.y))"
                    s.circle(cx: px(p.x), cy: py(p.y), r: 3, fill: line.color, tooltip: text)
                }
            }
        }
        // Legend along the top.
        var lx = left
        let entries = series.map { ($0.name, $0.color, 0.0) } + bands.map { ($0.name, $0.color, $0.opacity) }
        for (name, color, opacity) in entries {
            if opacity > 0 {
                s.raw(
                    "<rect x=\"\(Format.coordinate(lx))\" y=\"8.0\" width=\"14.0\" height=\"10.0\" fill=\"\(color)\" fill-opacity=\"\(opacity)\"/>"
                )
            } else {
                s.line(x1: lx, y1: 13, x2: lx + 14, y2: 13, stroke: color, width: 3)
            }
            s.text(name, x: lx + 18, y: 17, size: 10)
            lx += 28 + Double(name.count) * 5.6
        }
        return s.render(title: title, description: description)
    }
}
