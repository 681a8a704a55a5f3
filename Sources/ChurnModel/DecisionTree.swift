/// A fitted binary classification tree as flat node arrays, the layout model.json uses.
///
/// Node 0 is the root. An internal node sends a row left when `row[feature] <= threshold`; a leaf
/// has `left == -1` and `value` = the weighted share of class 1 among its training samples.
public struct DecisionTree: Sendable, Equatable {
    public var feature: [Int32] = []
    public var threshold: [Double] = []
    public var left: [Int32] = []
    public var right: [Int32] = []
    /// Weighted share of class 1 at each node.
    public var value: [Double] = []
    /// Gini impurity at each node.
    public var impurity: [Double] = []
    /// Weighted number of training samples at each node.
    public var weight: [Double] = []

    /// An empty tree, filled by the builder.
    public init() {}

    /// Number of nodes.
    public var nodeCount: Int { value.count }

    /// Depth of the deepest leaf (the root alone has depth 0).
    public var depth: Int {
        var best = 0
        var stack: [(Int, Int)] = [(0, 0)]
        while let (n, d) = stack.popLast() {
            if left[n] < 0 {
                best = max(best, d)
            } else {
                stack.append((Int(left[n]), d + 1))
                stack.append((Int(right[n]), d + 1))
            }
        }
        return best
    }

    /// P(class 1) for a row of features.
    @inlinable
    public func probability(_ row: [Double]) -> Double {
        var n = 0
        while left[n] >= 0 {
            n = row[Int(feature[n])] <= threshold[n] ? Int(left[n]) : Int(right[n])
        }
        return value[n]
    }

    /// P(class 1) for row `i` of a column-major table.
    @inlinable
    public func probability(columns: [[Double]], row i: Int) -> Double {
        var n = 0
        while left[n] >= 0 {
            n = columns[Int(feature[n])][i] <= threshold[n] ? Int(left[n]) : Int(right[n])
        }
        return value[n]
    }

    /// Impurity decrease credited to each feature (unnormalised), for impurity-based importance.
    public func impurityDecrease(featureCount: Int) -> [Double] {
        var out = [Double](repeating: 0, count: featureCount)
        for n in 0..<nodeCount where left[n] >= 0 {
            let l = Int(left[n])
            let r = Int(right[n])
            out[Int(feature[n])] += weight[n] * impurity[n] - weight[l] * impurity[l] - weight[r] * impurity[r]
        }
        return out
    }
}
