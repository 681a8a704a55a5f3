extension Dataset {
    /// Counts the problems that do not stop a build. Also used by `--strict` to fail on any of them.
    public func validate() -> DataQuality {
        var q = DataQuality()
        func warn(_ code: String, _ table: OlistTable, _ count: Int, _ message: String, _ example: String) {
            if count > 0 {
                q.warnings.append(.init(code: code, table: table, count: count, message: message, example: example))
            }
        }
        func note(_ code: String, _ table: OlistTable, _ count: Int, _ message: String, _ example: String) {
            if count > 0 {
                q.notes.append(.init(code: code, table: table, count: count, message: message, example: example))
            }
        }
        // The sets the read collected when it checked the ids are unique, else made here.
        let orderIDs = keys[.orders] ?? Set(orders.map(\.id))
        let customerIDs = keys[.customers] ?? Set(customers.map(\.id))
        let productIDs = keys[.products] ?? Set(products.map(\.id))
        let sellerIDs = keys[.sellers] ?? Set(sellers.map(\.id))
        let paid = Set(payments.map(\.orderID))

        // Orders.
        let noPayment = orders.filter { !paid.contains($0.id) }
        warn(
            "order_without_payment", .orders, noPayment.count, "orders with no payment row (their revenue counts as 0)",
            noPayment.first.map { $0.id.description } ?? "")
        let noCustomer = orders.filter { !customerIDs.contains($0.customerID) }
        warn(
            "order_without_customer", .orders, noCustomer.count,
            "orders whose customer_id is not in the customers table (left out of RFM)",
            noCustomer.first.map { $0.id.description } ?? "")
        let deliveredEarly = orders.filter { o in o.deliveredCustomer.map { $0 < o.purchase } ?? false }
        warn(
            "delivered_before_purchase", .orders, deliveredEarly.count, "orders delivered before they were bought",
            deliveredEarly.first.map { $0.id.description } ?? "")
        let undated = orders.filter { $0.status == .delivered && $0.deliveredCustomer == nil }
        note(
            "delivered_without_date", .orders, undated.count,
            "delivered orders without a delivery date (left out of the on-time rate)",
            undated.first.map { $0.id.description } ?? "")

        // Items.
        let itemNoOrder = items.filter { !orderIDs.contains($0.orderID) }
        warn(
            "item_unknown_order", .orderItems, itemNoOrder.count, "items whose order is not in the orders table",
            itemNoOrder.first.map { $0.orderID.description } ?? "")
        let itemNoProduct = items.filter { !productIDs.contains($0.productID) }
        warn(
            "item_unknown_product", .orderItems, itemNoProduct.count,
            "items whose product is not in the products table",
            itemNoProduct.first.map { $0.productID.description } ?? "")
        let itemNoSeller = items.filter { !sellerIDs.contains($0.sellerID) }
        warn(
            "item_unknown_seller", .orderItems, itemNoSeller.count, "items whose seller is not in the sellers table",
            itemNoSeller.first.map { $0.sellerID.description } ?? "")
        let badPrice = items.filter { $0.price < 0 || $0.freight < 0 || $0.price > 100_000 }
        warn(
            "item_bad_amount", .orderItems, badPrice.count,
            "items with a negative or absurd (over 100,000) price or freight",
            badPrice.first.map { String($0.price) } ?? "")

        // Payments.
        let payNoOrder = payments.filter { !orderIDs.contains($0.orderID) }
        warn(
            "payment_unknown_order", .payments, payNoOrder.count, "payments whose order is not in the orders table",
            payNoOrder.first.map { $0.orderID.description } ?? "")
        let badPay = payments.filter { $0.value < 0 || $0.value > 100_000 }
        warn(
            "payment_bad_amount", .payments, badPay.count, "payments with a negative or absurd (over 100,000) value",
            badPay.first.map { String($0.value) } ?? "")

        // Reviews.
        var seenReviews = Set<OlistID>()
        let dupReviews = reviews.filter { !seenReviews.insert($0.id).inserted }
        warn(
            "duplicate_review_id", .reviews, dupReviews.count,
            "review rows that repeat an earlier review_id (all rows count in the average score)",
            dupReviews.first.map { $0.id.description } ?? "")
        let reviewNoOrder = reviews.filter { !orderIDs.contains($0.orderID) }
        warn(
            "review_unknown_order", .reviews, reviewNoOrder.count, "reviews whose order is not in the orders table",
            reviewNoOrder.first.map { $0.orderID.description } ?? "")

        // Products and categories.
        let noCategory = products.filter { $0.category == nil }
        note(
            "product_without_category", .products, noCategory.count,
            "products without a category (shown as \"unknown\")",
            noCategory.first.map { $0.id.description } ?? "")
        let untranslated = Set(products.compactMap(\.category)).filter { categoryNames[$0] == nil }.sorted()
        note(
            "category_without_translation", .categoryTranslation, untranslated.count,
            "categories without an English name (shown in Portuguese)", untranslated.first ?? "")

        // Geolocation.
        let outside = locations.reduce(0) { $0 + $1.rowsOutsideBrazil }
        warn(
            "geolocation_outside_brazil", .geolocation, outside,
            "geolocation rows outside Brazil's bounding box (left off the map)",
            locations.first { $0.rowsOutsideBrazil > 0 }.map { $0.zip.description } ?? "")
        let located = Set(locations.map(\.zip))
        let unlocated = customers.filter { !located.contains($0.zip) }
        note(
            "customer_zip_without_location", .customers, unlocated.count,
            "customers whose zip prefix has no geolocation row",
            unlocated.first.map { $0.zip.description } ?? "")
        return q
    }
}
