/// The dataset's references as row positions: for each payment, item and review the position of
/// its order in `orders`, for each order its customer's in `customers`, for each item its
/// product's in `products`; -1 where the referenced row does not exist.
///
/// Validation looks every reference up to count the broken ones; keeping the positions it found
/// lets the analysis join the tables by array index, where it hashed every id a second time (at
/// ten million orders, some forty million lookups that each missed the caches).
public struct RowLinks: Sendable, Equatable {
    public var paymentOrder: [Int32] = []
    public var itemOrder: [Int32] = []
    public var reviewOrder: [Int32] = []
    public var orderCustomer: [Int32] = []
    public var itemProduct: [Int32] = []

    /// No links, for a dataset without rows.
    public init() {}

    /// The links of `orders` (payments', reviews' and orders') with the items' of `items`.
    init(_ orders: RowLinks, items: RowLinks) {
        self = orders
        itemOrder = items.itemOrder
        itemProduct = items.itemProduct
    }

    /// The position in `index` of each row's id; -1 for an id that is not there.
    static func positions<Row>(_ rows: [Row], in index: IDIndex, _ id: (Row) -> OlistID) -> [Int32] {
        // A loop that does nothing but look up, so the misses of consecutive rows overlap.
        [Int32](unsafeUninitializedCapacity: rows.count) { out, n in
            for (k, r) in rows.enumerated() { out[k] = index.position(of: id(r)).map { Int32($0) } ?? -1 }
            n = rows.count
        }
    }
}

extension Dataset {
    /// The positions validation found, or found now for a dataset made or changed since.
    public func links() -> RowLinks {
        if let foundLinks { return foundLinks }
        let orderIndex = index(.orders)
        return RowLinks(orderLinks(orderIndex), items: itemLinks(orderIndex))
    }

    /// The payments' and the reviews' orders and the orders' customers (validation's first lane).
    func orderLinks(_ orderIndex: IDIndex) -> RowLinks {
        var l = RowLinks()
        l.paymentOrder = RowLinks.positions(payments, in: orderIndex, \.orderID)
        l.orderCustomer = RowLinks.positions(orders, in: index(.customers), \.customerID)
        l.reviewOrder = RowLinks.positions(reviews, in: orderIndex, \.orderID)
        return l
    }

    /// The items' orders and products (validation's second lane).
    func itemLinks(_ orderIndex: IDIndex) -> RowLinks {
        var l = RowLinks()
        l.itemOrder = RowLinks.positions(items, in: orderIndex, \.orderID)
        l.itemProduct = RowLinks.positions(items, in: index(.products), \.productID)
        return l
    }

    /// The positions of the ids of `table` (orders, customers, products or sellers): the read's
    /// index while it is kept, else a new one (the first row wins for a repeated id).
    func index(_ table: OlistTable) -> IDIndex {
        if let kept = keys[table] { return kept }
        switch table {
        case .orders: return IDIndex(orders.lazy.map(\.id))
        case .customers: return IDIndex(customers.lazy.map(\.id))
        case .products: return IDIndex(products.lazy.map(\.id))
        case .sellers: return IDIndex(sellers.lazy.map(\.id))
        default: preconditionFailure("\(table) has no key column")
        }
    }
}
