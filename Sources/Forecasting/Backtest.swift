import CivilDate
import Foundation

/// Forecast errors over a set of (actual, predicted) pairs.
public struct ForecastErrors: Sendable, Equatable {
    public var points: Int
    public var mae: Double
    public var rmse: Double
    /// Mean absolute percentage error (days with actual 0 are left out of it).
    public var mape: Double
    /// Symmetric MAPE: mean of 2|y − ŷ| / (|y| + |ŷ|).
    public var smape: Double
    /// Share of actuals inside the 80% band (`nil` for methods without bands).
    public var coverage80: Double?

    /// Errors of predictions against actuals; `bands` are the 80% bands when the method has them.
    public init(actual: [Double], predicted: [Double], bands: [(Double, Double)]? = nil) {
        let n = actual.count
        points = n
        var absSum = 0.0
        var sqSum = 0.0
        var apeSum = 0.0
        var apeN = 0
        var sSum = 0.0
        for (y, p) in zip(actual, predicted) {
            let e = abs(y - p)
            absSum += e
            sqSum += e * e
            if y != 0 {
                apeSum += e / abs(y)
                apeN += 1
            }
            if abs(y) + abs(p) > 0 { sSum += 2 * e / (abs(y) + abs(p)) }
        }
        mae = n > 0 ? absSum / Double(n) : 0
        rmse = n > 0 ? sqrt(sqSum / Double(n)) : 0
        mape = apeN > 0 ? apeSum / Double(apeN) : 0
        smape = n > 0 ? sSum / Double(n) : 0
        coverage80 = bands.map { b in
            n == 0 ? 0 : Double(zip(actual, b).filter { $0.0 >= $0.1.0 && $0.0 <= $0.1.1 }.count) / Double(n)
        }
    }
}

/// Rolling-origin evaluation, as Prophet's `cross_validation`: cutoffs every `period` days going
/// back from `end − horizon`, each with at least `initial` days of history; each fold trains on the
/// days up to its cutoff and predicts the `horizon` days after it.
public struct Backtest: Sendable {
    /// One forecasting method's errors over all folds.
    public struct Row: Sendable, Equatable {
        public var method: String
        public var errors: ForecastErrors
    }

    public var cutoffs: [CivilDate]
    public var horizon: Int
    public var rows: [Row]

    /// The cutoffs for a series.
    public static func cutoffs(for s: DailySeries, initial: Int, period: Int, horizon: Int) -> [CivilDate] {
        var out: [CivilDate] = []
        var c = s.end.adding(days: -horizon)
        while s.start.days(to: c) >= initial {
            out.append(c)
            c = c.adding(days: -period)
        }
        return out.reversed()
    }

    /// Runs the model and the two baselines over every fold.
    public init(
        series s: DailySeries, initial: Int = 365, period: Int = 30, horizon: Int = 90,
        options: ForecastOptions = ForecastOptions()
    ) {
        self.horizon = horizon
        cutoffs = Self.cutoffs(for: s, initial: initial, period: period, horizon: horizon)
        var actual: [Double] = []
        var model: [Double] = []
        var bands: [(Double, Double)] = []
        var naive: [Double] = []
        var mean28: [Double] = []
        for c in cutoffs {
            let train = s.slice(from: s.start, through: c)
            let test = s.slice(from: c.adding(days: 1), through: c.adding(days: horizon))
            let f = Forecaster(series: train, options: options).forecast(horizon: test.count).suffix(test.count)
            actual += test.values
            model += f.map(\.yhat)
            bands += f.map { ($0.lower80, $0.upper80) }
            let lastWeek = Array(train.values.suffix(7))
            naive += (0..<test.count).map { lastWeek[$0 % lastWeek.count] }
            let last28 = train.values.suffix(28)
            let m = last28.reduce(0, +) / Double(max(last28.count, 1))
            mean28 += Array(repeating: m, count: test.count)
        }
        rows = [
            Row(method: "Model", errors: ForecastErrors(actual: actual, predicted: model, bands: bands)),
            Row(
                method: "Seasonal naive (last week repeated)", errors: ForecastErrors(actual: actual, predicted: naive)),
            Row(method: "Mean of the last 28 days", errors: ForecastErrors(actual: actual, predicted: mean28)),
        ]
    }
}
