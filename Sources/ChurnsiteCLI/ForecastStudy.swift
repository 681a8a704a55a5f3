import Analytics
import CivilDate
import Forecasting

/// The revenue forecast of a build: the reliable span, 180 days ahead with bands, and a backtest.
public struct ForecastStudy: Sendable {
    /// Days forecast beyond the reliable span.
    public static let horizon = 180

    public var span: ReliableSpan
    /// History and future, one point per day.
    public var points: [ForecastPoint]
    /// The actual revenue of each history day (aligned with the first points).
    public var actual: [Double]
    public var backtest: Backtest?
    /// Why there is no backtest, when there is none.
    public var backtestNote: String?
    public var usesYearly: Bool
    public var noise: Double
    public var changepoints: [(date: CivilDate, change: Double)]

    /// Forecasts the daily revenue of `analysis`, or explains why it cannot.
    public static func run(_ analysis: Analysis) -> Result<ForecastStudy, ModelUnavailable> {
        guard
            let all = DailySeries(dates: analysis.dailyRevenue.map(\.date), values: analysis.dailyRevenue.map(\.value))
        else {
            return .failure(ModelUnavailable(reason: "there is no daily revenue to forecast"))
        }
        let span = ReliableSpan.detect(all)
        guard span.series.count >= 56 else {
            return .failure(
                ModelUnavailable(
                    reason:
                        "the reliable span has \(span.series.count) days; a forecast needs at least 8 weeks of daily revenue"
                ))
        }
        let options = ForecastOptions()
        let model = Forecaster(series: span.series, options: options)
        let points = model.forecast(horizon: horizon)
        // Prophet's cross-validation folds when the history allows; shorter ones scale down.
        let n = span.series.count
        let fold = n >= 365 + 90 ? (initial: 365, horizon: 90) : (initial: n / 2, horizon: min(90, n / 4))
        let backtest =
            fold.horizon >= 14
            ? Backtest(series: span.series, initial: fold.initial, period: 30, horizon: fold.horizon, options: options)
            : nil
        return .success(
            ForecastStudy(
                span: span, points: points, actual: span.series.values,
                backtest: backtest?.cutoffs.isEmpty == false ? backtest : nil,
                backtestNote: backtest?.cutoffs.isEmpty == false ? nil : "the span is too short for a rolling backtest",
                usesYearly: n > options.yearlyMinimumDays, noise: model.noise, changepoints: model.activeChangepoints))
    }

    /// The future days only.
    public var future: ArraySlice<ForecastPoint> { points.suffix(Self.horizon) }
}
