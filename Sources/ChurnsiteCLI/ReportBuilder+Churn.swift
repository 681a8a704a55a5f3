import Analytics
import Charts
import ChurnModel
import Foundation

extension ReportBuilder {
    /// The "Churn model" section's values, or the reason it is missing.
    func churnContext() -> [String: Any] {
        guard case .success(let m) = churn else {
            if case .failure(let why) = churn { return ["modelMissing": why.reason] }
            return ["modelMissing": "the churn model was not run"]
        }
        let e = m.evaluation
        func pct(_ v: Double) -> String { Format.number(v, decimals: 3) }
        let comparisons = m.comparisons.map { c -> [String: Any] in
            let b = c.evaluation.atBestF1
            return [
                "name": c.name, "auc": pct(c.evaluation.rocAUC), "prAUC": pct(c.evaluation.prAUC),
                "accuracy": pct(c.evaluation.atHalf.accuracy), "f1": pct(b.f1), "brier": pct(c.evaluation.brier),
            ]
        }
        let metrics: [[String: Any]] = [
            ["name": "Held-out customers", "value": Format.integer(e.rows)],
            ["name": "Training customers", "value": Format.integer(m.trainRows)],
            ["name": "Base rate (share churned)", "value": Format.percent(e.baseRate, decimals: 2)],
            ["name": "ROC AUC", "value": pct(e.rocAUC)],
            ["name": "PR AUC (average precision)", "value": pct(e.prAUC)],
            ["name": "Brier score", "value": Format.number(e.brier, decimals: 4)],
            ["name": "Log loss", "value": Format.number(e.logLoss, decimals: 4)],
            [
                "name": "Accuracy / precision / recall / F1 at 0.5",
                "value":
                    "\(pct(e.atHalf.accuracy)) / \(pct(e.atHalf.precision)) / \(pct(e.atHalf.recall)) / \(pct(e.atHalf.f1))",
            ],
            ["name": "Threshold with the best F1", "value": Format.number(e.atBestF1.threshold, decimals: 3)],
            [
                "name": "Accuracy / precision / recall / F1 there",
                "value":
                    "\(pct(e.atBestF1.accuracy)) / \(pct(e.atBestF1.precision)) / \(pct(e.atBestF1.recall)) / \(pct(e.atBestF1.f1))",
            ],
        ]
        let importance = m.featureNames.indices.map { i -> [String: Any] in
            [
                "feature": m.featureLabels[i], "impurity": Format.number(m.impurityImportance[i], decimals: 3),
                "permutation": Format.number(m.permutationImportance[i], decimals: 4),
            ]
        }
        let calibration = e.calibration.map { b -> [String: Any] in
            [
                "bin": "\(Format.number(b.lower, decimals: 1))–\(Format.number(b.upper, decimals: 1))",
                "count": Format.integer(b.count),
                "predicted": b.count > 0 ? pct(b.meanPredicted) : "–", "observed": b.count > 0 ? pct(b.observed) : "–",
            ]
        }
        let lift = e.lift.map { d -> [String: Any] in
            [
                "decile": String(d.decile), "count": Format.integer(d.count), "rate": Format.percent(d.rate),
                "lift": Format.number(d.lift, decimals: 2), "gain": Format.percent(d.cumulativeGain),
            ]
        }
        let levels = m.customersByRisk()
        let risk = RiskLevel.allCases.map { l -> [String: Any] in
            [
                "level": l.rawValue, "customers": Format.integer(levels[l]!),
                "share": Format.percent(Double(levels[l]!) / Double(max(analysis.customers.count, 1))),
            ]
        }
        return [
            "model": [
                "definition": m.definition, "labeling": m.labeling.rawValue, "metrics": metrics,
                "comparisons": comparisons,
                "cm": [
                    "threshold": Format.number(e.atBestF1.threshold, decimals: 3),
                    "tp": Format.integer(e.atBestF1.truePositives), "fp": Format.integer(e.atBestF1.falsePositives),
                    "tn": Format.integer(e.atBestF1.trueNegatives), "fn": Format.integer(e.atBestF1.falseNegatives),
                ],
                "importance": importance, "calibration": calibration, "lift": lift, "risk": risk,
                "mediumFrom": Format.number(RiskLevel.mediumFrom, decimals: 1),
                "highFrom": Format.number(RiskLevel.highFrom, decimals: 1),
            ] as [String: Any]
        ]
    }

    /// Feature importance, ROC curve and calibration plot.
    func churnCharts() -> [String: String] {
        guard case .success(let m) = churn else { return [:] }
        let order = m.featureNames.indices.sorted { m.impurityImportance[$0] > m.impurityImportance[$1] }
        let importance = HBarChart(
            id: "model-importance", title: "Feature importance (mean decrease in Gini impurity)",
            description: "Share of the forest's impurity decrease credited to each feature; "
                + order.prefix(3).map { "\(m.featureLabels[$0]) \(Format.percent(m.impurityImportance[$0]))" }.joined(
                    separator: ", ") + ".",
            bars: order.map {
                BarChart.Bar(
                    label: m.featureLabels[$0], value: m.impurityImportance[$0],
                    tooltip: "\(m.featureLabels[$0]): \(Format.percent(m.impurityImportance[$0]))")
            },
            valueFormat: { Format.percent($0) })
        var roc = LineChart(
            id: "model-roc", title: "ROC curve on held-out customers",
            description:
                "True-positive rate against false-positive rate; the model's area under the curve is \(Format.number(m.evaluation.rocAUC, decimals: 3)), the diagonal is chance (0.5).",
            series: [
                .init(
                    name: "Random forest (AUC \(Format.number(m.evaluation.rocAUC, decimals: 3)))",
                    color: Palette.primary, points: m.evaluation.roc.map { (x: $0.0, y: $0.1) }),
                .init(
                    name: "Chance", color: "currentColor", points: [(x: 0, y: 0), (x: 1, y: 1)], dashed: true, width: 1),
            ], xLabel: "False-positive rate", yLabel: "True-positive rate")
        roc.xRange = 0...1
        roc.yRange = 0...1
        roc.width = 420
        roc.height = 380
        let filled = m.evaluation.calibration.filter { $0.count > 0 }
        var calibration = LineChart(
            id: "model-calibration", title: "Calibration: predicted against observed churn",
            description:
                "Per bin of predicted probability, the mean prediction and the observed share of churners; points on the diagonal are well calibrated.",
            series: [
                .init(
                    name: "Model", color: Palette.accent, points: filled.map { (x: $0.meanPredicted, y: $0.observed) },
                    dots: true),
                .init(
                    name: "Perfect calibration", color: "currentColor", points: [(x: 0, y: 0), (x: 1, y: 1)],
                    dashed: true, width: 1),
            ], xLabel: "Mean predicted probability", yLabel: "Observed share churned")
        calibration.xRange = 0...1
        calibration.yRange = 0...1
        calibration.width = 420
        calibration.height = 380
        calibration.tooltip = { _, x, y in
            "predicted \(Format.number(x, decimals: 3)), observed \(Format.number(y, decimals: 3))"
        }
        return [
            "charts/model-importance.svg": importance.svg(), "charts/model-roc.svg": roc.svg(),
            "charts/model-calibration.svg": calibration.svg(),
        ]
    }
}
