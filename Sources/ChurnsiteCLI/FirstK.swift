/// The first `k` elements of `items` in the order `less` gives: the same elements, in the same
/// order, as `items.sorted(by: less).prefix(k)` (ties keep their input order, as that stable sort
/// does), in one pass that keeps only `k` candidates. The report's "top 10" and "top 100" tables
/// ranked a million customers with a full sort each.
func firstK<S: Sequence>(_ items: S, _ k: Int, by less: (S.Element, S.Element) -> Bool) -> [S.Element] {
    guard k > 0 else { return [] }
    var best: [S.Element] = []
    best.reserveCapacity(k + 1)
    for x in items {
        if best.count == k, !less(x, best[k - 1]) { continue }
        // After every element it does not precede, so ties stay in input order.
        var lo = 0
        var hi = best.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if less(x, best[mid]) { hi = mid } else { lo = mid + 1 }
        }
        best.insert(x, at: lo)
        if best.count > k { best.removeLast() }
    }
    return best
}
