import Analytics
import CivilDate
import Foundation
import OlistData
import Warehouse

/// An id as the warehouse stores it: 32 hex digits, written without making a String.
@Sendable private func id(_ x: OlistID) -> WarehouseValue { .hex128(x.high, x.low) }

/// The warehouse tables of a build: the nine Olist tables (geolocation reduced to one row per zip
/// prefix) and what the report computed, in load order (referenced tables first).
public struct WarehouseExport: Sendable {
    let source: DatasetSummary
    /// The rows of the first read, when the build kept them (small inputs); else nil and the
    /// Olist tables are read again from their files.
    let rows: Dataset?
    let analysis: Analysis
    let churn: ChurnStudy?
    let forecast: ForecastStudy?
    let options: Pipeline.Options

    /// The export of one build's results.
    public init(
        source: DatasetSummary, rows: Dataset? = nil, analysis: Analysis, churn: ChurnStudy?,
        forecast: ForecastStudy?, options: Pipeline.Options
    ) {
        self.source = source
        self.rows = rows
        self.analysis = analysis
        self.churn = churn
        self.forecast = forecast
        self.options = options
    }

    /// Every table, in load order.
    public func tables() -> [TableData] { Self.rawTables(source, rows: rows) + analysisTables() }

    /// The Olist tables the SQLite warehouse loads on a second connection, each into a file of its
    /// own that the main load then copies: orders, items and products, about half of the load's
    /// work, so the load takes both cores when the rest of the build leaves one free. (With
    /// payments as well, the second connection read them again while the model ran: 10M orders
    /// peaked at 8.2 GB.)
    public static let secondConnection: Set<OlistTable> = [.orders, .orderItems, .products]

    /// Where the main connection copies in each of the second connection's tables: after this
    /// table of its own. The second connection loads orders first, ready about when the main one
    /// has loaded customers and payments; items and products come last. Copied in while the
    /// model trains, rather than all after the results, they no longer hold up the end of the
    /// build when the model ends before the loads.
    public static let copiedAfter: [OlistTable: OlistTable] = [
        .orders: .payments, .orderItems: .geolocation, .products: .geolocation,
    ]

    /// The tables the warehouse takes from the first read's rows even on big inputs: those the
    /// two connections load first (customers on the main one; orders, then items, on the second),
    /// while the analysis still holds their rows anyway. The others are read again from their files.
    public static let keptOnBigInputs: Set<OlistTable> = [.customers, .orders, .orderItems]

    /// The tables whose warehouse rows come from the dataset's summary, never from their file.
    public static let fromSummary: Set<OlistTable> = [.geolocation, .categoryTranslation]

    /// The files a big build reads a second time (for the warehouse); it reads every other file
    /// only once, so the first read can let go of its pages (`LoadOptions.uncached`).
    public static var readAgainOnBigInputs: Set<OlistTable> {
        Set(OlistTable.allCases).subtracting(keptOnBigInputs).subtracting(fromSummary)
    }

    /// The nine Olist tables, which need only the data read (so they can load while the rest runs).
    /// The rows of the tables in `kept` come from `rows` when given; every other table is read
    /// again from its file when it loads, one table at a time, so the build need not keep every
    /// row in memory until the warehouse is done. Each table holds its own rows only, so a load
    /// that lets go of a table once it is in lets go of its rows. Geolocation (one row per zip
    /// prefix) and the category names come from the summary. Either way the tables are the same,
    /// byte for byte.
    public static func rawTables(
        _ s: DatasetSummary, rows: Dataset? = nil, keeping kept: Set<OlistTable> = Set(OlistTable.allCases)
    ) -> [TableData] {
        rawTablesBySource(s, rows: rows, keeping: kept).map(\.data)
    }

    /// `rawTables`, each with the Olist table it holds.
    public static func rawTablesBySource(
        _ s: DatasetSummary, rows: Dataset? = nil, keeping kept: Set<OlistTable> = Set(OlistTable.allCases)
    ) -> [(source: OlistTable, data: TableData)] {
        @Sendable func ts(_ t: Timestamp?) -> WarehouseValue { t.map { .timestamp($0) } ?? .null }
        @Sendable func text(_ s: String?) -> WarehouseValue { s.map { .text($0) } ?? .null }
        @Sendable func int(_ i: Int?) -> WarehouseValue { i.map { .int($0) } ?? .null }
        @Sendable func read(_ t: OlistTable) throws -> Dataset {
            // The last read of the file: its pages can go once it is read.
            var options = LoadOptions()
            options.uncached = [t]
            return try Dataset.reread(t, of: s, options: options)
        }
        func own<Row>(_ t: OlistTable, _ table: (Dataset) -> [Row]) -> [Row]? {
            kept.contains(t) ? rows.map(table) : nil
        }
        let customers = own(.customers, \.customers)
        let orders = own(.orders, \.orders)
        let items = own(.orderItems, \.items)
        let payments = own(.payments, \.payments)
        let reviews = own(.reviews, \.reviews)
        let products = own(.products, \.products)
        let sellers = own(.sellers, \.sellers)
        let count = { (t: OlistTable) in s.rowCounts[t] ?? 0 }
        // Rows go in in key order: appending to a primary-key index is several times as fast as
        // inserting at random places, and the gap grows with the table. Items, payments and reviews
        // go in order of their order id, so SQLite builds that index as it inserts rather than
        // sorting a million rows afterwards.
        var out: [(source: OlistTable, data: TableData)] = []
        func add(_ source: OlistTable, _ data: TableData) { out.append((source, data)) }
        add(
            .customers,
            TableData(
                table: WarehouseTable(
                    name: "olist_customers",
                    columns: [
                        Column("customer_id", .text), Column("customer_unique_id", .text),
                        Column("customer_zip_code_prefix", .text),
                        Column("customer_city", .text), Column("customer_state", .text),
                    ], primaryKey: ["customer_id"], indexes: [["customer_unique_id"]]),
                rowCount: count(.customers)
            ) {
                inKeyOrder(try customers ?? read(.customers).customers, { SortKey($0.id) }) { c in
                    [
                        id(c.id), id(c.uniqueID), .text(c.zip.description), .text(c.city),
                        .text(c.state),
                    ]
                }
            })
        add(
            .orders,
            TableData(
                table: WarehouseTable(
                    name: "olist_orders",
                    columns: [
                        Column("order_id", .text), Column("customer_id", .text), Column("order_status", .text),
                        Column("order_purchase_timestamp", .timestamp),
                        Column("order_approved_at", .timestamp, nullable: true),
                        Column("order_delivered_carrier_date", .timestamp, nullable: true),
                        Column("order_delivered_customer_date", .timestamp, nullable: true),
                        Column("order_estimated_delivery_date", .timestamp),
                    ], primaryKey: ["order_id"], indexes: [["customer_id"], ["order_purchase_timestamp"]],
                    // Declared only when every order has its customer; otherwise the load would fail.
                    foreignKeys: s.quality.warnings.contains { $0.code == "order_without_customer" }
                        ? [] : [(column: "customer_id", table: "olist_customers", references: "customer_id")]),
                rowCount: count(.orders)
            ) {
                inKeyOrder(try orders ?? read(.orders).orders, { SortKey($0.id) }) { o in
                    [
                        id(o.id), id(o.customerID), .text(o.status.rawValue),
                        .timestamp(o.purchase),
                        ts(o.approved), ts(o.deliveredCarrier), ts(o.deliveredCustomer),
                        .timestamp(o.estimatedDelivery),
                    ]
                }
            })
        add(
            .orderItems,
            TableData(
                table: WarehouseTable(
                    name: "olist_order_items",
                    columns: [
                        Column("order_id", .text), Column("order_item_id", .integer), Column("product_id", .text),
                        Column("seller_id", .text), Column("shipping_limit_date", .timestamp), Column("price", .money),
                        Column("freight_value", .money),
                    ], indexes: [["order_id"], ["product_id"]]),
                rowCount: count(.orderItems), rowsFollowFirstIndex: true
            ) {
                inKeyOrder(try items ?? read(.orderItems).items, { SortKey($0.orderID, $0.itemNumber) }) { it in
                    [
                        id(it.orderID), .int(it.itemNumber), id(it.productID),
                        id(it.sellerID),
                        .timestamp(it.shippingLimit), .double(it.price), .double(it.freight),
                    ]
                }
            })
        add(
            .payments,
            TableData(
                table: WarehouseTable(
                    name: "olist_order_payments",
                    columns: [
                        Column("order_id", .text), Column("payment_sequential", .integer),
                        Column("payment_type", .text),
                        Column("payment_installments", .integer), Column("payment_value", .money),
                    ], indexes: [["order_id"]]),
                rowCount: count(.payments), rowsFollowFirstIndex: true
            ) {
                inKeyOrder(try payments ?? read(.payments).payments, { SortKey($0.orderID, $0.sequential) }) { p in
                    [
                        id(p.orderID), .int(p.sequential), .text(p.type), .int(p.installments),
                        .double(p.value),
                    ]
                }
            })
        add(
            .reviews,
            TableData(
                table: WarehouseTable(
                    name: "olist_order_reviews",
                    columns: [
                        // review_id is not unique in the export, so it is no primary key.
                        Column("review_id", .text), Column("order_id", .text), Column("review_score", .integer),
                        Column("review_comment_title", .text, nullable: true),
                        Column("review_comment_message", .text, nullable: true),
                        Column("review_creation_date", .timestamp), Column("review_answer_timestamp", .timestamp),
                    ], indexes: [["order_id"]]),
                rowCount: count(.reviews), rowsFollowFirstIndex: true
            ) {
                inKeyOrder(
                    try reviews ?? read(.reviews).reviews, { SortKey($0.orderID, Int(truncatingIfNeeded: $0.id.high)) }
                ) {
                    r in
                    [
                        id(r.id), id(r.orderID), .int(r.score), text(r.title),
                        text(r.message),
                        .timestamp(r.creation), .timestamp(r.answer),
                    ]
                }
            })
        add(
            .products,
            TableData(
                table: WarehouseTable(
                    name: "olist_products",
                    columns: [
                        Column("product_id", .text), Column("product_category_name", .text, nullable: true),
                        Column("product_name_lenght", .integer, nullable: true),
                        Column("product_description_lenght", .integer, nullable: true),
                        Column("product_photos_qty", .integer, nullable: true),
                        Column("product_weight_g", .integer, nullable: true),
                        Column("product_length_cm", .integer, nullable: true),
                        Column("product_height_cm", .integer, nullable: true),
                        Column("product_width_cm", .integer, nullable: true),
                    ], primaryKey: ["product_id"]),
                rowCount: count(.products)
            ) {
                inKeyOrder(try products ?? read(.products).products, { SortKey($0.id) }) { p in
                    [
                        id(p.id), text(p.category), int(p.nameLength), int(p.descriptionLength),
                        int(p.photos),
                        int(p.weightGrams), int(p.lengthCm), int(p.heightCm), int(p.widthCm),
                    ]
                }
            })
        add(
            .sellers,
            TableData(
                table: WarehouseTable(
                    name: "olist_sellers",
                    columns: [
                        Column("seller_id", .text), Column("seller_zip_code_prefix", .text),
                        Column("seller_city", .text),
                        Column("seller_state", .text),
                    ], primaryKey: ["seller_id"]),
                rowCount: count(.sellers)
            ) {
                let rows = try sellers ?? read(.sellers).sellers
                return { i in
                    let s = rows[i]
                    return [id(s.id), .text(s.zip.description), .text(s.city), .text(s.state)]
                }
            })
        let categories = s.categoryNames.keys.sorted()
        add(
            .categoryTranslation,
            TableData(
                table: WarehouseTable(
                    name: "product_category_name_translation",
                    columns: [Column("product_category_name", .text), Column("product_category_name_english", .text)],
                    primaryKey: ["product_category_name"]),
                rowCount: categories.count
            ) { i in [.text(categories[i]), .text(s.categoryNames[categories[i]]!)] })
        add(
            .geolocation,
            TableData(
                table: WarehouseTable(
                    name: "olist_geolocation",
                    columns: [
                        Column("geolocation_zip_code_prefix", .text), Column("geolocation_lat", .real),
                        Column("geolocation_lng", .real),
                        Column("geolocation_city", .text), Column("geolocation_state", .text),
                        Column("source_rows", .integer),
                        Column("rows_outside_brazil", .integer),
                    ], primaryKey: ["geolocation_zip_code_prefix"]),
                rowCount: s.locations.count
            ) { i in
                let l = s.locations[i]
                return [
                    .text(l.zip.description), .double(l.latitude), .double(l.longitude), .text(l.city), .text(l.state),
                    .int(l.rows),
                    .int(l.rowsOutsideBrazil),
                ]
            })
        return out
    }

    /// What the build computed: RFM and scores, daily sales, the forecast, KPIs and the run.
    public func analysisTables() -> [TableData] {
        let a = analysis
        let probabilities = churn?.probabilities
        var out: [TableData] = []
        out.append(
            TableData(
                table: WarehouseTable(
                    name: "customer_rfm_data",
                    columns: [
                        Column("customer_unique_id", .text), Column("recency", .integer), Column("frequency", .integer),
                        Column("monetary", .money), Column("r_score", .integer), Column("f_score", .integer),
                        Column("m_score", .integer),
                        Column("segment", .text), Column("churned", .integer),
                        Column("churn_probability", .real, nullable: true),
                        Column("risk_level", .text, nullable: true), Column("customer_state", .text),
                        Column("first_purchase", .timestamp), Column("last_purchase", .timestamp),
                        // No index on segment, recency or churned (nor on the customers' state): a
                        // filter on a column of a few values reads most of the table anyway, and
                        // each index cost a second or more per million rows to build.
                    ], primaryKey: ["customer_unique_id"]),
                rowCount: a.customers.count
            ) { i in
                let c = a.customers[i]
                let p = probabilities?[i]
                return [
                    id(c.id), .int(c.recency), .int(c.frequency), .double(c.monetary), .int(c.scores.r),
                    .int(c.scores.f), .int(c.scores.m), .text(c.segment.rawValue), .int(c.churned ? 1 : 0),
                    p.map { .double($0) } ?? .null, p.map { .text(RiskLevel(probability: $0).rawValue) } ?? .null,
                    .text(c.state),
                    .timestamp(c.firstPurchase), .timestamp(c.lastPurchase),
                ]
            })
        out.append(
            TableData(
                table: WarehouseTable(
                    name: "daily_sales", columns: [Column("date", .date), Column("revenue", .money)],
                    primaryKey: ["date"]),
                rowCount: a.dailyRevenue.count
            ) { i in [.date(a.dailyRevenue[i].date), .double(a.dailyRevenue[i].value)] })
        let points = forecast?.points ?? []
        let historyDays = forecast?.actual.count ?? 0
        out.append(
            TableData(
                table: WarehouseTable(
                    name: "sales_forecast",
                    columns: [
                        Column("ds", .date), Column("yhat", .real), Column("yhat_lower", .real),
                        Column("yhat_upper", .real),
                        Column("yhat_lower_95", .real), Column("yhat_upper_95", .real), Column("is_forecast", .integer),
                    ], primaryKey: ["ds"]),
                rowCount: points.count
            ) { i in
                let p = points[i]
                return [
                    .date(p.date), .double(p.yhat), .double(p.lower80), .double(p.upper80), .double(p.lower95),
                    .double(p.upper95), .int(i >= historyDays ? 1 : 0),
                ]
            })
        let k = a.kpis
        let kpis: [(String, Double?)] = [
            ("revenue", k.revenue), ("orders", Double(k.orders)), ("customers", Double(k.customers)),
            ("average_order_value", k.averageOrderValue), ("repeat_customer_rate", k.repeatCustomerRate),
            ("churn_rate", k.churnRate), ("average_review_score", k.averageReviewScore),
            ("on_time_delivery_rate", k.onTimeDeliveryRate),
        ]
        out.append(
            TableData(
                table: WarehouseTable(
                    name: "kpis", columns: [Column("kpi", .text), Column("value", .real, nullable: true)],
                    primaryKey: ["kpi"]),
                rowCount: kpis.count
            ) { i in [.text(kpis[i].0), kpis[i].1.map { .double($0) } ?? .null] })
        let o = options
        out.append(
            TableData(
                table: WarehouseTable(
                    name: "run",
                    columns: [
                        Column("as_of", .date), Column("tool_version", .text), Column("data", .text),
                        Column("labeling", .text),
                        Column("seed", .integer),
                    ]),
                rowCount: 1
            ) { _ in
                [.date(a.asOf), .text(Churnsite.version), .text(o.data), .text(o.labeling.rawValue), .int(Int(o.seed))]
            })
        let d = source
        out.append(
            TableData(
                table: WarehouseTable(
                    name: "run_inputs",
                    columns: [
                        Column("file", .text), Column("sha256", .text), Column("bytes", .integer),
                        Column("rows", .integer),
                    ],
                    primaryKey: ["file"]),
                rowCount: OlistTable.allCases.count
            ) { i in
                let t = OlistTable.allCases[i]
                let digest = d.digests[t]
                return [
                    .text(t.fileName), digest.map { .text($0.sha256) } ?? .null, .int(digest?.bytes ?? 0),
                    .int(d.rowCounts[t] ?? 0),
                ]
            })
        return out
    }
}

/// A row's sort key: an id, then a number (ties keep file order).
private struct SortKey: Comparable {
    var high: UInt64
    var low: UInt64
    var then: Int
    var row: Int32 = 0

    init(_ id: OlistID, _ then: Int = 0) {
        high = id.high
        low = id.low
        self.then = then
    }

    static func < (a: SortKey, b: SortKey) -> Bool {
        (a.high, a.low, a.then, a.row) < (b.high, b.low, b.then, b.row)
    }
}

/// Row `i` of `rows` taken in ascending order of `key`, as warehouse values.
private func inKeyOrder<Row: Sendable>(
    _ rows: [Row], _ key: (Row) -> SortKey, _ values: @escaping @Sendable (Row) -> [WarehouseValue]
) -> @Sendable (Int) -> [WarehouseValue] {
    let gather = Gather(rows, order: keyOrder(rows.map(key)))
    return { i in values(gather.row(i)) }
}

/// Rows in a given order, copied out a block at a time. In key order the rows are at random
/// places in memory, and taken one at a time, between SQLite's inserts, each waited for its own
/// cache miss: most of the time spent making the big tables' rows. A loop that only copies a
/// block's rows has many misses in flight at once.
private final class Gather<Row: Sendable>: @unchecked Sendable {
    static var blockSize: Int { 1024 }
    private let rows: [Row]
    private let order: [Int]
    private let lock = NSLock()
    private var block: [Row] = []
    private var blockStart = 0

    init(_ rows: [Row], order: [Int]) {
        self.rows = rows
        self.order = order
    }

    /// Row `order[i]`; rows are fastest asked for in ascending `i`.
    func row(_ i: Int) -> Row {
        lock.withLock {
            if i < blockStart || i >= blockStart + block.count {
                blockStart = i - i % Self.blockSize
                block.removeAll(keepingCapacity: true)
                for k in blockStart..<min(blockStart + Self.blockSize, order.count) { block.append(rows[order[k]]) }
            }
            return block[i - blockStart]
        }
    }
}

/// Row numbers in key order: the keys sorted as plain values, which is several times as fast as
/// sorting row numbers with a closure that looks rows up.
private func keyOrder(_ keys: [SortKey]) -> [Int] {
    var keys = keys
    for i in keys.indices { keys[i].row = Int32(i) }
    // The row numbers make every key unique: the same order as `sort()`.
    Sorting.byLeadingBits(&keys) { $0.high }
    return keys.map { Int($0.row) }
}
