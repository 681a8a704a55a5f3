import CivilDate

/// Byte-level parsers for the value formats of the export; `nil` means "not this format".
public enum FieldParser {
    /// Exact powers of ten: a mantissa below 2^53 divided by one of these is correctly rounded.
    private static let powers: [Double] = (0...22).map { (0..<$0).reduce(1.0) { a, _ in a * 10 } }

    /// Parses `[-+]digits[.digits]`, with an exponent or very long mantissa handed to the standard
    /// library, so the result always equals `Double(String)`.
    public static func double(_ bytes: ArraySlice<UInt8>) -> Double? {
        let fast = bytes.withUnsafeBufferPointer { p -> Double?? in
            let n = p.count
            var i = 0
            guard n > 0 else { return .some(nil) }
            let negative = p[0] == 0x2D
            if negative || p[0] == 0x2B { i = 1 }
            var mantissa: UInt64 = 0
            /// Adds the run of digits from `i` on to the mantissa; returns how many there were.
            func digitRun() -> Int {
                let first = i
                while i < n {
                    let d = p[i] &- 0x30
                    if d > 9 { break }
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    i += 1
                }
                return i - first
            }
            var digits = digitRun()
            var fraction = 0
            if i < n && p[i] == 0x2E {
                i += 1
                fraction = digitRun()
                digits += fraction
            }
            // Anything else (an exponent, a second point, a letter) is the standard library's to
            // parse or refuse; so are mantissas that may have wrapped (over 19 digits).
            guard i == n, digits <= 19 else { return nil }
            guard digits > 0 else { return .some(nil) }
            // Both exact in a Double, so the one division rounds correctly.
            guard mantissa < (1 << 53), fraction <= 22 else { return nil }
            let v = Double(mantissa) / powers[fraction]
            return negative ? -v : v
        }
        return fast ?? slow(bytes)
    }

    private static func slow(_ bytes: ArraySlice<UInt8>) -> Double? {
        guard let v = Double(String(decoding: bytes, as: UTF8.self)), v.isFinite else { return nil }
        return v
    }

    /// Parses an optionally signed whole number; `12.0` is accepted, `12.5` is not.
    public static func int(_ bytes: ArraySlice<UInt8>) -> Int? {
        var i = bytes.startIndex
        let end = bytes.endIndex
        guard i < end else { return nil }
        var negative = false
        if bytes[i] == 0x2D {
            negative = true
            i += 1
        }
        var v = 0
        var sawDigit = false
        while i < end, bytes[i] >= 0x30, bytes[i] <= 0x39 {
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int(bytes[i] - 0x30))
            guard !o1, !o2 else { return nil }
            v = a
            sawDigit = true
            i += 1
        }
        guard sawDigit else { return nil }
        if i < end {
            // Tolerate a trailing ".0…" that spreadsheet round trips add to whole numbers.
            guard bytes[i] == 0x2E else { return nil }
            i += 1
            while i < end {
                guard bytes[i] == 0x30 else { return nil }
                i += 1
            }
        }
        return negative ? -v : v
    }

    /// Parses `yyyy-MM-dd HH:mm:ss`.
    public static func timestamp(_ bytes: ArraySlice<UInt8>) -> Timestamp? {
        guard bytes.count == 19 else { return nil }
        let s = bytes.startIndex
        @inline(__always) func num(_ o: Int, _ n: Int) -> Int? {
            var v = 0
            for k in 0..<n {
                let d = Int(bytes[s + o + k]) - 48
                guard d >= 0 && d <= 9 else { return nil }
                v = v * 10 + d
            }
            return v
        }
        guard bytes[s + 4] == 0x2D, bytes[s + 7] == 0x2D, bytes[s + 10] == 0x20, bytes[s + 13] == 0x3A,
            bytes[s + 16] == 0x3A,
            let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2),
            let se = num(17, 2), let date = CivilDate(year: y, month: mo, day: d)
        else { return nil }
        return Timestamp(date: date, hour: h, minute: mi, second: se)
    }
}
