/// Problems in the input that do not stop a build, counted for the data-quality section.
public struct DataQuality: Sendable, Equatable {
    /// One kind of problem, how often it occurs, and one example.
    public struct Warning: Sendable, Equatable {
        /// A stable identifier, e.g. `duplicate_review_id`.
        public var code: String
        /// The table the problem is in.
        public var table: OlistTable
        /// How many rows have it.
        public var count: Int
        /// What it means, for a reader of the report.
        public var message: String
        /// One offending value, to help find it.
        public var example: String

        /// A warning.
        public init(code: String, table: OlistTable, count: Int, message: String, example: String) {
            self.code = code
            self.table = table
            self.count = count
            self.message = message
            self.example = example
        }
    }

    /// Warnings in a fixed order (table, then code).
    public var warnings: [Warning] = []
    /// Facts worth knowing that are not problems (e.g. products without a category).
    public var notes: [Warning] = []

    /// No warnings yet.
    public init() {}
}
