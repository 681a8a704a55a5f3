/// "Nice" axis ticks: steps of 1, 2, 2.5 or 5 times a power of ten.
public enum Ticks {
    /// About `count` ticks covering `lower…upper`, starting and ending on a tick.
    public static func nice(lower: Double, upper: Double, count: Int = 5) -> [Double] {
        var lo = lower
        var hi = upper
        if !(lo.isFinite && hi.isFinite) { return [0, 1] }
        if lo == hi {
            if lo == 0 { return [0, 1] }
            lo = min(0, lo)
            hi = max(0, hi)
        }
        let raw = (hi - lo) / Double(max(count, 1))
        let power = pow10(Int((log10(raw)).rounded(.down)))
        let step = [1.0, 2.0, 2.5, 5.0, 10.0].map { $0 * power }.first { $0 >= raw } ?? 10 * power
        let start = (lo / step).rounded(.down) * step
        let end = (hi / step).rounded(.up) * step
        var ticks: [Double] = []
        var v = start
        while v <= end + step / 2 {
            ticks.append(abs(v) < step / 1e9 ? 0 : v)
            v += step
        }
        return ticks
    }

    /// The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6 and 8 times a power of ten that is at least
    /// `x` (1 for zero, negative or non-finite `x`): an axis step whose multiples read as round
    /// numbers, with less empty axis than the 1-2-5 steps of `nice` leave.
    public static func roundStep(atLeast x: Double) -> Double {
        guard x.isFinite, x > 0 else { return 1 }
        let e = Int(log10(x).rounded(.down))
        // Below 1, divide by a power of ten: 3 / 10 is 0.3, where 3 × 0.1 is 0.30000000000000004.
        let scaled = { (m: Double) in e >= 0 ? m * pow10(e) : m / pow10(-e) }
        return [1.0, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map(scaled).first { $0 >= x * (1 - 1e-12) } ?? scaled(10)
    }

    private static func pow10(_ e: Int) -> Double {
        var r = 1.0
        if e >= 0 { for _ in 0..<e { r *= 10 } } else { for _ in 0..<(-e) { r /= 10 } }
        return r
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
