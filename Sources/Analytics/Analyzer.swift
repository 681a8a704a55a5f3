import CivilDate
import OlistData

/// Errors of the analysis stage.
public struct AnalyticsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, phrased for the user.
    public var message: String
    public var description: String { message }
}

/// Turns a dataset into an `Analysis`, with the shared definitions of customer, counted order,
/// as-of date, RFM, churn and KPIs.
public enum Analyzer {
    /// Days of inactivity after which a customer counts as churned.
    public static let churnDays = 180

    /// Analyses `dataset` as of `asOf`, or as of the day after the last counted purchase.
    ///
    /// With an explicit as-of date, orders bought at or after its midnight are left out, so the
    /// figures are those an analyst would have seen on that day.
    ///
    /// The rows are let go table by table as soon as they are joined, so a caller that hands over
    /// its only copy (`analyze(dataset.take()!)`) never holds the rows and the facts in full at
    /// once; a caller that keeps its copy loses nothing.
    public static func analyze(_ dataset: consuming Dataset, asOf explicitAsOf: CivilDate? = nil)
        throws(AnalyticsError) -> Analysis
    {
        let reviewDays = ReviewDay.tally(dataset.reviews)
        let orders = joinOrders(&dataset)
        let lastCounted = orders.lazy.filter(\.isCounted).map(\.purchase).max()
        guard let asOf = explicitAsOf ?? lastCounted.map({ $0.date.adding(days: 1) }) else {
            throw AnalyticsError(
                message: "no counted orders: every order is canceled or unavailable, so there is nothing to report")
        }
        let cutoff = Timestamp(date: asOf)
        let inScope = orders.map { $0.isCounted && $0.purchase < cutoff }
        guard inScope.contains(true) else {
            throw AnalyticsError(message: "no counted orders before the as-of date \(asOf.iso)")
        }
        var customers = rfm(orders, inScope: inScope, asOf: cutoff)
        let cuts = score(&customers)
        let kpis = computeKPIs(reviewDays, orders, inScope, customers)
        let items = joinItems(&dataset, orders)
        return Analysis(
            asOf: asOf, orders: orders, items: items, customers: customers, kpis: kpis,
            dailyRevenue: daily(orders, inScope), monthlyRevenue: monthly(orders, inScope),
            states: states(orders, inScope, customers), segments: segments(customers),
            categories: categories(items, orders, inScope), rfmSummary: distributions(customers), scoreCuts: cuts,
            reviewDays: reviewDays)
    }

    /// The order facts; lets go of the payments, reviews, orders and customers of `d`.
    static func joinOrders(_ d: inout Dataset) -> [OrderFact] {
        var customerIndex = [OlistID: Int](minimumCapacity: d.customers.count)
        for (i, c) in d.customers.enumerated() { customerIndex[c.id] = i }
        // Payments, items and reviews add up into arrays by order position: one hash table of
        // order ids instead of one per child table (a tenth of the memory, a third of the lookups).
        var orderIndex = [OlistID: Int](minimumCapacity: d.orders.count)
        for (i, o) in d.orders.enumerated() { orderIndex[o.id] = i }
        var paid = [Double](repeating: 0, count: d.orders.count)
        var installments = [Int](repeating: 0, count: d.orders.count)
        for p in d.payments {
            guard let i = orderIndex[p.orderID] else { continue }
            paid[i] += p.value
            installments[i] = max(installments[i], p.installments)
        }
        d.payments = []
        var itemCount = [Int](repeating: 0, count: d.orders.count)
        var itemsPrice = [Double](repeating: 0, count: d.orders.count)
        var freight = [Double](repeating: 0, count: d.orders.count)
        for it in d.items {
            guard let i = orderIndex[it.orderID] else { continue }
            itemCount[i] += 1
            itemsPrice[i] += it.price
            freight[i] += it.freight
        }
        var reviewSum = [Int](repeating: 0, count: d.orders.count)
        var reviewCount = [Int](repeating: 0, count: d.orders.count)
        for r in d.reviews {
            guard let i = orderIndex[r.orderID] else { continue }
            reviewSum[i] += r.score
            reviewCount[i] += 1
        }
        d.reviews = []
        orderIndex = [:]
        defer {
            d.orders = []
            d.customers = []
        }
        return d.orders.enumerated().map { i, o in
            let c = customerIndex[o.customerID].map { d.customers[$0] }
            return OrderFact(
                id: o.id, uniqueID: c?.uniqueID, status: o.status, purchase: o.purchase, revenue: paid[i],
                installments: installments[i], itemCount: itemCount[i], itemsPrice: itemsPrice[i],
                freight: freight[i],
                reviewScore: reviewCount[i] > 0 ? Double(reviewSum[i]) / Double(reviewCount[i]) : nil,
                delivered: o.deliveredCustomer, estimatedDelivery: o.estimatedDelivery, state: c?.state ?? "??",
                city: c?.city ?? "", zip: c?.zip)
        }
    }

    /// The item facts; lets go of the items, products and sellers of `d`.
    static func joinItems(_ d: inout Dataset, _ orders: [OrderFact]) -> [ItemFact] {
        var orderIndex = [OlistID: Int](minimumCapacity: orders.count)
        for (i, o) in orders.enumerated() { orderIndex[o.id] = i }
        var productCategory = [OlistID: String](minimumCapacity: d.products.count)
        for p in d.products {
            productCategory[p.id] = p.category.map { d.categoryNames[$0] ?? $0 } ?? "unknown"
        }
        var sellerState = [OlistID: String](minimumCapacity: d.sellers.count)
        for s in d.sellers { sellerState[s.id] = s.state }
        d.products = []
        d.sellers = []
        defer { d.items = [] }
        return d.items.compactMap { it in
            guard let oi = orderIndex[it.orderID] else { return nil }
            return ItemFact(
                orderIndex: oi, productID: it.productID, category: productCategory[it.productID] ?? "unknown",
                sellerID: it.sellerID, sellerState: sellerState[it.sellerID], price: it.price, freight: it.freight)
        }
    }
}
