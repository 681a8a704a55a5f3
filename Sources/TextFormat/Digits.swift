/// Whole numbers and ids appended to a byte buffer as text, for files of millions of rows: no String
/// is made per value.
public enum Digits {
    /// Appends the decimal digits of `v`, with a minus sign when negative (as `String(v)`).
    public static func append(_ v: Int, to bytes: inout [UInt8]) {
        if v < 0 { bytes.append(UInt8(ascii: "-")) }
        var storage: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &storage) { raw in
            let digits = raw.bindMemory(to: UInt8.self)
            bytes.append(contentsOf: digits.prefix(write(UInt64(v.magnitude), to: digits, at: 0)))
        }
    }

    /// Writes the decimal digits of `value` (at most 20) into `buffer` from `offset` on; returns the
    /// offset after the last.
    public static func write(_ value: UInt64, to buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) -> Int {
        var count = 1
        var v = value
        while v >= 10 {
            v /= 10
            count += 1
        }
        var rest = value
        var k = offset + count
        repeat {
            k -= 1
            buffer[k] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        } while rest > 0
        return offset + count
    }
}

extension Hex {
    /// Appends the 32 hex digits of a 128-bit value given as two halves (as `string(high:low:)`).
    public static func append(high: UInt64, low: UInt64, to bytes: inout [UInt8]) {
        var storage: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &storage) { raw in
            let out = raw.bindMemory(to: UInt8.self)
            write(high, to: out, at: 0)
            write(low, to: out, at: 16)
            bytes.append(contentsOf: out.prefix(32))
        }
    }
}
