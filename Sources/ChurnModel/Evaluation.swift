/// How well scores predict labels on held-out rows: everything the report's model section shows.
public struct Evaluation: Sendable, Equatable {
    public var rows: Int
    public var baseRate: Double
    public var rocAUC: Double
    public var prAUC: Double
    public var brier: Double
    public var logLoss: Double
    public var atHalf: Confusion
    public var atBestF1: Confusion
    /// Ten equal-width bins of predicted probability.
    public var calibration: [CalibrationBin]
    /// Ten deciles of rows, highest scores first.
    public var lift: [LiftDecile]
    /// ROC curve points (false-positive rate, true-positive rate), thinned to at most ~200.
    public var roc: [(Double, Double)]

    public static func == (a: Evaluation, b: Evaluation) -> Bool {
        a.rows == b.rows && a.rocAUC == b.rocAUC && a.prAUC == b.prAUC && a.brier == b.brier && a.atHalf == b.atHalf
            && a.calibration == b.calibration && a.lift == b.lift
    }

    /// Evaluates scores against labels.
    public init(scores: [Double], labels: [UInt8]) {
        let rows = labels.count
        self.rows = rows
        let positives = labels.reduce(0) { $0 + Int($1) }
        baseRate = rows == 0 ? 0 : Double(positives) / Double(rows)
        rocAUC = Metrics.rocAUC(scores, labels)
        prAUC = Metrics.averagePrecision(scores, labels)
        brier = Metrics.brier(scores, labels)
        logLoss = Metrics.logLoss(scores, labels)
        atHalf = Metrics.confusion(scores, labels, threshold: 0.5)
        atBestF1 = Metrics.bestF1(scores, labels)
        calibration = (0..<10).map { b in
            let lo = Double(b) / 10
            let hi = Double(b + 1) / 10
            let members = scores.indices.filter { scores[$0] >= lo && (scores[$0] < hi || (b == 9 && scores[$0] <= 1)) }
            return CalibrationBin(
                lower: lo, upper: hi, count: members.count,
                meanPredicted: members.isEmpty ? 0 : members.reduce(0) { $0 + scores[$1] } / Double(members.count),
                observed: members.isEmpty
                    ? 0 : Double(members.reduce(0) { $0 + Int(labels[$1]) }) / Double(members.count))
        }
        let order = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        var cumulative = 0
        lift = (0..<10).map { d in
            let slice = order[(d * rows / 10)..<((d + 1) * rows / 10)]
            let hits = slice.reduce(0) { $0 + Int(labels[$1]) }
            cumulative += hits
            let rate = slice.isEmpty ? 0 : Double(hits) / Double(slice.count)
            return LiftDecile(
                decile: d + 1, count: slice.count, positives: hits, rate: rate,
                lift: positives == 0 || rows == 0 ? 0 : rate / (Double(positives) / Double(rows)),
                cumulativeGain: positives == 0 ? 0 : Double(cumulative) / Double(positives))
        }
        // ROC points at each distinct score, thinned evenly.
        var points: [(Double, Double)] = [(0, 0)]
        let negatives = rows - positives
        var tp = 0
        var fp = 0
        Metrics.forEachTieGroup(order, scores) { i, j in
            for k in i...j { if labels[order[k]] == 1 { tp += 1 } else { fp += 1 } }
            points.append(
                (
                    negatives == 0 ? 0 : Double(fp) / Double(negatives),
                    positives == 0 ? 0 : Double(tp) / Double(positives)
                ))
        }
        let step = max(1, points.count / 200)
        roc = points.enumerated().filter { $0.offset % step == 0 || $0.offset == points.count - 1 }.map(\.element)
    }
}

/// One bin of a calibration table.
public struct CalibrationBin: Sendable, Equatable {
    public var lower: Double, upper: Double
    public var count: Int
    public var meanPredicted: Double
    public var observed: Double
}

/// One decile of a lift / gains table.
public struct LiftDecile: Sendable, Equatable {
    public var decile: Int
    public var count: Int
    public var positives: Int
    public var rate: Double
    public var lift: Double
    public var cumulativeGain: Double
}
