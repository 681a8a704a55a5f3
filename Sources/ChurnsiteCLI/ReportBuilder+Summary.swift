import Analytics
import Charts
import CivilDate

extension ReportBuilder {
    /// The KPI rows with the last 30 days against the 30 before, and the three summary sentences.
    func summaryContext(_ figures: ReportFigures) -> [String: Any] {
        let k = analysis.kpis
        let last = figures.last30
        let prev = figures.previous30
        func change(_ now: Double?, _ before: Double?, percentPoints: Bool = false) -> String {
            guard let now, let before else { return "–" }
            if percentPoints {
                let d = (now - before) * 100
                return (d >= 0 ? "+" : "−") + Format.number(abs(d), decimals: 1) + " pp"
            }
            guard before != 0 else { return now == 0 ? "±0.0%" : "new" }
            let r = (now - before) / abs(before) * 100
            return (r >= 0 ? "+" : "−") + Format.number(abs(r), decimals: 1) + "%"
        }
        func money(_ v: Double) -> String { "BRL " + Format.number(v) }
        func pct(_ v: Double?) -> String { v.map { Format.percent($0, decimals: 2) } ?? "–" }
        let rows: [[String: Any]] = [
            [
                "name": "Revenue", "value": money(k.revenue), "last": money(last.revenue), "prev": money(prev.revenue),
                "change": change(last.revenue, prev.revenue),
            ],
            [
                "name": "Orders", "value": Format.integer(k.orders), "last": Format.integer(last.orders),
                "prev": Format.integer(prev.orders), "change": change(Double(last.orders), Double(prev.orders)),
            ],
            [
                "name": "Customers", "value": Format.integer(k.customers), "last": Format.integer(last.customers),
                "prev": Format.integer(prev.customers),
                "change": change(Double(last.customers), Double(prev.customers)),
            ],
            [
                "name": "Average order value", "value": money(k.averageOrderValue),
                "last": money(last.averageOrderValue), "prev": money(prev.averageOrderValue),
                "change": change(last.averageOrderValue, prev.averageOrderValue),
            ],
            [
                "name": "Repeat-customer rate", "value": pct(k.repeatCustomerRate),
                "last": pct(last.repeatCustomerRate), "prev": pct(prev.repeatCustomerRate),
                "change": change(last.repeatCustomerRate, prev.repeatCustomerRate, percentPoints: true),
            ],
            [
                "name": "Churn rate", "value": pct(k.churnRate), "last": pct(last.churnRate),
                "prev": pct(prev.churnRate), "change": change(last.churnRate, prev.churnRate, percentPoints: true),
            ],
            [
                "name": "Average review score",
                "value": k.averageReviewScore.map { Format.number($0, decimals: 2) + " / 5" } ?? "no reviews",
                "last": last.averageReviewScore.map { Format.number($0, decimals: 2) } ?? "–",
                "prev": prev.averageReviewScore.map { Format.number($0, decimals: 2) } ?? "–",
                "change": change(last.averageReviewScore, prev.averageReviewScore),
            ],
            [
                "name": "On-time delivery rate", "value": pct(k.onTimeDeliveryRate),
                "last": pct(last.onTimeDeliveryRate), "prev": pct(prev.onTimeDeliveryRate),
                "change": change(last.onTimeDeliveryRate, prev.onTimeDeliveryRate, percentPoints: true),
            ],
        ]
        return [
            "tiles": rows, "windowLast": "\(last.from.iso) to \(last.to.adding(days: -1).iso)",
            "windowPrev": "\(prev.from.iso) to \(prev.to.adding(days: -1).iso)", "sentences": sentences(last, prev),
        ]
    }

    /// Three sentences from the numbers: what changed, what is at risk, what to do.
    func sentences(_ last: WindowKPIs, _ prev: WindowKPIs) -> [String] {
        let a = analysis
        var out: [String] = []
        var caveat = ""
        if case .success(let f) = forecast, f.span.trimmedTrailing > 0 {
            caveat =
                " The last \(f.span.trimmedTrailing) days fall far below the weeks before them and look like an incomplete export, so treat this drop with care."
        }
        if prev.revenue > 0 {
            let r = (last.revenue - prev.revenue) / prev.revenue
            let direction = r >= 0 ? "up" : "down"
            out.append(
                "Revenue in the last 30 days was BRL \(Format.number(last.revenue, decimals: 0)), \(direction) \(Format.percent(abs(r))) on the 30 days before, from \(Format.integer(last.orders)) orders against \(Format.integer(prev.orders))."
                    + caveat)
        } else {
            out.append(
                "Revenue in the last 30 days was BRL \(Format.number(last.revenue, decimals: 0)) from \(Format.integer(last.orders)) orders; the 30 days before had none to compare with."
            )
        }
        if case .success(let m) = churn {
            // One pass, in customer order (the same sum), without a list of millions of indices.
            var (high, value) = (0, 0.0)
            for i in a.customers.indices where m.risk(i) == .high {
                high += 1
                value += a.customers[i].monetary
            }
            out.append(
                "\(Format.integer(high)) of \(Format.integer(a.customers.count)) customers (\(Format.percent(Double(high) / Double(max(a.customers.count, 1))))) are at high risk of not ordering in the next \(Analyzer.churnDays) days, having spent BRL \(Format.number(value, decimals: 0)); as \(Format.percent(m.evaluation.baseRate)) of customers never order again within \(Analyzer.churnDays) days, rank them by revenue at risk on the customer lookup page."
            )
        } else {
            out.append(
                "\(Format.percent(a.kpis.churnRate)) of customers have not ordered for more than \(Analyzer.churnDays) days."
            )
        }
        // The segment worth acting on: the valuable ones slipping away.
        let candidates: [Segment] = [.cantLoseThem, .atRisk, .needAttention, .aboutToSleep]
        if let s = a.segments.filter({ candidates.contains($0.segment) && $0.customers > 0 }).max(by: {
            $0.revenue < $1.revenue
        }) {
            out.append(
                "Act first on the \(Format.integer(s.customers)) \(s.segment.rawValue) customers, who brought BRL \(Format.number(s.revenue, decimals: 0)): \(s.segment.strategy.prefix(1).lowercased() + s.segment.strategy.dropFirst())"
            )
        } else {
            out.append(
                "Most customers have bought once: a second-purchase offer to recent buyers is the cheapest lever.")
        }
        return out
    }
}
