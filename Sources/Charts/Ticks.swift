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
