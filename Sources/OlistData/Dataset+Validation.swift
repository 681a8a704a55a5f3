import Foundation

extension Dataset {
    /// Counts the problems that do not stop a build. Also used by `--strict` to fail on any of them.
    ///
    /// The checks fall in two lanes of about equal work (each some five hash-set operations per
    /// order on Olist-shaped data), which run at once when `threads` > 1. The warnings and notes
    /// come out in the order of `checkOrder` (table by table) either way.
    public func validate(threads: Int = 1) -> DataQuality {
        // The sets the read collected when it checked the ids are unique, else made here.
        let orderIDs = keys[.orders] ?? Set(orders.map(\.id))
        let lanes: [@Sendable () -> [Check]] = [
            { [self] in ordersPaymentsAndReviewIDs(orderIDs) },
            { [self] in itemsReviewsProductsAndPlaces(orderIDs) },
        ]
        var results = [[Check]](repeating: [], count: lanes.count)
        if threads > 1 {
            let box = LaneResults(count: lanes.count)
            DispatchQueue.concurrentPerform(iterations: lanes.count) { box.set($0, lanes[$0]()) }
            results = box.values
        } else {
            results = lanes.map { $0() }
        }
        let rank = Dictionary(uniqueKeysWithValues: Self.checkOrder.enumerated().map { ($1, $0) })
        var q = DataQuality()
        for check in results.joined().sorted(by: { rank[$0.warning.code]! < rank[$1.warning.code]! })
        where check.warning.count > 0 {
            if check.isNote { q.notes.append(check.warning) } else { q.warnings.append(check.warning) }
        }
        return q
    }

    /// Every check's code, in the order of the report's list: orders, items, payments, reviews,
    /// products and categories, geolocation, customers.
    static let checkOrder = [
        "order_without_payment", "order_without_customer", "delivered_before_purchase", "delivered_without_date",
        "item_unknown_order", "item_unknown_product", "item_unknown_seller", "item_bad_amount",
        "payment_unknown_order", "payment_bad_amount", "duplicate_review_id", "review_unknown_order",
        "product_without_category", "category_without_translation", "geolocation_outside_brazil",
        "customer_zip_without_location",
    ]

    /// One check's outcome: a warning, or a note, with a count (0 when nothing was found).
    struct Check: Sendable {
        var isNote: Bool
        var warning: DataQuality.Warning
    }

    private static func warn(_ code: String, _ table: OlistTable, _ count: Int, _ message: String, _ example: String)
        -> Check
    {
        Check(isNote: false, warning: .init(code: code, table: table, count: count, message: message, example: example))
    }

    private static func note(_ code: String, _ table: OlistTable, _ count: Int, _ message: String, _ example: String)
        -> Check
    {
        Check(isNote: true, warning: .init(code: code, table: table, count: count, message: message, example: example))
    }

    /// The orders' checks, the payments' and the reviews' duplicate ids.
    private func ordersPaymentsAndReviewIDs(_ orderIDs: Set<OlistID>) -> [Check] {
        let warn = Self.warn
        let note = Self.note
        var out: [Check] = []
        let customerIDs = keys[.customers] ?? Set(customers.map(\.id))
        var paid = Set<OlistID>(minimumCapacity: payments.count)
        for p in payments { paid.insert(p.orderID) }

        // Orders.
        let noPayment = orders.filter { !paid.contains($0.id) }
        out.append(
            warn(
                "order_without_payment", .orders, noPayment.count,
                "orders with no payment row (their revenue counts as 0)",
                noPayment.first.map { $0.id.description } ?? ""))
        let noCustomer = orders.filter { !customerIDs.contains($0.customerID) }
        out.append(
            warn(
                "order_without_customer", .orders, noCustomer.count,
                "orders whose customer_id is not in the customers table (left out of RFM)",
                noCustomer.first.map { $0.id.description } ?? ""))
        let deliveredEarly = orders.filter { o in o.deliveredCustomer.map { $0 < o.purchase } ?? false }
        out.append(
            warn(
                "delivered_before_purchase", .orders, deliveredEarly.count, "orders delivered before they were bought",
                deliveredEarly.first.map { $0.id.description } ?? ""))
        let undated = orders.filter { $0.status == .delivered && $0.deliveredCustomer == nil }
        out.append(
            note(
                "delivered_without_date", .orders, undated.count,
                "delivered orders without a delivery date (left out of the on-time rate)",
                undated.first.map { $0.id.description } ?? ""))

        // Payments.
        let payNoOrder = payments.filter { !orderIDs.contains($0.orderID) }
        out.append(
            warn(
                "payment_unknown_order", .payments, payNoOrder.count,
                "payments whose order is not in the orders table",
                payNoOrder.first.map { $0.orderID.description } ?? ""))
        let badPay = payments.filter { $0.value < 0 || $0.value > 100_000 }
        out.append(
            warn(
                "payment_bad_amount", .payments, badPay.count,
                "payments with a negative or absurd (over 100,000) value",
                badPay.first.map { String($0.value) } ?? ""))

        // Reviews' ids.
        var seenReviews = Set<OlistID>(minimumCapacity: reviews.count)
        let dupReviews = reviews.filter { !seenReviews.insert($0.id).inserted }
        out.append(
            warn(
                "duplicate_review_id", .reviews, dupReviews.count,
                "review rows that repeat an earlier review_id (all rows count in the average score)",
                dupReviews.first.map { $0.id.description } ?? ""))
        return out
    }

    /// The items' checks, the reviews' orders, the products', the categories' and the places'.
    private func itemsReviewsProductsAndPlaces(_ orderIDs: Set<OlistID>) -> [Check] {
        let warn = Self.warn
        let note = Self.note
        var out: [Check] = []
        let productIDs = keys[.products] ?? Set(products.map(\.id))
        let sellerIDs = keys[.sellers] ?? Set(sellers.map(\.id))

        // Items.
        let itemNoOrder = items.filter { !orderIDs.contains($0.orderID) }
        out.append(
            warn(
                "item_unknown_order", .orderItems, itemNoOrder.count, "items whose order is not in the orders table",
                itemNoOrder.first.map { $0.orderID.description } ?? ""))
        let itemNoProduct = items.filter { !productIDs.contains($0.productID) }
        out.append(
            warn(
                "item_unknown_product", .orderItems, itemNoProduct.count,
                "items whose product is not in the products table",
                itemNoProduct.first.map { $0.productID.description } ?? ""))
        let itemNoSeller = items.filter { !sellerIDs.contains($0.sellerID) }
        out.append(
            warn(
                "item_unknown_seller", .orderItems, itemNoSeller.count,
                "items whose seller is not in the sellers table",
                itemNoSeller.first.map { $0.sellerID.description } ?? ""))
        let badPrice = items.filter { $0.price < 0 || $0.freight < 0 || $0.price > 100_000 }
        out.append(
            warn(
                "item_bad_amount", .orderItems, badPrice.count,
                "items with a negative or absurd (over 100,000) price or freight",
                badPrice.first.map { String($0.price) } ?? ""))

        // Reviews' orders.
        let reviewNoOrder = reviews.filter { !orderIDs.contains($0.orderID) }
        out.append(
            warn(
                "review_unknown_order", .reviews, reviewNoOrder.count,
                "reviews whose order is not in the orders table",
                reviewNoOrder.first.map { $0.orderID.description } ?? ""))

        // Products and categories.
        let noCategory = products.filter { $0.category == nil }
        out.append(
            note(
                "product_without_category", .products, noCategory.count,
                "products without a category (shown as \"unknown\")",
                noCategory.first.map { $0.id.description } ?? ""))
        let untranslated = Set(products.compactMap(\.category)).filter { categoryNames[$0] == nil }.sorted()
        out.append(
            note(
                "category_without_translation", .categoryTranslation, untranslated.count,
                "categories without an English name (shown in Portuguese)", untranslated.first ?? ""))

        // Geolocation.
        let outside = locations.reduce(0) { $0 + $1.rowsOutsideBrazil }
        out.append(
            warn(
                "geolocation_outside_brazil", .geolocation, outside,
                "geolocation rows outside Brazil's bounding box (left off the map)",
                locations.first { $0.rowsOutsideBrazil > 0 }.map { $0.zip.description } ?? ""))
        let located = Set(locations.map(\.zip))
        let unlocated = customers.filter { !located.contains($0.zip) }
        out.append(
            note(
                "customer_zip_without_location", .customers, unlocated.count,
                "customers whose zip prefix has no geolocation row",
                unlocated.first.map { $0.zip.description } ?? ""))
        return out
    }
}

/// The lanes' results, each stored once from its own thread.
private final class LaneResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [[Dataset.Check]]

    init(count: Int) { results = Array(repeating: [], count: count) }

    func set(_ lane: Int, _ checks: [Dataset.Check]) { lock.withLock { results[lane] = checks } }

    var values: [[Dataset.Check]] { lock.withLock { results } }
}
