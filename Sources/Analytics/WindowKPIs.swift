import CivilDate
import OlistData

/// The 8 KPIs over a window of days, for the "change versus the previous 30 days" of each tile.
public struct WindowKPIs: Sendable, Equatable {
    public var from: CivilDate
    /// The day after the window.
    public var to: CivilDate
    /// Revenue of counted orders bought in the window.
    public var revenue: Double
    public var orders: Int
    /// Distinct customers who bought in the window.
    public var customers: Int
    public var averageOrderValue: Double
    /// Share of the window's buyers who had bought before the window.
    public var repeatCustomerRate: Double
    /// At the window's end: share of customers by then whose last order was more than 180 days before.
    public var churnRate: Double
    /// Mean score of reviews written in the window.
    public var averageReviewScore: Double?
    /// Share on time of the delivered orders that arrived in the window.
    public var onTimeDeliveryRate: Double?

    /// The KPIs of `[from, to)`, a window ending by the as-of date.
    public init(_ a: Analysis, from: CivilDate, to: CivilDate) {
        precondition(to <= a.asOf, "a window of the analysis ends by its as-of date")
        self.from = from
        self.to = to
        let start = Timestamp(date: from)
        let end = Timestamp(date: to)
        // Every counted order bought before the window's end is in the analysis (the window ends
        // by the as-of date), so its customer is found by position rather than by hashing ids.
        var revenue = 0.0
        var orders = 0
        var latestBefore = [Int64](repeating: .min, count: a.customers.count)
        var bought = [Bool](repeating: false, count: a.customers.count)
        for (i, o) in a.orders.enumerated() where o.purchase < end {
            let k = Int(a.customerOfOrder[i])
            guard k >= 0 else { continue }
            latestBefore[k] = max(latestBefore[k], o.purchase.seconds)
            if o.purchase >= start {
                revenue += o.revenue
                orders += 1
                bought[k] = true
            }
        }
        var buyers = 0
        var repeatBuyers = 0
        var known = 0
        var churned = 0
        for k in a.customers.indices {
            if bought[k] {
                buyers += 1
                // A buyer in the window first bought before its end, so this is their first purchase.
                if a.customers[k].firstPurchase < start { repeatBuyers += 1 }
            }
            if latestBefore[k] != .min {
                known += 1
                if Timestamp(seconds: latestBefore[k]).wholeDays(to: end) > Analyzer.churnDays { churned += 1 }
            }
        }
        self.revenue = revenue
        self.orders = orders
        customers = buyers
        averageOrderValue = orders > 0 ? revenue / Double(orders) : 0
        repeatCustomerRate = buyers == 0 ? 0 : Double(repeatBuyers) / Double(buyers)
        churnRate = known == 0 ? 0 : Double(churned) / Double(known)
        // Windows start and end at midnight, so a review is in the window exactly when its day is.
        let windowReviews = a.reviewDays.filter { $0.date >= from && $0.date < to }
        let reviewCount = windowReviews.reduce(0) { $0 + $1.count }
        averageReviewScore =
            reviewCount == 0 ? nil : Double(windowReviews.reduce(0) { $0 + $1.scoreSum }) / Double(reviewCount)
        var delivered = 0
        var onTime = 0
        for o in a.orders where o.status == .delivered {
            guard let at = o.delivered, at >= start, at < end else { continue }
            delivered += 1
            if at.date <= o.estimatedDelivery.date { onTime += 1 }
        }
        onTimeDeliveryRate = delivered > 0 ? Double(onTime) / Double(delivered) : nil
    }
}
