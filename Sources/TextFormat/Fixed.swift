import Foundation

/// `%.Nf` formatting without Foundation's `String(format:)`, which costs about a microsecond a
/// call: a 100k-customer build formats a million numbers.
///
/// The result is byte-identical to `String(format: "%.Nf", v)` (glibc rounds the exact binary value
/// to nearest, ties to even, and keeps the sign of a negative value that rounds to zero). The fast
/// path rounds `v × 10^N` and checks with a fused multiply-add that the exact product lies clearly
/// inside half a unit of the result; values near a tie, huge values and non-finite ones fall back to
/// `String(format:)`.
public enum Fixed {
    private static let powers: [Double] = (0...9).map { pow(10, Double($0)) }

    /// `v` with `decimals` digits after the point (0…9), as `String(format: "%.<decimals>f", v)`.
    public static func string(_ v: Double, decimals: Int) -> String {
        // The digits are never empty, so an empty result says the fast path declined.
        let fast = String(unsafeUninitializedCapacity: maxLength) { write(v, decimals: decimals, to: $0) ?? 0 }
        return fast.isEmpty ? slow(v, decimals) : fast
    }

    /// Appends the bytes of `string(v, decimals:)` to `bytes`.
    public static func append(_ v: Double, decimals: Int, to bytes: inout [UInt8]) {
        var storage: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        let written = withUnsafeMutableBytes(of: &storage) { raw in
            let out = raw.bindMemory(to: UInt8.self)
            return write(v, decimals: decimals, to: out).map { n in bytes.append(contentsOf: out.prefix(n)) }
        }
        if written == nil { bytes.append(contentsOf: slow(v, decimals).utf8) }
    }

    /// Bytes the fast path writes at most: 20 digits of whole part, a sign, a point, 9 decimals.
    private static let maxLength = 32

    /// Writes the digits into `out` (at least `maxLength` bytes) and returns their count, or nil
    /// where the fast path cannot be sure of printf's rounding.
    private static func write(_ v: Double, decimals: Int, to buffer: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        precondition((0...9).contains(decimals), "decimals must be 0…9")
        let scale = powers[decimals]
        let product = v * scale
        // 2^52: beyond it the product has no fractional bits left to check against.
        guard v.isFinite, abs(product) < 4_503_599_627_370_496 else { return nil }
        let k = product.rounded(.toNearestOrEven)
        // The exact v × scale − k, rounded once: its size tells whether k is the exact rounding.
        let error = (-k).addingProduct(v, scale)
        guard abs(error) < 0.499_999_9 else { return nil }
        let units = UInt64(abs(k))
        let unit = UInt64(scale)
        var fraction = units % unit
        var out = 0
        if v.sign == .minus {
            buffer[out] = UInt8(ascii: "-")
            out += 1
        }
        out = Digits.write(units / unit, to: buffer, at: out)
        if decimals > 0 {
            buffer[out] = UInt8(ascii: ".")
            out += 1
            var d = decimals
            while d > 0 {
                d -= 1
                buffer[out + d] = UInt8(ascii: "0") + UInt8(fraction % 10)
                fraction /= 10
            }
            out += decimals
        }
        return out
    }

    private static func slow(_ v: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", v)
    }
}
