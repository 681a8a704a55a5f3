import Foundation
import Parallel

extension Dataset {
    /// Counts the problems that do not stop a build. Also used by `--strict` to fail on any of them.
    public func validate(threads: Int = 1) -> DataQuality { validated(threads: threads).quality }

    /// The problems that do not stop a build, and the references as positions (which the checks
    /// find anyway, and the analysis joins by).
    ///
    /// The checks fall in two lanes of about equal work (each three or four index operations per
    /// order on Olist-shaped data), which run at once when `threads` > 1. The warnings and notes
    /// come out in the order of `checkOrder` (table by table) either way.
    func validated(threads: Int = 1) -> (quality: DataQuality, links: RowLinks) {
        // The indexes the read made when it checked the ids are unique, else made here.
        let orderIndex = index(.orders)
        let lanes: [@Sendable () -> ([Check], RowLinks)] = [
            { [self] in ordersPaymentsAndReviews(orderIndex) },
            { [self] in itemsReviewsProductsAndPlaces(orderIndex) },
        ]
        let results: [([Check], RowLinks)]
        if threads > 1 {
            let slots = Slots<([Check], RowLinks)>(count: lanes.count)
            DispatchQueue.concurrentPerform(iterations: lanes.count) { slots.set($0, lanes[$0]()) }
            results = slots.values
        } else {
            results = lanes.map { $0() }
        }
        let links = RowLinks(results[0].1, items: results[1].1)
        let rank = Dictionary(uniqueKeysWithValues: CheckCode.allCases.enumerated().map { ($1, $0) })
        var q = DataQuality()
        for check in results.map(\.0).joined().sorted(by: { rank[$0.code]! < rank[$1.code]! })
        where check.warning.count > 0 {
            if check.code.isNote { q.notes.append(check.warning) } else { q.warnings.append(check.warning) }
        }
        return (q, links)
    }

    /// Every check's code, in the order of the report's list.
    static var checkOrder: [String] { CheckCode.allCases.map(\.rawValue) }

    /// The checks, in the order of the report's list: orders, items, payments, reviews, products
    /// and categories, geolocation, customers. A note is something the report explains rather
    /// than a flaw in the data.
    enum CheckCode: String, CaseIterable, Sendable {
        case orderWithoutPayment = "order_without_payment"
        case orderWithoutCustomer = "order_without_customer"
        case deliveredBeforePurchase = "delivered_before_purchase"
        case deliveredWithoutDate = "delivered_without_date"
        case itemUnknownOrder = "item_unknown_order"
        case itemUnknownProduct = "item_unknown_product"
        case itemUnknownSeller = "item_unknown_seller"
        case itemBadAmount = "item_bad_amount"
        case paymentUnknownOrder = "payment_unknown_order"
        case paymentBadAmount = "payment_bad_amount"
        case duplicateReviewID = "duplicate_review_id"
        case reviewUnknownOrder = "review_unknown_order"
        case productWithoutCategory = "product_without_category"
        case categoryWithoutTranslation = "category_without_translation"
        case geolocationOutsideBrazil = "geolocation_outside_brazil"
        case customerZipWithoutLocation = "customer_zip_without_location"

        var isNote: Bool {
            switch self {
            case .deliveredWithoutDate, .productWithoutCategory, .categoryWithoutTranslation,
                .customerZipWithoutLocation:
                true
            default: false
            }
        }
    }

    /// One check's outcome: a warning, or a note, with a count (0 when nothing was found).
    struct Check: Sendable {
        var code: CheckCode
        var warning: DataQuality.Warning

        init(_ code: CheckCode, _ table: OlistTable, _ count: Int, _ message: String, _ example: String) {
            self.code = code
            warning = .init(code: code.rawValue, table: table, count: count, message: message, example: example)
        }

        /// The check that counts the `rows` `failing` it (asked once per row, in order), with the
        /// first one's `example`.
        init<Row>(
            _ code: CheckCode, _ table: OlistTable, _ message: String, _ rows: [Row],
            example: (Row) -> String, failing: (Row) -> Bool
        ) {
            self.init(code, table, message, rows, example: example, failingAt: { failing(rows[$0]) })
        }

        /// The check that counts the rows at whose positions `failingAt` is true (asked once per
        /// position, in order), with the first one's `example`: for checks answered beforehand.
        init<Row>(
            _ code: CheckCode, _ table: OlistTable, _ message: String, _ rows: [Row],
            example: (Row) -> String, failingAt: (Int) -> Bool
        ) {
            var count = 0
            var first: String? = nil
            for k in rows.indices where failingAt(k) {
                count += 1
                if first == nil { first = example(rows[k]) }
            }
            self.init(code, table, count, message, first ?? "")
        }
    }

    /// The orders', the payments' and the reviews' checks; the payments' and the reviews' orders
    /// and the orders' customers.
    private func ordersPaymentsAndReviews(_ orderIndex: IDIndex) -> ([Check], RowLinks) {
        let links = orderLinks(orderIndex)
        var paid = [Bool](repeating: false, count: orders.count)
        for p in links.paymentOrder where p >= 0 { paid[Int(p)] = true }
        let seenReviews = IDIndex(capacity: reviews.count)
        let repeatedReviews = reviews.indices.map { seenReviews.insert(reviews[$0].id, at: $0) != nil }
        let order = { (o: Order) in o.id.description }
        let checks = [
            Check(
                .orderWithoutPayment, .orders, "orders with no payment row (their revenue counts as 0)",
                orders, example: order, failingAt: { !paid[$0] }),
            Check(
                .orderWithoutCustomer, .orders,
                "orders whose customer_id is not in the customers table (left out of RFM)",
                orders, example: order, failingAt: { links.orderCustomer[$0] < 0 }),
            Check(
                .deliveredBeforePurchase, .orders, "orders delivered before they were bought", orders,
                example: order, failing: { o in o.deliveredCustomer.map { $0 < o.purchase } ?? false }),
            Check(
                .deliveredWithoutDate, .orders,
                "delivered orders without a delivery date (left out of the on-time rate)", orders, example: order,
                failing: { $0.status == .delivered && $0.deliveredCustomer == nil }),
            Check(
                .paymentUnknownOrder, .payments, "payments whose order is not in the orders table",
                payments, example: { $0.orderID.description }, failingAt: { links.paymentOrder[$0] < 0 }),
            Check(
                .paymentBadAmount, .payments, "payments with a negative or absurd (over 100,000) value", payments,
                example: { String($0.value) }, failing: { $0.value < 0 || $0.value > 100_000 }),
            Check(
                .duplicateReviewID, .reviews,
                "review rows that repeat an earlier review_id (all rows count in the average score)", reviews,
                example: { $0.id.description }, failingAt: { repeatedReviews[$0] }),
            Check(
                .reviewUnknownOrder, .reviews, "reviews whose order is not in the orders table",
                reviews, example: { $0.orderID.description }, failingAt: { links.reviewOrder[$0] < 0 }),
        ]
        return (checks, links)
    }

    /// The items', the products', the categories' and the places' checks; the items' orders and
    /// products.
    private func itemsReviewsProductsAndPlaces(_ orderIndex: IDIndex) -> ([Check], RowLinks) {
        let links = itemLinks(orderIndex)
        let sellerIndex = index(.sellers)
        let untranslated = Set(products.compactMap(\.category)).filter { categoryNames[$0] == nil }.sorted()
        let located = Set(locations.map(\.zip))
        let checks = [
            Check(
                .itemUnknownOrder, .orderItems, "items whose order is not in the orders table",
                items, example: { $0.orderID.description }, failingAt: { links.itemOrder[$0] < 0 }),
            Check(
                .itemUnknownProduct, .orderItems, "items whose product is not in the products table",
                items, example: { $0.productID.description }, failingAt: { links.itemProduct[$0] < 0 }),
            Check(
                .itemUnknownSeller, .orderItems, "items whose seller is not in the sellers table", items,
                example: { $0.sellerID.description }, failing: { !sellerIndex.contains($0.sellerID) }),
            Check(
                .itemBadAmount, .orderItems, "items with a negative or absurd (over 100,000) price or freight",
                items, example: { String($0.price) }, failing: { $0.price < 0 || $0.freight < 0 || $0.price > 100_000 }),
            Check(
                .productWithoutCategory, .products, "products without a category (shown as \"unknown\")",
                products, example: { $0.id.description }, failing: { $0.category == nil }),
            Check(
                .categoryWithoutTranslation, .categoryTranslation, untranslated.count,
                "categories without an English name (shown in Portuguese)", untranslated.first ?? ""),
            Check(
                .geolocationOutsideBrazil, .geolocation, locations.reduce(0) { $0 + $1.rowsOutsideBrazil },
                "geolocation rows outside Brazil's bounding box (left off the map)",
                locations.first { $0.rowsOutsideBrazil > 0 }.map { $0.zip.description } ?? ""),
            Check(
                .customerZipWithoutLocation, .customers,
                "customers whose zip prefix has no geolocation row", customers, example: { $0.zip.description },
                failing: { !located.contains($0.zip) }),
        ]
        return (checks, links)
    }
}
