/// The nine Olist tables, typed and in memory, with what validation found.
public struct Dataset: Sendable {
    // A change to a table makes the positions validation found stale: they are dropped with it
    // (an observer runs once per assignment or in-place change, not per row).
    public var orders: [Order] = [] { didSet { forget(.orders) } }
    public var customers: [Customer] = [] { didSet { forget(.customers) } }
    public var items: [OrderItem] = [] { didSet { forget(.orderItems) } }
    public var payments: [Payment] = [] { didSet { forget(.payments) } }
    public var reviews: [Review] = [] { didSet { forget(.reviews) } }
    public var products: [Product] = [] { didSet { forget(.products) } }
    public var sellers: [Seller] = [] { didSet { forget(.sellers) } }
    /// Geolocation reduced to one entry per zip prefix, sorted by prefix.
    public var locations: [ZipLocation] = []
    /// Portuguese category name → English, from product_category_name_translation.csv.
    public var categoryNames: [String: String] = [:]
    /// Raw record counts per table (geolocation counts its raw rows, not prefixes).
    public var rowCounts: [OlistTable: Int] = [:]
    /// SHA-256 and size of each input file, as read.
    public var digests: [OlistTable: FileDigest] = [:]
    /// What validation found: the warnings that did not stop the build.
    public var quality = DataQuality()
    /// The folder the tables were read from (nil for a dataset made in memory).
    public var directory: String?
    /// The ids of orders, customers, products and sellers with their positions, as the read
    /// collected them to check they are unique, kept only until validation has used them.
    var keys: [OlistTable: IDIndex] = [:]
    /// The rows' references as positions, found by validation for the analysis.
    var foundLinks: RowLinks?

    private mutating func forget(_ table: OlistTable) {
        if keys[table] != nil { keys[table] = nil }
        foundLinks = nil
    }

    /// An empty dataset, to fill by hand in tests.
    public init() {}

    /// What outlives the rows: counts, digests, quality, zip prefixes and category names.
    public var summary: DatasetSummary {
        DatasetSummary(
            directory: directory, rowCounts: rowCounts, digests: digests, quality: quality, locations: locations,
            categoryNames: categoryNames)
    }
}

/// What a build keeps of a dataset once its rows are analysed: all of it small (per table, per zip
/// prefix, per category), so memory does not grow with the files. The warehouse reads the rows
/// again from `directory`, one table at a time.
public struct DatasetSummary: Sendable {
    /// The folder the tables were read from (nil for a dataset made in memory).
    public var directory: String?
    /// Raw record counts per table (geolocation counts its raw rows, not prefixes).
    public var rowCounts: [OlistTable: Int]
    /// SHA-256 and size of each input file, as read.
    public var digests: [OlistTable: FileDigest]
    /// What validation found.
    public var quality: DataQuality
    /// Geolocation reduced to one entry per zip prefix, sorted by prefix.
    public var locations: [ZipLocation]
    /// Portuguese category name → English.
    public var categoryNames: [String: String]
}

/// A file's SHA-256 and size.
public struct FileDigest: Sendable, Equatable {
    public var sha256: String
    public var bytes: Int

    /// A digest.
    public init(sha256: String, bytes: Int) {
        self.sha256 = sha256
        self.bytes = bytes
    }
}
