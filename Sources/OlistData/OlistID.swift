import TextFormat

/// A 32-character lowercase hexadecimal Olist id, stored in 128 bits.
///
/// Every id column of the export (orders, customers, products, sellers, reviews) holds such a hash.
/// Storing it as two integers halves memory and makes hashing and sorting cheap; it also means an id
/// can never carry markup into a page.
public struct OlistID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The first 16 hex digits.
    public var high: UInt64
    /// The last 16 hex digits.
    public var low: UInt64

    /// An id from its two halves.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Parses 32 lowercase hex digits; `nil` for anything else.
    public init?(_ bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        let parsed =
            bytes.withContiguousStorageIfAvailable(Self.parse) ?? Array(bytes).withUnsafeBufferPointer(Self.parse)
        guard let parsed else { return nil }
        self = parsed
    }

    /// 32 bytes as lowercase hex, eight digits at a time in one 64-bit word (a million ids per
    /// 100k orders).
    private static func parse(_ p: UnsafeBufferPointer<UInt8>) -> OlistID? {
        var bad: UInt64 = 0
        let raw = UnsafeRawPointer(p.baseAddress!)
        let high = eight(raw, &bad) << 32 | eight(raw + 8, &bad)
        let low = eight(raw + 16, &bad) << 32 | eight(raw + 24, &bad)
        return bad == 0 ? OlistID(high: high, low: low) : nil
    }

    /// The value of the 8 hex digits at `p`; sets bits of `bad` if any byte is not one.
    @inline(__always)
    private static func eight(_ p: UnsafeRawPointer, _ bad: inout UInt64) -> UInt64 {
        // Byte k of `v` is the k-th digit.
        let v = UInt64(littleEndian: p.loadUnaligned(as: UInt64.self))
        let ones: UInt64 = 0x0101_0101_0101_0101
        let top: UInt64 = 0x8080_8080_8080_8080
        // For a byte below 0x80, adding 0x80 - c sets its top bit exactly when it is at least c, and
        // carries nothing into the next byte; a byte from 0x80 up is bad whatever the rest says.
        @inline(__always) func atLeast(_ c: UInt64) -> UInt64 { v &+ (0x80 &- c) &* ones }
        let digit = atLeast(0x30) & ~atLeast(0x3A)
        let letter = atLeast(0x61) & ~atLeast(0x67)
        bad |= (v | ~(digit | letter)) & top
        // '0'…'9' have bit 6 clear and their value in the low nibble; 'a'…'f' have it set and
        // their value minus 9 there.
        let n = (v & 0x0F0F_0F0F_0F0F_0F0F) &+ ((v >> 6) & ones) &* 9
        // Pack the eight nibbles, first digit highest: pairs, then fours, then all eight.
        let pairs = (n & 0x000F_000F_000F_000F) << 4 | (n >> 8) & 0x000F_000F_000F_000F
        let fours = (pairs & 0x0000_00FF_0000_00FF) << 8 | (pairs >> 16) & 0x0000_00FF_0000_00FF
        return (fours & 0xFFFF) << 16 | (fours >> 32) & 0xFFFF
    }

    /// Ids key the joins' hash tables, a million lookups per 100k orders. Swift's default
    /// (SipHash over 16 bytes) cost a tenth of a 1M-order build; a multiply–xorshift mix of the
    /// halves and the table's seed spreads even sequential ids and costs a few instructions.
    public func hash(into hasher: inout Hasher) { hasher.combine(mixed(seed: 0)) }

    public func _rawHashValue(seed: Int) -> Int { Int(truncatingIfNeeded: mixed(seed: seed)) }

    /// The id mixed with `seed` into 64 well-spread bits (also `IDIndex`'s hash).
    @inline(__always)
    func mixed(seed: Int) -> UInt64 {
        var x = high ^ (low &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(truncatingIfNeeded: seed)
        x ^= x >> 31
        x &*= 0xD6E8_FEB8_6659_FD93
        x ^= x >> 32
        return x
    }

    /// Parses a string of 32 lowercase hex digits.
    public init?(_ text: String) { self.init(Array(text.utf8)) }

    /// The 32 hex digits.
    public var description: String { Hex.string(high: high, low: low) }

    public static func < (a: OlistID, b: OlistID) -> Bool {
        a.high != b.high ? a.high < b.high : a.low < b.low
    }
}

/// A Brazilian postal code prefix: five digits, leading zeros kept.
public struct ZipPrefix: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The prefix as a number (0–99999).
    public var value: Int32

    /// A prefix from its number.
    public init(_ value: Int32) { self.value = value }

    /// Parses one to five digits (the export sometimes drops the leading zeros).
    public init?(_ bytes: some Collection<UInt8>) {
        guard (1...5).contains(bytes.count) else { return nil }
        var v: Int32 = 0
        for b in bytes {
            guard (0x30...0x39).contains(b) else { return nil }
            v = v * 10 + Int32(b - 0x30)
        }
        value = v
    }

    /// Five digits with leading zeros.
    public var description: String {
        let s = String(value)
        return String(repeating: "0", count: max(0, 5 - s.count)) + s
    }

    public static func < (a: ZipPrefix, b: ZipPrefix) -> Bool { a.value < b.value }
}
