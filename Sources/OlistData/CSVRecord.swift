/// One CSV record: unescaped field bytes and where each field started in the file.
///
/// The reader reuses one record for every row, so reading a file allocates per buffer, not per row.
/// The arrays keep their size from record to record and only their first entries are the current
/// record's: the reader writes a record in place, through a pointer, instead of appending to
/// three arrays byte by byte and field by field (which had each append check the array's
/// uniqueness and capacity).
public struct CSVRecord: Sendable {
    /// The unescaped bytes of all fields, each followed by one separator byte (a plain line's
    /// comma, so such a line goes in with one copy); the first `used` are the record's.
    var bytes: [UInt8] = []
    var used = 0
    /// End offset in `bytes` of each field; field `i` spans `ends[i-1] + 1..<ends[i]` (`0..<ends[0]`
    /// for the first). The first `count` are the record's.
    var ends: [Int] = []
    /// Where each field starts: its physical line (1-based) in the high 32 bits, its byte column
    /// (1-based) within that line in the low 32 (one array to write per field, not two); read
    /// them with `line(_:)` and `column(_:)`. Entry `count` is the field being read.
    var starts: [Int] = []
    /// Number of fields.
    public private(set) var count = 0

    /// An empty record, to pass to `CSVReader.next(into:)`.
    public init() {}

    /// Line number (1-based) where the record starts.
    public var line: Int { count > 0 ? starts[0] >> 32 : 0 }

    /// Line (1-based) where field `i` starts.
    public func line(_ i: Int) -> Int {
        precondition(i < count, "field \(i) of a record of \(count)")
        return starts[i] >> 32
    }

    /// Byte column (1-based) where field `i` starts within its line.
    public func column(_ i: Int) -> Int {
        precondition(i < count, "field \(i) of a record of \(count)")
        return starts[i] & 0xFFFF_FFFF
    }

    /// The bytes of field `i`.
    public func field(_ i: Int) -> ArraySlice<UInt8> {
        precondition(i < count, "field \(i) of a record of \(count)")
        return bytes[(i == 0 ? 0 : ends[i - 1] + 1)..<ends[i]]
    }

    /// Field `i` decoded as UTF-8, or `nil` when the bytes are not valid UTF-8.
    public func string(_ i: Int) -> String? {
        String(validating: field(i), as: UTF8.self)
    }

    /// Whether field `i` is empty (a missing value).
    public func isEmpty(_ i: Int) -> Bool {
        precondition(i < count, "field \(i) of a record of \(count)")
        return (i == 0 ? 0 : ends[i - 1] + 1) == ends[i]
    }

    mutating func reset() {
        used = 0
        count = 0
    }

    /// Makes room for `extra` more bytes and `fields` more fields.
    @inline(__always)
    mutating func reserve(bytes extra: Int, fields: Int) {
        if used + extra > bytes.count {
            bytes.append(contentsOf: repeatElement(0, count: max(used + extra - bytes.count, bytes.count)))
        }
        if count + fields >= ends.count {
            let more = max(count + fields + 1 - ends.count, ends.count)
            ends.append(contentsOf: repeatElement(0, count: more))
            starts.append(contentsOf: repeatElement(0, count: more))
        }
    }

    /// Starts field `count` at `place` (line and column, as in `starts`).
    @inline(__always)
    mutating func begin(at place: Int) {
        reserve(bytes: 0, fields: 1)
        starts[count] = place
    }

    /// Appends one byte to the field being read.
    @inline(__always)
    mutating func append(_ b: UInt8) {
        reserve(bytes: 1, fields: 0)
        bytes[used] = b
        used += 1
    }

    /// Appends bytes to the field being read.
    @inline(__always)
    mutating func append(_ source: UnsafeBufferPointer<UInt8>) {
        guard let base = source.baseAddress, !source.isEmpty else { return }
        reserve(bytes: source.count, fields: 0)
        let at = used
        bytes.withUnsafeMutableBufferPointer { $0.baseAddress!.advanced(by: at).update(from: base, count: source.count) }
        used += source.count
    }

    /// Ends the field being read, and writes its separator.
    @inline(__always)
    mutating func end() {
        reserve(bytes: 1, fields: 0)
        ends[count] = used
        bytes[used] = 0x2C
        used += 1
        count += 1
    }

    /// Writes a whole record at once: `body` gets room for `bytes` bytes and `fields` fields and
    /// returns how many of each it wrote, or nil to leave the record empty. The record must be
    /// empty before.
    @inline(__always)
    mutating func write(
        bytes extra: Int, fields: Int,
        _ body: (
            _ bytes: UnsafeMutablePointer<UInt8>, _ ends: UnsafeMutablePointer<Int>, _ starts: UnsafeMutablePointer<Int>
        ) -> (bytes: Int, fields: Int)?
    ) -> Bool {
        precondition(used == 0 && count == 0, "write starts a record")
        reserve(bytes: extra, fields: fields)
        let written = bytes.withUnsafeMutableBufferPointer { b in
            ends.withUnsafeMutableBufferPointer { e in
                starts.withUnsafeMutableBufferPointer { s in body(b.baseAddress!, e.baseAddress!, s.baseAddress!) }
            }
        }
        guard let written else { return false }
        used = written.bytes
        count = written.fields
        return true
    }
}
