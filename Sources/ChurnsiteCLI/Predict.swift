import ArgumentParser
import ChurnModel
import Foundation

extension Churnsite {
    /// `churnsite predict`: the churn probability of one made-up customer, from a built model.
    public struct Predict: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Print the churn probability and risk level for given feature values, using a built model.")

        @Option(help: "The model written by `churnsite build`.")
        var model = "Output/data/model.json"

        @Option(help: "Days since the last order.") var recency: Double?
        @Option(help: "Number of orders.") var frequency: Double?
        @Option(help: "Total spent (BRL).") var monetary: Double?
        @Option(name: .customLong("tenure-days"), help: "Days since the first order.") var tenureDays: Double?
        @Option(name: .customLong("avg-review-score"), help: "Average review score (0 = none).") var avgReviewScore:
            Double?
        @Option(
            name: .customLong("avg-delivery-delay-days"), help: "Average delivery delay in days (negative = early).")
        var avgDeliveryDelayDays: Double?
        @Option(name: .customLong("late-share"), help: "Share of orders delivered late (0–1).") var lateShare: Double?
        @Option(name: .customLong("avg-installments"), help: "Average number of installments.") var avgInstallments:
            Double?
        @Option(name: .customLong("state-share"), help: "Share of customers in the customer's state (0–1).")
        var stateShare: Double?

        @Flag(help: "Print JSON instead of text.") var json = false

        public init() {}

        var given: [String: Double] {
            var g: [String: Double] = [:]
            let pairs: [(String, Double?)] = [
                ("recency", recency), ("frequency", frequency), ("monetary", monetary), ("tenure_days", tenureDays),
                ("avg_review_score", avgReviewScore), ("avg_delivery_delay_days", avgDeliveryDelayDays),
                ("late_share", lateShare), ("avg_installments", avgInstallments), ("state_share", stateShare),
            ]
            for (k, v) in pairs { if let v { g[k] = v } }
            return g
        }

        public func run() throws {
            let loaded: LoadedModel
            do { loaded = try LoadedModel(path: model) } catch {
                throw fail(CLIError(message: "\(error)", status: .badInput))
            }
            let names = loaded.forest.featureNames
            let unknown = given.keys.filter { !names.contains($0) }.sorted()
            if !unknown.isEmpty {
                throw fail(
                    CLIError(
                        message:
                            "the model does not use \(unknown.joined(separator: ", ")); it uses \(names.joined(separator: ", "))"
                    ))
            }
            let row = names.enumerated().map { i, n in given[n] ?? loaded.defaults[i] }
            let p = loaded.forest.probability(row)
            let level = p >= loaded.highFrom ? "High" : (p >= loaded.mediumFrom ? "Medium" : "Low")
            if json {
                let inputs = names.enumerated().map { "\"\($0.element)\":\(ModelExport.number(row[$0.offset]))" }
                    .joined(separator: ",")
                print("{\"probability\":\(ModelExport.number(p)),\"risk_level\":\"\(level)\",\"inputs\":{\(inputs)}}")
            } else {
                print("churn probability: \(String(format: "%.4f", p))")
                print("risk level: \(level)")
                for (i, n) in names.enumerated() where given[n] == nil {
                    print("  (\(n) not given: used the median \(ModelExport.number(loaded.defaults[i])))")
                }
            }
        }
    }
}
