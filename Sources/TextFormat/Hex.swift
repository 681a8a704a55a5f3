/// Lowercase hexadecimal digits written straight into a buffer (ids and digests, millions of them).
public enum Hex {
    /// The lowercase hex digit of `nibble` (0–15).
    @inlinable
    public static func digit<T: FixedWidthInteger>(_ nibble: T) -> UInt8 {
        UInt8(truncatingIfNeeded: nibble < 10 ? 48 + nibble : 87 + nibble)
    }

    /// Writes the 16 hex digits of `value`, most significant first, at `offset` in `out`.
    @inlinable
    public static func write(_ value: UInt64, to out: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        for i in 0..<16 {
            out[offset + i] = digit((value >> (60 - 4 * UInt64(i))) & 0xF)
        }
    }

    /// The 32 hex digits of a 128-bit value given as two halves.
    @inlinable
    public static func string(high: UInt64, low: UInt64) -> String {
        String(unsafeUninitializedCapacity: 32) { out in
            write(high, to: out, at: 0)
            write(low, to: out, at: 16)
            return 32
        }
    }

    /// The hex digits of `bytes`, two per byte.
    public static func string(_ bytes: some Collection<UInt8>) -> String {
        String(unsafeUninitializedCapacity: 2 * bytes.count) { out in
            for (i, byte) in bytes.enumerated() {
                out[2 * i] = digit(byte >> 4)
                out[2 * i + 1] = digit(byte & 15)
            }
            return 2 * bytes.count
        }
    }
}
