import CivilDate

/// An order's status in the Olist export.
public enum OrderStatus: String, CaseIterable, Sendable, Comparable {
    case created, approved, invoiced, processing, shipped, delivered, canceled, unavailable

    /// Whether the order counts towards revenue, RFM and KPIs (all but canceled and unavailable).
    public var isCounted: Bool { self != .canceled && self != .unavailable }

    public static func < (a: OrderStatus, b: OrderStatus) -> Bool { a.rawValue < b.rawValue }
}

/// A row of olist_orders_dataset.csv.
public struct Order: Sendable, Equatable {
    public var id: OlistID
    public var customerID: OlistID
    public var status: OrderStatus
    public var purchase: Timestamp
    public var approved: Timestamp?
    public var deliveredCarrier: Timestamp?
    public var deliveredCustomer: Timestamp?
    public var estimatedDelivery: Timestamp

    /// An order row.
    public init(
        id: OlistID, customerID: OlistID, status: OrderStatus, purchase: Timestamp, approved: Timestamp?,
        deliveredCarrier: Timestamp?, deliveredCustomer: Timestamp?, estimatedDelivery: Timestamp
    ) {
        self.id = id
        self.customerID = customerID
        self.status = status
        self.purchase = purchase
        self.approved = approved
        self.deliveredCarrier = deliveredCarrier
        self.deliveredCustomer = deliveredCustomer
        self.estimatedDelivery = estimatedDelivery
    }
}

/// A row of olist_customers_dataset.csv: one per order, linked to a person by `uniqueID`.
public struct Customer: Sendable, Equatable {
    public var id: OlistID
    public var uniqueID: OlistID
    public var zip: ZipPrefix
    public var city: String
    public var state: String

    /// A customer row.
    public init(id: OlistID, uniqueID: OlistID, zip: ZipPrefix, city: String, state: String) {
        self.id = id
        self.uniqueID = uniqueID
        self.zip = zip
        self.city = city
        self.state = state
    }
}

/// A row of olist_order_items_dataset.csv.
public struct OrderItem: Sendable, Equatable {
    public var orderID: OlistID
    public var itemNumber: Int
    public var productID: OlistID
    public var sellerID: OlistID
    public var shippingLimit: Timestamp
    public var price: Double
    public var freight: Double

    /// An order item row.
    public init(
        orderID: OlistID, itemNumber: Int, productID: OlistID, sellerID: OlistID, shippingLimit: Timestamp,
        price: Double, freight: Double
    ) {
        self.orderID = orderID
        self.itemNumber = itemNumber
        self.productID = productID
        self.sellerID = sellerID
        self.shippingLimit = shippingLimit
        self.price = price
        self.freight = freight
    }
}

/// A row of olist_order_payments_dataset.csv.
public struct Payment: Sendable, Equatable {
    public var orderID: OlistID
    public var sequential: Int
    public var type: String
    public var installments: Int
    public var value: Double

    /// A payment row.
    public init(orderID: OlistID, sequential: Int, type: String, installments: Int, value: Double) {
        self.orderID = orderID
        self.sequential = sequential
        self.type = type
        self.installments = installments
        self.value = value
    }
}

/// A row of olist_order_reviews_dataset.csv.
public struct Review: Sendable, Equatable {
    public var id: OlistID
    public var orderID: OlistID
    public var score: Int
    public var title: String?
    public var message: String?
    public var creation: Timestamp
    public var answer: Timestamp

    /// A review row.
    public init(
        id: OlistID, orderID: OlistID, score: Int, title: String?, message: String?, creation: Timestamp,
        answer: Timestamp
    ) {
        self.id = id
        self.orderID = orderID
        self.score = score
        self.title = title
        self.message = message
        self.creation = creation
        self.answer = answer
    }
}

/// A row of olist_products_dataset.csv; the measurements are missing for some products.
public struct Product: Sendable, Equatable {
    public var id: OlistID
    public var category: String?
    public var nameLength: Int?
    public var descriptionLength: Int?
    public var photos: Int?
    public var weightGrams: Int?
    public var lengthCm: Int?
    public var heightCm: Int?
    public var widthCm: Int?

    /// A product row.
    public init(
        id: OlistID, category: String?, nameLength: Int? = nil, descriptionLength: Int? = nil, photos: Int? = nil,
        weightGrams: Int? = nil, lengthCm: Int? = nil, heightCm: Int? = nil, widthCm: Int? = nil
    ) {
        self.id = id
        self.category = category
        self.nameLength = nameLength
        self.descriptionLength = descriptionLength
        self.photos = photos
        self.weightGrams = weightGrams
        self.lengthCm = lengthCm
        self.heightCm = heightCm
        self.widthCm = widthCm
    }
}

/// A row of olist_sellers_dataset.csv.
public struct Seller: Sendable, Equatable {
    public var id: OlistID
    public var zip: ZipPrefix
    public var city: String
    public var state: String

    /// A seller row.
    public init(id: OlistID, zip: ZipPrefix, city: String, state: String) {
        self.id = id
        self.zip = zip
        self.city = city
        self.state = state
    }
}

/// One zip prefix of olist_geolocation_dataset.csv, reduced while reading from its many rows.
public struct ZipLocation: Sendable, Equatable {
    public var zip: ZipPrefix
    /// Mean latitude over all rows of the prefix.
    public var latitude: Double
    /// Mean longitude over all rows of the prefix.
    public var longitude: Double
    /// Mean latitude and longitude over the rows inside Brazil's bounding box, if any.
    public var brazilLatitude: Double?
    public var brazilLongitude: Double?
    /// The most frequent city and state among the rows (ties broken alphabetically).
    public var city: String
    public var state: String
    /// How many raw rows the prefix had, and how many of them lay outside Brazil.
    public var rows: Int
    public var rowsOutsideBrazil: Int

    /// A reduced zip prefix.
    public init(
        zip: ZipPrefix, latitude: Double, longitude: Double, brazilLatitude: Double?, brazilLongitude: Double?,
        city: String, state: String, rows: Int, rowsOutsideBrazil: Int
    ) {
        self.zip = zip
        self.latitude = latitude
        self.longitude = longitude
        self.brazilLatitude = brazilLatitude
        self.brazilLongitude = brazilLongitude
        self.city = city
        self.state = state
        self.rows = rows
        self.rowsOutsideBrazil = rowsOutsideBrazil
    }
}

/// Brazil's bounding box, with a small margin, for spotting geolocation rows that lie elsewhere.
public enum Brazil {
    /// Southernmost to northernmost latitude.
    public static let latitudes = -33.8...5.3
    /// Westernmost to easternmost longitude.
    public static let longitudes = -73.99...(-34.7)
    /// The 27 federative units (26 states and the Federal District).
    public static let states = [
        "AC", "AL", "AM", "AP", "BA", "CE", "DF", "ES", "GO", "MA", "MG", "MS", "MT", "PA", "PB", "PE", "PI", "PR",
        "RJ", "RN", "RO", "RR", "RS", "SC", "SE", "SP", "TO",
    ]

    /// Whether a coordinate lies inside the bounding box.
    public static func contains(latitude: Double, longitude: Double) -> Bool {
        latitudes.contains(latitude) && longitudes.contains(longitude)
    }
}
