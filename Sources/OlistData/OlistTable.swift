/// The nine tables of the Olist export, with their exact Kaggle file names and columns.
public enum OlistTable: String, CaseIterable, Sendable, Comparable {
    case orders, customers, orderItems, payments, reviews, products, sellers, geolocation, categoryTranslation

    /// The file name in the Kaggle archive.
    public var fileName: String {
        switch self {
        case .orders: "olist_orders_dataset.csv"
        case .customers: "olist_customers_dataset.csv"
        case .orderItems: "olist_order_items_dataset.csv"
        case .payments: "olist_order_payments_dataset.csv"
        case .reviews: "olist_order_reviews_dataset.csv"
        case .products: "olist_products_dataset.csv"
        case .sellers: "olist_sellers_dataset.csv"
        case .geolocation: "olist_geolocation_dataset.csv"
        case .categoryTranslation: "product_category_name_translation.csv"
        }
    }

    /// The table name used in the warehouse and in reports.
    public var tableName: String { String(fileName.dropLast(4)).replacingOccurrences(of: "_dataset", with: "") }

    /// The header, in the order the Kaggle files have it.
    public var columns: [String] {
        switch self {
        case .orders:
            [
                "order_id", "customer_id", "order_status", "order_purchase_timestamp", "order_approved_at",
                "order_delivered_carrier_date", "order_delivered_customer_date", "order_estimated_delivery_date",
            ]
        case .customers:
            ["customer_id", "customer_unique_id", "customer_zip_code_prefix", "customer_city", "customer_state"]
        case .orderItems:
            ["order_id", "order_item_id", "product_id", "seller_id", "shipping_limit_date", "price", "freight_value"]
        case .payments:
            ["order_id", "payment_sequential", "payment_type", "payment_installments", "payment_value"]
        case .reviews:
            [
                "review_id", "order_id", "review_score", "review_comment_title", "review_comment_message",
                "review_creation_date", "review_answer_timestamp",
            ]
        case .products:
            [
                // "lenght" is how the Kaggle export spells it.
                "product_id", "product_category_name", "product_name_lenght", "product_description_lenght",
                "product_photos_qty", "product_weight_g", "product_length_cm", "product_height_cm", "product_width_cm",
            ]
        case .sellers:
            ["seller_id", "seller_zip_code_prefix", "seller_city", "seller_state"]
        case .geolocation:
            [
                "geolocation_zip_code_prefix", "geolocation_lat", "geolocation_lng", "geolocation_city",
                "geolocation_state",
            ]
        case .categoryTranslation:
            ["product_category_name", "product_category_name_english"]
        }
    }

    /// Whether an empty table is an error: every table but the translations must have rows.
    public var mustHaveRows: Bool { self != .categoryTranslation }

    public static func < (a: OlistTable, b: OlistTable) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
