import Foundation
import TextFormat

/// Fixed, locale-free number formatting, so the same number always prints the same bytes.
public enum Format {
    /// `1,234.57`: thousands separators and a fixed number of decimals.
    public static func number(_ v: Double, decimals: Int = 2) -> String {
        guard v.isFinite else { return v.isNaN ? "n/a" : (v > 0 ? "∞" : "-∞") }
        var s = Fixed.string(v, decimals: decimals)
        if s.hasPrefix("-") && s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { s.removeFirst() }
        let negative = s.hasPrefix("-")
        if negative { s.removeFirst() }
        let parts = s.split(separator: ".", maxSplits: 1)
        var whole = ""
        for (i, ch) in parts[0].reversed().enumerated() {
            if i > 0 && i % 3 == 0 { whole.append(",") }
            whole.append(ch)
        }
        var out = String(whole.reversed())
        if parts.count > 1 { out += "." + parts[1] }
        return (negative ? "-" : "") + out
    }

    /// A whole number with thousands separators.
    public static func integer(_ v: Int) -> String { number(Double(v), decimals: 0) }

    /// `12.3%` from a share between 0 and 1.
    public static func percent(_ share: Double, decimals: Int = 1) -> String {
        number(share * 100, decimals: decimals) + "%"
    }

    /// Compact form for axis labels: `950`, `12.5k`, `1.2M`.
    public static func compact(_ v: Double) -> String {
        let a = abs(v)
        func trim(_ s: String) -> String { s.hasSuffix(".0") ? String(s.dropLast(2)) : s }
        if a >= 1_000_000_000 { return trim(Fixed.string(v / 1_000_000_000, decimals: 1)) + "B" }
        if a >= 1_000_000 { return trim(Fixed.string(v / 1_000_000, decimals: 1)) + "M" }
        if a >= 1_000 { return trim(Fixed.string(v / 1_000, decimals: 1)) + "k" }
        if a == a.rounded() { return Fixed.string(v, decimals: 0) }
        return trim(Fixed.string(v, decimals: 2))
    }

    /// A coordinate in an SVG: one decimal, no `-0.0`. (`Fixed` prints what `%.1f` does, in a
    /// tenth of the time; a map draws tens of thousands of coordinates.)
    public static func coordinate(_ v: Double) -> String {
        let s = Fixed.string(v, decimals: 1)
        return s == "-0.0" ? "0.0" : s
    }
}
