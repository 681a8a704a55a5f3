import Analytics
import Charts
import Foundation
import OlistData

extension ReportBuilder {
    func geographyContext() -> [String: Any] {
        let predicted = meanChurnProbability { $0.state }
        return [
            "allStates": analysis.states.map { s -> [String: Any] in
                [
                    "state": s.state, "revenue": Format.number(s.revenue), "orders": Format.integer(s.orders),
                    "customers": Format.integer(s.customers), "churn": Format.percent(s.churnRate),
                    "predicted": predicted[s.state].map { Format.percent($0) } ?? "–",
                    "share": Format.percent(analysis.kpis.revenue > 0 ? s.revenue / analysis.kpis.revenue : 0),
                ]
            }
        ]
    }

    func geographyCharts() -> [String: String] {
        let states = analysis.states
        var bars = HBarChart(
            id: "states-revenue", title: "Revenue per state",
            description: "Revenue of counted orders by the customer's state; "
                + states.prefix(3).map { "\($0.state) BRL \(Format.compact($0.revenue))" }.joined(separator: ", ")
                + ".",
            bars: states.map {
                BarChart.Bar(
                    label: $0.state, value: $0.revenue,
                    tooltip:
                        "\($0.state): BRL \(Format.number($0.revenue)), \(Format.integer($0.customers)) customers, churn \(Format.percent($0.churnRate))"
                )
            },
            valueFormat: { "BRL " + Format.compact($0) })
        bars.links = states.map { "states/\($0.state).html" }
        bars.rowHeight = 20
        // Customers per zip prefix (the latest order's), on the prefix's mean coordinate inside Brazil.
        var perZip = [ZipPrefix: Int]()
        for c in analysis.customers { perZip[c.zip, default: 0] += 1 }
        let located = dataset.locations.filter { $0.brazilLatitude != nil && perZip[$0.zip] != nil }
        var stateLat = [String: Double]()
        var stateLng = [String: Double]()
        var stateN = [String: Double]()
        let dots = located.map { l -> DotMap.Dot in
            let n = perZip[l.zip]!
            stateLat[l.state, default: 0] += l.brazilLatitude! * Double(n)
            stateLng[l.state, default: 0] += l.brazilLongitude! * Double(n)
            stateN[l.state, default: 0] += Double(n)
            return DotMap.Dot(
                latitude: l.brazilLatitude!, longitude: l.brazilLongitude!, weight: Double(n),
                tooltip: "\(l.zip) \(l.city), \(l.state): \(Format.integer(n)) customers")
        }
        let labels = states.compactMap { s -> DotMap.Label? in
            guard let n = stateN[s.state], n > 0 else { return nil }
            return DotMap.Label(
                latitude: stateLat[s.state]! / n, longitude: stateLng[s.state]! / n, text: s.state,
                tooltip: "\(s.state): \(Format.integer(s.customers)) customers, BRL \(Format.number(s.revenue))",
                link: "states/\(s.state).html")
        }
        let mapped = located.reduce(0) { $0 + perZip[$1.zip]! }
        let map = DotMap(
            id: "states-map", title: "Customers across Brazil",
            description:
                "Each dot is a zip prefix, sized by its customers (\(Format.integer(mapped)) of \(Format.integer(analysis.customers.count)) customers have a located prefix); labels mark each state at its customers' centre.",
            dots: dots, labels: labels, latitudes: Brazil.latitudes, longitudes: Brazil.longitudes)
        return ["charts/states-revenue.svg": bars.svg(), "charts/states-map.svg": map.svg()]
    }
}
