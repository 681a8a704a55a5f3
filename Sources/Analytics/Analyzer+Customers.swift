import CivilDate
import OlistData

extension Analyzer {
    /// RFM per customer_unique_id over the counted orders in scope, sorted by id, and the position
    /// among them of each order's customer (-1 for an order out of scope or without a customer).
    static func rfm(_ orders: [OrderFact], inScope: [Bool], asOf: Timestamp) -> (
        customers: [CustomerRecord], customerOfOrder: [Int32]
    ) {
        var out: [CustomerRecord] = []
        // At most one customer per order. Room reserved but never written costs no memory, where
        // growing by doubling copied every record up to twenty times and could leave half the
        // array's room unused (at 100x, up to a gigabyte).
        out.reserveCapacity(orders.count)
        var customerOfOrder = [Int32](repeating: -1, count: orders.count)
        PersonOrder.forEachPerson(orders, where: { inScope[$0] }) { positions, facts in
            for i in positions { customerOfOrder[i] = Int32(out.count) }
            var first = facts.first!.purchase
            var latest = facts.startIndex
            var frequency = 0
            var monetary = 0.0
            for k in facts.indices {
                let o = facts[k]
                frequency += 1
                monetary += o.revenue
                first = min(first, o.purchase)
                // The latest order decides where the customer lives.
                if o.isLater(than: facts[latest]) { latest = k }
            }
            let last = facts[latest]
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
            repeatCustomerRate: n > 0 ? Double(customers.reduce(0) { $0 + ($1.frequency >= 2 ? 1 : 0) }) / n : 0,
            churnRate: n > 0 ? Double(customers.reduce(0) { $0 + ($1.churned ? 1 : 0) }) / n : 0,
            averageReviewScore: reviewCount == 0 ? nil : Double(reviewSum) / Double(reviewCount),
            onTimeDeliveryRate: delivered > 0 ? Double(onTime) / Double(delivered) : nil)
    }

    /// Revenue per purchase day of the orders in scope, the days with any in order: sums in an
    /// array indexed by day from the first, each adding its orders in order (the same sums as a
    /// dictionary keyed by date, without hashing a date per order).
    static func daily(_ orders: [OrderFact], _ inScope: [Bool]) -> [DayValue] {
        var low = Int.max
        var high = Int.min
        for (i, o) in orders.enumerated() where inScope[i] {
            let d = o.purchase.date.dayNumber
            low = min(low, d)
            high = max(high, d)
        }
        guard low <= high else { return [] }
        var sums = [Double](repeating: 0, count: high - low + 1)
        var seen = [Bool](repeating: false, count: high - low + 1)
        for (i, o) in orders.enumerated() where inScope[i] {
            let k = o.purchase.date.dayNumber - low
            sums[k] += o.revenue
            seen[k] = true
        }
        return sums.indices.filter { seen[$0] }.map { DayValue(date: CivilDate(dayNumber: low + $0), value: sums[$0]) }
    }

    /// Revenue per calendar month, every month from the first to the last day of `daily` (the
    /// orders' `daily` revenue, which gives the span), 0 for a month without an order. Each month
    /// adds its orders in order, as a dictionary keyed by month did.
    static func monthly(_ orders: [OrderFact], _ inScope: [Bool], daily: [DayValue]) -> [DayValue] {
        guard let first = daily.first?.date, let last = daily.last?.date else { return [] }
        let (months, monthOfDay) = CivilDate.months(from: first, through: last)
        var totals = [Double](repeating: 0, count: months.count)
        for (i, o) in orders.enumerated() where inScope[i] {
            totals[monthOfDay[o.purchase.date.dayNumber - first.dayNumber]] += o.revenue
        }
        return zip(months, totals).map { DayValue(date: $0, value: $1) }
    }

    /// Revenue, orders, customers and churn per state: the state's code per order and per
    /// customer, to its place in arrays of sums (four dictionaries keyed by state hashed it up to
    /// four times).
    static func states(_ orders: [OrderFact], _ inScope: [Bool], _ customers: [CustomerRecord]) -> [StateSummary] {
        var codes = StateCodes()
        var revenue: [Double] = []
        var count: [Int] = []
        var people: [Int] = []
        var churned: [Int] = []
        func code(_ state: String) -> Int {
            let k = codes.code(state)
            if k == revenue.count {
                revenue.append(0)
                count.append(0)
                people.append(0)
                churned.append(0)
            }
            return k
        }
        for (i, o) in orders.enumerated() where inScope[i] {
            let k = code(o.state)
            revenue[k] += o.revenue
            count[k] += 1
        }
        for c in customers {
            let k = code(c.state)
            people[k] += 1
            if c.churned { churned[k] += 1 }
        }
        return codes.names.indices.map { k in
            StateSummary(
                state: codes.names[k], revenue: revenue[k], orders: count[k], customers: people[k],
                churnRate: people[k] > 0 ? Double(churned[k]) / Double(people[k]) : 0)
        }.sorted { $0.revenue != $1.revenue ? $0.revenue > $1.revenue : $0.state < $1.state }
    }

    /// One pass over the customers, each adding to its segment's sums in customer order: the same
    /// sums, bit for bit, as eleven filtered copies of the customers (which copied every record,
    /// its state string included, and walked ten million customers eleven times at 100x).
    static func segments(_ customers: [CustomerRecord]) -> [SegmentSummary] {
        struct Sums {
            var count = 0
            var churned = 0
            var monetary = 0.0
            var recency = 0.0
            var frequency = 0.0
        }
        let all = Segment.allCases
        var sums = [Sums](repeating: Sums(), count: all.count)
        for c in customers {
            let k = all.firstIndex(of: c.segment)!
            sums[k].count += 1
            if c.churned { sums[k].churned += 1 }
            sums[k].monetary += c.monetary
            sums[k].recency += Double(c.recency)
            sums[k].frequency += Double(c.frequency)
        }
        return zip(all, sums).map { seg, t in
            let n = Double(max(t.count, 1))
            return SegmentSummary(
                segment: seg, customers: t.count, revenue: t.monetary, meanRecency: t.recency / n,
                meanFrequency: t.frequency / n, meanMonetary: t.monetary / n,
                churnRate: t.count == 0 ? 0 : Double(t.churned) / n)
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
