import Analytics
import Testing

struct QuantilesTests {
    /// Counting whole numbers gives exactly what sorting them does: empty input, one value,
    /// negatives, ties, a range wider than the count allows (sorted instead) and the extremes of Int.
    @Test(arguments: [
        [], [7], [3, -2, 3, 0, -2, 9, 3], Array(repeating: 1, count: 1000) + [2, 1, 5],
        [0, 1_000_000, 5, 999_999], [Int.max, Int.min, 0],
        (0..<5000).map { ($0 * 7919) % 613 - 40 },
    ])
    func countingWholeNumbersSortsThem(_ values: [Int]) {
        #expect(Quantiles.sorted(wholeNumbers: values) == values.sorted().map(Double.init))
    }
}
