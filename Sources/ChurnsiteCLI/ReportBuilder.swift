import Analytics
import Charts
import ChurnModel
import CivilDate
import Foundation
import OlistData
import Site
import TextFormat

/// Turns an analysis into the files of the site: report.md, index.html, charts, tables, JSON.
struct ReportBuilder: Sendable {
    let dataset: DatasetSummary
    let analysis: Analysis
    let templates: Templates
    /// The data folder as the user named it (never an absolute path of this machine).
    let dataName: String
    /// The churn model, or why there is none.
    let churn: Result<ChurnStudy, ModelUnavailable>
    /// The revenue forecast, or why there is none.
    let forecast: Result<ForecastStudy, ModelUnavailable>
    /// A previous run's site to compare with, if any.
    var previous: URL? = nil
    /// Build the lookup page and its index on another thread while the rest renders (the pages
    /// are the same either way).
    var parallel = false
    /// A folder the biggest files (the customer index and table) are written into as they are
    /// made, instead of being held in memory until the site is written; nil keeps them in memory.
    var spill: URL? = nil
    /// Bytes of customer-index entries kept formatted between sizing the shards and writing them;
    /// past it they are formatted twice instead.
    var entryBufferLimit = 256 << 20
    /// Largest shard the customer index may have, in bytes (the issue's bar is 64 KB).
    var shardLimit = 60_000

    /// The files of a previous run the comparison reads; copied into previous/ so a rebuild (and
    /// `churnsite verify`) sees the same comparison.
    static let comparisonFiles = [
        "data/summary.json", "tables/customer_rfm_data.csv", "tables/daily_sales.csv", "tables/sales_forecast.csv",
    ]

    func site() throws -> SiteFiles {
        var files = SiteFiles()
        // The customer index is the biggest part of the site and depends on nothing else here.
        let lookup = Background(concurrent: parallel) { [self] in try lookupFiles() }
        // The segment and state pages depend on nothing here either; made beside the rest, they
        // do not leave one core idle at the end.
        let drillDown = Background(concurrent: parallel) { [self] in try drillDownFiles() }
        // So do the customer table and the model's JSON: with them beside the rest, the three
        // threads of pages end close together.
        let rfm = Background(concurrent: parallel) { [self] in try rfmTable() }
        let modelJSON = Background(concurrent: parallel) { [churn] in try? churn.get().modelJSON() }
        // The previous run's customers, read while the charts are drawn.
        let previousCustomers = previous.map { folder in
            Background(concurrent: parallel) { try? RunComparison.customers(RunComparison.folder(folder)) }
        }
        var charts = self.charts()
        for more in [churnCharts(), forecastCharts(), segmentCharts(), geographyCharts()] {
            charts.merge(more) { a, _ in a }
        }
        for (path, svg) in charts { files.add(path, svg) }
        try files.add("tables/customer_rfm_data.csv", rfm.value())
        files.add("tables/daily_sales.csv", dailyTable())
        files.add("tables/sales_forecast.csv", forecastTable())
        let figures = self.figures()
        files.add("data/summary.json", summary(figures).text(pretty: true) + "\n")
        var context = reportContext(figures)
        if let previous {
            for path in Self.comparisonFiles {
                guard let data = FileManager.default.contents(atPath: previous.appendingPathComponent(path).path) else {
                    throw CLIError(
                        message:
                            "the previous run \(previous.path) has no \(path); pass another --previous or --previous none"
                    )
                }
                files.add("previous/" + path, bytes: [UInt8](data))
            }
            let now = files
            var comparison = RunComparison(old: RunComparison.folder(previous), new: { now.bytes($0).map { Data($0) } })
            // Unreadable ahead, it is read again, to fail with the comparison's own message.
            comparison.before = try previousCustomers?.value()
            do { context["sincePrevious"] = try comparison.markdown() } catch {
                throw CLIError(message: "comparing with the previous run \(previous.path): \(error)")
            }
        }
        let markdown = try templates.render("report.md", context)
        files.add("report.md", markdown)
        let body = HTMLPage.body(markdown: markdown, charts: charts)
        files.add(
            "index.html",
            try templates.render(
                "layout.html",
                ["title": "Customer churn and sales report", "asOf": analysis.asOf.iso, "body": body, "root": ""]))
        if let json = try modelJSON.value() { files.add("data/model.json", json) }
        files.merge(try lookup.value())
        for (path, text) in try drillDown.value() { files.add(path, text) }
        try addAssets(&files)
        return files
    }

    // MARK: Charts

    func charts() -> [String: String] {
        let months = analysis.monthlyRevenue
        let bars = months.map {
            BarChart.Bar(
                label: $0.date.isoMonth, value: $0.value, tooltip: "\($0.date.isoMonth): BRL \(Format.number($0.value))"
            )
        }
        let peak = months.max { $0.value < $1.value }
        let monthly = BarChart(
            id: "revenue-monthly", title: "Monthly revenue",
            description:
                "Revenue of counted orders per month, \(months.first?.date.isoMonth ?? "") to \(months.last?.date.isoMonth ?? "")"
                + (peak.map { "; highest in \($0.date.isoMonth) at BRL \(Format.number($0.value))" } ?? "") + ".",
            bars: bars, unit: "BRL", labelEvery: max(1, (bars.count + 11) / 12))
        // Daily revenue, gaps as 0, with a trailing 7-day mean.
        var daily: [DayValue] = []
        if let first = analysis.dailyRevenue.first?.date, let last = analysis.dailyRevenue.last?.date {
            var byDay = [CivilDate: Double]()
            for d in analysis.dailyRevenue { byDay[d.date] = d.value }
            daily = (0...first.days(to: last)).map {
                DayValue(date: first.adding(days: $0), value: byDay[first.adding(days: $0)] ?? 0)
            }
        }
        let mean7 = daily.indices.map { i -> (x: Double, y: Double) in
            let w = daily[max(0, i - 6)...i]
            return (x: Double(daily[i].date.dayNumber), y: w.reduce(0) { $0 + $1.value } / Double(w.count))
        }
        var dailyChart = LineChart(
            id: "revenue-daily", title: "Daily revenue and its 7-day average",
            description: "Revenue of counted orders per day"
                + (daily.max { $0.value < $1.value }.map {
                    "; the busiest day was \($0.date.iso) with BRL \(Format.number($0.value))"
                } ?? "") + ".",
            series: [
                .init(
                    name: "Daily", color: Palette.series[4],
                    points: daily.map { (x: Double($0.date.dayNumber), y: $0.value) }, width: 1),
                .init(name: "7-day average", color: Palette.primary, points: mean7, width: 2.2),
            ], xLabel: "Date", yLabel: "BRL per day")
        var ticks: [Double] = []
        if var m = daily.first?.date.startOfMonth.adding(months: 1) {
            while m <= daily.last!.date {
                ticks.append(Double(m.dayNumber))
                m = m.adding(months: 3)
            }
        }
        dailyChart.xTicks = ticks
        dailyChart.xFormat = { CivilDate(dayNumber: Int($0)).isoMonth }
        return ["charts/revenue-monthly.svg": monthly.svg(), "charts/revenue-daily.svg": dailyChart.svg()]
    }

    // MARK: Markdown context

    func kpiRows() -> [[String: Any]] {
        let k = analysis.kpis
        return [
            ["name": "Revenue", "value": "BRL " + Format.number(k.revenue)],
            ["name": "Orders", "value": Format.integer(k.orders)],
            ["name": "Customers", "value": Format.integer(k.customers)],
            ["name": "Average order value", "value": "BRL " + Format.number(k.averageOrderValue)],
            ["name": "Repeat-customer rate", "value": Format.percent(k.repeatCustomerRate, decimals: 2)],
            ["name": "Churn rate", "value": Format.percent(k.churnRate, decimals: 2)],
            [
                "name": "Average review score",
                "value": k.averageReviewScore.map { Format.number($0, decimals: 2) + " / 5" } ?? "no reviews",
            ],
            [
                "name": "On-time delivery rate",
                "value": k.onTimeDeliveryRate.map { Format.percent($0, decimals: 2) } ?? "no deliveries",
            ],
        ]
    }

    func reportContext(_ figures: ReportFigures) -> [String: Any] {
        let a = analysis
        let states = a.states.prefix(10).enumerated().map { i, s -> [String: Any] in
            [
                "rank": String(i + 1), "state": s.state, "revenue": Format.number(s.revenue),
                "orders": Format.integer(s.orders),
                "customers": Format.integer(s.customers), "churnRate": Format.percent(s.churnRate),
                "share": Format.percent(a.kpis.revenue > 0 ? s.revenue / a.kpis.revenue : 0),
            ]
        }
        let rfm = a.rfmSummary.map { d -> [String: Any] in
            let decimals = d.name.hasPrefix("Monetary") ? 2 : 1
            return [
                "name": d.name, "mean": Format.number(d.mean, decimals: decimals),
                "min": Format.number(d.min, decimals: decimals),
                "p25": Format.number(d.p25, decimals: decimals), "median": Format.number(d.median, decimals: decimals),
                "p75": Format.number(d.p75, decimals: decimals), "max": Format.number(d.max, decimals: decimals),
            ]
        }
        let months = a.monthlyRevenue.map { m -> [String: Any] in
            ["month": m.date.isoMonth, "revenue": Format.number(m.value)]
        }
        // Counted, not filtered: a filtered copy of ten million records was 2 GB of fresh memory.
        let churned = a.customers.reduce(0) { $0 + ($1.churned ? 1 : 0) }
        let itemRevenue = a.categories.reduce(0) { $0 + $1.revenue }
        let tables = OlistTable.allCases.map { t -> [String: Any] in
            [
                "file": t.fileName,
                "rows": Format.integer(dataset.rowCounts[t] ?? 0),
                "note": t == .geolocation ? "\(Format.integer(dataset.locations.count)) zip prefixes" : "",
            ]
        }
        let quality = (dataset.quality.warnings.map { ($0, "warning") } + dataset.quality.notes.map { ($0, "note") })
            .map { w, level -> [String: Any] in
                [
                    "level": level, "file": w.table.fileName, "count": Format.integer(w.count), "message": w.message,
                    "example": w.example,
                ]
            }
        var context = churnContext()
        for more in [forecastContext(), summaryContext(figures), segmentContext(figures), geographyContext()] {
            context.merge(more) { a, _ in a }
        }
        return context.merging([
            "asOf": a.asOf.iso,
            "dataName": dataName,
            "orders": Format.integer(a.kpis.orders),
            "customers": Format.integer(a.kpis.customers),
            "firstDate": a.dailyRevenue.first?.date.iso ?? "",
            "lastDate": a.dailyRevenue.last?.date.iso ?? "",
            "kpis": kpiRows(),
            "months": months,
            "categories": a.categories.prefix(10).map { c -> [String: Any] in
                [
                    "category": c.category, "revenue": Format.number(c.revenue), "items": Format.integer(c.items),
                    "share": Format.percent(itemRevenue > 0 ? c.revenue / itemRevenue : 0),
                ]
            },
            "states": states,
            "stateCount": String(a.states.count),
            "rfm": rfm,
            "churnDays": String(Analyzer.churnDays),
            "churned": Format.integer(churned),
            "active": Format.integer(a.customers.count - churned),
            "tables": tables,
            "quality": quality,
            "hasQualityIssues": !quality.isEmpty,
        ]) { a, _ in a }
    }

    // MARK: Tables and JSON

    func rfmTable() throws -> FileOutput {
        let out = try FileOutput("tables/customer_rfm_data.csv", in: spill)
        out.write(
            "customer_unique_id,Recency,Frequency,Monetary,churned,first_purchase,last_purchase,customer_state,r_score,f_score,m_score,segment,churn_probability,risk_level\n"
        )
        // The probabilities alone: reaching them through the model copied the whole study per row.
        let probabilities = (try? churn.get())?.probabilities
        // Each line is formatted into one reused buffer: a String per field and per line was most
        // of the table's cost on millions of customers.
        let comma = UInt8(ascii: ",")
        var line: [UInt8] = []
        line.reserveCapacity(256)
        func field(_ n: Int) {
            line.append(comma)
            Digits.append(n, to: &line)
        }
        func field(_ t: Timestamp) {
            line.append(comma)
            t.withBytes(separator: UInt8(ascii: " ")) { line.append(contentsOf: $0) }
        }
        func field(_ text: String) {
            line.append(comma)
            line.append(contentsOf: text.utf8)
        }
        for (i, c) in analysis.customers.enumerated() {
            line.removeAll(keepingCapacity: true)
            Hex.append(high: c.id.high, low: c.id.low, to: &line)
            field(c.recency)
            field(c.frequency)
            line.append(comma)
            Fixed.append(c.monetary, decimals: 2, to: &line)
            field(c.churned ? 1 : 0)
            field(c.firstPurchase)
            field(c.lastPurchase)
            field(c.state)
            field(c.scores.r)
            field(c.scores.f)
            field(c.scores.m)
            field(c.segment.rawValue)
            // The probability and the risk level, both empty when there is no model.
            if let p = probabilities?[i] {
                line.append(comma)
                Fixed.append(p, decimals: 4, to: &line)
                field(RiskLevel(probability: p).rawValue)
            } else {
                line.append(contentsOf: ",,".utf8)
            }
            line.append(UInt8(ascii: "\n"))
            line.withUnsafeBufferPointer { out.write($0) }
        }
        return out
    }

    func dailyTable() -> String {
        "date,revenue\n"
            + analysis.dailyRevenue.map { "\($0.date.iso),\(Fixed.string($0.value, decimals: 2))\n" }.joined()
    }

    func summary(_ figures: ReportFigures) -> JSON {
        let k = analysis.kpis
        var root: [String: JSON] = [
            "as_of": .string(analysis.asOf.iso),
            "tool_version": .string(Churnsite.version),
            "kpis": .object([
                "revenue": .number(k.revenue, decimals: 2),
                "orders": .int(k.orders),
                "customers": .int(k.customers),
                "average_order_value": .number(k.averageOrderValue, decimals: 2),
                "repeat_customer_rate": .number(k.repeatCustomerRate, decimals: 6),
                "churn_rate": .number(k.churnRate, decimals: 6),
                "average_review_score": k.averageReviewScore.map { .number($0, decimals: 6) } ?? .null,
                "on_time_delivery_rate": k.onTimeDeliveryRate.map { .number($0, decimals: 6) } ?? .null,
            ]),
            "kpis_last_30_days": windowJSON(figures.last30),
            "kpis_previous_30_days": windowJSON(figures.previous30),
            "monthly_revenue": .array(
                analysis.monthlyRevenue.map {
                    .object(["month": .string($0.date.isoMonth), "revenue": .number($0.value, decimals: 2)])
                }),
            "states": .array(
                analysis.states.map {
                    .object([
                        "state": .string($0.state), "revenue": .number($0.revenue, decimals: 2),
                        "orders": .int($0.orders),
                        "customers": .int($0.customers), "churn_rate": .number($0.churnRate, decimals: 6),
                    ])
                }),
            "segments": .array(
                analysis.segments.map {
                    .object([
                        "segment": .string($0.segment.rawValue), "customers": .int($0.customers),
                        "revenue": .number($0.revenue, decimals: 2),
                        "mean_recency": .number($0.meanRecency, decimals: 2),
                        "mean_frequency": .number($0.meanFrequency, decimals: 4),
                        "mean_monetary": .number($0.meanMonetary, decimals: 2),
                        "churn_rate": .number($0.churnRate, decimals: 6),
                        "predicted_churn": figures.predictedChurn[$0.segment].map { .number($0, decimals: 6) } ?? .null,
                    ])
                }),
            "categories": .array(
                analysis.categories.map {
                    .object([
                        "category": .string($0.category), "revenue": .number($0.revenue, decimals: 2),
                        "items": .int($0.items),
                    ])
                }),
            "rfm_distribution": .array(
                analysis.rfmSummary.map {
                    .object([
                        "name": .string($0.name), "mean": .number($0.mean, decimals: 4),
                        "min": .number($0.min, decimals: 2),
                        "p25": .number($0.p25, decimals: 2), "median": .number($0.median, decimals: 2),
                        "p75": .number($0.p75, decimals: 2),
                        "max": .number($0.max, decimals: 2),
                    ])
                }),
            "row_counts": .object(
                Dictionary(
                    uniqueKeysWithValues: OlistTable.allCases.map {
                        ($0.tableName, JSON.int(dataset.rowCounts[$0] ?? 0))
                    })),
            "data_quality": .array(
                (dataset.quality.warnings.map { ($0, "warning") } + dataset.quality.notes.map { ($0, "note") }).map {
                    w, level in
                    .object([
                        "level": .string(level), "code": .string(w.code), "file": .string(w.table.fileName),
                        "rows": .int(w.count),
                    ])
                }),
        ]
        if case .success(let m) = churn {
            func evaluation(_ e: Evaluation) -> JSON {
                .object([
                    "roc_auc": .number(e.rocAUC, decimals: 6), "pr_auc": .number(e.prAUC, decimals: 6),
                    "brier": .number(e.brier, decimals: 6),
                    "log_loss": .number(e.logLoss, decimals: 6),
                    "accuracy_at_0_5": .number(e.atHalf.accuracy, decimals: 6),
                    "best_f1": .number(e.atBestF1.f1, decimals: 6),
                    "best_f1_threshold": .number(e.atBestF1.threshold, decimals: 6),
                    "base_rate": .number(e.baseRate, decimals: 6), "rows": .int(e.rows),
                ])
            }
            var levels: [String: JSON] = [:]
            for (level, count) in m.customersByRisk() { levels[level.rawValue] = .int(count) }
            root["churn_model"] = .object([
                "labeling": .string(m.labeling.rawValue), "definition": .string(m.definition),
                "training_rows": .int(m.trainRows),
                "evaluation": evaluation(m.evaluation),
                "comparisons": .array(
                    m.comparisons.map { .object(["name": .string($0.name), "evaluation": evaluation($0.evaluation)]) }),
                "importance": .object(
                    Dictionary(
                        uniqueKeysWithValues: m.featureNames.indices.map {
                            (
                                m.featureNames[$0],
                                JSON.object([
                                    "impurity": .number(m.impurityImportance[$0], decimals: 6),
                                    "permutation": .number(m.permutationImportance[$0], decimals: 6),
                                ])
                            )
                        })),
                "risk_levels": .object(levels),
                "feature_percentiles": .object(
                    Dictionary(
                        uniqueKeysWithValues: m.featureNames.indices.map {
                            (m.featureNames[$0], JSON.array(m.percentiles[$0].map { .number($0, decimals: 6) }))
                        })),
            ])
        }
        if case .success(let f) = forecast {
            let future = Array(f.future)
            root["forecast"] = .object([
                "span_start": .string(f.span.series.start.iso), "span_end": .string(f.span.series.end.iso),
                "trimmed_leading_days": .int(f.span.trimmedLeading),
                "trimmed_trailing_days": .int(f.span.trimmedTrailing),
                "next_30_days": .number(future.prefix(30).reduce(0) { $0 + $1.yhat }, decimals: 2),
                "next_90_days": .number(future.prefix(90).reduce(0) { $0 + $1.yhat }, decimals: 2),
                "next_180_days": .number(future.reduce(0) { $0 + $1.yhat }, decimals: 2),
                "daily": .array(
                    future.map {
                        .object([
                            "ds": .string($0.date.iso), "yhat": .number($0.yhat, decimals: 2),
                            "lower80": .number($0.lower80, decimals: 2),
                            "upper80": .number($0.upper80, decimals: 2), "lower95": .number($0.lower95, decimals: 2),
                            "upper95": .number($0.upper95, decimals: 2),
                        ])
                    }),
                "backtest": .array(
                    (f.backtest?.rows ?? []).map { r in
                        .object([
                            "method": .string(r.method), "mae": .number(r.errors.mae, decimals: 2),
                            "rmse": .number(r.errors.rmse, decimals: 2),
                            "mape": .number(r.errors.mape, decimals: 6), "smape": .number(r.errors.smape, decimals: 6),
                            "coverage80": r.errors.coverage80.map { .number($0, decimals: 6) } ?? .null,
                        ])
                    }),
            ])
        }
        return .object(root)
    }

    func windowJSON(_ w: WindowKPIs) -> JSON {
        .object([
            "from": .string(w.from.iso), "to": .string(w.to.adding(days: -1).iso),
            "revenue": .number(w.revenue, decimals: 2),
            "orders": .int(w.orders), "customers": .int(w.customers),
            "average_order_value": .number(w.averageOrderValue, decimals: 2),
            "repeat_customer_rate": .number(w.repeatCustomerRate, decimals: 6),
            "churn_rate": .number(w.churnRate, decimals: 6),
            "average_review_score": w.averageReviewScore.map { .number($0, decimals: 6) } ?? .null,
            "on_time_delivery_rate": w.onTimeDeliveryRate.map { .number($0, decimals: 6) } ?? .null,
        ])
    }

    func addAssets(_ files: inout SiteFiles) throws {
        let dir = (templates.directory as NSString).appendingPathComponent("assets")
        let fm = FileManager.default
        for name in ((try? fm.contentsOfDirectory(atPath: dir)) ?? []).sorted() where !name.hasPrefix(".") {
            guard let data = fm.contents(atPath: (dir as NSString).appendingPathComponent(name)) else {
                throw SiteError(step: "copying assets", path: "\(dir)/\(name)", message: "the asset cannot be read")
            }
            files.add("assets/\(name)", bytes: [UInt8](data))
        }
    }
}
