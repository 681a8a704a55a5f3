/// Horizontal bars: long category labels stay readable (features, states, segments).
public struct HBarChart: Sendable {
    public var id: String
    public var title: String
    public var description: String
    public var bars: [BarChart.Bar]
    /// Formats a value at the end of its bar.
    public var valueFormat: @Sendable (Double) -> String
    /// Relative link per bar (drill-down), or nil.
    public var links: [String?] = []
    public var width = 720.0
    public var rowHeight = 24.0
    /// Room for the labels; nil sizes it to the longest label.
    public var labelWidth: Double?
    public var color = Palette.primary

    /// A horizontal bar chart.
    public init(
        id: String, title: String, description: String, bars: [BarChart.Bar],
        valueFormat: @escaping @Sendable (Double) -> String
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.bars = bars
        self.valueFormat = valueFormat
    }

    /// The SVG document.
    public func svg() -> String {
        let height = 12 + rowHeight * Double(bars.count) + 8
        var s = SVG(id: id, width: width, height: height)
        let maxValue = max(bars.map { abs($0.value) }.max() ?? 1, 1e-12)
        let labelWidth = self.labelWidth ?? min(width * 0.55, 16 + 6.4 * Double(bars.map(\.label.count).max() ?? 10))
        let barSpace = width - labelWidth - 90
        for (i, b) in bars.enumerated() {
            let y = 12 + Double(i) * rowHeight
            let link = i < links.count ? links[i] : nil
            if let link { s.raw("<a href=\"\(SVG.escape(link))\">") }
            s.text(b.label, x: labelWidth - 8, y: y + rowHeight * 0.62, anchor: "end", size: 11)
            let w = abs(b.value) / maxValue * barSpace
            s.rect(x: labelWidth, y: y + 3, width: max(w, 0.5), height: rowHeight - 7, fill: color, tooltip: b.tooltip)
            s.text(valueFormat(b.value), x: labelWidth + w + 6, y: y + rowHeight * 0.62, size: 11)
            if link != nil { s.raw("</a>") }
        }
        return s.render(title: title, description: description)
    }
}
