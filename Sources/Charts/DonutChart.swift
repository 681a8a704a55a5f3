import Foundation

/// A donut of shares, with a legend listing each slice's value and share.
public struct DonutChart: Sendable {
    public var id: String
    public var title: String
    public var description: String
    public var slices: [BarChart.Bar]
    /// Formats a slice's value in the legend.
    public var valueFormat: @Sendable (Double) -> String
    /// Relative link per slice (drill-down), or nil.
    public var links: [String?] = []
    public var width = 420.0

    /// A donut chart.
    public init(
        id: String, title: String, description: String, slices: [BarChart.Bar],
        valueFormat: @escaping @Sendable (Double) -> String
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.slices = slices
        self.valueFormat = valueFormat
    }

    /// The SVG document.
    public func svg() -> String {
        let shown = slices.filter { $0.value > 0 }
        let rows = Double(max(shown.count, 1))
        let height = max(200.0, 24 + rows * 20)
        var s = SVG(id: id, width: width, height: height)
        let total = shown.reduce(0) { $0 + $1.value }
        let cx = 95.0
        let cy = height / 2
        let r = 85.0
        let inner = 50.0
        var angle = -Double.pi / 2
        for (i, slice) in shown.enumerated() {
            let sweep = total > 0 ? slice.value / total * 2 * Double.pi : 0
            let color = Palette.color(i)
            let link = links.count > slices.count ? nil : linkFor(slice)
            if let link { s.raw("<a href=\"\(SVG.escape(link))\">") }
            if sweep >= 2 * Double.pi - 1e-9 {
                s.circle(cx: cx, cy: cy, r: (r + inner) / 2, fill: "none", tooltip: slice.tooltip)
                s.raw(
                    "<circle cx=\"\(Format.coordinate(cx))\" cy=\"\(Format.coordinate(cy))\" r=\"\(Format.coordinate((r + inner) / 2))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(Format.coordinate(r - inner))\"><title>\(SVG.escape(slice.tooltip))</title></circle>"
                )
            } else if sweep > 0 {
                let a0 = angle
                let a1 = angle + sweep
                let large = sweep > Double.pi ? 1 : 0
                func p(_ rad: Double, _ a: Double) -> String {
                    "\(Format.coordinate(cx + rad * cos(a))),\(Format.coordinate(cy + rad * sin(a)))"
                }
                let d =
                    "M\(p(r, a0))A\(Format.coordinate(r)),\(Format.coordinate(r)) 0 \(large) 1 \(p(r, a1))L\(p(inner, a1))A\(Format.coordinate(inner)),\(Format.coordinate(inner)) 0 \(large) 0 \(p(inner, a0))Z"
                s.raw(
                    "<path d=\"\(d)\" fill=\"\(color)\" stroke=\"currentColor\" stroke-opacity=\"0.15\"><title>\(SVG.escape(slice.tooltip))</title></path>"
                )
            }
            if link != nil { s.raw("</a>") }
            angle += sweep
            let ly = 14 + Double(i) * 20
            s.rect(x: 205, y: ly, width: 12, height: 12, fill: color)
            let share = total > 0 ? slice.value / total : 0
            s.text(
                "\(slice.label): \(valueFormat(slice.value)) (\(Format.percent(share)))", x: 223, y: ly + 10, size: 11)
        }
        s.text(valueFormat(total), x: cx, y: cy + 4, anchor: "middle", size: 12, weight: "600")
        return s.render(title: title, description: description)
    }

    private func linkFor(_ slice: BarChart.Bar) -> String? {
        guard let i = slices.firstIndex(where: { $0.label == slice.label }), i < links.count else { return nil }
        return links[i]
    }
}
