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

    /// The KPIs of `[from, to)`.
    public init(_ a: Analysis, from: CivilDate, to: CivilDate) {
        self.from = from
        self.to = to
        let start = Timestamp(date: from)
        let end = Timestamp(date: to)
        var revenue = 0.0
        var orders = 0
        var buyers = Set<OlistID>()
        var lastBefore = [OlistID: Timestamp]()
        var firstEver = [OlistID: Timestamp]()
        for o in a.orders where o.isCounted {
            guard let u = o.uniqueID else { continue }
            if o.purchase < end {
                if let l = lastBefore[u] {
                    if o.purchase > l { lastBefore[u] = o.purchase }
                } else {
                    lastBefore[u] = o.purchase
                }
                if let f = firstEver[u] {
                    if o.purchase < f { firstEver[u] = o.purchase }
                } else {
                    firstEver[u] = o.purchase
                }
            }
            if o.purchase >= start && o.purchase < end {
                revenue += o.revenue
                orders += 1
                buyers.insert(u)
            }
        }
        self.revenue = revenue
        self.orders = orders
        customers = buyers.count
        averageOrderValue = orders > 0 ? revenue / Double(orders) : 0
        repeatCustomerRate =
            buyers.isEmpty ? 0 : Double(buyers.filter { firstEver[$0]! < start }.count) / Double(buyers.count)
        churnRate =
            lastBefore.isEmpty
            ? 0
            : Double(lastBefore.values.filter { $0.wholeDays(to: end) > Analyzer.churnDays }.count)
                / Double(lastBefore.count)
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
