/// A vertical bar chart of labelled values.
public struct BarChart: Sendable {
    /// One bar.
    public struct Bar: Sendable, Equatable {
        public var label: String
        public var value: Double
        /// Text of the bar's tooltip (its exact value).
        public var tooltip: String

        /// A bar.
        public init(label: String, value: Double, tooltip: String) {
            self.label = label
            self.value = value
            self.tooltip = tooltip
        }
    }

    public var id: String
    public var title: String
    public var description: String
    public var bars: [Bar]
    /// Axis label of the values, e.g. "BRL".
    public var unit: String
    /// Show every n-th category label (long series get crowded).
    public var labelEvery: Int
    public var width = 720.0
    public var height = 300.0

    /// A bar chart.
    public init(id: String, title: String, description: String, bars: [Bar], unit: String, labelEvery: Int = 1) {
        self.id = id
        self.title = title
        self.description = description
        self.bars = bars
        self.unit = unit
        self.labelEvery = max(1, labelEvery)
    }

    /// The SVG document.
    public func svg() -> String {
        var s = SVG(id: id, width: width, height: height)
        let left = 56.0
        let right = 12.0
        let top = 16.0
        let bottom = 44.0
        let plotW = width - left - right
        let plotH = height - top - bottom
        let values = bars.map(\.value)
        let ticks = Ticks.nice(lower: min(0, values.min() ?? 0), upper: max(values.max() ?? 1, 0))
        let lo = ticks.first!
        let hi = ticks.last!
        func y(_ v: Double) -> Double { top + plotH - (v - lo) / (hi - lo) * plotH }
        for t in ticks {
            s.line(x1: left, y1: y(t), x2: width - right, y2: y(t), opacity: Palette.gridOpacity)
            s.text(Format.compact(t), x: left - 6, y: y(t) + 4, anchor: "end", size: 10)
        }
        s.text(unit, x: 4, y: top - 4, size: 10)
        let slot = plotW / Double(max(bars.count, 1))
        let barW = max(1, slot * 0.78)
        for (i, b) in bars.enumerated() {
            let x = left + Double(i) * slot + (slot - barW) / 2
            let y0 = y(0)
            let y1 = y(b.value)
            s.rect(x: x, y: min(y0, y1), width: barW, height: abs(y1 - y0), fill: Palette.primary, tooltip: b.tooltip)
            if i % labelEvery == 0 {
                s.text(b.label, x: x + barW / 2, y: height - bottom + 14, anchor: "middle", size: 10)
            }
        }
        s.line(x1: left, y1: y(0), x2: width - right, y2: y(0), opacity: 0.6)
        return s.render(title: title, description: description)
    }
}
