import Analytics
import ChurnModel
import ChurnsiteCLI
import CivilDate
import Forecasting
import Foundation
import Hashing
import OlistData
import Seeded
import Warehouse

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

func readSeries(_ path: String) -> DailySeries? {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    var dates: [CivilDate] = []
    var values: [Double] = []
    for line in text.split(separator: "\n").dropFirst() {
        let f = line.split(separator: ",")
        guard f.count >= 2, let d = CivilDate(iso: f[0]), let v = Double(f[1]) else { return nil }
        dates.append(d)
        values.append(v)
    }
    return DailySeries(dates: dates, values: values)
}

func benchForecast(log: Bool = false) {
    guard let span = readSeries("\(sharedDir)/fixtures/forecast/daily_revenue_span.csv") else {
        print("fixtures not found under \(sharedDir)/fixtures/forecast")
        return
    }
    var options = ForecastOptions()
    options.logTransform = log
    var times: [Double] = []
    var points: [ForecastPoint] = []
    for _ in 0..<7 {
        let t0 = now()
        points = Forecaster(series: span, options: options).forecast(horizon: 180)
        times.append(now() - t0)
    }
    let t0 = now()
    let bt = Backtest(series: span, options: options)
    let cvTime = now() - t0
    let prophet =
        (try? JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: "\(sharedDir)/fixtures/forecast/prophet_results.json"))))
        as? [String: Any]
    let pm = (prophet?["cv"] as? [String: Any])?["metrics_all_horizons"] as? [String: Any]
    print(
        "forecast\(log ? " (log transform)" : ""): fit + 180-day forecast + bands, median of 7: \(String(format: "%.4f", median(times))) s (Prophet: \(prophet?["fit_and_predict_180_seconds"] ?? "?") s); backtest \(String(format: "%.3f", cvTime)) s (Prophet: \(prophet?["cross_validation_seconds"] ?? "?") s); \(points.count) points"
    )
    print("cutoffs: \(bt.cutoffs.map(\.iso).joined(separator: ", "))")
    print("| method | MAE | RMSE | MAPE | sMAPE | 80% coverage |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for r in bt.rows {
        let e = r.errors
        print(
            "| \(r.method) | \(String(format: "%.1f", e.mae)) | \(String(format: "%.1f", e.rmse)) | \(String(format: "%.4f", e.mape)) | \(String(format: "%.4f", e.smape)) | \(e.coverage80.map { String(format: "%.3f", $0) } ?? "–") |"
        )
    }
    if let pm {
        print(
            "| Prophet (fixture) | \(pm["mae"] ?? "?") | \(pm["rmse"] ?? "?") | \(pm["mape"] ?? "?") | \(pm["smape"] ?? "?") | \(pm["coverage"] ?? "?") |"
        )
    }
}

/// Generates (once) and returns a dataset folder of `orders` orders under the cache folder.
func cachedDataset(orders: Int) -> String {
    let cache = ProcessInfo.processInfo.environment["CHURNSITE_BENCH_CACHE"] ?? ".build-bench-data"
    let dir = "\(cache)/orders-\(orders)"
    if !FileManager.default.fileExists(atPath: "\(dir)/olist_orders_dataset.csv") {
        print("generating \(orders) orders into \(dir) (once)…")
        try! SampleGenerator(orders: orders, seed: 1).write(to: dir)
    }
    return dir
}

func benchWarehouse() {
    let dir = cachedDataset(orders: 100_000)
    let d = try! Dataset.load(from: dir)
    let a = try! Analyzer.analyze(d)
    let options = Pipeline.Options(
        data: dir, output: "Output", templates: "Templates", asOf: nil, threads: 2, quiet: true)
    let tables = WarehouseExport(
        source: d.summary, analysis: a, churn: nil, forecast: try? ForecastStudy.run(a).get(), options: options
    ).tables()
    let rows = tables.reduce(0) { $0 + $1.rowCount }
    let path = NSTemporaryDirectory() + "/churnsite-bench-warehouse.sqlite"
    var t0 = now()
    try! SQLiteWarehouse.write(tables, to: path)
    print(
        "warehouse: SQLite load of \(rows) rows in \(tables.count) tables: \(String(format: "%.2f", now() - t0)) s (target < 3 s)"
    )
    try? FileManager.default.removeItem(atPath: path)
    // Each table on its own, so a change to one table's load shows in its own line.
    for t in tables {
        t0 = now()
        try! SQLiteWarehouse.write([t], to: path)
        print("  \(t.table.name): \(t.rowCount) rows, \(String(format: "%.3f", now() - t0)) s")
        try? FileManager.default.removeItem(atPath: path)
    }
    if let url = ProcessInfo.processInfo.environment["CHURNSITE_PG_URL"] {
        let w = PostgresWarehouse(url: try! PostgresURL(url), schema: "churnsite_bench")
        t0 = now()
        try! blocking { try await w.load(tables) }
        print("warehouse: PostgreSQL COPY load of \(rows) rows: \(String(format: "%.2f", now() - t0)) s (target < 5 s)")
        _ = try? blocking { try await w.query("DROP SCHEMA churnsite_bench CASCADE") }
    } else {
        print("warehouse: PostgreSQL skipped (set CHURNSITE_PG_URL, e.g. from bash .ci/postgres start DIR)")
    }
}

/// Builds 1x, 10x, 100x Olist-sized datasets (100k orders each x) with the release `churnsite`
/// beside this binary, one process per size. Wall time and peak RSS are the process's own (from
/// wait4), so they include the last stage (writing the site and its manifest), which the build's
/// own data/build.json cannot record; stage times come from build.json.
///
/// With `rebuild`, each size is built twice into the same folder, as a nightly job rebuilds its
/// site, and both rows are printed: the second build replaces the first's output (the comparison
/// with it is turned off, `--previous none`, so both builds do the same work). On this project's
/// virtual machine memory that was freed goes back to the host, which is slow to hand it out
/// again; a fresh folder after a deletion starts with most of the machine's memory in that state,
/// a rebuild with the last output's pages still cached.
///
/// Each run writes a folder of its own, and all of them are removed only once every run is done:
/// this machine's root file system has no journal, and ext4 without one skips over inodes freed
/// in the last minutes when it allocates new ones, so a build started right after the removal of
/// a 100x site (then 131,211 files) spent tens of core-seconds finding inodes for its own files, a cost
/// a nightly job, a day after its last build, does not pay.
func benchScale(_ factors: [Int], rebuild: Bool = false) {
    let exe = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
        "churnsite"
    ).path
    print(
        "| scale | build | orders | input MB | input rows | total s | read | analyse | model | forecast | render | SQLite: Olist tables (main connection, copies included) | SQLite: second connection | SQLite: results | SQLite: finish (commit, hash) | write | peak RSS MB | user s | system s | rows/s |"
    )
    print(
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    )
    let runs = factors.flatMap { f in rebuild ? [(f, false), (f, true)] : [(f, false)] }
    var outputs: [String] = []
    defer { for out in outputs { try? FileManager.default.removeItem(atPath: out) } }
    for (f, again) in runs {
        let dir = cachedDataset(orders: 100_000 * f)
        let bytes = Dataset.filesBytes(in: dir)
        if !again {
            outputs.append(NSTemporaryDirectory() + "churnsite-bench-out-\(f)x-run\(outputs.count + 1)")
            try? FileManager.default.removeItem(atPath: outputs.last!)
        }
        let out = outputs.last!
        let started = now()
        var pid: pid_t = 0
        let args =
            [exe, "build", "--data", dir, "--out", out, "--quiet", "--timings"] + (again ? ["--previous", "none"] : [])
        let argv = args.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // The build's own stderr (its timing table) stays out of the benchmark's table.
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        guard posix_spawn(&pid, exe, &actions, nil, argv, environ) == 0 else {
            print("| \(f)x | | cannot start \(exe) |")
            continue
        }
        var status: Int32 = 0
        var usage = rusage()
        wait4(pid, &status, 0, &usage)
        let total = now() - started
        let peak = Int(usage.ru_maxrss) / 1024
        let seconds = { (t: timeval) in String(format: "%.1f", Double(t.tv_sec) + Double(t.tv_usec) / 1e6) }
        let kind = again ? "rebuild" : "fresh"
        guard status == 0, let data = FileManager.default.contents(atPath: out + "/data/build.json"),
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let stages = json["stages"] as? [[String: Any]]
        else {
            print("| \(f)x | \(kind) | \(100_000 * f) | build failed (status \(status)) |")
            continue
        }
        func t(_ name: String) -> String {
            stages.first { ($0["stage"] as? String)?.hasPrefix(name) == true }.map {
                String(format: "%.2f", ($0["seconds"] as? Double) ?? 0)
            } ?? "–"
        }
        let rows = json["input_rows"] as? Int ?? 0
        // The write stage ends after build.json is written: the process's time minus the build's.
        let write = total - (json["total_seconds"] as? Double ?? total)
        print(
            "| \(f)x | \(kind) | \(100_000 * f) | \(bytes / 1_048_576) | \(rows) | \(String(format: "%.2f", total)) | \(t("read")) | \(t("analyse")) | \(t("model")) | \(t("forecast")) | \(t("render")) | \(t("warehouse (SQLite, Olist")) | \(t("warehouse (SQLite, second")) | \(t("warehouse (SQLite, results")) | \(t("warehouse (SQLite, finish")) | \(String(format: "≈%.2f", write)) | \(peak) | \(seconds(usage.ru_utime)) | \(seconds(usage.ru_stime)) | \(String(format: "%.0f", Double(rows) / max(total, 1e-9))) |"
        )
    }
}

/// Reads the cached 1x dataset (parse, validate, reduce the geolocation) on one thread and on
/// two, `repeats` times each, and reports the fastest: the read stage alone, steadier than a
/// whole build on a noisy machine.
func benchRead(repeats: Int) {
    let dir = cachedDataset(orders: 100_000)
    print("| threads | rows | MB | best of \(repeats) (s) | MB/s |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for threads in [1, 2] {
        var options = LoadOptions()
        options.threads = threads
        var best = Double.infinity
        var rows = 0
        var bytes = 0
        for _ in 0..<repeats {
            let t0 = now()
            guard let d = try? Dataset.load(from: dir, options: options) else {
                print("| \(threads) | cannot read \(dir) |")
                return
            }
            best = min(best, now() - t0)
            let s = d.summary
            rows = s.rowCounts.values.reduce(0, +)
            bytes = s.digests.values.reduce(0) { $0 + $1.bytes }
        }
        print(
            "| \(threads) | \(rows) | \(bytes / 1_048_576) | \(String(format: "%.3f", best)) | \(String(format: "%.0f", Double(bytes) / 1_048_576 / best)) |"
        )
    }
}

/// The analysis alone (joins, RFM, sums) on the 1x or 10x data, and the model's two feature
/// tables, which group the orders by person as the RFM does: fastest of three.
func benchAnalyse(scale: Int) {
    let dir = cachedDataset(orders: 100_000 * scale)
    guard let d = try? Dataset.load(from: dir) else {
        print("cannot read \(dir)")
        return
    }
    var analysis: Analysis!
    let analyse = bestOf3 { analysis = try! Analyzer.analyze(d) }
    let features = bestOf3 {
        _ = ChurnStudy.temporalTable(analysis)
        _ = ChurnFeatures.compute(orders: analysis.orders, before: Timestamp(date: analysis.asOf))
    }
    print("| scale | orders | analyse (s) | both feature tables (s) |")
    print("| ---: | ---: | ---: | ---: |")
    print("| \(scale)x | \(analysis.orders.count) | \(analyse) | \(features) |")
}

/// The seconds `body` takes, each of `runs` runs.
func seconds(_ runs: Int, _ body: () -> Void) -> [Double] {
    (0..<runs).map { _ in
        let t0 = now()
        body()
        return now() - t0
    }
}

/// The fastest of three runs of `body`, in seconds, as the benchmark tables print it.
func bestOf3(_ body: () -> Void) -> String { String(format: "%.3f", seconds(3, body).min()!) }

/// The 1x dataset's analysis and the churn model's training table, made as a build makes them.
func modelTable() -> (analysis: Analysis, table: FeatureTable, train: [Int], test: [Int]) {
    let a = try! Analyzer.analyze(try! Dataset.load(from: cachedDataset(orders: 100_000)))
    let table = ChurnStudy.temporalTable(a).table
    let (train, test) = table.stratifiedSplit(testFraction: 0.2, seed: 42)
    return (a, table, train, test)
}

/// The churn model's steps on the cached 1x dataset (temporal labeling, as a build): the
/// features and labels, each forest's fit, scoring and permutation importance, then the whole
/// study, on one thread and on two; best of three.
func benchModel() {
    let (a, table, train, test) = modelTable()
    let features = bestOf3 { _ = ChurnStudy.temporalTable(a) }
    let rfm = FeatureTable(
        names: Array(table.names.prefix(3)), columns: Array(table.columns.prefix(3)), labels: table.labels)
    print(
        "model on \(table.count) customers (\(train.count) training rows), best of 3; features and labels \(features) s"
    )
    print(
        "distinct values per feature: "
            + zip(table.names, table.columns).map { "\($0) \(Set($1).count)" }.joined(separator: ", "))
    print(
        "| threads | forest fit, 9 features | forest fit, R/F/M | scoring the test rows | permutation importance | whole study |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for threads in [1, 2] {
        let p = ForestParameters(seed: 42, threads: threads)
        var forest: RandomForest!
        let fit = bestOf3 { forest = RandomForest.fit(table, rows: train, p) }
        let fitRFM = bestOf3 { _ = RandomForest.fit(rfm, rows: train, p) }
        let testTable = table.subset(test)
        let score = bestOf3 { _ = forest.probabilities(testTable) }
        let permutation = bestOf3 { _ = forest.permutationImportance(testTable, seed: 42) }
        let study = bestOf3 { _ = ChurnStudy.run(a, labeling: .temporal, seed: 42, threads: threads) }
        print("| \(threads) | \(fit) | \(fitRFM) | \(score) | \(permutation) | \(study) |")
        if threads == 1 {
            // A fingerprint of the forest, to see that a change to the growing left the trees alone.
            // FNV-1a over the split features and thresholds, the same in every process.
            var h: UInt64 = 0xCBF2_9CE4_8422_2325
            for t in forest.trees {
                for (f, x) in zip(t.feature, t.threshold) {
                    h = (h ^ UInt64(UInt32(bitPattern: f))) &* 0x100_0000_01B3
                    h = (h ^ x.bitPattern) &* 0x100_0000_01B3
                }
            }
            print("forest: \(forest.trees.reduce(0) { $0 + $1.nodeCount }) nodes, fingerprint \(String(h, radix: 16))")
        }
    }
}

/// Permutation importance alone on the 1x test rows, `repeats` times: the fastest and the median.
func benchPermutation(repeats: Int) {
    let (_, table, train, test) = modelTable()
    let forest = RandomForest.fit(table, rows: train, ForestParameters(seed: 42))
    let testTable = table.subset(test)
    var importance: [Double] = []
    let times = seconds(max(1, repeats)) { importance = forest.permutationImportance(testTable, seed: 42) }
    print(
        "permutation importance: fastest \(String(format: "%.3f", times.min()!)) s, median \(String(format: "%.3f", median(times))) s; \(importance.map { String(format: "%.6f", $0) }.joined(separator: " "))"
    )
}

/// The sorts that grow with the data, against the standard library's, on random keys like the
/// ids': best of three, at 1M and 10M.
func benchSorts() {
    struct Key: Comparable {
        var high: UInt64, low: UInt64, order: Int
        static func < (a: Key, b: Key) -> Bool { (a.high, a.low, a.order) < (b.high, b.low, b.order) }
    }
    print("| keys | sort() of id keys (s) | by leading bits (s) | sorted() of doubles (s) | radix (s) |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for n in [1_000_000, 10_000_000] {
        var rng = Xoshiro(seed: 3)
        let keys = (0..<n).map { i in Key(high: rng.next(), low: rng.next(), order: i) }
        let doubles = (0..<n).map { _ in Double(rng.next() % 10_000_000) / 100 }
        let plain = bestOf3 {
            var k = keys
            k.sort()
        }
        let buckets = bestOf3 {
            var k = keys
            Sorting.byLeadingBits(&k) { $0.high }
        }
        let sortedDoubles = bestOf3 { _ = doubles.sorted() }
        let radix = bestOf3 { _ = Quantiles.sorted(doubles) }
        print("| \(n) | \(plain) | \(buckets) | \(sortedDoubles) | \(radix) |")
    }
}

/// Prints the page cache and free memory the kernel reports, then touches `gib` GiB of fresh
/// memory, one GiB at a time, and prints how long each took. On a virtual machine whose host backs only part
/// of its memory quickly, the GiB past that part take several times as long: the 100x build, with
/// its 12 GB warehouse in the page cache beside 7 GB of its own, runs into it.
func benchMemory(gib: Int) {
    func meminfo(_ key: String) -> Int {
        let text = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        let line = text.split(separator: "\n").first { $0.hasPrefix(key + ":") }
        return line.flatMap { Int($0.split(separator: " ")[1]) }.map { $0 / 1024 } ?? -1
    }
    print("page cache \(meminfo("Cached")) MiB, free \(meminfo("MemFree")) MiB before")
    print("| GiB touched | seconds for this GiB |")
    print("| ---: | ---: |")
    let size = 1 << 30
    var blocks: [UnsafeMutableRawPointer] = []
    defer { for block in blocks { munmap(block, size) } }
    for k in 1...max(1, gib) {
        guard let p = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), p != MAP_FAILED
        else {
            print("| \(k) | cannot map |")
            return
        }
        blocks.append(p)
        let t0 = now()
        // One write a page: the kernel finds (and zeroes) a page for each.
        for offset in stride(from: 0, to: size, by: 4096) { p.storeBytes(of: 1, toByteOffset: offset, as: UInt8.self) }
        print("| \(k) | \(String(format: "%.2f", now() - t0)) |")
    }
}

switch what {
case "memory": benchMemory(gib: CommandLine.arguments.dropFirst(2).first.flatMap { Int($0) } ?? 16)
case "sorts": benchSorts()
case "analyse": benchAnalyse(scale: CommandLine.arguments.dropFirst(2).first.flatMap { Int($0) } ?? 1)
case "permutation": benchPermutation(repeats: CommandLine.arguments.dropFirst(2).first.flatMap { Int($0) } ?? 10)
case "model": benchModel()
case "scale":
    // churnsite-bench scale [--rebuild] [factors…]
    let factors = CommandLine.arguments.dropFirst(2).compactMap { Int($0) }
    benchScale(factors.isEmpty ? [1, 10] : factors, rebuild: CommandLine.arguments.contains("--rebuild"))
case "warehouse": benchWarehouse()
case "read": benchRead(repeats: CommandLine.arguments.dropFirst(2).first.flatMap { Int($0) } ?? 5)
case "rf": benchForest()
case "hash":
    // churnsite-bench hash FILE: the file's SHA-256 mapped and read, best of 3 each.
    if let path = CommandLine.arguments.dropFirst(2).first {
        /// The digest read through a 1 MiB buffer, as before the map.
        func readHex(_ path: String) -> String? {
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else { return nil }
            defer { close(fd) }
            return SHA256.readHex(fd)
        }
        let ways: [(String, (String) -> String?)] = [("mapped", { SHA256.hex(fileAt: $0) }), ("read", readHex)]
        for (name, hex) in ways {
            var best = Double.infinity
            var digest = ""
            for _ in 0..<3 {
                let t0 = now()
                digest = hex(path) ?? "unreadable"
                best = min(best, now() - t0)
            }
            print(name, digest, String(format: "%.3f s", best))
        }
    }
case "forecast":
    benchForecast()
    benchForecast(log: true)
case "all":
    benchForest()
    benchForecast()
    benchWarehouse()
default:
    print(
        "usage: churnsite-bench [rf|model|permutation [repeats]|sorts|analyse [scale]|forecast|warehouse|read [repeats]|hash FILE|memory [GiB]|scale [--rebuild] [1 10 100]|all]"
    )
}

if what == "profile-forecast", let span = readSeries("\(sharedDir)/fixtures/forecast/daily_revenue_span.csv") {
    var t0 = now()
    let f = Forecaster(series: span)
    print("fit", now() - t0)
    t0 = now()
    _ = f.forecast(horizon: 180)
    print("forecast", now() - t0)
    t0 = now()
    _ = f.bandCalibration()
    print("calibration", now() - t0)
    var o = ForecastOptions()
    o.calibrateBands = false
    t0 = now()
    _ = Forecaster(series: span, options: o).forecast(horizon: 180)
    print("fit+forecast uncalibrated", now() - t0)
}

if what == "forecast-grid", let span = readSeries("\(sharedDir)/fixtures/forecast/daily_revenue_span.csv") {
    for yearlyMin in [365, 730] {
        for cps in [0.01, 0.05, 0.5] {
            for sps in [0.1, 1.0, 10.0] {
                for log in [false, true] {
                    var o = ForecastOptions()
                    o.yearlyMinimumDays = yearlyMin
                    o.changepointPriorScale = cps
                    o.seasonalityPriorScale = sps
                    o.logTransform = log
                    o.samples = 300
                    let e = Backtest(series: span, options: o).rows[0].errors
                    print(
                        "yearlyMin \(yearlyMin) cps \(cps) sps \(sps) log \(log): MAE \(Int(e.mae)) MAPE \(String(format: "%.4f", e.mape)) cov \(String(format: "%.3f", e.coverage80!))"
                    )
                }
            }
        }
    }
}

if what == "forecast-diag", let span = readSeries("\(sharedDir)/fixtures/forecast/daily_revenue_span.csv") {
    var o = ForecastOptions()
    o.yearlyMinimumDays = 730
    o.changepointPriorScale = 0.01
    for c in Backtest.cutoffs(for: span, initial: 365, period: 30, horizon: 90) {
        let train = span.slice(from: span.start, through: c)
        let test = span.slice(from: c.adding(days: 1), through: c.adding(days: 90))
        let f = Forecaster(series: train, options: o)
        let pts = f.forecast(horizon: 90).suffix(90)
        let errs = zip(test.values, pts).map { $0.0 - $0.1.yhat }
        let meanErr = errs.reduce(0, +) / Double(errs.count)
        let width = pts.map { $0.upper80 - $0.lower80 }.reduce(0, +) / 90
        print(
            c.iso, "noise", Int(f.noise), "active cps", f.activeChangepoints.count, "mean err", Int(meanErr),
            "mean |err|", Int(errs.map(abs).reduce(0, +) / 90), "mean 80% width", Int(width))
    }
}

if what == "profile-sim", let span = readSeries("\(sharedDir)/fixtures/forecast/daily_revenue_span.csv") {
    for n in [2, 100, 1000] {
        var o = ForecastOptions()
        o.calibrateBands = false
        o.samples = n
        let f = Forecaster(series: span, options: o)
        let t0 = now()
        for _ in 0..<5 { _ = f.forecast(horizon: 180) }
        print("samples", n, (now() - t0) / 5)
    }
}
