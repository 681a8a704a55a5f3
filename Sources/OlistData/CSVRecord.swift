/// One CSV record: unescaped field bytes and where each field started in the file.
///
/// The reader reuses one record for every row, so reading a file allocates per buffer, not per row.
public struct CSVRecord: Sendable {
    /// The unescaped bytes of all fields, back to back.
    public internal(set) var bytes: [UInt8] = []
    /// End offset in `bytes` of each field; field `i` spans `ends[i-1]..<ends[i]`.
    public internal(set) var ends: [Int] = []
    /// Physical line (1-based) where each field starts.
    public internal(set) var lines: [Int] = []
    /// Byte column (1-based) within its line where each field starts.
    public internal(set) var columns: [Int] = []

    /// An empty record, to pass to `CSVReader.next(into:)`.
    public init() {}

    /// Number of fields.
    public var count: Int { ends.count }

    /// Line number (1-based) where the record starts.
    public var line: Int { lines.first ?? 0 }

    /// The bytes of field `i`.
    @inlinable
    public func field(_ i: Int) -> ArraySlice<UInt8> {
        bytes[(i == 0 ? 0 : ends[i - 1])..<ends[i]]
    }

    /// Field `i` decoded as UTF-8, or `nil` when the bytes are not valid UTF-8.
    public func string(_ i: Int) -> String? {
        String(validating: field(i), as: UTF8.self)
    }

    /// Whether field `i` is empty (a missing value).
    @inlinable
    public func isEmpty(_ i: Int) -> Bool {
        (i == 0 ? 0 : ends[i - 1]) == ends[i]
    }

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
        columns.removeAll(keepingCapacity: true)
    }
}
