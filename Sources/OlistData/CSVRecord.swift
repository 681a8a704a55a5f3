/// One CSV record: unescaped field bytes and where each field started in the file.
///
/// The reader reuses one record for every row, so reading a file allocates per buffer, not per row.
public struct CSVRecord: Sendable {
    /// The unescaped bytes of all fields, back to back.
    public internal(set) var bytes: [UInt8] = []
    /// End offset in `bytes` of each field; field `i` spans `ends[i-1]..<ends[i]`.
    public internal(set) var ends: [Int] = []
    /// Where each field starts: its physical line (1-based) in the high 32 bits, its byte column
    /// (1-based) within that line in the low 32 (one array to append to per field, not two); read
    /// them with `line(_:)` and `column(_:)`.
    var starts: [Int] = []

    /// An empty record, to pass to `CSVReader.next(into:)`.
    public init() {}

    /// Number of fields.
    public var count: Int { ends.count }

    /// Line number (1-based) where the record starts.
    public var line: Int { starts.first.map { $0 >> 32 } ?? 0 }

    /// Line (1-based) where field `i` starts.
    public func line(_ i: Int) -> Int { starts[i] >> 32 }

    /// Byte column (1-based) where field `i` starts within its line.
    public func column(_ i: Int) -> Int { starts[i] & 0xFFFF_FFFF }

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
        starts.removeAll(keepingCapacity: true)
    }
}
