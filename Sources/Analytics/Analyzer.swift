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
    public static func analyze(_ dataset: Dataset, asOf explicitAsOf: CivilDate? = nil) throws(AnalyticsError)
        -> Analysis
    {
        let orders = joinOrders(dataset)
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
        let kpis = computeKPIs(dataset, orders, inScope, customers)
        let items = joinItems(dataset, orders)
        return Analysis(
            asOf: asOf, orders: orders, items: items, customers: customers, kpis: kpis,
            dailyRevenue: daily(orders, inScope), monthlyRevenue: monthly(orders, inScope),
            states: states(orders, inScope, customers), segments: segments(customers),
            categories: categories(items, orders, inScope), rfmSummary: distributions(customers), scoreCuts: cuts)
    }

    static func joinOrders(_ d: Dataset) -> [OrderFact] {
        var customerIndex = [OlistID: Int](minimumCapacity: d.customers.count)
        for (i, c) in d.customers.enumerated() { customerIndex[c.id] = i }
        var payment = [OlistID: (sum: Double, installments: Int)](minimumCapacity: d.orders.count)
        for p in d.payments {
            var e = payment[p.orderID] ?? (0, 0)
            e.sum += p.value
            e.installments = max(e.installments, p.installments)
            payment[p.orderID] = e
        }
        var items = [OlistID: (count: Int, price: Double, freight: Double)](minimumCapacity: d.orders.count)
        for it in d.items {
            var e = items[it.orderID] ?? (0, 0, 0)
            e.count += 1
            e.price += it.price
            e.freight += it.freight
            items[it.orderID] = e
        }
        var reviews = [OlistID: (sum: Int, count: Int)](minimumCapacity: d.orders.count)
        for r in d.reviews {
            var e = reviews[r.orderID] ?? (0, 0)
            e.sum += r.score
            e.count += 1
            reviews[r.orderID] = e
        }
        return d.orders.map { o in
            let c = customerIndex[o.customerID].map { d.customers[$0] }
            let p = payment[o.id]
            let it = items[o.id]
            let rv = reviews[o.id]
            return OrderFact(
                id: o.id, uniqueID: c?.uniqueID, status: o.status, purchase: o.purchase, revenue: p?.sum ?? 0,
                installments: p?.installments ?? 0, itemCount: it?.count ?? 0, itemsPrice: it?.price ?? 0,
                freight: it?.freight ?? 0, reviewScore: rv.map { Double($0.sum) / Double($0.count) },
                delivered: o.deliveredCustomer, estimatedDelivery: o.estimatedDelivery, state: c?.state ?? "??",
                city: c?.city ?? "", zip: c?.zip)
        }
    }

    static func joinItems(_ d: Dataset, _ orders: [OrderFact]) -> [ItemFact] {
        var orderIndex = [OlistID: Int](minimumCapacity: orders.count)
        for (i, o) in orders.enumerated() { orderIndex[o.id] = i }
        var productCategory = [OlistID: String](minimumCapacity: d.products.count)
        for p in d.products {
            productCategory[p.id] = p.category.map { d.categoryNames[$0] ?? $0 } ?? "unknown"
        }
        var sellerState = [OlistID: String](minimumCapacity: d.sellers.count)
        for s in d.sellers { sellerState[s.id] = s.state }
        return d.items.compactMap { it in
            guard let oi = orderIndex[it.orderID] else { return nil }
            return ItemFact(
                orderIndex: oi, productID: it.productID, category: productCategory[it.productID] ?? "unknown",
                sellerID: it.sellerID, sellerState: sellerState[it.sellerID], price: it.price, freight: it.freight)
        }
    }
}
