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

    /// `values` sorted ascending, exactly as `values.sorted()` (a stable sort: 0.0 and -0.0, which
    /// compare equal, keep their order), in time linear in the count: a least-significant-digit
    /// radix sort of the values' bits, 11 bits a pass, skipping the passes whose digit every value
    /// shares. Ten million values sort in a tenth of the time; with a NaN, or under 4,096 values,
    /// it is `sorted()` itself.
    public static func sorted(_ values: [Double]) -> [Double] {
        let n = values.count
        guard n >= 4096, !values.contains(where: \.isNaN) else { return values.sorted() }
        let top: UInt64 = 1 << 63
        // The keys live in a copy of the values, their bits rewritten in place (and back at the
        // end), so the sort holds two arrays of the values' size, not three. Unsigned order of the
        // keys is the order of the values; both zeros get the key of 0.0.
        var out = values
        var other = [UInt64](repeating: 0, count: n)
        out.withUnsafeMutableBufferPointer { doubles in
            doubles.withMemoryRebound(to: UInt64.self) { keys in
                for i in 0..<n {
                    let bits = keys[i] & ~top == 0 ? 0 : keys[i]
                    keys[i] = bits & top != 0 ? ~bits : bits | top
                }
                other.withUnsafeMutableBufferPointer { spare in
                    var (from, to) = (keys, spare)
                    let digitBits: UInt64 = 11
                    let buckets = 1 << digitBits
                    let mask = UInt64(buckets - 1)
                    var count = [Int](repeating: 0, count: buckets)
                    for shift in stride(from: UInt64(0), to: 64, by: Int(digitBits)) {
                        for b in 0..<buckets { count[b] = 0 }
                        for k in from { count[Int((k >> shift) & mask)] += 1 }
                        // Every key in one bucket: this digit leaves the order as it is.
                        if count[Int((from[0] >> shift) & mask)] == n { continue }
                        var sum = 0
                        for b in 0..<buckets {
                            let c = count[b]
                            count[b] = sum
                            sum += c
                        }
                        for k in from {
                            let b = Int((k >> shift) & mask)
                            to[count[b]] = k
                            count[b] += 1
                        }
                        swap(&from, &to)
                    }
                    // The sorted keys, back into the copy, as doubles' bits.
                    if from.baseAddress != keys.baseAddress { _ = keys.update(fromContentsOf: from) }
                    for i in 0..<n {
                        let k = keys[i]
                        keys[i] = k & top != 0 ? k & ~top : ~k
                    }
                }
            }
        }
        // The zeros came out as 0.0, in one run; they take back their signs in their first order.
        if values.contains(where: { $0 == 0 && $0.sign == .minus }) {
            let zeros = values.filter { $0 == 0 }
            if let first = out.firstIndex(of: 0) {
                for (k, z) in zeros.enumerated() { out[first + k] = z }
            }
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

/// Sorting of many keys whose order starts with a well-spread 64-bit number (an Olist id's first
/// half: the ids are hashes).
public enum Sorting {
    /// Sorts `keys` ascending, to the same array as `keys.sort()` when no two keys are equal, in
    /// place: an MSD radix sort on the top bytes of `leading` (American flag sort: each key is
    /// swapped straight into its bucket's next free place, 256 buckets a level, so the places being
    /// filled stay in cache), down to buckets of at most 64 keys, which sort on their own. With
    /// hashes two levels make buckets of about 150 keys out of ten million; keys that share their
    /// leading number go down all eight levels and then sort as one bucket.
    @inlinable
    public static func byLeadingBits<Key: Comparable>(_ keys: inout [Key], _ leading: (Key) -> UInt64) {
        keys.withUnsafeMutableBufferPointer { flag($0, leading, byte: 0) }
    }

    /// Sorts `keys` by byte `byte` (0 = the top one) of `leading`, then each bucket by the next.
    @inlinable
    static func flag<Key: Comparable>(_ keys: UnsafeMutableBufferPointer<Key>, _ leading: (Key) -> UInt64, byte: Int) {
        guard keys.count > 64, byte < 8 else {
            var all = keys
            all.sort()
            return
        }
        let shift = UInt64(56 - 8 * byte)
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * 257) { counts in
            let starts = UnsafeMutableBufferPointer(rebasing: counts[0..<257])
            let next = UnsafeMutableBufferPointer(rebasing: counts[257..<514])
            for b in 0..<257 { starts[b] = 0 }
            for k in keys { starts[Int((leading(k) >> shift) & 0xFF) + 1] += 1 }
            for b in 1..<257 { starts[b] += starts[b - 1] }
            for b in 0..<257 { next[b] = starts[b] }
            for b in 0..<256 {
                while next[b] < starts[b + 1] {
                    let target = Int((leading(keys[next[b]]) >> shift) & 0xFF)
                    if target == b {
                        next[b] += 1
                    } else {
                        keys.swapAt(next[b], next[target])
                        next[target] += 1
                    }
                }
            }
            for b in 0..<256 where starts[b + 1] - starts[b] > 1 {
                flag(UnsafeMutableBufferPointer(rebasing: keys[starts[b]..<starts[b + 1]]), leading, byte: byte + 1)
            }
        }
    }
}
