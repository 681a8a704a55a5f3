import Analytics

/// Figures that both the report's text and summary.json need, computed once per build: each walks
/// every order or customer.
struct ReportFigures {
    /// The KPIs of the last 30 days before the as-of date, and of the 30 days before those.
    var last30: WindowKPIs
    var previous30: WindowKPIs
    /// Mean churn probability per segment (empty without a model; segments without customers absent).
    var predictedChurn: [Segment: Double]
}

extension ReportBuilder {
    func figures() -> ReportFigures {
        let a = analysis
        return ReportFigures(
            last30: WindowKPIs(a, from: a.asOf.adding(days: -30), to: a.asOf),
            previous30: WindowKPIs(
                a, from: a.asOf.adding(days: -60), to: a.asOf.adding(days: -30)),
            predictedChurn: meanChurnProbability { $0.segment })
    }

    /// Mean churn probability of the customers in each group (empty without a model).
    func meanChurnProbability<Key: Hashable>(by key: (CustomerRecord) -> Key) -> [Key: Double] {
        guard case .success(let m) = churn else { return [:] }
        var sum = [Key: Double]()
        var count = [Key: Int]()
        for (i, c) in analysis.customers.enumerated() {
            sum[key(c), default: 0] += m.probabilities[i]
            count[key(c), default: 0] += 1
        }
        return sum.reduce(into: [:]) { $0[$1.key] = $1.value / Double(count[$1.key]!) }
    }
}
