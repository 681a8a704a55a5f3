/// A histogram of values in equal-width bins, with an optional marker (e.g. one customer's value).
public struct Histogram: Sendable {
    public var id: String
    public var title: String
    public var description: String
    /// Bin edges (n + 1) and counts (n).
    public var edges: [Double]
    public var counts: [Int]
    public var xLabel: String
    public var width = 360.0
    public var height = 180.0
    public var color = Palette.primary

    /// A histogram of `values` with `bins` equal bins between `lower` and `upper` (values outside go
    /// to the end bins, so nothing is lost).
    public init(
        id: String, title: String, description: String, values: [Double], bins: Int, lower: Double, upper: Double,
        xLabel: String
    ) {
        self.id = id
        self.title = title
        self.description = description
        let n = max(bins, 1)
        let span = upper > lower ? upper - lower : 1
        edges = (0...n).map { lower + span * Double($0) / Double(n) }
        var c = [Int](repeating: 0, count: n)
        for v in values {
            let b = Int(((v - lower) / span * Double(n)).rounded(.down))
            c[min(max(b, 0), n - 1)] += 1
        }
        counts = c
        self.xLabel = xLabel
    }

    /// Layout of the plot area, so a page script can place a marker: (left, width, lower, upper).
    public var plot: (left: Double, width: Double, lower: Double, upper: Double) {
        (40, width - 50, edges.first!, edges.last!)
    }

    /// The SVG document; the plot geometry is in data attributes for scripts that add a marker.
    public func svg() -> String {
        var s = SVG(id: id, width: width, height: height)
        let p = plot
        let top = 12.0
        let bottom = 34.0
        let plotH = height - top - bottom
        let maxCount = Double(counts.max() ?? 1)
        let ticks = Ticks.nice(lower: 0, upper: max(maxCount, 1), count: 3)
        let hi = ticks.last!
        for t in ticks {
            let y = top + plotH - t / hi * plotH
            s.line(x1: p.left, y1: y, x2: p.left + p.width, y2: y, opacity: Palette.gridOpacity)
            s.text(Format.compact(t), x: p.left - 4, y: y + 3, anchor: "end", size: 9)
        }
        let w = p.width / Double(counts.count)
        for (i, c) in counts.enumerated() {
            let h = Double(c) / hi * plotH
            s.rect(
                x: p.left + Double(i) * w + 0.5, y: top + plotH - h, width: max(w - 1, 0.5), height: h, fill: color,
                tooltip: "\(Format.compact(edges[i]))–\(Format.compact(edges[i + 1])): \(Format.integer(c))")
        }
        for k in stride(from: 0, through: counts.count, by: max(1, counts.count / 4)) {
            s.text(
                Format.compact(edges[k]), x: p.left + Double(k) * w, y: height - bottom + 12, anchor: "middle", size: 9)
        }
        s.text(xLabel, x: p.left + p.width / 2, y: height - 4, anchor: "middle", size: 10)
        s.raw(
            "<g class=\"marker\" data-plot-left=\"\(Format.coordinate(p.left))\" data-plot-width=\"\(Format.coordinate(p.width))\" data-lower=\"\(p.lower)\" data-upper=\"\(p.upper)\" data-top=\"\(Format.coordinate(top))\" data-height=\"\(Format.coordinate(plotH))\"></g>"
        )
        return s.render(title: title, description: description)
    }
}
