import Analytics
import Charts
import CivilDate
import Foundation
import OlistData
import Site

extension ReportBuilder {
    /// One slice of customers and orders for a drill-down page.
    struct Slice {
        var kind: String  // "Segment" or "State"
        var name: String
        var folder: String  // "segments" or "states"
        var file: String  // slug or UF
        var customers: [Int]  // indices into analysis.customers
        var orders: [Int]  // indices into analysis.orders (counted, in scope)
        var note: String
    }

    func slices() -> [Slice] {
        let a = analysis
        let cutoff = Timestamp(date: a.asOf)
        let counted = a.orders.indices.filter { a.orders[$0].isCounted && a.orders[$0].purchase < cutoff }
        var bySegment = [Segment: [Int]]()
        var byState = [String: [Int]]()
        for (i, c) in a.customers.enumerated() {
            bySegment[c.segment, default: []].append(i)
            byState[c.state, default: []].append(i)
        }
        var ordersBySegment = [Segment: [Int]]()
        var ordersByState = [String: [Int]]()
        for i in counted {
            let o = a.orders[i]
            ordersByState[o.state, default: []].append(i)
            let k = Int(a.customerOfOrder[i])
            if k >= 0 { ordersBySegment[a.customers[k].segment, default: []].append(i) }
        }
        var out: [Slice] = []
        for s in a.segments where s.customers > 0 {
            out.append(
                Slice(
                    kind: "Segment", name: s.segment.rawValue, folder: "segments", file: s.segment.slug,
                    customers: bySegment[s.segment] ?? [], orders: ordersBySegment[s.segment] ?? [],
                    note: "Retention strategy: " + s.segment.strategy))
        }
        for s in a.states {
            out.append(
                Slice(
                    kind: "State", name: s.state, folder: "states", file: s.state, customers: byState[s.state] ?? [],
                    orders: ordersByState[s.state] ?? [],
                    note: "Orders count where they were delivered; customers, where their latest order went."))
        }
        return out
    }

    /// The Markdown and HTML of every drill-down page, and their charts.
    func drillDownFiles() throws -> [String: String] {
        let a = analysis
        let model = try? churn.get()
        var files: [String: String] = [:]
        for slice in slices() {
            let revenue = slice.orders.reduce(0.0) { $0 + a.orders[$1].revenue }
            let buyers = slice.customers.count
            let repeatRate =
                buyers == 0
                ? 0 : Double(slice.customers.filter { a.customers[$0].frequency >= 2 }.count) / Double(buyers)
            let churned =
                buyers == 0 ? 0 : Double(slice.customers.filter { a.customers[$0].churned }.count) / Double(buyers)
            let reviewed = slice.orders.compactMap { a.orders[$0].reviewScore }
            let delivered = slice.orders.filter { a.orders[$0].status == .delivered && a.orders[$0].delivered != nil }
            let onTime = delivered.filter { a.orders[$0].delivered!.date <= a.orders[$0].estimatedDelivery.date }.count
            var kpis: [[String: Any]] = [
                ["name": "Customers", "value": Format.integer(buyers)],
                ["name": "Orders", "value": Format.integer(slice.orders.count)],
                ["name": "Revenue", "value": "BRL " + Format.number(revenue)],
                [
                    "name": "Average order value",
                    "value": "BRL " + Format.number(slice.orders.isEmpty ? 0 : revenue / Double(slice.orders.count)),
                ],
                ["name": "Repeat-customer rate", "value": Format.percent(repeatRate, decimals: 2)],
                ["name": "Churn rate (no order for 180 days)", "value": Format.percent(churned, decimals: 2)],
                [
                    "name": "Average review score of its orders",
                    "value": reviewed.isEmpty
                        ? "–" : Format.number(reviewed.reduce(0, +) / Double(reviewed.count), decimals: 2),
                ],
                [
                    "name": "On-time delivery rate",
                    "value": delivered.isEmpty
                        ? "–" : Format.percent(Double(onTime) / Double(delivered.count), decimals: 2),
                ],
            ]
            var top: [[String: Any]] = []
            if let model {
                let predicted =
                    buyers == 0 ? 0 : slice.customers.reduce(0.0) { $0 + model.probabilities[$1] } / Double(buyers)
                kpis.append([
                    "name": "Predicted churn (mean probability)", "value": Format.percent(predicted, decimals: 2),
                ])
                let ranked = firstK(slice.customers, 10) {
                    let x = model.probabilities[$0] * a.customers[$0].monetary
                    let y = model.probabilities[$1] * a.customers[$1].monetary
                    return x != y ? x > y : a.customers[$0].id < a.customers[$1].id
                }
                top = ranked.map { i in
                    let c = a.customers[i]
                    return [
                        "id": c.id.description, "segment": c.segment.rawValue, "state": c.state,
                        "monetary": Format.number(c.monetary),
                        "probability": Format.number(model.probabilities[i], decimals: 3),
                        "atRisk": Format.number(model.probabilities[i] * c.monetary),
                    ]
                }
            }
            // Monthly revenue of the slice, every month of the whole report.
            var byMonth = [CivilDate: Double]()
            for i in slice.orders { byMonth[a.orders[i].purchase.date.startOfMonth, default: 0] += a.orders[i].revenue }
            let months = a.monthlyRevenue.map { DayValue(date: $0.date, value: byMonth[$0.date] ?? 0) }
            let chartPath = "charts/\(slice.folder)-\(slice.file)-monthly.svg"
            let chart = BarChart(
                id: "\(slice.folder)-\(slice.file)-monthly",
                title: "Monthly revenue: \(slice.kind.lowercased()) \(slice.name)",
                description:
                    "Revenue of counted orders per month for \(slice.name), BRL \(Format.number(revenue)) in all.",
                bars: months.map {
                    BarChart.Bar(
                        label: $0.date.isoMonth, value: $0.value,
                        tooltip: "\($0.date.isoMonth): BRL \(Format.number($0.value))")
                },
                unit: "BRL", labelEvery: max(1, (months.count + 11) / 12)
            ).svg()
            let context: [String: Any] = [
                "kind": slice.kind, "name": slice.name, "asOf": a.asOf.iso, "kpis": kpis, "note": slice.note,
                "chart": "../" + chartPath,
                "months": months.map { ["month": $0.date.isoMonth, "revenue": Format.number($0.value)] }, "top": top,
                "hasTop": !top.isEmpty,
            ]
            let markdown = try templates.render("slice.md", context)
            files["\(slice.folder)/\(slice.file).md"] = markdown
            files[chartPath] = chart
            let body = HTMLPage.body(markdown: markdown, charts: [chartPath: chart], prefix: "../")
            files["\(slice.folder)/\(slice.file).html"] = try templates.render(
                "layout.html",
                [
                    "title": "\(slice.kind) \(slice.name)", "asOf": a.asOf.iso, "body": body, "root": "../",
                    "markdown": "\(slice.file).md",
                ])
        }
        return files
    }
}
