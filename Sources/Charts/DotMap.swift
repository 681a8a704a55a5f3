import Foundation

/// Points on a map, drawn in an equirectangular projection scaled by the cosine of the mid
/// latitude (good enough for one country), sized by weight. No tiles, no requests.
public struct DotMap: Sendable {
    /// One dot.
    public struct Dot: Sendable {
        public var latitude: Double, longitude: Double, weight: Double
        public var tooltip: String
        public var color: String

        /// A dot.
        public init(
            latitude: Double, longitude: Double, weight: Double, tooltip: String, color: String = Palette.primary
        ) {
            self.latitude = latitude
            self.longitude = longitude
            self.weight = weight
            self.tooltip = tooltip
            self.color = color
        }
    }

    /// A label placed at a coordinate (e.g. a state code and its total).
    public struct Label: Sendable {
        public var latitude: Double, longitude: Double
        public var text: String
        public var tooltip: String
        public var link: String?

        /// A label.
        public init(latitude: Double, longitude: Double, text: String, tooltip: String, link: String? = nil) {
            self.latitude = latitude
            self.longitude = longitude
            self.text = text
            self.tooltip = tooltip
            self.link = link
        }
    }

    public var id: String
    public var title: String
    public var description: String
    public var dots: [Dot]
    public var labels: [Label]
    public var latitudes: ClosedRange<Double>
    public var longitudes: ClosedRange<Double>
    public var width = 640.0

    /// A map of dots and labels over a bounding box.
    public init(
        id: String, title: String, description: String, dots: [Dot], labels: [Label], latitudes: ClosedRange<Double>,
        longitudes: ClosedRange<Double>
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.dots = dots
        self.labels = labels
        self.latitudes = latitudes
        self.longitudes = longitudes
    }

    /// The SVG document.
    public func svg() -> String {
        let mid = (latitudes.lowerBound + latitudes.upperBound) / 2 * Double.pi / 180
        let kx = cos(mid)
        let spanX = (longitudes.upperBound - longitudes.lowerBound) * kx
        let spanY = latitudes.upperBound - latitudes.lowerBound
        let height = (width * spanY / spanX).rounded()
        var s = SVG(id: id, width: width, height: height)
        func x(_ lng: Double) -> Double { (lng - longitudes.lowerBound) * kx / spanX * width }
        func y(_ lat: Double) -> Double { (latitudes.upperBound - lat) / spanY * height }
        s.raw(
            "<rect x=\"0\" y=\"0\" width=\"\(Format.coordinate(width))\" height=\"\(Format.coordinate(height))\" fill=\"currentColor\" fill-opacity=\"0.04\"/>"
        )
        let maxWeight = dots.map(\.weight).max() ?? 1
        // Heaviest last, so small dots stay visible.
        for d in dots.sorted(by: { $0.weight != $1.weight ? $0.weight < $1.weight : $0.tooltip < $1.tooltip }) {
            let r = 1.2 + 5 * (d.weight / maxWeight).squareRoot()
            s.circle(cx: x(d.longitude), cy: y(d.latitude), r: r, fill: d.color, opacity: 0.55, tooltip: d.tooltip)
        }
        for l in labels {
            if let link = l.link { s.raw("<a href=\"\(SVG.escape(link))\">") }
            s.raw("<g><title>\(SVG.escape(l.tooltip))</title>")
            s.text(l.text, x: x(l.longitude), y: y(l.latitude), anchor: "middle", size: 10, weight: "600")
            s.raw("</g>")
            if l.link != nil { s.raw("</a>") }
        }
        return s.render(title: title, description: description)
    }
}
