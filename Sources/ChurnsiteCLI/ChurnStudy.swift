import Analytics
import ChurnModel
import CivilDate
import Foundation
import OlistData
import Parallel

/// What the churn model is asked to predict.
public enum Labeling: String, Sendable, CaseIterable {
    /// Features at a cutoff 180 days before the as-of date; label = no order in the 180 days after.
    case temporal
    /// The original design: features R, F, M at the as-of date; label = recency > 180 (a function of
    /// a feature, kept for comparison).
    case recency
}

/// A customer's churn risk band.
public enum RiskLevel: String, Sendable, CaseIterable {
    case low = "Low"
    case medium = "Medium"
    case high = "High"

    /// Low below 0.5, Medium from 0.5, High from 0.8.
    public init(probability p: Double) {
        self = p >= RiskLevel.highFrom ? .high : (p >= RiskLevel.mediumFrom ? .medium : .low)
    }

    public static let mediumFrom = 0.5
    public static let highFrom = 0.8
}

/// One row of the "what the model adds" comparison.
public struct ModelComparison: Sendable {
    public var name: String
    public var evaluation: Evaluation
}

/// The fitted churn model, its honest evaluation and a probability for every customer.
public struct ChurnStudy: Sendable {
    public var labeling: Labeling
    /// The label in one sentence, for the report.
    public var definition: String
    /// The cutoff (temporal labeling only).
    public var cutoff: CivilDate?
    public var featureNames: [String]
    public var featureLabels: [String]
    public var trainRows: Int
    public var evaluation: Evaluation
    public var comparisons: [ModelComparison]
    public var impurityImportance: [Double]
    public var permutationImportance: [Double]
    /// P(churn) per customer, aligned with `Analysis.customers`.
    public var probabilities: [Double]
    /// Median of each feature over the scored customers (the what-if form's starting values).
    public var defaults: [Double]
    /// The 0th, 1st, …, 100th percentile of each feature over the scored customers, so a later run
    /// can measure drift (population stability) from two summaries alone.
    public var percentiles: [[Double]]
    public var forest: RandomForest

    /// Risk level of customer `i`.
    public func risk(_ i: Int) -> RiskLevel { RiskLevel(probability: probabilities[i]) }

    /// How many customers are at each risk level (every level present, 0 when none), counted in
    /// one pass over the probabilities.
    public func customersByRisk() -> [RiskLevel: Int] {
        let levels = RiskLevel.allCases
        var counts = [Int](repeating: 0, count: levels.count)
        for p in probabilities { counts[levels.firstIndex(of: RiskLevel(probability: p))!] += 1 }
        return Dictionary(uniqueKeysWithValues: zip(levels, counts))
    }

    /// Fits and evaluates the model for `analysis`; `nil` with a reason when there is too little data.
    public static func run(
        _ analysis: Analysis, labeling: Labeling, seed: UInt64, threads: Int
    ) -> Result<ChurnStudy, ModelUnavailable> {
        let asOf = Timestamp(date: analysis.asOf)
        let params = ForestParameters(seed: seed, threads: threads)
        switch labeling {
        case .temporal:
            let cutoffDate = analysis.asOf.adding(days: -Analyzer.churnDays)
            let (table, shares) = temporalTable(analysis)
            if let reason = tooLittle(table) { return .failure(reason) }
            let rfmOnly = [0, 1, 2]
            return .success(
                fit(
                    table: table,
                    scoring: { ChurnFeatures.compute(orders: analysis.orders, before: asOf, stateShares: shares) },
                    analysis: analysis, labeling: .temporal, cutoff: cutoffDate,
                    params: params, seed: seed, baselineColumns: rfmOnly,
                    definition:
                        "A customer counts as churned when they place no order in the \(Analyzer.churnDays) days after a cutoff (\(cutoffDate.iso)); the model sees only what was known at the cutoff, and scores every customer today for the next \(Analyzer.churnDays) days."
                ))
        case .recency:
            let now = ChurnFeatures.compute(orders: analysis.orders, before: asOf)
            let rfm = Array(now.columns.prefix(3))
            let labels = rfm[0].map { $0 > Double(Analyzer.churnDays) ? UInt8(1) : 0 }
            let table = FeatureTable(names: Array(ChurnFeatures.names.prefix(3)), columns: rfm, labels: labels)
            if let reason = tooLittle(table) { return .failure(reason) }
            var scoring = now
            scoring.columns = rfm
            return .success(
                fit(
                    table: table, scoring: { scoring }, analysis: analysis, labeling: .recency, cutoff: nil,
                    params: params,
                    seed: seed, baselineColumns: nil,
                    definition:
                        "The original design's label: churned = recency > \(Analyzer.churnDays) days, predicted from recency, frequency and monetary. The label is a function of a feature, so its near-perfect scores say nothing about the future."
                ))
        }
    }

    /// The temporal labeling's table: every customer's features at the cutoff, labelled 1 when
    /// they order nothing in the 180 days after it; and the state shares of those customers, which
    /// the scoring features reuse.
    public static func temporalTable(_ analysis: Analysis) -> (table: FeatureTable, stateShares: [String: Double]) {
        let cutoff = Timestamp(date: analysis.asOf.adding(days: -Analyzer.churnDays))
        let past = ChurnFeatures.compute(orders: analysis.orders, before: cutoff)
        let returned = ChurnFeatures.buyers(orders: analysis.orders, from: cutoff, to: Timestamp(date: analysis.asOf))
        let labels = past.customers.map { returned.contains($0) ? UInt8(0) : 1 }
        let shares = past.stateShares
        // The table takes the columns; the rest of `past` goes now.
        return (FeatureTable(names: ChurnFeatures.names, columns: (consume past).columns, labels: labels), shares)
    }

    static func tooLittle(_ t: FeatureTable) -> ModelUnavailable? {
        let positives = t.labels.reduce(0) { $0 + Int($1) }
        if t.count < 50 {
            return ModelUnavailable(
                reason: "only \(t.count) customers had orders before the cutoff; the model needs at least 50")
        }
        if positives < 5 || t.count - positives < 5 {
            return ModelUnavailable(
                reason:
                    "the label has \(positives) churned and \(t.count - positives) retained customers; each class needs at least 5"
            )
        }
        return nil
    }

    /// Fits, evaluates and scores. The features to score are made only once the training table
    /// is let go, so the two populations' features are never in memory together.
    static func fit(
        table: consuming FeatureTable, scoring makeScoring: () -> ChurnFeatures, analysis: Analysis, labeling: Labeling,
        cutoff: CivilDate?,
        params: ForestParameters, seed: UInt64, baselineColumns: [Int]?, definition: String
    ) -> ChurnStudy {
        let (trainIdx, testIdx) = table.stratifiedSplit(testFraction: 0.2, seed: seed)
        let test = table.subset(testIdx)
        let forest = RandomForest.fit(table, rows: trainIdx, params)
        let scores = forest.probabilities(test)
        var comparisons = [
            ModelComparison(
                name: "Random forest, all \(table.names.count) features",
                evaluation: Evaluation(scores: scores, labels: test.labels))
        ]
        if let cols = baselineColumns {
            let narrow = { (t: FeatureTable) in
                FeatureTable(names: cols.map { t.names[$0] }, columns: cols.map { t.columns[$0] }, labels: t.labels)
            }
            let rfm = RandomForest.fit(narrow(table), rows: trainIdx, params)
            comparisons.append(
                ModelComparison(
                    name: "Random forest, recency/frequency/monetary only",
                    evaluation: Evaluation(scores: rfm.probabilities(narrow(test)), labels: test.labels)))
        }
        // Recency alone, as a score: the longer since the last order, the likelier the churn.
        let maxRecency = max(test.columns[0].max() ?? 1, 1)
        comparisons.append(
            ModelComparison(
                name: "Rule: recency only",
                evaluation: Evaluation(scores: test.columns[0].map { $0 / maxRecency }, labels: test.labels)))
        comparisons.append(
            ModelComparison(
                name: "Rule: everyone churns",
                evaluation: Evaluation(scores: Array(repeating: 1, count: test.count), labels: test.labels)))

        let names = table.names
        table = FeatureTable(names: [], columns: [], labels: [])
        // Score every customer of the analysis (the scoring population is the same set, sorted by id).
        let scoring = makeScoring()
        let scoringTable = FeatureTable(
            names: names, columns: scoring.columns, labels: Array(repeating: 0, count: scoring.customers.count))
        let p = forest.probabilities(scoringTable)
        // Both lists are sorted by id: walk them together rather than hash millions of ids.
        var probabilities = [Double](repeating: 0, count: analysis.customers.count)
        var k = 0
        for (i, c) in analysis.customers.enumerated() {
            while k < scoring.customers.count && scoring.customers[k] < c.id { k += 1 }
            if k < scoring.customers.count && scoring.customers[k] == c.id { probabilities[i] = p[k] }
        }
        // One sorted copy of a column on each core at a time.
        let columnPercentiles = Slots<[Double]>(count: scoring.columns.count)
        let columns = scoring.columns
        let parts = params.threads > 1 ? 2 : 1
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            for f in stride(from: part, to: columns.count, by: parts) {
                let c = Quantiles.sorted(columns[f])
                columnPercentiles.set(f, (0...100).map { Quantiles.of(sorted: c, Double($0) / 100) })
            }
        }
        let percentiles = columnPercentiles.values
        let defaults = columns.indices.map { percentiles[$0][50] }
        return ChurnStudy(
            labeling: labeling, definition: definition, cutoff: cutoff, featureNames: names,
            featureLabels: Array(ChurnFeatures.labels.prefix(names.count)), trainRows: trainIdx.count,
            evaluation: comparisons[0].evaluation, comparisons: comparisons,
            impurityImportance: forest.impurityImportance,
            permutationImportance: forest.permutationImportance(test, seed: seed),
            probabilities: probabilities, defaults: defaults, percentiles: percentiles, forest: forest)
    }

    /// model.json: the forest, the feature labels and defaults, the label and the risk bands.
    public func modelJSON() -> String {
        let labels = "[" + featureLabels.map { ModelExport.string($0) }.joined(separator: ",") + "]"
        return ModelExport(
            forest: forest, defaults: defaults,
            extra: [
                "labels": labels,
                "labeling": ModelExport.string(labeling.rawValue),
                "definition": ModelExport.string(definition),
                "risk": "{\"medium_from\":\(RiskLevel.mediumFrom),\"high_from\":\(RiskLevel.highFrom)}",
            ]
        ).json()
    }
}

/// Why no model could be fitted; the report says so instead of showing one.
public struct ModelUnavailable: Error, Sendable {
    public var reason: String
}
