import Analytics
import Charts
import CivilDate
import Foundation
import OlistData
import Site

extension ReportBuilder {
    /// One slice of customers and orders for a drill-down page, and its figures.
    struct Slice {
        var kind: String  // "Segment" or "State"
        var name: String
        var folder: String  // "segments" or "states"
        var file: String  // slug or UF
        var customers: [Int] = []  // indices into analysis.customers, ascending
        var note: String
        // Sums over the slice's counted orders in scope, in order.
        var orders = 0
        var revenue = 0.0
        var reviewSum = 0.0
        var reviewed = 0
        var delivered = 0  // delivered with a delivery date
        var onTime = 0
        /// Revenue per month of `analysis.monthlyRevenue`.
        var byMonth: [Double]
        // Over its customers.
        var repeaters = 0
        var churned = 0

        init(kind: String, name: String, folder: String, file: String, note: String, months: Int) {
            self.kind = kind
            self.name = name
            self.folder = folder
            self.file = file
            self.note = note
            byMonth = [Double](repeating: 0, count: months)
        }

        /// Adds an order.
        mutating func add(_ o: OrderFact, month: Int) {
            orders += 1
            revenue += o.revenue
            if let r = o.reviewScore {
                reviewSum += r
                reviewed += 1
            }
            if o.status == .delivered, let at = o.delivered {
                delivered += 1
                if at.date <= o.estimatedDelivery.date { onTime += 1 }
            }
            byMonth[month] += o.revenue
        }

        /// Adds customer `i`.
        mutating func add(customer i: Int, _ c: CustomerRecord) {
            customers.append(i)
            if c.frequency >= 2 { repeaters += 1 }
            if c.churned { churned += 1 }
        }
    }

    /// The segments with customers, then the states, each with its figures: one pass over the
    /// customers and one over the orders, each adding to its segment's and its state's sums in
    /// order (the same sums as a pass per slice, which walked every order and customer twice for
    /// each of the eight figures).
    func slices() -> [Slice] {
        let a = analysis
        let cutoff = Timestamp(date: a.asOf)
        var out: [Slice] = []
        var segmentSlice = [Int](repeating: -1, count: Segment.allCases.count)
        for s in a.segments where s.customers > 0 {
            segmentSlice[Segment.allCases.firstIndex(of: s.segment)!] = out.count
            out.append(
                Slice(
                    kind: "Segment", name: s.segment.rawValue, folder: "segments", file: s.segment.slug,
                    note: "Retention strategy: " + s.segment.strategy, months: a.monthlyRevenue.count))
        }
        var stateSlice = [String: Int]()
        for s in a.states {
            stateSlice[s.state] = out.count
            out.append(
                Slice(
                    kind: "State", name: s.state, folder: "states", file: s.state,
                    note: "Orders count where they were delivered; customers, where their latest order went.",
                    months: a.monthlyRevenue.count))
        }
        // Each customer's segment slice, and each state's slice by its place in a customer or order.
        var segmentOf = [Int32](repeating: -1, count: a.customers.count)
        var lastState = ""
        var lastStateSlice = -1
        func slice(ofState state: String) -> Int {
            if state != lastState || lastStateSlice < 0 {
                lastState = state
                lastStateSlice = stateSlice[state] ?? -1
            }
            return lastStateSlice
        }
        for (i, c) in a.customers.enumerated() {
            let k = segmentSlice[Segment.allCases.firstIndex(of: c.segment)!]
            segmentOf[i] = Int32(k)
            if k >= 0 { out[k].add(customer: i, c) }
            let st = slice(ofState: c.state)
            if st >= 0 { out[st].add(customer: i, c) }
        }
        // A day's place among the months: the same months as the report's, over the same days.
        guard let firstDay = a.dailyRevenue.first?.date, let lastDay = a.dailyRevenue.last?.date else { return out }
        let monthOfDay = CivilDate.months(from: firstDay, through: lastDay).monthOfDay
        for (i, o) in a.orders.enumerated() where o.isCounted && o.purchase < cutoff {
            let month = monthOfDay[o.purchase.date.dayNumber - firstDay.dayNumber]
            let st = slice(ofState: o.state)
            if st >= 0 { out[st].add(o, month: month) }
            let c = Int(a.customerOfOrder[i])
            if c >= 0 && segmentOf[c] >= 0 { out[Int(segmentOf[c])].add(o, month: month) }
        }
        return out
    }

    /// The Markdown and HTML of every drill-down page, and their charts.
    func drillDownFiles() throws -> [String: String] {
        let a = analysis
        let model = try? churn.get()
        var files: [String: String] = [:]
        for slice in slices() {
            let revenue = slice.revenue
            let buyers = slice.customers.count
            let repeatRate = buyers == 0 ? 0 : Double(slice.repeaters) / Double(buyers)
            let churned = buyers == 0 ? 0 : Double(slice.churned) / Double(buyers)
            var kpis: [[String: Any]] = [
                ["name": "Customers", "value": Format.integer(buyers)],
                ["name": "Orders", "value": Format.integer(slice.orders)],
                ["name": "Revenue", "value": "BRL " + Format.number(revenue)],
                [
                    "name": "Average order value",
                    "value": "BRL " + Format.number(slice.orders == 0 ? 0 : revenue / Double(slice.orders)),
                ],
                ["name": "Repeat-customer rate", "value": Format.percent(repeatRate, decimals: 2)],
                ["name": "Churn rate (no order for 180 days)", "value": Format.percent(churned, decimals: 2)],
                [
                    "name": "Average review score of its orders",
                    "value": slice.reviewed == 0
                        ? "–" : Format.number(slice.reviewSum / Double(slice.reviewed), decimals: 2),
                ],
                [
                    "name": "On-time delivery rate",
                    "value": slice.delivered == 0
                        ? "–" : Format.percent(Double(slice.onTime) / Double(slice.delivered), decimals: 2),
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
            let months = zip(a.monthlyRevenue, slice.byMonth).map { DayValue(date: $0.date, value: $1) }
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
