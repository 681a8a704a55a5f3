import Analytics
import Charts
import Foundation
import OlistData

extension ReportBuilder {
    func segmentContext(_ figures: ReportFigures) -> [String: Any] {
        let rows = analysis.segments.map { s -> [String: Any] in
            [
                "name": s.segment.rawValue, "slug": s.segment.slug, "customers": Format.integer(s.customers),
                "revenue": Format.number(s.revenue), "recency": Format.number(s.meanRecency, decimals: 0),
                "frequency": Format.number(s.meanFrequency, decimals: 2), "monetary": Format.number(s.meanMonetary),
                "churn": Format.percent(s.churnRate),
                "predicted": figures.predictedChurn[s.segment].map { Format.percent($0) } ?? "–",
                "strategy": s.segment.strategy, "hasCustomers": s.customers > 0,
            ]
        }
        let c = analysis.scoreCuts
        func cuts(_ v: [Double], _ d: Int) -> String {
            v.map { Format.number($0, decimals: d) }.joined(separator: " / ")
        }
        return [
            "segments": rows,
            "cutsR": cuts(c.recency, 0), "cutsF": cuts(c.frequency, 0), "cutsM": cuts(c.monetary, 2),
        ]
    }

    func segmentCharts() -> [String: String] {
        let shown = analysis.segments.filter { $0.customers > 0 }
        var customers = DonutChart(
            id: "segments-customers", title: "Customers per RFM segment",
            description: "Share of customers in each segment; "
                + shown.sorted { $0.customers > $1.customers }.prefix(3).map {
                    "\($0.segment.rawValue) \(Format.integer($0.customers))"
                }.joined(separator: ", ") + ".",
            slices: shown.map {
                BarChart.Bar(
                    label: $0.segment.rawValue, value: Double($0.customers),
                    tooltip: "\($0.segment.rawValue): \(Format.integer($0.customers)) customers")
            },
            valueFormat: { Format.integer(Int($0)) })
        customers.links = shown.map { "segments/\($0.segment.slug).html" }
        var revenue = DonutChart(
            id: "segments-revenue", title: "Revenue per RFM segment",
            description: "Share of revenue from each segment's customers, in BRL.",
            slices: shown.map {
                BarChart.Bar(
                    label: $0.segment.rawValue, value: $0.revenue,
                    tooltip: "\($0.segment.rawValue): BRL \(Format.number($0.revenue))")
            },
            valueFormat: { Format.compact($0) })
        revenue.links = customers.links
        return ["charts/segments-customers.svg": customers.svg(), "charts/segments-revenue.svg": revenue.svg()]
    }
}
