import ChurnModel
import Foundation

// churnsite-bench: speed measurements that are not tests. Run with `swift run -c release churnsite-bench`.

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

let args = CommandLine.arguments.dropFirst()
let what = args.first ?? "all"
let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared").path
let sharedDir = ProcessInfo.processInfo.environment["CHURNSITE_SHARED"] ?? shared

func benchForest() {
    print(
        "| labeling | rows | threads | fit median of 3 (s) | ROC AUC | accuracy@0.5 | scikit-learn fit (s) | sklearn AUC |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    let results =
        (try? JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: "\(sharedDir)/fixtures/rf/sklearn_results.json"))))
        as? [String: Any]
    for label in ["recency", "temporal"] {
        guard let train = FeatureTable.numericCSV(path: "\(sharedDir)/fixtures/rf/\(label)_train.csv"),
            let test = FeatureTable.numericCSV(path: "\(sharedDir)/fixtures/rf/\(label)_test.csv")
        else {
            print("fixtures not found under \(sharedDir)/fixtures/rf")
            return
        }
        let sk = results?[label] as? [String: Any]
        for threads in [1, 2] {
            var times: [Double] = []
            var forest: RandomForest!
            for _ in 0..<3 {
                let t0 = now()
                forest = RandomForest.fit(train, ForestParameters(seed: 42, threads: threads))
                times.append(now() - t0)
            }
            let p = forest.probabilities(test)
            let auc = Metrics.rocAUC(p, test.labels)
            let acc = Metrics.confusion(p, test.labels, threshold: 0.5).accuracy
            print(
                "| \(label) | \(train.count) | \(threads) | \(String(format: "%.3f", median(times))) | \(String(format: "%.4f", auc)) | \(String(format: "%.4f", acc)) | \(sk?["fit_seconds_single_core_median_of_3"] ?? "?") | \(sk?["roc_auc"] ?? "?") |"
            )
        }
    }
}

switch what {
case "rf": benchForest()
case "all": benchForest()
default: print("usage: churnsite-bench [rf|all]")
}
