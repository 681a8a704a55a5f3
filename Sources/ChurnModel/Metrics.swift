import Foundation

/// Binary classification metrics on scores (probabilities of class 1) and labels.
public enum Metrics {
    /// Calls `body` with each run of equal scores along `order` (indices sorted by score): the run's
    /// first and last position in `order`. Every curve and rank statistic treats ties as one step.
    static func forEachTieGroup(_ order: [Int], _ scores: [Double], _ body: (_ first: Int, _ last: Int) -> Void) {
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && scores[order[j + 1]] == scores[order[i]] { j += 1 }
            body(i, j)
            i = j + 1
        }
    }

    /// Area under the ROC curve (the Mann–Whitney statistic, ties counted half); 0.5 when a class is
    /// missing.
    public static func rocAUC(_ scores: [Double], _ labels: [UInt8]) -> Double {
        let idx = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSumPositive = 0.0
        var positives = 0.0
        forEachTieGroup(idx, scores) { i, j in
            let rank = Double(i + j) / 2 + 1  // average rank of the tie group
            for k in i...j where labels[idx[k]] == 1 {
                rankSumPositive += rank
                positives += 1
            }
        }
        let negatives = Double(labels.count) - positives
        guard positives > 0, negatives > 0 else { return 0.5 }
        return (rankSumPositive - positives * (positives + 1) / 2) / (positives * negatives)
    }

    /// Average precision (scikit-learn's `average_precision_score`): the area under the
    /// precision–recall curve as a step function.
    public static func averagePrecision(_ scores: [Double], _ labels: [UInt8]) -> Double {
        let total = Double(labels.reduce(0) { $0 + Int($1) })
        guard total > 0 else { return 0 }
        let idx = scores.indices.sorted { scores[$0] > scores[$1] }
        var tp = 0.0
        var fp = 0.0
        var ap = 0.0
        var lastRecall = 0.0
        forEachTieGroup(idx, scores) { i, j in
            for k in i...j { if labels[idx[k]] == 1 { tp += 1 } else { fp += 1 } }
            let recall = tp / total
            ap += (recall - lastRecall) * tp / (tp + fp)
            lastRecall = recall
        }
        return ap
    }

    /// Mean squared difference between probability and label.
    public static func brier(_ scores: [Double], _ labels: [UInt8]) -> Double {
        guard !scores.isEmpty else { return 0 }
        return zip(scores, labels).reduce(0) { $0 + ($1.0 - Double($1.1)) * ($1.0 - Double($1.1)) }
            / Double(scores.count)
    }

    /// Mean negative log-likelihood, probabilities clipped to [1e-15, 1 - 1e-15].
    public static func logLoss(_ scores: [Double], _ labels: [UInt8]) -> Double {
        guard !scores.isEmpty else { return 0 }
        let eps = 1e-15
        return -zip(scores, labels).reduce(0) { acc, pair in
            let p = min(max(pair.0, eps), 1 - eps)
            return acc + (pair.1 == 1 ? log(p) : log(1 - p))
        } / Double(scores.count)
    }

    /// The confusion matrix and the metrics derived from it at a threshold (score ≥ threshold → 1).
    public static func confusion(_ scores: [Double], _ labels: [UInt8], threshold: Double) -> Confusion {
        var c = Confusion(threshold: threshold)
        for (s, y) in zip(scores, labels) {
            switch (s >= threshold, y == 1) {
            case (true, true): c.truePositives += 1
            case (true, false): c.falsePositives += 1
            case (false, true): c.falseNegatives += 1
            case (false, false): c.trueNegatives += 1
            }
        }
        return c
    }

    /// The threshold (one of the scores) with the highest F1, and its confusion matrix.
    public static func bestF1(_ scores: [Double], _ labels: [UInt8]) -> Confusion {
        let idx = scores.indices.sorted { scores[$0] > scores[$1] }
        let positives = labels.reduce(0) { $0 + Int($1) }
        var tp = 0
        var fp = 0
        var best = confusion(scores, labels, threshold: 0.5)
        forEachTieGroup(idx, scores) { i, j in
            for k in i...j { if labels[idx[k]] == 1 { tp += 1 } else { fp += 1 } }
            let f1 = 2 * Double(tp) / Double(2 * tp + fp + (positives - tp))
            if f1 > best.f1 + 1e-12 {
                best = Confusion(
                    threshold: scores[idx[i]], truePositives: tp, falsePositives: fp,
                    trueNegatives: labels.count - positives - fp,
                    falseNegatives: positives - tp)
            }
        }
        return best
    }
}

/// A confusion matrix at a threshold.
public struct Confusion: Sendable, Equatable {
    public var threshold: Double
    public var truePositives = 0, falsePositives = 0, trueNegatives = 0, falseNegatives = 0

    /// Counts at a threshold.
    public init(
        threshold: Double, truePositives: Int = 0, falsePositives: Int = 0, trueNegatives: Int = 0,
        falseNegatives: Int = 0
    ) {
        self.threshold = threshold
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.trueNegatives = trueNegatives
        self.falseNegatives = falseNegatives
    }

    var total: Int { truePositives + falsePositives + trueNegatives + falseNegatives }
    public var accuracy: Double { total == 0 ? 0 : Double(truePositives + trueNegatives) / Double(total) }
    public var precision: Double {
        truePositives + falsePositives == 0 ? 0 : Double(truePositives) / Double(truePositives + falsePositives)
    }
    public var recall: Double {
        truePositives + falseNegatives == 0 ? 0 : Double(truePositives) / Double(truePositives + falseNegatives)
    }
    public var f1: Double {
        let d = 2 * truePositives + falsePositives + falseNegatives
        return d == 0 ? 0 : 2 * Double(truePositives) / Double(d)
    }
}
