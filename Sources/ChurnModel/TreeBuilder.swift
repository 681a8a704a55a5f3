import Foundation
import Parallel
import Seeded

/// Grows CART trees with Gini impurity over presorted feature columns.
///
/// Each feature's rows are sorted once for the whole forest. A tree keeps, per feature, the rows
/// with a non-zero bootstrap weight in that order, and every split partitions those lists stably,
/// so a node's rows are always contiguous and sorted: finding the best split is one linear scan,
/// and no node sorts anything.
///
/// A feature with few distinct values (counts, shares, averages of small scores) keeps no list.
/// Each row knows its value's level instead, and a node's best split on it comes from a
/// histogram of the node's rows over the levels. The levels are the exact values, so the
/// candidate thresholds, the class weights on each side (whole bootstrap counts, summed exactly)
/// and so the chosen splits are the same as the sorted scan's: the trees do not change, but a
/// split no longer rewrites a list per such feature, which was most of the work.
public struct TreeBuilder: Sendable {
    let columns: [[Double]]
    let labels: [UInt8]
    /// Per feature, every row in ascending order of value (ties by row); empty when binned.
    let sorted: [[Int32]]
    /// Per feature, its levels when binned, else nil.
    let bins: [Bins?]
    /// A feature that keeps a sorted list; its list enumerates a node's rows for the histograms.
    let reference: Int
    let parameters: TreeParameters

    /// A binned feature: its distinct values ascending, and each row's index among them.
    struct Bins: Sendable {
        var values: [Double]
        var level: [UInt16]
    }

    /// scikit-learn's FEATURE_THRESHOLD: values closer than this are treated as equal.
    static let featureThreshold = 1e-7
    /// Features with at most this many distinct values are binned: counts and shares, and also
    /// whole days (recency, tenure), whose few hundred levels cost a node a pass over them but
    /// spare every split a partition of their list.
    static let maxLevels = 1024
    /// Up to this many levels, a histogram adds into four interleaved copies (see `bestSplit`).
    static let interleavedLevels = 64

    /// Prepares `table` for growing trees (sorts every column once, and bins the columns with few
    /// distinct values).
    public init(table: FeatureTable, parameters: TreeParameters) {
        self.init(table: table, parameters: parameters, maxLevels: Self.maxLevels)
    }

    /// As `init(table:parameters:)`, binning only features with at most `maxLevels` distinct
    /// values (0: none, every feature keeps its sorted list).
    init(table: FeatureTable, parameters: TreeParameters, maxLevels: Int) {
        columns = table.columns
        labels = table.labels
        // The columns sort on both cores; each sort depends only on its column.
        let sorts = Slots<[Int32]>(count: table.columns.count)
        let columns = table.columns
        DispatchQueue.concurrentPerform(iterations: columns.count) { f in
            let c = columns[f]
            sorts.set(
                f,
                (0..<Int32(c.count)).sorted { (a: Int32, b: Int32) -> Bool in
                    let (x, y) = (c[Int(a)], c[Int(b)])
                    return x != y ? x < y : a < b
                })
        }
        let order = sorts.values
        var bins = zip(table.columns, order).map { Self.levels($0, sorted: $1, maxLevels: maxLevels) }
        // One feature keeps its list whatever its values, so a node's rows can be enumerated.
        let reference = bins.firstIndex { $0 == nil } ?? 0
        bins[reference] = nil
        self.bins = bins
        self.reference = reference
        sorted = zip(order, bins).map { $1 == nil ? $0 : [] }
        self.parameters = parameters
    }

    /// The levels of column `c` (rows `sorted` in ascending order), or nil when it has more than
    /// `maxLevels` (at most 65,536) distinct values, a NaN, or two values the split scan would treat as equal.
    static func levels(_ c: [Double], sorted: [Int32], maxLevels: Int) -> Bins? {
        var values: [Double] = []
        var level = [UInt16](repeating: 0, count: c.count)
        for row in sorted {
            let v = c[Int(row)]
            if v.isNaN { return nil }
            if values.last != v {
                if let last = values.last, v <= last + featureThreshold { return nil }
                if values.count == maxLevels { return nil }
                values.append(v)
            }
            level[Int(row)] = UInt16(values.count - 1)
        }
        return Bins(values: values, level: level)
    }

    /// Grows one tree on rows weighted by `weights` (bootstrap counts; 0 leaves a row out).
    public func grow(weights: [Double], rng: inout Xoshiro) -> DecisionTree {
        let featureCount = columns.count
        let maxFeatures = min(parameters.maxFeatures ?? featureCount, featureCount)
        // Per listed feature, the rows in the tree, in sorted order.
        let n = weights.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        var order: [[Int32]] = sorted.map { all in
            // Branch-free: every row is written, and the next one overwrites it when it is out.
            [Int32](unsafeUninitializedCapacity: all.isEmpty ? 0 : n + 1) { kept, count in
                weights.withUnsafeBufferPointer { w in
                    var m = 0
                    for row in all {
                        kept[m] = row
                        m += w[Int(row)] > 0 ? 1 : 0
                    }
                    count = m
                }
            }
        }
        let listed = (0..<featureCount).filter { bins[$0] == nil }
        // Each row's weight in its class's lane: one load and one vector add per row where the
        // scans would otherwise read the label and the weight from two arrays and branch.
        let classWeights = zip(labels, weights).map { $0 == 1 ? SIMD2(0, $1) : SIMD2($1, 0) }
        var tree = DecisionTree()
        guard n > 0 else { return tree }
        var goesLeft = [UInt8](repeating: 0, count: labels.count)
        var scratch = [Int32](repeating: 0, count: n)
        var histogram = Histogram()
        var features = Array(0..<featureCount)

        struct Pending { var start: Int, end: Int, depth: Int, parent: Int, isLeft: Bool }
        var stack = [Pending(start: 0, end: n, depth: 0, parent: -1, isLeft: false)]
        while let node = stack.popLast() {
            let id = tree.nodeCount
            if node.parent >= 0 {
                if node.isLeft { tree.left[node.parent] = Int32(id) } else { tree.right[node.parent] = Int32(id) }
            }
            // Weighted class counts of the node.
            var sum = SIMD2<Double>(0, 0)
            order[reference].withUnsafeBufferPointer { o in
                classWeights.withUnsafeBufferPointer { cw in
                    for k in node.start..<node.end { sum += cw[Int(o[k])] }
                }
            }
            let (w0, w1) = (sum.x, sum.y)
            Self.appendLeaf(&tree, w0, w1)
            if isLeaf(count: node.end - node.start, w0, w1, depth: node.depth) { continue }
            guard
                let best = bestSplit(
                    node.start, node.end, w0, w1, classWeights, order, &histogram, &features, maxFeatures, &rng)
            else { continue }
            tree.feature[id] = Int32(best.feature)
            tree.threshold[id] = best.threshold
            let mid = best.position + 1
            // When neither child can be split (too few rows, pure, or at the depth limit), they are
            // leaves whose class weights the split already counted: no list needs partitioning.
            // Weights are whole bootstrap counts, so these sums equal the row-by-row ones exactly.
            let (l0, l1) = (best.left0, best.left1)
            let (r0, r1) = (w0 - l0, w1 - l1)
            if isLeaf(count: mid - node.start, l0, l1, depth: node.depth + 1)
                && isLeaf(count: node.end - mid, r0, r1, depth: node.depth + 1)
            {
                tree.left[id] = Int32(tree.nodeCount)
                Self.appendLeaf(&tree, l0, l1)
                tree.right[id] = Int32(tree.nodeCount)
                Self.appendLeaf(&tree, r0, r1)
                continue
            }
            // Mark the rows that go left, then partition every other list stably into left then right.
            let f = best.feature
            if let b = bins[f] {
                order[reference].withUnsafeBufferPointer { o in
                    for k in node.start..<node.end where Int(b.level[Int(o[k])]) <= best.level {
                        goesLeft[Int(o[k])] = 1
                    }
                }
            } else {
                order[f].withUnsafeBufferPointer { o in
                    for k in node.start...best.position { goesLeft[Int(o[k])] = 1 }
                }
            }
            goesLeft.withUnsafeBufferPointer { left in
                scratch.withUnsafeMutableBufferPointer { right in
                    for g in listed where g != f {
                        order[g].withUnsafeMutableBufferPointer { o in
                            // Branch-free (the side is a coin toss for the predictor): each row is
                            // written to both lists, and only its own list's end moves on.
                            var l = node.start
                            var r = 0
                            for k in node.start..<node.end {
                                let row = o[k]
                                let side = Int(left[Int(row)])
                                o[l] = row
                                right[r] = row
                                l += side
                                r += 1 - side
                            }
                            for k in 0..<r { o[l + k] = right[k] }
                        }
                    }
                }
            }
            // Every list now starts with the node's left rows.
            order[reference].withUnsafeBufferPointer { o in
                for k in node.start..<mid { goesLeft[Int(o[k])] = 0 }
            }
            // Right is pushed first so the left subtree is numbered first, as scikit-learn does.
            stack.append(Pending(start: mid, end: node.end, depth: node.depth + 1, parent: id, isLeft: false))
            stack.append(Pending(start: node.start, end: mid, depth: node.depth + 1, parent: id, isLeft: true))
        }
        return tree
    }

    private struct Split {
        var feature: Int
        var position: Int  // last index (in the node's range of the lists) that goes left
        var threshold: Double
        var score: Double
        var left0: Double  // class weights of the rows that go left
        var left1: Double
        var level: Int  // for a binned feature, the highest level that goes left
    }

    /// A node's class weights and row counts per level of one binned feature.
    private struct Histogram {
        static let lanes = 4
        /// Four copies of up to `interleavedLevels` levels, or one copy of up to `maxLevels`.
        static let slots = max(TreeBuilder.interleavedLevels * lanes, TreeBuilder.maxLevels)
        var weights = [SIMD2<Double>](repeating: .zero, count: slots)
        var counts = [Int](repeating: 0, count: slots)
    }

    /// Gini impurity of class weights `w0`, `w1`.
    private static func gini(_ w0: Double, _ w1: Double) -> Double {
        let total = w0 + w1
        return 1 - (w0 * w0 + w1 * w1) / (total * total)
    }

    /// Appends a node with class weights `w0`, `w1` and no split (`grow` may give it one later).
    private static func appendLeaf(_ tree: inout DecisionTree, _ w0: Double, _ w1: Double) {
        tree.feature.append(-1)
        tree.threshold.append(0)
        tree.left.append(-1)
        tree.right.append(-1)
        tree.value.append(w1 / (w0 + w1))
        tree.impurity.append(gini(w0, w1))
        tree.weight.append(w0 + w1)
    }

    /// Whether a node of `count` rows with class weights `w0`, `w1` at `depth` stays a leaf: too
    /// few rows, at the depth limit, or pure.
    private func isLeaf(count: Int, _ w0: Double, _ w1: Double, depth: Int) -> Bool {
        count < parameters.minSamplesSplit || count < 2 * parameters.minSamplesLeaf
            || (parameters.maxDepth.map { depth >= $0 } ?? false) || Self.gini(w0, w1) <= 1e-7
    }

    /// The best Gini split over up to `maxFeatures` non-constant features drawn at random.
    private func bestSplit(
        _ start: Int, _ end: Int, _ w0: Double, _ w1: Double, _ classWeights: [SIMD2<Double>], _ order: [[Int32]],
        _ histogram: inout Histogram, _ features: inout [Int], _ maxFeatures: Int, _ rng: inout Xoshiro
    ) -> Split? {
        var best: Split? = nil
        var visited = 0
        var remaining = features.count
        let minLeaf = parameters.minSamplesLeaf
        /// Offers the split that sends the node's first `nLeft` rows (class weights `l0`, `l1`)
        /// left, between values `here` and `next`.
        func consider(_ f: Int, _ nLeft: Int, _ l0: Double, _ l1: Double, _ here: Double, _ next: Double, level: Int) {
            if nLeft < minLeaf || end - start - nLeft < minLeaf { return }
            let r0 = w0 - l0
            let r1 = w1 - l1
            let wl = l0 + l1
            let wr = r0 + r1
            // Maximising this proxy minimises the children's weighted Gini impurity.
            let score = (l0 * l0 + l1 * l1) / wl + (r0 * r0 + r1 * r1) / wr
            if best == nil || score > best!.score + 1e-12 {
                var t = here / 2 + next / 2
                if t == next || !t.isFinite { t = here }
                best = Split(
                    feature: f, position: start + nLeft - 1, threshold: t, score: score, left0: l0, left1: l1,
                    level: level)
            }
        }
        // Draw features without replacement; constant ones do not count towards maxFeatures.
        while remaining > 0 && visited < maxFeatures {
            let j = rng.below(remaining)
            remaining -= 1
            features.swapAt(j, remaining)
            let f = features[remaining]
            if let b = bins[f] {
                let levels = b.values.count
                order[reference].withUnsafeBufferPointer { o in
                    classWeights.withUnsafeBufferPointer { cw in
                        b.level.withUnsafeBufferPointer { level in
                            histogram.weights.withUnsafeMutableBufferPointer { hw in
                                histogram.counts.withUnsafeMutableBufferPointer { hc in
                                    if levels > Self.interleavedLevels {
                                        // Rows seldom share one of many levels: one copy, since
                                        // clearing and summing four of each would cost more.
                                        for v in 0..<levels {
                                            hw[v] = .zero
                                            hc[v] = 0
                                        }
                                        for k in start..<end {
                                            let row = Int(o[k])
                                            let v = Int(level[row])
                                            hw[v] += cw[row]
                                            hc[v] += 1
                                        }
                                        return
                                    }
                                    // Four interleaved copies: consecutive rows mostly share a
                                    // level, and one copy would make each add wait for the last.
                                    let lanes = Histogram.lanes
                                    for v in 0..<(levels * lanes) {
                                        hw[v] = .zero
                                        hc[v] = 0
                                    }
                                    var k = start
                                    while k + lanes <= end {
                                        for lane in 0..<lanes {
                                            let row = Int(o[k + lane])
                                            let v = Int(level[row]) * lanes + lane
                                            hw[v] += cw[row]
                                            hc[v] += 1
                                        }
                                        k += lanes
                                    }
                                    while k < end {
                                        let row = Int(o[k])
                                        let v = Int(level[row]) * lanes
                                        hw[v] += cw[row]
                                        hc[v] += 1
                                        k += 1
                                    }
                                    // Whole bootstrap counts: the lanes add up exactly. Level v's
                                    // total goes to slot v, which holds a lane of level
                                    // v / lanes, already summed (levels go up).
                                    for v in 0..<levels {
                                        var (w, c) = (hw[v * lanes], hc[v * lanes])
                                        for lane in 1..<lanes {
                                            w += hw[v * lanes + lane]
                                            c += hc[v * lanes + lane]
                                        }
                                        hw[v] = w
                                        hc[v] = c
                                    }
                                }
                            }
                        }
                    }
                }
                var low = 0
                while histogram.counts[low] == 0 { low += 1 }
                var high = levels - 1
                while histogram.counts[high] == 0 { high -= 1 }
                if low == high { continue }
                visited += 1
                var left = SIMD2<Double>(0, 0)
                var nLeft = 0
                var v = low
                while v < high {
                    left += histogram.weights[v]
                    nLeft += histogram.counts[v]
                    var next = v + 1
                    while histogram.counts[next] == 0 { next += 1 }
                    consider(f, nLeft, left.x, left.y, b.values[v], b.values[next], level: v)
                    v = next
                }
                continue
            }
            let x = columns[f]
            let o = order[f]
            if x[Int(o[end - 1])] <= x[Int(o[start])] + Self.featureThreshold { continue }
            visited += 1
            x.withUnsafeBufferPointer { xs in
                o.withUnsafeBufferPointer { os in
                    classWeights.withUnsafeBufferPointer { cw in
                        var left = SIMD2<Double>(0, 0)
                        var next = xs[Int(os[start])]
                        for k in start..<(end - 1) {
                            left += cw[Int(os[k])]
                            let here = next
                            next = xs[Int(os[k + 1])]
                            if next <= here + Self.featureThreshold { continue }
                            consider(f, k - start + 1, left.x, left.y, here, next, level: 0)
                        }
                    }
                }
            }
        }
        return best
    }
}
