/// Builds SVG text: escaped, with fixed number formatting, accessible by construction.
public struct SVG: Sendable {
    /// The chart's identifier, used to make the ids of its title and description unique in a page.
    public let id: String
    public let width: Double
    public let height: Double
    private var body: [String] = []

    /// Starts an SVG of a given size (its viewBox; it scales to any width).
    public init(id: String, width: Double, height: Double) {
        self.id = id
        self.width = width
        self.height = height
    }

    /// Escapes text for XML content and attributes.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    static func c(_ v: Double) -> String { Format.coordinate(v) }

    /// Appends raw, already-escaped markup.
    public mutating func raw(_ markup: String) { body.append(markup) }

    /// A rectangle with a tooltip.
    public mutating func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String, tooltip: String? = nil
    ) {
        let t = tooltip.map { "<title>\(SVG.escape($0))</title>" } ?? ""
        body.append(
            "<rect x=\"\(SVG.c(x))\" y=\"\(SVG.c(y))\" width=\"\(SVG.c(max(0, width)))\" height=\"\(SVG.c(max(0, height)))\" fill=\"\(fill)\">\(t)</rect>"
        )
    }

    /// A line segment.
    public mutating func line(
        x1: Double, y1: Double, x2: Double, y2: Double, stroke: String = "currentColor", width: Double = 1,
        opacity: Double = 1, dash: String? = nil
    ) {
        let d = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        let o = opacity < 1 ? " stroke-opacity=\"\(opacity)\"" : ""
        body.append(
            "<line x1=\"\(SVG.c(x1))\" y1=\"\(SVG.c(y1))\" x2=\"\(SVG.c(x2))\" y2=\"\(SVG.c(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(width)\"\(o)\(d)/>"
        )
    }

    /// Text; `anchor` is start, middle or end.
    public mutating func text(
        _ s: String, x: Double, y: Double, anchor: String = "start", size: Double = 11, weight: String? = nil,
        rotate: Double? = nil
    ) {
        let w = weight.map { " font-weight=\"\($0)\"" } ?? ""
        let r = rotate.map { " transform=\"rotate(\(SVG.c($0)) \(SVG.c(x)) \(SVG.c(y)))\"" } ?? ""
        body.append(
            "<text x=\"\(SVG.c(x))\" y=\"\(SVG.c(y))\" text-anchor=\"\(anchor)\" font-size=\"\(SVG.c(size))\" fill=\"currentColor\"\(w)\(r)>\(SVG.escape(s))</text>"
        )
    }

    /// A polyline or polygon path through points.
    public mutating func path(
        _ points: [(Double, Double)], stroke: String, width: Double = 1.5, fill: String = "none", opacity: Double = 1,
        closed: Bool = false, tooltip: String? = nil
    ) {
        guard let first = points.first else { return }
        var d = "M\(SVG.c(first.0)),\(SVG.c(first.1))"
        for p in points.dropFirst() { d += "L\(SVG.c(p.0)),\(SVG.c(p.1))" }
        if closed { d += "Z" }
        let o = opacity < 1 ? " fill-opacity=\"\(opacity)\"" : ""
        let t = tooltip.map { "<title>\(SVG.escape($0))</title>" } ?? ""
        body.append(
            "<path d=\"\(d)\" stroke=\"\(stroke)\" stroke-width=\"\(width)\" fill=\"\(fill)\"\(o) stroke-linejoin=\"round\">\(t)</path>"
        )
    }

    /// A circle with a tooltip.
    public mutating func circle(
        cx: Double, cy: Double, r: Double, fill: String, opacity: Double = 1, tooltip: String? = nil
    ) {
        let o = opacity < 1 ? " fill-opacity=\"\(opacity)\"" : ""
        let t = tooltip.map { "<title>\(SVG.escape($0))</title>" } ?? ""
        body.append(
            "<circle cx=\"\(SVG.c(cx))\" cy=\"\(SVG.c(cy))\" r=\"\(SVG.c(r))\" fill=\"\(fill)\"\(o)>\(t)</circle>")
    }

    /// The finished document, with role, title and description for screen readers.
    public func render(title: String, description: String) -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(SVG.c(width)) \(SVG.c(height))" role="img" aria-labelledby="\(id)-title \(id)-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" class="chart-svg">
        <title id="\(id)-title">\(SVG.escape(title))</title>
        <desc id="\(id)-desc">\(SVG.escape(description))</desc>
        \(body.joined(separator: "\n"))
        </svg>

        """
    }
}
