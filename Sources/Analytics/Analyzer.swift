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
        var items = ItemsByCategory()
        let orders = joinOrders(&dataset, items: &items)
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
        let categories = items.summaries(inScope)
        items = ItemsByCategory()
        var (customers, customerOfOrder) = rfm(orders, inScope: inScope, asOf: cutoff)
        let sorted = SortedRFM(customers)
        let cuts = score(&customers, sorted)
        let kpis = computeKPIs(reviewDays, orders, inScope, customers)
        let dailyRevenue = daily(orders, inScope)
        return Analysis(
            asOf: asOf, orders: orders, customers: customers, customerOfOrder: customerOfOrder, kpis: kpis,
            dailyRevenue: dailyRevenue, monthlyRevenue: monthly(orders, inScope, daily: dailyRevenue),
            states: states(orders, inScope, customers), segments: segments(customers),
            categories: categories, rfmSummary: distributions(sorted), scoreCuts: cuts, sortedRFM: sorted,
            reviewDays: reviewDays)
    }

    /// The order facts; sets `items` to what the category figures need of the items, and lets go
    /// of every table of `d` but the category names.
    static func joinOrders(_ d: inout Dataset, items: inout ItemsByCategory) -> [OrderFact] {
        // Every reference as a position, as validation found them: the tables join by array
        // index, with no id hashed again.
        let links = d.links()
        // One 48-byte record per order rather than an array per sum: an update is one trip to
        // memory instead of two or three (the child rows meet their orders in random order).
        var sums = [OrderSums](repeating: OrderSums(), count: d.orders.count)
        for (p, k) in zip(d.payments, links.paymentOrder) where k >= 0 {
            let i = Int(k)
            sums[i].paid += p.value
            sums[i].installments = max(sums[i].installments, p.installments)
        }
        d.payments = []
        items = ItemsByCategory(d)
        for (n, it) in d.items.enumerated() {
            let k = links.itemOrder[n]
            guard k >= 0 else { continue }
            let i = Int(k)
            items.add(order: i, product: links.itemProduct[n], price: it.price)
            sums[i].itemCount += 1
            sums[i].itemsPrice += it.price
            sums[i].freight += it.freight
        }
        d.items = []
        d.products = []
        d.sellers = []
        for (r, k) in zip(d.reviews, links.reviewOrder) where k >= 0 {
            let i = Int(k)
            sums[i].reviewSum += r.score
            sums[i].reviewCount += 1
        }
        d.reviews = []
        defer {
            d.orders = []
            d.customers = []
        }
        return d.orders.enumerated().map { i, o in
            let k = links.orderCustomer[i]
            let c = k >= 0 ? d.customers[Int(k)] : nil
            let s = sums[i]
            return OrderFact(
                id: o.id, uniqueID: c?.uniqueID, status: o.status, purchase: o.purchase, revenue: s.paid,
                installments: s.installments, itemCount: Int(s.itemCount), itemsPrice: s.itemsPrice,
                freight: s.freight,
                reviewScore: s.reviewCount > 0 ? Double(s.reviewSum) / Double(s.reviewCount) : nil,
                delivered: o.deliveredCustomer, estimatedDelivery: o.estimatedDelivery, state: c?.state ?? "??",
                zip: c?.zip)
        }
    }
}

/// An order's sums over its payments, items and reviews.
struct OrderSums {
    var paid = 0.0
    var itemsPrice = 0.0
    var freight = 0.0
    var installments = 0
    var reviewSum = 0
    var itemCount: Int32 = 0
    var reviewCount: Int32 = 0
}

/// What the category figures need of the items, a few bytes per item: its order's position, its
/// category and its price, in file order.
struct ItemsByCategory {
    private var names: [String] = ["unknown"]
    /// Products without a category, and items of products not in the products table.
    private let unknown: Int32 = 0
    /// Each product's category, by the product's position.
    private var productCategory: [Int32] = []
    private var orders: [Int32] = []
    private var categories: [Int32] = []
    private var prices: [Double] = []

    init() {}

    /// Ready for the items of `d`: English category names (the Portuguese name when untranslated,
    /// "unknown" when missing) per product.
    init(_ d: Dataset) {
        var index = ["unknown": unknown]
        func category(_ name: String) -> Int32 {
            if let k = index[name] { return k }
            index[name] = Int32(names.count)
            names.append(name)
            return Int32(names.count - 1)
        }
        productCategory = d.products.map { p in
            category(p.category.map { d.categoryNames[$0] ?? $0 } ?? "unknown")
        }
        orders.reserveCapacity(d.items.count)
        categories.reserveCapacity(d.items.count)
        prices.reserveCapacity(d.items.count)
    }

    /// Adds an item of the order at position `order`, of the product at position `product` (-1
    /// for one not in the products table).
    mutating func add(order: Int, product: Int32, price: Double) {
        orders.append(Int32(order))
        categories.append(product >= 0 ? productCategory[Int(product)] : unknown)
        prices.append(price)
    }

    /// Item revenue and count per category over the items of orders in scope, by revenue.
    func summaries(_ inScope: [Bool]) -> [CategorySummary] {
        var revenue = [Double](repeating: 0, count: names.count)
        var count = [Int](repeating: 0, count: names.count)
        for k in orders.indices where inScope[Int(orders[k])] {
            revenue[Int(categories[k])] += prices[k]
            count[Int(categories[k])] += 1
        }
        return names.indices.filter { count[$0] > 0 }.map {
            CategorySummary(category: names[$0], revenue: revenue[$0], items: count[$0])
        }.sorted { $0.revenue != $1.revenue ? $0.revenue > $1.revenue : $0.category < $1.category }
    }
}
