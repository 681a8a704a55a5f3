import Foundation
import Parallel
import Seeded

extension RandomForest {
    /// Permutation importance: the mean drop in ROC AUC when one feature's column is shuffled,
    /// over `repeats` seeded shuffles, on at most `maxRows` rows drawn with the seed (the estimate is
    /// stable well before that, and it keeps a 100k-customer build fast).
    ///
    /// Shuffling feature `g` changes a row's leaf in a tree only when the row's path tests `g`: every
    /// other node on the path compares a value that did not move. So each tree's leaf and the
    /// features on each row's path are found once, and a shuffled table walks again only the
    /// (tree, row) pairs whose path tests the shuffled feature. Each row still adds its trees'
    /// values in tree order, so every probability, and so every AUC, is bit-identical to scoring
    /// the shuffled table whole (`probabilities(_:)`). The shuffles are drawn in order, one column
    /// copy each, and scored on both cores.
    public func permutationImportance(_ full: FeatureTable, repeats: Int = 5, seed: UInt64 = 7, maxRows: Int = 5000)
        -> [Double]
    {
        var rng = Xoshiro(seed: seed)
        var table = full
        if full.count > maxRows {
            var idx = Array(0..<full.count)
            rng.shuffle(&idx)
            table = full.subset(Array(idx.prefix(maxRows)).sorted())
        }
        let n = table.count
        let f = table.columns.count
        guard n > 0, f > 0, repeats > 0 else { return Array(repeating: 0, count: f) }
        let walks = trees.map(WalkTree.init)
        var x = [Double](repeating: 0, count: n * f)
        table.copyRowMajor(0..<n, into: &x)
        // Tree t's leaf for row r at t * n + r, and the features on that row's path.
        var leaves = [Int32](repeating: 0, count: n * walks.count)
        var tested = [UInt64](repeating: 0, count: n * walks.count)
        x.withUnsafeBufferPointer { xs in
            leaves.withUnsafeMutableBufferPointer { l in
                tested.withUnsafeMutableBufferPointer { m in
                    nonisolated(unsafe) let (x, l, m) = (xs, l, m)
                    DispatchQueue.concurrentPerform(iterations: 2) { part in
                        for t in stride(from: part, to: walks.count, by: 2) {
                            let slots = (t * n)..<(t * n + n)
                            walks[t].paths(
                                features: f, x: x, leaves: UnsafeMutableBufferPointer(rebasing: l[slots]),
                                features: UnsafeMutableBufferPointer(rebasing: m[slots]))
                        }
                    }
                }
            }
        }
        let count = Double(walks.count)
        var sums = [Double](repeating: 0, count: n)
        for t in walks.indices { for r in 0..<n { sums[r] += walks[t].value[Int(leaves[t * n + r])] } }
        let baseline = Metrics.rocAUC(sums.map { $0 / count }, table.labels)

        // Feature by feature, repeat by repeat: the generator's draws in their original order.
        var shuffled: [[Double]] = []
        for g in 0..<f {
            for _ in 0..<repeats {
                var column = table.columns[g]
                rng.shuffle(&column)
                shuffled.append(column)
            }
        }
        let aucs = Slots<Double>(count: shuffled.count)
        let (rows, columns, leafOf, testedOf, labels) = (x, shuffled, leaves, tested, table.labels)
        DispatchQueue.concurrentPerform(iterations: shuffled.count) { job in
            let g = job / repeats
            var xs = rows
            for i in 0..<n { xs[i * f + g] = columns[job][i] }
            let bit = WalkTree.bit(g)
            var sums = [Double](repeating: 0, count: n)
            var again = [Int32](repeating: 0, count: n)
            xs.withUnsafeBufferPointer { xs in
                sums.withUnsafeMutableBufferPointer { sums in
                    again.withUnsafeMutableBufferPointer { again in
                        for (t, walk) in walks.enumerated() {
                            var m = 0
                            walk.value.withUnsafeBufferPointer { value in
                                for r in 0..<n {
                                    if testedOf[t * n + r] & bit != 0 {
                                        again[m] = Int32(r)
                                        m += 1
                                    } else {
                                        sums[r] += value[Int(leafOf[t * n + r])]
                                    }
                                }
                            }
                            walk.add(rows: UnsafeBufferPointer(rebasing: again[0..<m]), features: f, x: xs, to: sums)
                        }
                    }
                }
            }
            aucs.set(job, Metrics.rocAUC(sums.map { $0 / count }, labels))
        }
        let auc = aucs.values
        return (0..<f).map { g in
            var drop = 0.0
            for k in 0..<repeats { drop += baseline - auc[g * repeats + k] }
            return drop / Double(repeats)
        }
    }
}
