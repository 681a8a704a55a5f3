import Seeded

/// Grows CART trees with Gini impurity over presorted feature columns.
///
/// Each feature's rows are sorted once for the whole forest. A tree keeps, per feature, the rows
/// with a non-zero bootstrap weight in that order, and every split partitions those lists stably,
/// so a node's rows are always contiguous and sorted: finding the best split is one linear scan,
/// and no node sorts anything.
public struct TreeBuilder: Sendable {
    let columns: [[Double]]
    let labels: [UInt8]
    let sorted: [[Int32]]
    let parameters: TreeParameters

    /// scikit-learn's FEATURE_THRESHOLD: values closer than this are treated as equal.
    static let featureThreshold = 1e-7

    /// Prepares `table` for growing trees (sorts every column once).
    public init(table: FeatureTable, parameters: TreeParameters) {
        columns = table.columns
        labels = table.labels
        sorted = table.columns.map { c in
            (0..<Int32(c.count)).sorted { c[Int($0)] != c[Int($1)] ? c[Int($0)] < c[Int($1)] : $0 < $1 }
        }
        self.parameters = parameters
    }

    /// Grows one tree on rows weighted by `weights` (bootstrap counts; 0 leaves a row out).
    public func grow(weights: [Double], rng: inout Xoshiro) -> DecisionTree {
        let featureCount = columns.count
        let maxFeatures = min(parameters.maxFeatures ?? featureCount, featureCount)
        // Per feature, the rows in the tree, in sorted order.
        let n = weights.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        var order: [[Int32]] = sorted.map { all in
            // Branch-free: every row is written, and the next one overwrites it when it is out.
            [Int32](unsafeUninitializedCapacity: n + 1) { kept, count in
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
        // Each row's weight in its class's lane: one load and one vector add per row where the
        // scans would otherwise read the label and the weight from two arrays and branch.
        let classWeights = zip(labels, weights).map { $0 == 1 ? SIMD2(0, $1) : SIMD2($1, 0) }
        var tree = DecisionTree()
        guard n > 0 else { return tree }
        var goesLeft = [UInt8](repeating: 0, count: labels.count)
        var scratch = [Int32](repeating: 0, count: n)
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
            order[0].withUnsafeBufferPointer { o in
                classWeights.withUnsafeBufferPointer { cw in
                    for k in node.start..<node.end { sum += cw[Int(o[k])] }
                }
            }
            let (w0, w1) = (sum.x, sum.y)
            Self.appendLeaf(&tree, w0, w1)
            if isLeaf(count: node.end - node.start, w0, w1, depth: node.depth) { continue }
            guard let best = bestSplit(node.start, node.end, w0, w1, classWeights, order, &features, maxFeatures, &rng)
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
            // Partition every feature's list stably into left then right.
            let f = best.feature
            order[f].withUnsafeBufferPointer { o in
                for k in node.start...best.position { goesLeft[Int(o[k])] = 1 }
            }
            goesLeft.withUnsafeBufferPointer { left in
                scratch.withUnsafeMutableBufferPointer { right in
                    for g in 0..<featureCount where g != f {
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
            order[f].withUnsafeBufferPointer { o in
                for k in node.start...best.position { goesLeft[Int(o[k])] = 0 }
            }
            // Right is pushed first so the left subtree is numbered first, as scikit-learn does.
            stack.append(Pending(start: mid, end: node.end, depth: node.depth + 1, parent: id, isLeft: false))
            stack.append(Pending(start: node.start, end: mid, depth: node.depth + 1, parent: id, isLeft: true))
        }
        return tree
    }

    private struct Split {
        var feature: Int
        var position: Int  // last index (in the node's sorted range) that goes left
        var threshold: Double
        var score: Double
        var left0: Double  // class weights of the rows that go left
        var left1: Double
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
        _ features: inout [Int], _ maxFeatures: Int, _ rng: inout Xoshiro
    ) -> Split? {
        var best: Split? = nil
        var visited = 0
        var remaining = features.count
        let minLeaf = parameters.minSamplesLeaf
        // Draw features without replacement; constant ones do not count towards maxFeatures.
        while remaining > 0 && visited < maxFeatures {
            let j = rng.below(remaining)
            remaining -= 1
            features.swapAt(j, remaining)
            let f = features[remaining]
            let x = columns[f]
            let o = order[f]
            if x[Int(o[end - 1])] <= x[Int(o[start])] + Self.featureThreshold { continue }
            visited += 1
            x.withUnsafeBufferPointer { xs in
                o.withUnsafeBufferPointer { os in
                    classWeights.withUnsafeBufferPointer { cw in
                        do {
                            var left = SIMD2<Double>(0, 0)
                            var next = xs[Int(os[start])]
                            for k in start..<(end - 1) {
                                left += cw[Int(os[k])]
                                let (l0, l1) = (left.x, left.y)
                                let here = next
                                next = xs[Int(os[k + 1])]
                                if next <= here + Self.featureThreshold { continue }
                                let nLeft = k - start + 1
                                if nLeft < minLeaf || end - start - nLeft < minLeaf { continue }
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
                                        feature: f, position: k, threshold: t, score: score, left0: l0, left1: l1)
                                }
                            }
                        }
                    }
                }
            }
        }
        return best
    }
}
