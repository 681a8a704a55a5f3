import CivilDate
import OlistData

/// One customer (a customer_unique_id with at least one counted order) with RFM and churn status.
public struct CustomerRecord: Sendable, Equatable {
    public var id: OlistID
    /// Whole days from the last counted purchase to the as-of instant.
    public var recency: Int
    /// Distinct counted orders.
    public var frequency: Int
    /// Sum of payment_value over the counted orders.
    public var monetary: Double
    /// Descriptive status: recency > 180 days.
    public var churned: Bool
    public var firstPurchase: Timestamp
    public var lastPurchase: Timestamp
    /// Where the customer's latest counted order went.
    public var state: String
    public var zip: ZipPrefix
    /// RFM scores, 1 (worst) to 5 (best), by quintile of all customers.
    public var scores: RFMScores
    /// The RFM segment the scores map to.
    public var segment: Segment
}

/// Recency, frequency and monetary scores from 1 to 5.
public struct RFMScores: Sendable, Equatable, Hashable {
    public var r: Int
    public var f: Int
    public var m: Int

    /// Scores from their three values.
    public init(r: Int, f: Int, m: Int) {
        self.r = r
        self.f = f
        self.m = m
    }

    /// The combined frequency–monetary score used by the segment map, rounding half up.
    public var fm: Int { (f + m + 1) / 2 }

    /// `"RFM"` digits, e.g. `"513"`.
    public var code: String { "\(r)\(f)\(m)" }
}
