/// Quantiles with linear interpolation between order statistics (pandas' and numpy's default).
public enum Quantiles {
    /// The `q`-quantile (0…1) of values already sorted ascending; 0 for an empty array.
    public static func of(sorted values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let pos = q * Double(values.count - 1)
        let lo = Int(pos.rounded(.down))
        let hi = Swift.min(lo + 1, values.count - 1)
        let frac = pos - Double(lo)
        return values[lo] + (values[hi] - values[lo]) * frac
    }

    /// `values` sorted ascending, as doubles. Over a range of at most a few times their count (days,
    /// numbers of orders) they are counted, in time linear in the count; otherwise sorted.
    public static func sorted(wholeNumbers values: [Int]) -> [Double] {
        guard let low = values.min(), let high = values.max() else { return [] }
        let (range, overflow) = high.subtractingReportingOverflow(low)
        guard !overflow, range <= 4 * values.count + 1024 else { return values.sorted().map(Double.init) }
        var counts = [Int](repeating: 0, count: range + 1)
        for v in values { counts[v - low] += 1 }
        var out: [Double] = []
        out.reserveCapacity(values.count)
        for (k, n) in counts.enumerated() where n > 0 {
            out.append(contentsOf: repeatElement(Double(low + k), count: n))
        }
        return out
    }

    /// The 20th, 40th, 60th and 80th percentiles: the cut points of five quintile scores.
    public static func quintileCuts(sorted values: [Double]) -> [Double] {
        [0.2, 0.4, 0.6, 0.8].map { of(sorted: values, $0) }
    }

    /// A score from 1 to 5: one plus the number of cut points strictly below `value`.
    ///
    /// Ties always get the same score, so with 97% one-time buyers every one of them scores F = 1
    /// instead of being spread over scores by an arbitrary tie-break.
    public static func score(_ value: Double, cuts: [Double]) -> Int {
        1 + cuts.reduce(0) { $0 + ($1 < value ? 1 : 0) }
    }
}
