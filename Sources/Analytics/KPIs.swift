/// The eight executive KPIs.
public struct KPIs: Sendable, Equatable {
    /// Sum of payment_value of counted orders.
    public var revenue: Double
    /// Number of counted orders.
    public var orders: Int
    /// Number of customers (customer_unique_id with a counted order).
    public var customers: Int
    /// Revenue ÷ orders (0 with no orders).
    public var averageOrderValue: Double
    /// Share of customers with two or more counted orders.
    public var repeatCustomerRate: Double
    /// Share of customers with recency > 180 days.
    public var churnRate: Double
    /// Mean score over all review rows; `nil` with no reviews.
    public var averageReviewScore: Double?
    /// Among delivered orders with a delivery date, the share delivered on or before the estimated
    /// date (dates compared, not times); `nil` when there are none.
    public var onTimeDeliveryRate: Double?
}
