import CivilDate
import OlistData

extension Analyzer {
    /// RFM per customer_unique_id over the counted orders in scope, sorted by id, and the position
    /// among them of each order's customer (-1 for an order out of scope or without a customer).
    static func rfm(_ orders: [OrderFact], inScope: [Bool], asOf: Timestamp) -> (
        customers: [CustomerRecord], customerOfOrder: [Int32]
    ) {
        var out: [CustomerRecord] = []
        var customerOfOrder = [Int32](repeating: -1, count: orders.count)
        PersonOrder.forEachPerson(orders, where: { inScope[$0] }) { positions in
            for i in positions { customerOfOrder[i] = Int32(out.count) }
            var first = orders[positions.first!].purchase
            var latest = positions.first!
            var frequency = 0
            var monetary = 0.0
            for i in positions {
                let o = orders[i]
                frequency += 1
                monetary += o.revenue
                first = min(first, o.purchase)
                // The latest order decides where the customer lives.
                if o.isLater(than: orders[latest]) { latest = i }
            }
            let last = orders[latest]
            let recency = last.purchase.wholeDays(to: asOf)
            out.append(
                CustomerRecord(
                    id: last.uniqueID!, recency: recency, frequency: frequency, monetary: monetary,
                    churned: recency > churnDays, firstPurchase: first, lastPurchase: last.purchase, state: last.state,
                    zip: last.zip ?? ZipPrefix(0), scores: RFMScores(r: 0, f: 0, m: 0), segment: .lost))
        }
        return (out, customerOfOrder)
    }

    /// Fills in quintile scores and segments from the customers' sorted values; returns the cut
    /// points.
    static func score(_ customers: inout [CustomerRecord], _ sorted: SortedRFM) -> (
        recency: [Double], frequency: [Double], monetary: [Double]
    ) {
        let r = Quantiles.quintileCuts(sorted: sorted.recency)
        let f = Quantiles.quintileCuts(sorted: sorted.frequency)
        let m = Quantiles.quintileCuts(sorted: sorted.monetary)
        for i in customers.indices {
            let c = customers[i]
            // Lower recency is better, so its score runs the other way.
            let scores = RFMScores(
                r: 6 - Quantiles.score(Double(c.recency), cuts: r), f: Quantiles.score(Double(c.frequency), cuts: f),
                m: Quantiles.score(c.monetary, cuts: m))
            customers[i].scores = scores
            customers[i].segment = Segment(r: scores.r, fm: scores.fm)
        }
        return (r, f, m)
    }

    static func computeKPIs(
        _ reviewDays: [ReviewDay], _ orders: [OrderFact], _ inScope: [Bool], _ customers: [CustomerRecord]
    ) -> KPIs {
        var revenue = 0.0
        var count = 0
        for (i, o) in orders.enumerated() where inScope[i] {
            revenue += o.revenue
            count += 1
        }
        let n = Double(customers.count)
        let reviewSum = reviewDays.reduce(0) { $0 + $1.scoreSum }
        let reviewCount = reviewDays.reduce(0) { $0 + $1.count }
        var delivered = 0
        var onTime = 0
        for o in orders where o.status == .delivered {
            guard let at = o.delivered else { continue }
            delivered += 1
            if at.date <= o.estimatedDelivery.date { onTime += 1 }
        }
        return KPIs(
            revenue: revenue, orders: count, customers: customers.count,
            averageOrderValue: count > 0 ? revenue / Double(count) : 0,
            repeatCustomerRate: n > 0 ? Double(customers.filter { $0.frequency >= 2 }.count) / n : 0,
            churnRate: n > 0 ? Double(customers.filter(\.churned).count) / n : 0,
            averageReviewScore: reviewCount == 0 ? nil : Double(reviewSum) / Double(reviewCount),
            onTimeDeliveryRate: delivered > 0 ? Double(onTime) / Double(delivered) : nil)
    }

    static func daily(_ orders: [OrderFact], _ inScope: [Bool]) -> [DayValue] {
        var byDay = [CivilDate: Double]()
        for (i, o) in orders.enumerated() where inScope[i] { byDay[o.purchase.date, default: 0] += o.revenue }
        return byDay.keys.sorted().map { DayValue(date: $0, value: byDay[$0]!) }
    }

    static func monthly(_ orders: [OrderFact], _ inScope: [Bool]) -> [DayValue] {
        var byMonth = [CivilDate: Double]()
        for (i, o) in orders.enumerated() where inScope[i] {
            byMonth[o.purchase.date.startOfMonth, default: 0] += o.revenue
        }
        guard let first = byMonth.keys.min(), let last = byMonth.keys.max() else { return [] }
        var out: [DayValue] = []
        var m = first
        while m <= last {
            out.append(DayValue(date: m, value: byMonth[m] ?? 0))
            m = m.adding(months: 1)
        }
        return out
    }

    static func states(_ orders: [OrderFact], _ inScope: [Bool], _ customers: [CustomerRecord]) -> [StateSummary] {
        var revenue = [String: Double]()
        var count = [String: Int]()
        for (i, o) in orders.enumerated() where inScope[i] {
            revenue[o.state, default: 0] += o.revenue
            count[o.state, default: 0] += 1
        }
        var people = [String: Int]()
        var churned = [String: Int]()
        for c in customers {
            people[c.state, default: 0] += 1
            if c.churned { churned[c.state, default: 0] += 1 }
        }
        return Set(revenue.keys).union(people.keys).map { s in
            let n = people[s] ?? 0
            return StateSummary(
                state: s, revenue: revenue[s] ?? 0, orders: count[s] ?? 0, customers: n,
                churnRate: n > 0 ? Double(churned[s] ?? 0) / Double(n) : 0)
        }.sorted { $0.revenue != $1.revenue ? $0.revenue > $1.revenue : $0.state < $1.state }
    }

    static func segments(_ customers: [CustomerRecord]) -> [SegmentSummary] {
        Segment.allCases.map { seg in
            let members = customers.filter { $0.segment == seg }
            let n = Double(max(members.count, 1))
            return SegmentSummary(
                segment: seg, customers: members.count, revenue: members.reduce(0) { $0 + $1.monetary },
                meanRecency: members.reduce(0) { $0 + Double($1.recency) } / n,
                meanFrequency: members.reduce(0) { $0 + Double($1.frequency) } / n,
                meanMonetary: members.reduce(0) { $0 + $1.monetary } / n,
                churnRate: members.isEmpty ? 0 : Double(members.filter(\.churned).count) / n)
        }
    }

    static func distributions(_ sorted: SortedRFM) -> [DistributionSummary] {
        func summary(_ name: String, _ s: [Double]) -> DistributionSummary {
            DistributionSummary(
                name: name, mean: s.isEmpty ? 0 : s.reduce(0, +) / Double(s.count), min: s.first ?? 0,
                p25: Quantiles.of(sorted: s, 0.25), median: Quantiles.of(sorted: s, 0.5),
                p75: Quantiles.of(sorted: s, 0.75), max: s.last ?? 0)
        }
        return [
            summary("Recency (days)", sorted.recency), summary("Frequency (orders)", sorted.frequency),
            summary("Monetary (BRL)", sorted.monetary),
        ]
    }
}
