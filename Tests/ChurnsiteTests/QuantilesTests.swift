import Analytics
import Seeded
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

@Suite struct RadixSortTests {
    /// The radix sort gives `sorted()`'s array, bit for bit: negatives, both zeros in their first
    /// order, infinities, subnormals, duplicates, values sharing their high bits, and a NaN (which
    /// hands the array to `sorted()`).
    @Test(arguments: [0, 1, 4095, 4096, 10_000, 100_000])
    func radixSortEqualsSorted(_ n: Int) {
        var rng = Xoshiro(seed: UInt64(n) + 1)
        let specials: [Double] = [0, -0.0, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNormalMagnitude, 1e308, -1e-308]
        var cents: [Double] = []
        var few: [Double] = []
        var wide: [Double] = []
        var zeros: [Double] = []
        for i in 0..<n {
            cents.append(Double(Int(rng.next() % 2_000_001) - 1_000_000) / 100)
            few.append(Double(rng.next() % 7))
            let special = rng.next() % 10 == 0
            let pick = specials[Int(rng.next() % 8)]
            wide.append(special ? pick : Double(bitPattern: rng.next() >> 2))
            zeros.append(i % 3 == 0 ? -0.0 : (i % 3 == 1 ? 0.0 : -Double(i)))
        }
        let kinds = [cents, few, wide, zeros]
        for values in kinds {
            let expected = values.sorted()
            let got = Quantiles.sorted(values)
            #expect(got.map(\.bitPattern) == expected.map(\.bitPattern))
        }
        if n > 0 {
            var withNaN = kinds[0]
            withNaN[n / 2] = .nan
            #expect(Quantiles.sorted(withNaN).map(\.bitPattern) == withNaN.sorted().map(\.bitPattern))
        }
    }
}

@Suite struct BucketSortTests {
    struct Key: Comparable {
        var high: UInt64
        var low: UInt64
        static func < (a: Key, b: Key) -> Bool { (a.high, a.low) < (b.high, b.low) }
    }

    /// Sorting by buckets of leading bits gives `sort()`'s array for unique keys: spread leading
    /// numbers, all equal ones (one bucket), ones sharing their top bits, and the extremes.
    @Test(arguments: [0, 1, 4095, 4096, 50_000])
    func bucketsThenSortsEqualOneSort(_ n: Int) {
        var rng = Xoshiro(seed: UInt64(n) + 7)
        let spread = (0..<n).map { i in Key(high: rng.next(), low: UInt64(i)) }
        let same = (0..<n).map { i in Key(high: 0, low: rng.next() & ~0xFFFF | UInt64(i)) }
        let close = (0..<n).map { i in Key(high: 0xFFFF_0000_0000_0000 | rng.next() % 1000, low: UInt64(i)) }
        let edges = (0..<n).map { i in Key(high: i % 2 == 0 ? 0 : .max, low: UInt64(n - i)) }
        for keys in [spread, same, close, edges] {
            var got = keys
            Sorting.byLeadingBits(&got) { $0.high }
            #expect(got == keys.sorted())
        }
    }
}
