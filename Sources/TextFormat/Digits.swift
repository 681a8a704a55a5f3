/// Whole numbers and ids appended to a byte buffer as text, for files of millions of rows: no String
/// is made per value.
public enum Digits {
    /// Appends the decimal digits of `v`, with a minus sign when negative (as `String(v)`).
    public static func append(_ v: Int, to bytes: inout [UInt8]) {
        if v < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = v.magnitude
        var storage: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &storage) { digits in
            var n = 0
            repeat {
                digits[n] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                n += 1
            } while magnitude > 0
            while n > 0 {
                n -= 1
                bytes.append(digits[n])
            }
        }
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
