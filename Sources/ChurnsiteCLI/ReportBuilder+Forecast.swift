import Charts
import CivilDate
import Forecasting
import Foundation
import TextFormat

extension ReportBuilder {
    func forecastContext() -> [String: Any] {
        guard case .success(let f) = forecast else {
            if case .failure(let why) = forecast { return ["forecastMissing": why.reason] }
            return ["forecastMissing": "the forecast was not run"]
        }
        let future = Array(f.future)
        func window(_ days: Int) -> [String: Any] {
            let part = future.prefix(days)
            return [
                "days": String(days), "from": part.first!.date.iso, "to": part.last!.date.iso,
                "yhat": Format.number(part.reduce(0) { $0 + $1.yhat }, decimals: 0),
                // Day bands do not add up to a period band; the sum of daily bands is shown as a range
                // of plausible daily levels instead.
                "perDay": Format.number(part.reduce(0) { $0 + $1.yhat } / Double(part.count), decimals: 0),
                "low": Format.number(part.reduce(0) { $0 + $1.lower80 } / Double(part.count), decimals: 0),
                "high": Format.number(part.reduce(0) { $0 + $1.upper80 } / Double(part.count), decimals: 0),
            ]
        }
        let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        var weekly = [Double](repeating: 0, count: 7)
        for p in f.points.prefix(7) { weekly[p.date.weekday] = p.weekly }
        let backtest: [[String: Any]] =
            f.backtest.map { bt in
                bt.rows.map { r in
                    [
                        "method": r.method, "mae": Format.number(r.errors.mae, decimals: 0),
                        "rmse": Format.number(r.errors.rmse, decimals: 0),
                        "mape": Format.percent(r.errors.mape), "smape": Format.percent(r.errors.smape),
                        "coverage": r.errors.coverage80.map { Format.percent($0) } ?? "–",
                    ]
                }
            } ?? []
        let holidays = holidayEffects(f).map {
            ["name": $0.0, "effect": Format.number($0.1, decimals: 0)] as [String: Any]
        }
        return [
            "forecast": [
                "span": f.span.explanation, "horizon": String(ForecastStudy.horizon),
                "windows": [window(30), window(90), window(180)],
                "weekly": (0..<7).map { ["day": weekdays[$0], "effect": Format.number(weekly[$0], decimals: 0)] },
                "yearly": f.usesYearly, "holidays": holidays, "hasHolidays": !holidays.isEmpty,
                "backtest": backtest, "hasBacktest": !backtest.isEmpty,
                "folds": f.backtest.map {
                    "\($0.cutoffs.count) origins (\($0.cutoffs.map(\.iso).joined(separator: ", "))), each predicting the next \($0.horizon) days"
                } ?? "",
                "backtestNote": f.backtestNote ?? "",
                "noise": Format.number(f.noise, decimals: 0),
                "changepoints": f.changepoints.isEmpty
                    ? "none"
                    : f.changepoints.map { "\($0.date.iso) (\(Format.number($0.change, decimals: 1)) BRL/day²)" }
                        .joined(separator: ", "),
            ] as [String: Any]
        ]
    }

    /// The fitted effect of each holiday on its main day, largest first.
    func holidayEffects(_ f: ForecastStudy) -> [(String, Double)] {
        let calendar = HolidayCalendar.brazil(
            years: f.points.first!.date.components.year...f.points.last!.date.components.year)
        var out: [(String, Double)] = []
        for h in calendar {
            if let p = f.points.first(where: { p in h.dates.contains(p.date) }), p.holidays != 0 {
                out.append((h.name, p.holidays))
            }
        }
        return out.sorted { abs($0.1) != abs($1.1) ? abs($0.1) > abs($1.1) : $0.0 < $1.0 }
    }

    func forecastCharts() -> [String: String] {
        guard case .success(let f) = forecast else { return [:] }
        let history = f.points.prefix(f.actual.count)
        let future = Array(f.future)
        let x = { (d: CivilDate) in Double(d.dayNumber) }
        var monthStarts: [Double] = []
        var m = f.points.first!.date.startOfMonth.adding(months: 1)
        while m <= f.points.last!.date {
            monthStarts.append(x(m))
            m = m.adding(months: 3)
        }
        let bridge = [history.last!].map { (x: x($0.date), y: $0.yhat) }
        var chart = LineChart(
            id: "forecast", title: "Daily revenue: history and \(ForecastStudy.horizon)-day forecast",
            description:
                "Actual daily revenue from \(f.span.series.start.iso) to \(f.span.series.end.iso), the model's fit, and the forecast to \(future.last!.date.iso) with 80% and 95% bands; the forecast averages BRL \(Format.number(future.reduce(0) { $0 + $1.yhat } / Double(future.count), decimals: 0)) a day.",
            series: [
                .init(
                    name: "Actual", color: "currentColor",
                    points: zip(history, f.actual).map { (x: x($0.0.date), y: $0.1) }, width: 1),
                .init(
                    name: "Forecast", color: Palette.primary,
                    points: bridge + future.map { (x: x($0.date), y: $0.yhat) }, width: 2),
            ], xLabel: "Date", yLabel: "BRL per day")
        chart.bands = [
            .init(
                name: "95% band", color: Palette.primary, opacity: 0.15,
                points: future.map { (x: x($0.date), lower: $0.lower95, upper: $0.upper95) }),
            .init(
                name: "80% band", color: Palette.primary, opacity: 0.3,
                points: future.map { (x: x($0.date), lower: $0.lower80, upper: $0.upper80) }),
        ]
        chart.markers = [(x: x(future.first!.date), label: "forecast")]
        chart.xTicks = monthStarts
        chart.xFormat = { CivilDate(dayNumber: Int($0)).isoMonth }
        chart.height = 340
        let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        var weekly = [Double](repeating: 0, count: 7)
        for p in f.points.prefix(7) { weekly[p.date.weekday] = p.weekly }
        let weeklyChart = BarChart(
            id: "forecast-weekly", title: "Weekly pattern (effect on daily revenue)",
            description: "How much each weekday adds to or takes from a typical day's revenue, in BRL.",
            bars: (0..<7).map {
                BarChart.Bar(
                    label: weekdays[$0], value: weekly[$0],
                    tooltip: "\(weekdays[$0]): \(Format.number(weekly[$0], decimals: 0)) BRL")
            },
            unit: "BRL")
        var charts = ["charts/forecast.svg": chart.svg(), "charts/forecast-weekly.svg": weeklyChart.svg()]
        if f.usesYearly {
            let year = f.points.prefix(366)
            let yearly = LineChart(
                id: "forecast-yearly", title: "Yearly pattern (effect on daily revenue)",
                description: "The fitted yearly seasonality over one year, in BRL per day.",
                series: [
                    .init(
                        name: "Yearly effect", color: Palette.accent, points: year.map { (x: x($0.date), y: $0.yearly) }
                    )
                ],
                xLabel: "Date", yLabel: "BRL per day")
            charts["charts/forecast-yearly.svg"] = yearly.svg()
        }
        return charts
    }

    func forecastTable() -> String {
        guard case .success(let f) = forecast else {
            return "ds,yhat,yhat_lower,yhat_upper,yhat_lower_95,yhat_upper_95\n"
        }
        var out = "ds,yhat,yhat_lower,yhat_upper,yhat_lower_95,yhat_upper_95\n"
        for p in f.points {
            out +=
                "\(p.date.iso),\(Fixed.string(p.yhat, decimals: 2)),\(Fixed.string(p.lower80, decimals: 2)),\(Fixed.string(p.upper80, decimals: 2)),\(Fixed.string(p.lower95, decimals: 2)),\(Fixed.string(p.upper95, decimals: 2))\n"
        }
        return out
    }
}
