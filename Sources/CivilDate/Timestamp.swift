/// A civil date and time of day to the second, stored as seconds since 1970-01-01 00:00:00.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Seconds since 1970-01-01 00:00:00 (no time zone).
    public var seconds: Int64

    /// A timestamp from seconds since 1970-01-01 00:00:00.
    public init(seconds: Int64) { self.seconds = seconds }

    /// Midnight at the start of `date`.
    public init(date: CivilDate) { seconds = Int64(date.dayNumber) * 86_400 }

    /// A timestamp from a date and a time of day; `nil` when the time is out of range.
    public init?(date: CivilDate, hour: Int, minute: Int, second: Int) {
        guard (0..<24).contains(hour), (0..<60).contains(minute), (0..<60).contains(second) else { return nil }
        seconds = Int64(date.dayNumber) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// The calendar day this instant falls on.
    public var date: CivilDate {
        let (q, r) = seconds.quotientAndRemainder(dividingBy: 86_400)
        return CivilDate(dayNumber: Int(r < 0 ? q - 1 : q))
    }

    /// `yyyy-MM-dd HH:mm:ss`, the Olist export format.
    public var description: String { format(separator: UInt8(ascii: " ")) }

    /// ISO-8601 form with a `T` separator, as SQL warehouses and JSON expect.
    public var iso8601: String { format(separator: UInt8(ascii: "T")) }

    /// Written byte by byte: warehouses format millions of these.
    private func format(separator: UInt8) -> String {
        withBytes(separator: separator) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the ISO-8601 bytes (`T` separator) in a stack buffer, for writers that
    /// copy them straight out (a database binding millions of timestamps).
    public func withISO8601Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try withBytes(separator: UInt8(ascii: "T"), body)
    }

    /// Calls `body` with `yyyy-MM-dd<separator>HH:mm:ss` in a stack buffer: `description` with a
    /// space, `iso8601` with a `T`.
    public func withBytes<R>(separator: UInt8, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let day = date
        let c = day.components
        let secondOfDay = Int(seconds - Int64(day.dayNumber) * 86_400)
        guard (0...9999).contains(c.year) else {
            let text =
                day.iso + String(UnicodeScalar(separator)) + CivilDate.pad(secondOfDay / 3600, 2) + ":"
                + CivilDate.pad(secondOfDay / 60 % 60, 2) + ":" + CivilDate.pad(secondOfDay % 60, 2)
            return try Array(text.utf8).withUnsafeBufferPointer(body)
        }
        var storage: (UInt64, UInt64, UInt64) = (0, 0, 0)
        return try withUnsafeMutableBytes(of: &storage) { raw in
            let b = raw.bindMemory(to: UInt8.self)
            func put(_ v: Int, _ at: Int, _ width: Int) {
                var v = v
                for k in stride(from: at + width - 1, through: at, by: -1) {
                    b[k] = UInt8(48 + v % 10)
                    v /= 10
                }
            }
            put(c.year, 0, 4)
            b[4] = 45
            put(c.month, 5, 2)
            b[7] = 45
            put(c.day, 8, 2)
            b[10] = separator
            put(secondOfDay / 3600, 11, 2)
            b[13] = 58
            put(secondOfDay / 60 % 60, 14, 2)
            b[16] = 58
            put(secondOfDay % 60, 17, 2)
            return try body(UnsafeBufferPointer(rebasing: b[0..<19]))
        }
    }

    /// Whole days from `self` to `later`, rounded down (pandas' `Timedelta.days`).
    public func wholeDays(to later: Timestamp) -> Int {
        let diff = later.seconds - seconds
        let (q, r) = diff.quotientAndRemainder(dividingBy: 86_400)
        return Int(r < 0 ? q - 1 : q)
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.seconds < b.seconds }
}
