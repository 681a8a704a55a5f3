import CivilDate
import Forecasting
import Foundation
import Seeded
import Testing

@Suite struct ForecastingTests {
    static let start = CivilDate(iso: "2017-01-02")!  // a Monday

    /// A series with a known level, slope, weekly pattern, an optional slope change and noise.
    static func synthetic(
        days: Int, slope: Double = 10, change: (day: Int, slope: Double)? = nil,
        weekly: [Double] = [30, 40, 20, 0, -10, -40, -40], noise: Double = 5, seed: UInt64 = 1
    ) -> DailySeries {
        var rng = Xoshiro(seed: seed)
        let values = (0..<days).map { i -> Double in
            var trend = 1000 + slope * Double(i)
            if let c = change, i > c.day { trend += (c.slope - slope) * Double(i - c.day) }
            let day = start.adding(days: i)
            return trend + weekly[day.weekday] + noise * rng.normal()
        }
        return DailySeries(start: start, values: values)
    }

    @Test func recoversTrendAndWeeklySeasonality() {
        let s = Self.synthetic(days: 300)
        var o = ForecastOptions()
        o.holidays = false
        let points = Forecaster(series: s, options: o).forecast(horizon: 28)
        // Weekly component: Monday minus Saturday ≈ 30 − (−40) = 70.
        let monday = points[0].weekly
        let saturday = points[5].weekly
        #expect(abs((monday - saturday) - 70) < 6)
        // Trend slope ≈ 10 a day.
        let slope = (points[299].trend - points[0].trend) / 299
        #expect(abs(slope - 10) < 0.3)
        // The 28 future days continue the line.
        let future = points.suffix(28)
        for p in future {
            let i = Self.start.days(to: p.date)
            let truth = 1000 + 10 * Double(i) + [30, 40, 20, 0, -10, -40, -40][p.date.weekday]
            #expect(abs(p.yhat - truth) < 25, "\(p.date)")
            #expect(p.lower95 <= p.lower80 && p.lower80 <= p.yhat && p.yhat <= p.upper80 && p.upper80 <= p.upper95)
        }
    }

    @Test func findsAChangepointAndExtrapolatesTheNewSlope() {
        let s = Self.synthetic(days: 400, slope: 10, change: (200, -5), noise: 8)
        var o = ForecastOptions()
        o.holidays = false
        o.changepointPriorScale = 0.05
        let f = Forecaster(series: s, options: o)
        #expect(!f.activeChangepoints.isEmpty)
        let points = f.forecast(horizon: 30)
        let futureSlope = (points[429].trend - points[400].trend) / 29
        #expect(abs(futureSlope - (-5)) < 1.5, "slope \(futureSlope)")
    }

    @Test func constantZeroShortAndSingleDaySeries() {
        let constant = DailySeries(start: Self.start, values: Array(repeating: 500, count: 120))
        let c = Forecaster(series: constant).forecast(horizon: 10)
        #expect(c.suffix(10).allSatisfy { abs($0.yhat - 500) < 1 })
        let zeros = DailySeries(start: Self.start, values: Array(repeating: 0, count: 60))
        let z = Forecaster(series: zeros).forecast(horizon: 10)
        #expect(z.allSatisfy { $0.yhat == 0 && $0.lower95 == 0 && $0.upper95 >= 0 })
        let single = DailySeries(start: Self.start, values: [42])
        let one = Forecaster(series: single).forecast(horizon: 5)
        #expect(one.count == 6)
        #expect(one.allSatisfy { $0.yhat.isFinite && $0.lower95 >= 0 })
        let short = Self.synthetic(days: 40)
        let sh = Forecaster(series: short).forecast(horizon: 14)
        #expect(sh.allSatisfy { $0.yhat.isFinite && $0.upper95 >= $0.lower95 })
    }

    @Test func revenueBandsNeverGoNegative() {
        var rng = Xoshiro(seed: 3)
        let s = DailySeries(start: Self.start, values: (0..<200).map { _ in max(0, 20 + 40 * rng.normal()) })
        #expect(
            Forecaster(series: s).forecast(horizon: 60).allSatisfy {
                $0.lower95 >= 0 && $0.lower80 >= 0 && $0.yhat >= 0
            })
    }

    @Test func gapsAreFilledWithZero() {
        let d = [CivilDate(iso: "2018-01-01")!, CivilDate(iso: "2018-01-04")!, CivilDate(iso: "2018-01-04")!]
        let s = DailySeries(dates: d, values: [1, 2, 3])!
        #expect(s.values == [1, 0, 0, 5])
    }

    @Test func reliableSpanTrimsASparseStartAndACollapsingTail() {
        var v = [Double](repeating: 0, count: 60)
        v[3] = 500
        v[17] = 900  // a sparse start
        v += (0..<300).map { 1000 + Double($0 % 7) * 50 }
        v += [400, 300, 120, 40, 0, 0, 10]  // the partial export's tail
        let span = ReliableSpan.detect(DailySeries(start: Self.start, values: v))
        #expect(span.trimmedLeading == 60)
        #expect(span.trimmedTrailing == 7)
        #expect(span.series.count == 300)
        #expect(span.explanation.contains("sparse"))
        let clean = ReliableSpan.detect(Self.synthetic(days: 200))
        #expect(clean.trimmedLeading == 0 && clean.trimmedTrailing == 0)
    }

    @Test func holidayCalendar() {
        #expect(HolidayCalendar.blackFriday(2017).iso == "2017-11-24")
        #expect(HolidayCalendar.blackFriday(2018).iso == "2018-11-23")
        #expect(HolidayCalendar.easter(2018).iso == "2018-04-01")
        #expect(HolidayCalendar.easter(2017).iso == "2017-04-16")
    }

    @Test func sameSeedSameBands() {
        let s = Self.synthetic(days: 300)
        #expect(Forecaster(series: s).forecast(horizon: 90) == Forecaster(series: s).forecast(horizon: 90))
    }

    static func readSeries(_ url: URL) throws -> DailySeries {
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
        let rows = lines.map { $0.split(separator: ",") }
        return DailySeries(dates: rows.map { CivilDate(iso: $0[0])! }, values: rows.map { Double($0[1])! })!
    }

    /// Prophet's rolling-origin cross-validation on the real span, with the same folds.
    @Test func beatsTheBaselinesAndMatchesProphetOnTheRealSeries() throws {
        guard Paths.sharedAvailable("the Prophet parity test") else { return }
        let dir = Paths.fixtures.appendingPathComponent("forecast")
        let span = try Self.readSeries(dir.appendingPathComponent("daily_revenue_span.csv"))
        let results =
            try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("prophet_results.json")))
            as! [String: Any]
        let cv = results["cv"] as! [String: Any]
        let prophet = cv["metrics_all_horizons"] as! [String: Any]
        let bt = Backtest(series: span)
        #expect(bt.cutoffs.map(\.iso) == cv["cutoffs"] as! [String])
        let model = bt.rows[0].errors
        #expect(model.points == 450)
        #expect(model.mape <= 1.05 * (prophet["mape"] as! Double), "MAPE \(model.mape)")
        let coverage = try #require(model.coverage80)
        #expect(coverage >= 0.70 && coverage <= 0.90, "coverage \(coverage)")
        #expect(model.mae < bt.rows[1].errors.mae && model.mae < bt.rows[2].errors.mae)
    }

    @Test func realRawSeriesSpanIsDetected() throws {
        guard Paths.sharedAvailable("the span detection test") else { return }
        let raw = try Self.readSeries(Paths.fixtures.appendingPathComponent("forecast/daily_revenue_raw.csv"))
        let span = ReliableSpan.detect(raw)
        // The sparse 2016 start and the collapse after mid-August 2018 are left out.
        #expect(span.series.start.iso.hasPrefix("2017-01"))
        #expect(span.series.end >= CivilDate(iso: "2018-08-10")! && span.series.end <= CivilDate(iso: "2018-08-25")!)
    }
}
