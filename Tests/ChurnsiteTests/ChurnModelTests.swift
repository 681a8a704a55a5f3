import Foundation
import Seeded
import Testing

@testable import ChurnModel

@Suite struct DecisionTreeTests {
    /// x ≤ 3 is class 0, above is class 1; the second feature is noise.
    static let separable = FeatureTable(
        names: ["x", "noise"], columns: [[1, 2, 3, 4, 5, 6], [5, 1, 4, 2, 6, 3]], labels: [0, 0, 0, 1, 1, 1])

    static func unweighted(_ t: FeatureTable, _ p: TreeParameters, seed: UInt64 = 1) -> DecisionTree {
        var rng = Xoshiro(seed: seed)
        return TreeBuilder(table: t, parameters: p).grow(weights: Array(repeating: 1, count: t.count), rng: &rng)
    }

    @Test func findsTheKnownBestSplitAtTheMidpoint() {
        let tree = Self.unweighted(Self.separable, TreeParameters())
        #expect(tree.feature[0] == 0)
        #expect(tree.threshold[0] == 3.5)
        #expect(tree.nodeCount == 3)
        #expect(tree.value == [0.5, 0, 1])
        #expect(tree.probability([3.5, 0]) == 0)
        #expect(tree.probability([3.6, 0]) == 1)
    }

    @Test func respectsDepthAndMinimumSizes() {
        let noisy = FeatureTable(names: ["x"], columns: [[1, 2, 3, 4, 5, 6, 7, 8]], labels: [0, 1, 0, 1, 0, 1, 0, 1])
        #expect(Self.unweighted(noisy, TreeParameters(maxDepth: 1)).depth == 1)
        #expect(Self.unweighted(noisy, TreeParameters()).depth > 1)
        let leafy = Self.unweighted(noisy, TreeParameters(minSamplesLeaf: 3))
        for n in 0..<leafy.nodeCount where leafy.left[n] < 0 { #expect(leafy.weight[n] >= 3) }
        // A node with fewer samples than min_samples_split stays a leaf.
        #expect(Self.unweighted(noisy, TreeParameters(minSamplesSplit: 9)).nodeCount == 1)
    }

    @Test func pureAndConstantNodesAreLeaves() {
        let pure = FeatureTable(names: ["x"], columns: [[1, 2, 3]], labels: [1, 1, 1])
        #expect(Self.unweighted(pure, TreeParameters()).nodeCount == 1)
        let constant = FeatureTable(names: ["x"], columns: [[2, 2, 2, 2]], labels: [0, 1, 0, 1])
        let t = Self.unweighted(constant, TreeParameters())
        #expect(t.nodeCount == 1)
        #expect(t.value[0] == 0.5)
    }

    @Test func binnedFeaturesGrowTheSameTreesAsSortedLists() {
        var rng = Xoshiro(seed: 21)
        let n = 2000
        let columns: [[Double]] = [
            (0..<n).map { _ in Double(rng.below(5000)) },  // over 1,024 values: listed
            (0..<n).map { _ in Double(1 + rng.below(4)) },  // a count
            (0..<n).map { _ in Double(rng.below(7)) / 6 },  // a share
            (0..<n).map { _ in 1 + Double(rng.below(9)) / 2 },  // an average of small scores
            (0..<n).map { _ in rng.below(2) == 0 ? 1 : 1 + 1e-9 },  // levels the scan treats as equal
            (0..<n).map { _ in 3 },  // constant
            (0..<n).map { _ in Double(rng.below(700)) },  // hundreds of values (days): one histogram copy
        ]
        let labels = (0..<n).map { i in
            let signal = (columns[1][i] >= 2) != (columns[2][i] > 0.5)
            return UInt8(signal != (rng.below(5) == 0) ? 1 : 0)
        }
        let table = FeatureTable(names: ["a", "b", "c", "d", "e", "f", "g"], columns: columns, labels: labels)
        let binned = TreeBuilder(table: table, parameters: TreeParameters(maxDepth: 8, maxFeatures: 2))
        let listed = TreeBuilder(table: table, parameters: TreeParameters(maxDepth: 8, maxFeatures: 2), maxLevels: 0)
        #expect(binned.bins.map { $0 != nil } == [false, true, true, true, false, true, true])
        #expect(binned.bins[6]!.values.count > TreeBuilder.interleavedLevels)
        #expect(listed.bins.allSatisfy { $0 == nil })
        for seed in 0..<10 as Range<UInt64> {
            var draw = Xoshiro(seed: seed)
            var weights = [Double](repeating: 0, count: n)
            for _ in 0..<n { weights[draw.below(n)] += 1 }
            var (r1, r2) = (draw, draw)
            let tree = binned.grow(weights: weights, rng: &r1)
            #expect(tree.nodeCount > 20)
            #expect(tree == listed.grow(weights: weights, rng: &r2))
        }
        // With every feature binned, one still keeps its list to enumerate the nodes' rows.
        let small = FeatureTable(names: ["b", "c"], columns: [columns[1], columns[2]], labels: labels)
        let allBinned = TreeBuilder(table: small, parameters: TreeParameters(maxDepth: 6))
        #expect(allBinned.bins.map { $0 != nil } == [false, true])
        var (r1, r2) = (Xoshiro(seed: 3), Xoshiro(seed: 3))
        #expect(
            allBinned.grow(weights: Array(repeating: 1, count: n), rng: &r1)
                == TreeBuilder(table: small, parameters: TreeParameters(maxDepth: 6), maxLevels: 0).grow(
                    weights: Array(repeating: 1, count: n), rng: &r2))
    }

    @Test func weightsActLikeRepeatedRows() {
        let t = FeatureTable(names: ["x"], columns: [[1, 2, 3]], labels: [0, 1, 1])
        var rng = Xoshiro(seed: 1)
        let tree = TreeBuilder(table: t, parameters: TreeParameters()).grow(weights: [3, 1, 0], rng: &rng)
        #expect(tree.value[0] == 0.25)
        #expect(tree.threshold[0] == 1.5)
    }

    @Test func oneUnbootstrappedTreeWithAllFeaturesEqualsASingleTree() {
        var rng = Xoshiro(seed: 9)
        let n = 300
        let cols = (0..<3).map { _ in (0..<n).map { _ in Double(rng.below(50)) } }
        let labels = (0..<n).map { UInt8((cols[0][$0] + cols[1][$0] > 50) != (rng.below(10) == 0) ? 1 : 0) }
        let table = FeatureTable(names: ["a", "b", "c"], columns: cols, labels: labels)
        let params = TreeParameters(maxDepth: 6, minSamplesSplit: 5, maxFeatures: 3)
        let forest = RandomForest.fit(
            table, ForestParameters(trees: 1, tree: params, bootstrap: false, seed: 5, threads: 1))
        // Features with equally good splits are broken by the random feature order, so the single tree
        // gets the generator the forest gives its first tree.
        let single = Self.unweighted(table, params, seed: RandomForest.treeSeed(5, tree: 0))
        #expect(forest.trees[0].feature == single.feature)
        #expect(forest.trees[0].threshold == single.threshold)
        #expect(forest.trees[0].value == single.value)
        #expect(forest.probabilities(table) == (0..<n).map { single.probability(table.row($0)) })
    }
}

@Suite struct RandomForestTests {
    static func synthetic(_ n: Int, seed: UInt64) -> FeatureTable {
        var rng = Xoshiro(seed: seed)
        let cols = (0..<4).map { _ in (0..<n).map { _ in Double(rng.below(1000)) / 10 } }
        let labels = (0..<n).map { i -> UInt8 in
            let signal = cols[0][i] * 0.8 - cols[2][i] * 0.3 + Double(rng.below(40))
            return signal > 30 ? 1 : 0
        }
        return FeatureTable(names: ["a", "b", "c", "d"], columns: cols, labels: labels)
    }

    @Test func sameSeedSameModelJSONForAnyThreadCount() {
        let t = Self.synthetic(2000, seed: 1)
        let one = RandomForest.fit(t, ForestParameters(trees: 12, seed: 42, threads: 1))
        let two = RandomForest.fit(t, ForestParameters(trees: 12, seed: 42, threads: 2))
        #expect(ModelExport(forest: one).json() == ModelExport(forest: two).json())
        let other = RandomForest.fit(t, ForestParameters(trees: 12, seed: 43, threads: 2))
        #expect(ModelExport(forest: one).json() != ModelExport(forest: other).json())
    }

    @Test func learnsAndRanksTheInformativeFeatureFirst() {
        let train = Self.synthetic(3000, seed: 2)
        let test = Self.synthetic(1000, seed: 3)
        let f = RandomForest.fit(train, ForestParameters(trees: 30, seed: 1))
        #expect(Metrics.rocAUC(f.probabilities(test), test.labels) > 0.85)
        let imp = f.impurityImportance
        #expect(abs(imp.reduce(0, +) - 1) < 1e-9)
        #expect(imp.firstIndex(of: imp.max()!) == 0)
        let perm = f.permutationImportance(test, repeats: 2)
        #expect(perm[0] > perm[1] && perm[0] > perm[3])
    }

    /// Permutation importance walks again only the paths that test the shuffled feature. It equals
    /// shuffling each column and scoring the whole table, bit for bit: on a subsample of the rows,
    /// and past 64 features, where a path's feature bits are shared.
    @Test(arguments: [4, 70])
    func permutationImportanceEqualsScoringEveryShuffledTable(_ features: Int) {
        func table(_ n: Int, seed: UInt64) -> FeatureTable {
            var rng = Xoshiro(seed: seed)
            let cols = (0..<features).map { _ in (0..<n).map { _ in Double(rng.below(1000)) / 10 } }
            let labels = (0..<n).map { i -> UInt8 in
                cols[0][i] * 0.8 - cols[features - 2][i] * 0.3 + Double(rng.below(40)) > 30 ? 1 : 0
            }
            return FeatureTable(names: (0..<features).map { "f\($0)" }, columns: cols, labels: labels)
        }
        let forest = RandomForest.fit(table(800, seed: 1), ForestParameters(trees: 9, seed: 2))
        let full = table(700, seed: 3)
        // The plain computation: draw the rows, then shuffle and score whole tables.
        var rng = Xoshiro(seed: 11)
        var idx = Array(0..<full.count)
        rng.shuffle(&idx)
        let sample = full.subset(Array(idx.prefix(500)).sorted())
        let baseline = Metrics.rocAUC(forest.probabilities(sample), sample.labels)
        let expected = sample.columns.indices.map { f in
            var drop = 0.0
            for _ in 0..<3 {
                var shuffled = sample
                rng.shuffle(&shuffled.columns[f])
                drop += baseline - Metrics.rocAUC(forest.probabilities(shuffled), sample.labels)
            }
            return drop / 3
        }
        let got = forest.permutationImportance(full, repeats: 3, seed: 11, maxRows: 500)
        #expect(got == expected)
        #expect(got[0] > 0.05)
    }

    /// Regression: the two-thread prediction once scored only half the rows of a small table.
    @Test(arguments: [1, 7, 2048, 2049, 5001])
    func tablePredictionEqualsRowByRow(_ n: Int) {
        let train = Self.synthetic(1000, seed: 5)
        let table = Self.synthetic(n, seed: 6)
        let f = RandomForest.fit(train, ForestParameters(trees: 8, seed: 3))
        #expect(f.probabilities(table) == (0..<n).map { f.probability(table.row($0)) })
    }

    @Test func stratifiedSplitKeepsTheBaseRate() {
        let t = Self.synthetic(1000, seed: 4)
        let (train, test) = t.stratifiedSplit(testFraction: 0.2, seed: 42)
        #expect(train.count + test.count == 1000)
        #expect(Set(train).isDisjoint(with: test))
        #expect(abs(t.subset(test).baseRate - t.baseRate) < 0.01)
    }

    /// Parity with scikit-learn's RandomForestClassifier on the full-data fixtures.
    @Test func matchesScikitLearnOnTheFixtures() throws {
        guard Paths.sharedAvailable("the scikit-learn parity test") else { return }
        let dir = Paths.fixtures.appendingPathComponent("rf").path
        let results =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: dir + "/sklearn_results.json"))) as! [String: Any]
        for label in ["recency", "temporal"] {
            let train = try #require(FeatureTable.numericCSV(path: "\(dir)/\(label)_train.csv"))
            let test = try #require(FeatureTable.numericCSV(path: "\(dir)/\(label)_test.csv"))
            let forest = RandomForest.fit(train, ForestParameters(seed: 42))
            let p = forest.probabilities(test)
            let auc = Metrics.rocAUC(p, test.labels)
            let accuracy = Metrics.confusion(p, test.labels, threshold: 0.5).accuracy
            let sk = results[label] as! [String: Any]
            if label == "temporal" {
                #expect(abs(auc - (sk["roc_auc"] as! Double)) <= 0.01, "temporal ROC AUC \(auc)")
            } else {
                #expect(accuracy >= 0.999, "recency accuracy \(accuracy)")
            }
        }
    }
}

@Suite struct MetricsTests {
    @Test func aucOfPerfectRandomAndTiedScores() {
        #expect(Metrics.rocAUC([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1]) == 1)
        #expect(Metrics.rocAUC([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1]) == 0)
        #expect(Metrics.rocAUC([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1]) == 0.5)
        // scikit-learn: roc_auc_score([0,0,1,1],[0.1,0.4,0.35,0.8]) = 0.75
        #expect(Metrics.rocAUC([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]) == 0.75)
    }

    @Test func averagePrecisionMatchesScikitLearn() {
        // scikit-learn: average_precision_score([0,0,1,1],[0.1,0.4,0.35,0.8]) = 0.8333…
        #expect(abs(Metrics.averagePrecision([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]) - 5.0 / 6) < 1e-12)
    }

    @Test func confusionAndF1() {
        let c = Metrics.confusion([0.9, 0.6, 0.4, 0.2], [1, 0, 1, 0], threshold: 0.5)
        #expect(c.truePositives == 1 && c.falsePositives == 1 && c.falseNegatives == 1 && c.trueNegatives == 1)
        #expect(c.f1 == 0.5)
        let best = Metrics.bestF1([0.9, 0.6, 0.4, 0.2], [1, 0, 1, 0])
        #expect(best.f1 >= c.f1)
        #expect(abs(Metrics.brier([1, 0], [1, 0])) < 1e-12)
        #expect(Metrics.logLoss([0.5], [1]) == -log(0.5))
    }

    @Test func evaluationTablesAddUp() {
        var rng = Xoshiro(seed: 3)
        let scores = (0..<1000).map { _ in Double(rng.below(1000)) / 1000 }
        let labels = scores.map { UInt8(Double(rng.below(1000)) / 1000 < $0 ? 1 : 0) }
        let e = Evaluation(scores: scores, labels: labels)
        #expect(e.calibration.reduce(0) { $0 + $1.count } == 1000)
        #expect(e.lift.reduce(0) { $0 + $1.count } == 1000)
        #expect(abs(e.lift.last!.cumulativeGain - 1) < 1e-12)
        #expect(e.lift[0].lift > 1.5)
        // Calibrated by construction: each bin's observed rate is near its mean prediction.
        for b in e.calibration where b.count > 50 { #expect(abs(b.observed - b.meanPredicted) < 0.15) }
    }
}

@Suite struct ForestRowBoundTests {
    static func table(_ n: Int) -> FeatureTable {
        var rng = Xoshiro(seed: 9)
        let x = (0..<n).map { _ in Double(rng.below(1000)) }
        let y = (0..<n).map { _ in Double(rng.below(50)) }
        let labels = (0..<n).map { x[$0] + Double(rng.below(400)) > 700 ? UInt8(1) : 0 }
        return FeatureTable(names: ["x", "y"], columns: [x, y], labels: labels)
    }

    @Test func aBiggerTableTrainsOnASampleOfMaxRows() {
        let t = Self.table(1000)
        let bounded = RandomForest.fit(t, ForestParameters(trees: 5, seed: 3, threads: 1, maxRows: 300))
        // Each tree bootstraps 300 draws from the 300-row sample: its root weighs 300.
        #expect(bounded.trees.allSatisfy { $0.weight[0] == 300 })
        let full = RandomForest.fit(t, ForestParameters(trees: 5, seed: 3, threads: 1, maxRows: nil))
        #expect(full.trees.allSatisfy { $0.weight[0] == 1000 })
        // A bound at or above the table's size changes nothing.
        #expect(RandomForest.fit(t, ForestParameters(trees: 5, seed: 3, threads: 1, maxRows: 1000)) == full)
        // The sample depends on the seed only, not on the thread count.
        #expect(RandomForest.fit(t, ForestParameters(trees: 5, seed: 3, threads: 2, maxRows: 300)) == bounded)
    }
}
