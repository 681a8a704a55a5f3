import Seeded

/// A numeric feature matrix stored by column, with binary labels.
public struct FeatureTable: Sendable, Equatable {
    /// Feature names, one per column.
    public var names: [String]
    /// `columns[f][i]` is feature `f` of row `i`.
    public var columns: [[Double]]
    /// 0 or 1 per row.
    public var labels: [UInt8]

    /// A table; every column must have one value per label.
    public init(names: [String], columns: [[Double]], labels: [UInt8]) {
        precondition(names.count == columns.count, "one name per column")
        precondition(columns.allSatisfy { $0.count == labels.count }, "columns and labels differ in length")
        self.names = names
        self.columns = columns
        self.labels = labels
    }

    /// Number of rows.
    public var count: Int { labels.count }

    /// Row `i` as a feature vector.
    public func row(_ i: Int) -> [Double] { columns.map { $0[i] } }

    /// The rows at `indices`, in that order.
    public func subset(_ indices: [Int]) -> FeatureTable {
        FeatureTable(
            names: names, columns: columns.map { c in indices.map { c[$0] } }, labels: indices.map { labels[$0] })
    }

    /// Share of rows labelled 1.
    public var baseRate: Double {
        count == 0 ? 0 : Double(labels.reduce(0) { $0 + Int($1) }) / Double(count)
    }

    /// A stratified split: `testFraction` of each class goes to the test part, chosen with `seed`.
    /// Returns row indices, each part sorted.
    public func stratifiedSplit(testFraction: Double, seed: UInt64) -> (train: [Int], test: [Int]) {
        var rng = Xoshiro(seed: seed)
        var train: [Int] = []
        var test: [Int] = []
        for cls: UInt8 in [0, 1] {
            var idx = (0..<count).filter { labels[$0] == cls }
            rng.shuffle(&idx)
            let k = Int((Double(idx.count) * testFraction).rounded())
            test += idx[..<k]
            train += idx[k...]
        }
        return (train.sorted(), test.sorted())
    }
}

extension FeatureTable {
    /// Copies rows `range` into `rows` row-major, one row's features after another, from its start
    /// (tree walks read a row's features together).
    func copyRowMajor(_ range: Range<Int>, into rows: inout [Double]) {
        let f = columns.count
        for (j, column) in columns.enumerated() {
            column.withUnsafeBufferPointer { c in
                for (i, r) in range.enumerated() { rows[i * f + j] = c[r] }
            }
        }
    }
}
