import Charts
import Foundation
import OlistData
import Testing

/// Snapshots, re-recorded on purpose with CHURNSITE_RECORD_GOLDEN=1 and reviewed in the diff.
enum Golden {
    static func check(_ name: String, _ actual: String) throws {
        let url = Paths.golden.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["CHURNSITE_RECORD_GOLDEN"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try? readText(url)
        #expect(expected != nil, "no golden file \(name): record it with CHURNSITE_RECORD_GOLDEN=1")
        guard let expected else { return }
        if expected != actual {
            let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }
            Issue.record(
                "\(name) differs from its golden file at line \((first?.offset ?? min(a.count, b.count)) + 1): \(first.map { "\($0.element.0) → \($0.element.1)" } ?? "length")"
            )
        }
    }
}

@Suite struct GoldenChartTests {
    static let bars = (1...6).map {
        BarChart.Bar(label: "M\($0)", value: Double($0 * $0) * 1000.5, tooltip: "M\($0): \($0 * $0)")
    }

    @Test func barChart() throws {
        try Golden.check(
            "bar.svg",
            BarChart(id: "g-bar", title: "Bars", description: "Six bars.", bars: Self.bars, unit: "BRL").svg())
    }

    @Test func horizontalBarChart() throws {
        var c = HBarChart(
            id: "g-hbar", title: "Horizontal", description: "Six bars & links.", bars: Self.bars,
            valueFormat: { Format.compact($0) })
        c.links = Self.bars.map { "states/\($0.label).html" }
        try Golden.check("hbar.svg", c.svg())
    }

    @Test func lineChartWithBands() throws {
        var c = LineChart(
            id: "g-line", title: "Line", description: "A line with two bands.",
            series: [
                .init(
                    name: "y", color: Palette.primary,
                    points: (0..<20).map { (x: Double($0), y: sin(Double($0) / 3) * 10 + 20) }, dots: true)
            ],
            xLabel: "x", yLabel: "y")
        c.bands = [
            .init(
                name: "95%", color: Palette.primary, opacity: 0.15,
                points: (0..<20).map { (x: Double($0), lower: 5, upper: 35) }),
            .init(
                name: "80%", color: Palette.primary, opacity: 0.3,
                points: (0..<20).map { (x: Double($0), lower: 10, upper: 30) }),
        ]
        c.markers = [(x: 10, label: "now")]
        try Golden.check("line.svg", c.svg())
    }

    @Test func donutChart() throws {
        try Golden.check(
            "donut.svg",
            DonutChart(
                id: "g-donut", title: "Donut", description: "Shares.", slices: Self.bars,
                valueFormat: { Format.compact($0) }
            ).svg())
    }

    @Test func histogram() throws {
        let values = (0..<500).map { Double(($0 * 37) % 101) }
        try Golden.check(
            "histogram.svg",
            Histogram(
                id: "g-hist", title: "Histogram", description: "500 values.", values: values, bins: 10, lower: 0,
                upper: 100, xLabel: "value"
            ).svg())
    }

    @Test func dotMap() throws {
        let dots = (0..<12).map {
            DotMap.Dot(
                latitude: -30 + Double($0) * 2.5, longitude: -70 + Double($0) * 2.6, weight: Double($0 + 1),
                tooltip: "dot \($0) <b>&</b>")
        }
        let labels = [
            DotMap.Label(latitude: -23.5, longitude: -46.6, text: "SP", tooltip: "São Paulo", link: "states/SP.html")
        ]
        try Golden.check(
            "map.svg",
            DotMap(
                id: "g-map", title: "Map", description: "Dots.", dots: dots, labels: labels, latitudes: -34...6,
                longitudes: -74...(-34)
            ).svg())
    }
}

@Suite struct GoldenReportTests {
    /// report.md of a small generated shop: any change to a figure or the wording shows in the diff.
    @Test func reportMarkdown() throws {
        let data = Paths.temporary("golden-data")
        let out = Paths.temporary("golden-site")
        try SampleGenerator(orders: 800, seed: 11).write(to: data.path)
        let r = try churnsite([
            "build", "--data", data.path, "--out", out.path, "--templates", Paths.templates.path, "--quiet",
            "--warehouse", "none",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        // The data folder is a temporary path: name it as a user would see it.
        let md = try readText(out.appendingPathComponent("report.md")).replacingOccurrences(
            of: data.path, with: "Data/golden")
        try Golden.check("report.md", md)
    }
}
