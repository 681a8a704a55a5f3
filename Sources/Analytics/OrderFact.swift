import CivilDate
import OlistData

/// One order joined with its customer, payments, items and reviews: the per-order half of the
/// original design's master dataset.
public struct OrderFact: Sendable, Equatable {
    public var id: OlistID
    /// The person behind the order, when its customer_id is in the customers table.
    public var uniqueID: OlistID?
    public var status: OrderStatus
    public var purchase: Timestamp
    /// Sum of payment_value (0 when the order has no payment).
    public var revenue: Double
    /// Largest number of installments among the order's payments (0 when none).
    public var installments: Int
    public var itemCount: Int
    /// Sum of item prices and of freight.
    public var itemsPrice: Double
    public var freight: Double
    /// Mean review score of the order, when reviewed.
    public var reviewScore: Double?
    public var delivered: Timestamp?
    public var estimatedDelivery: Timestamp
    public var state: String
    public var zip: ZipPrefix?

    /// Whether the order counts (neither canceled nor unavailable).
    public var isCounted: Bool { status.isCounted }

    /// Whether this order comes after `other` when picking a customer's latest order: bought later,
    /// or in the same second with the larger id.
    public func isLater(than other: OrderFact) -> Bool {
        purchase > other.purchase || (purchase == other.purchase && id > other.id)
    }

    /// Days from the estimated to the actual delivery date (positive = late), when delivered.
    public var deliveryDelayDays: Int? {
        delivered.map { $0.date.dayNumber - estimatedDelivery.date.dayNumber }
    }
}
