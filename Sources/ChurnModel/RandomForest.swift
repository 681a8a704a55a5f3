import Foundation
import Parallel
import Seeded

/// Random-forest parameters, with scikit-learn's meaning.
public struct ForestParameters: Sendable, Equatable {
    public var trees: Int
    public var tree: TreeParameters
    /// Draw a bootstrap sample per tree (otherwise every tree sees every row once).
    public var bootstrap: Bool
    public var seed: UInt64
    /// Threads growing trees; the forest is the same for any value.
    public var threads: Int
    /// Training rows, at most: a bigger table is first reduced to a seeded random sample of this
    /// many rows (without replacement), which every tree then bootstraps from. Growing a tree costs
    /// time in proportion to its rows, so this bounds the model's cost on big data; on Olist-sized
    /// data (under 100,000 training rows) every row is used, exactly as scikit-learn does. `nil`
    /// uses every row whatever the size.
    public var maxRows: Int?

    /// Parameters; the defaults are the original design's (100 trees, depth 10, min split 5).
    public init(
        trees: Int = 100, tree: TreeParameters = TreeParameters(maxDepth: 10, minSamplesSplit: 5),
        bootstrap: Bool = true,
        seed: UInt64 = 42, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        maxRows: Int? = ForestParameters.defaultMaxRows
    ) {
        self.maxRows = maxRows.map { max(1, $0) }
        self.trees = max(1, trees)
        self.tree = tree
        self.bootstrap = bootstrap
        self.seed = seed
        self.threads = max(1, threads)
    }

    /// The default bound on the training rows.
    public static let defaultMaxRows = 100_000
}

/// A forest of CART trees; P(class 1) is the mean of the trees' leaf shares (scikit-learn's
/// `predict_proba`).
public struct RandomForest: Sendable, Equatable {
    public var trees: [DecisionTree]
    public var featureNames: [String]

    /// A forest from fitted trees.
    public init(trees: [DecisionTree], featureNames: [String]) {
        self.trees = trees
        self.featureNames = featureNames
    }

    /// Fits a forest. Tree `t` draws its bootstrap and features from its own generator, seeded from
    /// (`seed`, `t`), so neither the thread count nor the scheduling changes the result.
    public static func fit(_ full: FeatureTable, _ p: ForestParameters) -> RandomForest {
        fit(full, rows: nil, p)
    }

    /// Fits a forest on the rows `rows` (ascending) of `source`, or on all of it when nil: the same
    /// forest as fitting `source.subset(rows)`, without first copying rows the row bound would
    /// leave out (on ten million customers, half a gigabyte).
    public static func fit(_ source: FeatureTable, rows: [Int]?, _ p: ForestParameters) -> RandomForest {
        let count = rows?.count ?? source.count
        let table: FeatureTable
        if let limit = p.maxRows, count > limit {
            var rng = Xoshiro(seed: p.seed ^ 0x5EED_5A3B_1E00)
            var picked = Array(0..<count)
            // A partial Fisher–Yates shuffle: the first `limit` places hold a uniform sample.
            for i in 0..<limit { picked.swapAt(i, i + rng.below(count - i)) }
            let sample = picked[0..<limit].sorted()
            table = source.subset(rows.map { r in sample.map { r[$0] } } ?? sample)
        } else {
            table = rows.map { source.subset($0) } ?? source
        }
        var tp = p.tree
        if tp.maxFeatures == nil { tp.maxFeatures = TreeParameters.sqrtFeatures(table.columns.count) }
        let builder = TreeBuilder(table: table, parameters: tp)
        let n = table.count
        let box = Slots<DecisionTree>(count: p.trees)
        let grow: @Sendable (Int) -> Void = { t in
            var rng = Xoshiro(seed: treeSeed(p.seed, tree: t))
            var weights = [Double](repeating: p.bootstrap ? 0 : 1, count: n)
            if p.bootstrap { for _ in 0..<n { weights[rng.below(n)] += 1 } }
            box.set(t, builder.grow(weights: weights, rng: &rng))
        }
        if p.threads == 1 {
            for t in 0..<p.trees { grow(t) }
        } else {
            // Hand out trees in interleaved chunks; each tree only depends on its index.
            let workers = min(p.threads, p.trees)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                for t in stride(from: w, to: p.trees, by: workers) { grow(t) }
            }
        }
        return RandomForest(trees: box.values, featureNames: table.names)
    }

    /// The seed of tree `t`'s generator (its bootstrap, then its feature draws).
    public static func treeSeed(_ seed: UInt64, tree t: Int) -> UInt64 { seed &+ 0x9E37_79B9 &* UInt64(t + 1) }

    /// P(class 1) for one feature vector.
    public func probability(_ row: [Double]) -> Double {
        trees.reduce(0) { $0 + $1.probability(row) } / Double(trees.count)
    }

    /// P(class 1) for every row of a table.
    ///
    /// Rows are copied row-major once and split over two threads, and each tree walks eight rows at
    /// a time without branches (`WalkTree`). Each row still adds its trees' values in tree order, so
    /// the result is bit-identical to `probability(_:)` row by row.
    public func probabilities(_ table: FeatureTable) -> [Double] {
        let n = table.count
        let f = table.columns.count
        guard n > 0 else { return [] }
        var out = [Double](repeating: 0, count: n)
        let walks = trees.map(WalkTree.init)
        // Row-major copies of at most 64k rows at a time: memory stays flat for ten million rows.
        let block = 1 << 16
        var rows = [Double](repeating: 0, count: min(n, block) * f)
        for first in stride(from: 0, to: n, by: block) {
            let m = min(block, n - first)
            table.copyRowMajor(first..<(first + m), into: &rows)
            rows.withUnsafeBufferPointer { rowBuffer in
                out.withUnsafeMutableBufferPointer { outBuffer in
                    nonisolated(unsafe) let x = rowBuffer
                    nonisolated(unsafe) let sums = UnsafeMutableBufferPointer(rebasing: outBuffer[first..<(first + m)])
                    // Small tables are not worth a second thread.
                    let parts = m > 2048 ? 2 : 1
                    let chunk = (m + parts - 1) / parts
                    DispatchQueue.concurrentPerform(iterations: parts) { part in
                        let range = (part * chunk)..<min(m, (part + 1) * chunk)
                        for walk in walks { walk.add(rows: range, features: f, x: x, to: sums) }
                    }
                }
            }
        }
        let count = Double(trees.count)
        return out.map { $0 / count }
    }

    /// Impurity-based importance (mean decrease in Gini), normalised per tree and overall like
    /// scikit-learn's `feature_importances_`.
    public var impurityImportance: [Double] {
        var sum = [Double](repeating: 0, count: featureNames.count)
        for t in trees {
            let d = t.impurityDecrease(featureCount: featureNames.count)
            let total = d.reduce(0, +)
            if total > 0 { for i in d.indices { sum[i] += d[i] / total } }
        }
        let total = sum.reduce(0, +)
        return total > 0 ? sum.map { $0 / total } : sum
    }
}

/// A tree laid out for branch-free walking: 16 bytes a node, numbered breadth first so that a
/// node's two children are neighbours, and leaves looping onto themselves.
struct WalkTree {
    /// A step from this node goes to `base` when the row's value of `feature` is at most
    /// `threshold`, else to `base + 1`: the left child and the right one. A leaf has a NaN
    /// threshold (no value is at most NaN) and `base` one below itself, so every step stays.
    struct Node {
        var threshold: Double
        var feature: Int32
        var base: Int32
    }
    var nodes: [Node]
    /// The tree's value at each node, in this numbering.
    var value: [Double]
    var depth: Int
    /// Per node, the feature it tests as a bit (every bit from feature 64 on); 0 for a leaf.
    var bits: [UInt64]

    init(_ tree: DecisionTree) {
        // Old node numbers in breadth-first order, each pair of children given consecutive places.
        var order = [0]
        order.reserveCapacity(tree.nodeCount)
        var place = [Int32](repeating: 0, count: tree.nodeCount)
        var head = 0
        while head < order.count {
            let k = order[head]
            head += 1
            guard tree.left[k] >= 0 else { continue }
            for child in [Int(tree.left[k]), Int(tree.right[k])] {
                place[child] = Int32(order.count)
                order.append(child)
            }
        }
        nodes = order.enumerated().map { j, k in
            tree.left[k] < 0
                ? Node(threshold: .nan, feature: 0, base: Int32(j) - 1)
                : Node(threshold: tree.threshold[k], feature: tree.feature[k], base: place[Int(tree.left[k])])
        }
        bits = order.map { k in tree.left[k] < 0 ? 0 : Self.bit(Int(tree.feature[k])) }
        value = order.map { tree.value[$0] }
        depth = tree.depth
    }

    /// Feature `f`'s bit in a path's set of features; features from 64 on share every bit, so a
    /// path testing one of them counts as testing any feature.
    static func bit(_ f: Int) -> UInt64 { f < 64 ? 1 << UInt64(f) : ~0 }

    /// Adds this tree's value for rows `range` of the row-major `x` to `sums`.
    func add(
        rows range: Range<Int>, features f: Int, x: UnsafeBufferPointer<Double>,
        to sums: UnsafeMutableBufferPointer<Double>
    ) {
        let first = range.lowerBound
        value.withUnsafeBufferPointer { value in
            walk(count: range.count, row: { first + $0 }, features: f, x: x, tracksFeatures: false) { k, leaf, _ in
                sums[first + k] += value[leaf]
            }
        }
    }

    /// Adds this tree's value for the rows listed in `rows` of the row-major `x` to `sums`.
    func add(
        rows: UnsafeBufferPointer<Int32>, features f: Int, x: UnsafeBufferPointer<Double>,
        to sums: UnsafeMutableBufferPointer<Double>
    ) {
        value.withUnsafeBufferPointer { value in
            walk(count: rows.count, row: { Int(rows[$0]) }, features: f, x: x, tracksFeatures: false) { k, leaf, _ in
                sums[Int(rows[k])] += value[leaf]
            }
        }
    }

    /// Each row's leaf, and the features its path tests (as `bit`s), for the first `leaves.count`
    /// rows of the row-major `x`.
    func paths(
        features f: Int, x: UnsafeBufferPointer<Double>, leaves: UnsafeMutableBufferPointer<Int32>,
        features tested: UnsafeMutableBufferPointer<UInt64>
    ) {
        let record = { (k: Int, leaf: Int, m: UInt64) in
            leaves[k] = Int32(leaf)
            tested[k] = m
        }
        walk(count: leaves.count, row: { $0 }, features: f, x: x, tracksFeatures: true, record)
    }

    /// Walks rows `row(0)`, …, `row(count - 1)` of the row-major `x` (`f` values a row) and hands
    /// each one's place in the list, its leaf and (when `tracksFeatures`) the bits of the features
    /// its path tests to `body`, in list order. Eight rows walk at a time without branches: leaves
    /// point back at themselves, so every walk takes exactly the tree's depth in steps and the
    /// eight walks overlap in the CPU (about four times as fast as one walk at a time with a branch
    /// per node; sixteen no longer fit the registers).
    @inline(__always)
    private func walk(
        count: Int, row: (Int) -> Int, features f: Int, x: UnsafeBufferPointer<Double>, tracksFeatures: Bool,
        _ body: (Int, Int, UInt64) -> Void
    ) {
        nodes.withUnsafeBufferPointer { nodes in
            bits.withUnsafeBufferPointer { bits in
                @inline(__always) func step(_ node: Int32, _ base: Int) -> Int32 {
                    let t = nodes[Int(node)]
                    // NaN goes right, as in `DecisionTree.probability`: NaN <= t is false.
                    return t.base &+ (x[base + Int(t.feature)] <= t.threshold ? 0 : 1)
                }
                /// One step of one lane: the feature bits of its node, then the next node.
                @inline(__always) func lane(_ n: inout Int32, _ m: inout UInt64, _ base: Int) {
                    if tracksFeatures { m |= bits[Int(n)] }
                    n = step(n, base)
                }
                var k = 0
                while k + 8 <= count {
                    // Eight scalars rather than a SIMD8 of nodes: the walks share no arithmetic, and
                    // a vector made every step extract a lane and insert it back.
                    var (n0, n1, n2, n3, n4, n5, n6, n7) = (Int32(0), Int32(0), Int32(0), Int32(0), Int32(0), Int32(0), Int32(0), Int32(0))
                    var (m0, m1, m2, m3, m4, m5, m6, m7) = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
                    let (b0, b1, b2, b3) = (row(k) * f, row(k + 1) * f, row(k + 2) * f, row(k + 3) * f)
                    let (b4, b5, b6, b7) = (row(k + 4) * f, row(k + 5) * f, row(k + 6) * f, row(k + 7) * f)
                    for _ in 0..<depth {
                        lane(&n0, &m0, b0)
                        lane(&n1, &m1, b1)
                        lane(&n2, &m2, b2)
                        lane(&n3, &m3, b3)
                        lane(&n4, &m4, b4)
                        lane(&n5, &m5, b5)
                        lane(&n6, &m6, b6)
                        lane(&n7, &m7, b7)
                    }
                    body(k, Int(n0), m0)
                    body(k + 1, Int(n1), m1)
                    body(k + 2, Int(n2), m2)
                    body(k + 3, Int(n3), m3)
                    body(k + 4, Int(n4), m4)
                    body(k + 5, Int(n5), m5)
                    body(k + 6, Int(n6), m6)
                    body(k + 7, Int(n7), m7)
                    k += 8
                }
                while k < count {
                    var node: Int32 = 0
                    var m: UInt64 = 0
                    let base = row(k) * f
                    for _ in 0..<depth {
                        if tracksFeatures { m |= bits[Int(node)] }
                        node = step(node, base)
                    }
                    body(k, Int(node), m)
                    k += 1
                }
            }
        }
    }
}
