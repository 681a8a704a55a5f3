import Foundation
import OlistData
import Testing
import Warehouse

/// Runs the built `churnsite` binary.
func churnsite(_ arguments: [String], in directory: URL = Paths.root, environment: [String: String] = [:]) throws -> (
    status: Int32, stdout: String, stderr: String
) {
    let exe = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
        "churnsite")
    let binary =
        FileManager.default.fileExists(atPath: exe.path)
        ? exe : Paths.root.appendingPathComponent(".build/debug/churnsite")
    let p = Process()
    p.executableURL = binary
    p.arguments = arguments
    p.currentDirectoryURL = directory
    p.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    let out = Pipe()
    let err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}

/// Every file under `folder`, relative path → bytes.
/// Creates `out` holding a stand-in for a previous site; its snapshot, to compare with after a
/// build that must leave it alone.
func previousSite(at out: URL) throws -> [String: Data] {
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    try "previous site".write(to: out.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
    return snapshot(out)
}

func snapshot(_ folder: URL) -> [String: Data] {
    var out: [String: Data] = [:]
    let base = folder.standardizedFileURL.path
    guard let e = FileManager.default.enumerator(atPath: base) else { return out }
    while let rel = e.nextObject() as? String {
        var isDir: ObjCBool = false
        let full = base + "/" + rel
        if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue {
            out[rel] = FileManager.default.contents(atPath: full)
        }
    }
    return out
}

/// A copy of Data/sample to break.
func sampleCopy() throws -> URL {
    let dir = Paths.temporary("broken")
    for t in OlistTable.allCases {
        try FileManager.default.copyItem(
            at: Paths.dataSample.appendingPathComponent(t.fileName), to: dir.appendingPathComponent(t.fileName))
    }
    return dir
}

/// Appends bytes to a file.
func append(_ bytes: [UInt8], to url: URL) throws {
    let h = try FileHandle(forWritingTo: url)
    try h.seekToEnd()
    try h.write(contentsOf: Data(bytes))
    try h.close()
}

/// Replaces the first occurrence of `old` in a file of `dir`.
func edit(_ dir: URL, _ table: OlistTable, _ old: String, _ new: String) throws {
    let url = dir.appendingPathComponent(table.fileName)
    let text = try String(contentsOf: url, encoding: .utf8)
    let range = try #require(text.range(of: old))
    try text.replacingCharacters(in: range, with: new).write(to: url, atomically: true, encoding: .utf8)
}

@Suite(.serialized) struct CLITests {
    @Test func buildIsDeterministicAndComplete() throws {
        let a = Paths.temporary("out-a")
        let b = Paths.temporary("out-b")
        let templates = Paths.templates.path
        let r1 = try churnsite([
            "build", "--data", Paths.dataSample.path, "--out", a.path, "--templates", templates, "--quiet",
        ])
        #expect(r1.status == 0, "\(r1.stderr)")
        let r2 = try churnsite([
            "build", "--data", Paths.dataSample.path, "--out", b.path, "--templates", templates, "--quiet", "--threads",
            "1",
        ])
        #expect(r2.status == 0)
        let sa = snapshot(a)
        let sb = snapshot(b)
        #expect(sa.keys.sorted() == sb.keys.sorted())
        for key in sa.keys.sorted() { #expect(sa[key] == sb[key], "\(key) differs between runs") }
        for f in [
            "report.md", "index.html", "charts/revenue-monthly.svg", "tables/customer_rfm_data.csv",
            "tables/daily_sales.csv", "data/summary.json", "assets/style.css", "tables/sales_forecast.csv",
            "data/model.json", "charts/forecast.svg", "charts/forecast-weekly.svg", "charts/model-roc.svg",
            "charts/model-calibration.svg", "charts/model-importance.svg",
        ] {
            #expect(sa[f] != nil, "missing \(f)")
        }
        let rfm = String(decoding: sa["tables/customer_rfm_data.csv"]!, as: UTF8.self)
        #expect(rfm.hasPrefix("customer_unique_id,Recency,Frequency,Monetary,churned,"))
        #expect(rfm.split(separator: "\n")[0].hasSuffix(",segment,churn_probability,risk_level"))
        #expect(rfm.split(separator: "\n")[1].split(separator: ",", omittingEmptySubsequences: false).count == 14)
        #expect(String(decoding: sa["tables/daily_sales.csv"]!, as: UTF8.self).hasPrefix("date,revenue\n"))
        let html = String(decoding: sa["index.html"]!, as: UTF8.self)
        #expect(html.contains("<svg") && html.contains("role=\"img\""))
        #expect(!html.contains("raw HTML omitted"))
        // No leftovers of the atomic swap.
        let siblings = try FileManager.default.contentsOfDirectory(atPath: a.deletingLastPathComponent().path)
        #expect(!siblings.contains { $0.hasPrefix(".churnsite-staging-") && $0.contains(a.lastPathComponent) })
    }

    /// The site's files are written while the warehouse finishes; a warehouse that fails then
    /// (on one connection or two, on one thread or two) fails the build, leaves the previous site
    /// byte for byte, and leaves no staging, warehouse or spill folder beside it.
    @Test(arguments: [("1", false), ("2", false), ("2", true)])
    func warehouseFailingLastKeepsThePreviousSite(_ threads: String, _ split: Bool) throws {
        let parent = Paths.temporary("late-warehouse-failure-\(threads)-\(split)")
        let out = parent.appendingPathComponent("Output")
        let before = try previousSite(at: out)
        var environment = ["CHURNSITE_TEST_FAIL_WAREHOUSE_FINISH": "1"]
        if split { environment["CHURNSITE_TEST_SECOND_CONNECTION_FROM"] = "0" }
        let r = try churnsite(
            [
                "build", "--data", Paths.dataSample.path, "--out", out.path, "--templates", Paths.templates.path,
                "--quiet", "--threads", threads,
            ], environment: environment)
        #expect(r.status == 1, "\(r.status) \(r.stderr)")
        #expect(r.stderr.contains("SQLite warehouse failed"), "\(r.stderr)")
        #expect(snapshot(out) == before, "the previous output changed")
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["Output"])
    }

    /// `--timings` prints a table of every stage, its name whole and its figures in aligned
    /// columns, ending with the total, and records the stages before the write in
    /// data/build.json; without
    /// it there is no build.json (timings differ from run to run, the rest of the site does not).
    @Test func timingsTableNamesEveryStageWholeAndMatchesBuildJSON() throws {
        let out = Paths.temporary("out-timings")
        let r = try churnsite(
            [
                "build", "--data", Paths.dataSample.path, "--out", out.path, "--templates", Paths.templates.path,
                "--quiet", "--timings",
            ], environment: ["CHURNSITE_TEST_SECOND_CONNECTION_FROM": "0"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stderr.split(separator: "\n").map(String.init)
        guard let header = lines.firstIndex(where: { $0.hasPrefix("stage ") }),
            let total = lines.lastIndex(where: { $0.hasPrefix("total ") })
        else {
            Issue.record("no timings table in \(r.stderr)")
            return
        }
        let rows = lines[(header + 1)..<total]
        let end = lines[header].range(of: "seconds")!.upperBound.utf16Offset(in: lines[header])
        for line in rows + [lines[total]] {
            // Each row's seconds end under the header's "seconds", and its peak under "peak MB".
            let fields = line.split(separator: " ")
            #expect(fields.count >= 3, "\(line)")
            #expect(line.count == lines[header].count, "\(line)")
            let seconds = line.range(of: String(fields[fields.count - 2]), options: .backwards)!
            #expect(line.distance(from: line.startIndex, to: seconds.upperBound) == end, "\(line)")
        }
        let names = rows.map {
            $0.replacingOccurrences(of: #"\s+[0-9.]+\s+[0-9]+$"#, with: "", options: .regularExpression)
        }
        #expect(names.contains("warehouse (SQLite, second connection: orders, items, products)"), "\(names)")
        let json =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: out.appendingPathComponent("data/build.json"))) as? [String: Any]
        let recorded = (json?["stages"] as? [[String: Any]])?.compactMap { $0["stage"] as? String }
        // build.json is written during the last stage, the write, so it records every stage before it.
        #expect(names.last == "write")
        #expect(recorded == Array(names.dropLast()))

        let plain = Paths.temporary("out-no-timings")
        let q = try churnsite(
            [
                "build", "--data", Paths.dataSample.path, "--out", plain.path, "--templates", Paths.templates.path,
                "--quiet",
            ])
        #expect(q.status == 0, "\(q.stderr)")
        #expect(!FileManager.default.fileExists(atPath: plain.appendingPathComponent("data/build.json").path))
    }

    /// A second connection that fails before its first table, or its last, fails the build: the
    /// main connection, waiting for that table's file, stops with the same error rather than
    /// waiting for ever, and the previous site stays, with nothing left beside it.
    @Test(arguments: [("1", "0"), ("2", "0"), ("2", "2")])
    func secondConnectionFailingKeepsThePreviousSite(_ threads: String, _ table: String) throws {
        let parent = Paths.temporary("second-connection-failure-\(threads)-\(table)")
        let out = parent.appendingPathComponent("Output")
        let before = try previousSite(at: out)
        let r = try churnsite(
            [
                "build", "--data", Paths.dataSample.path, "--out", out.path, "--templates", Paths.templates.path,
                "--quiet", "--threads", threads,
            ],
            environment: [
                "CHURNSITE_TEST_SECOND_CONNECTION_FROM": "0", "CHURNSITE_TEST_FAIL_SECOND_CONNECTION_AT": table,
            ])
        #expect(r.status == 1, "\(r.status) \(r.stderr)")
        #expect(r.stderr.contains("SQLite warehouse failed (test hook, table \(table))"), "\(r.stderr)")
        #expect(snapshot(out) == before, "the previous output changed")
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["Output"])
    }

    /// From 256 MiB of input, orders, items and products load on a second SQLite connection, each
    /// into its own file, and are copied in among the main connection's tables. Forced on the
    /// sample, the build is the same whatever the thread count, the warehouse
    /// holds the same rows and schema as the one-connection build's, and every other file but
    /// the manifest (which holds the warehouse's hash) is the same.
    @Test func secondConnectionBuildIsDeterministicAndHoldsTheSameRows() throws {
        func build(_ name: String, threads: String, split: Bool) throws -> URL {
            let out = Paths.temporary(name)
            let r = try churnsite(
                [
                    "build", "--data", Paths.dataSample.path, "--out", out.path, "--templates", Paths.templates.path,
                    "--quiet", "--threads", threads,
                ], environment: split ? ["CHURNSITE_TEST_SECOND_CONNECTION_FROM": "0"] : [:])
            #expect(r.status == 0, "\(r.stderr)")
            return out
        }
        let one = try build("out-one-connection", threads: "2", split: false)
        let a = try build("out-two-connections-a", threads: "2", split: true)
        let b = try build("out-two-connections-b", threads: "1", split: true)
        let (so, sa, sb) = (snapshot(one), snapshot(a), snapshot(b))
        #expect(sa.keys.sorted() == sb.keys.sorted() && sa.keys.sorted() == so.keys.sorted())
        for key in sa.keys.sorted() {
            #expect(sa[key] == sb[key], "\(key) differs between 1 and 2 threads")
            if key != "warehouse.sqlite" && key != "manifest.json" { #expect(sa[key] == so[key], "\(key)") }
        }
        #expect(sa["warehouse.sqlite"] != so["warehouse.sqlite"], "the split load should lay the file out differently")
        let wa = a.appendingPathComponent("warehouse.sqlite").path
        let wo = one.appendingPathComponent("warehouse.sqlite").path
        let schema = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"
        #expect(try SQLiteWarehouse.query(schema, in: wa) == (try SQLiteWarehouse.query(schema, in: wo)))
        for row in try SQLiteWarehouse.query("SELECT name FROM sqlite_master WHERE type = 'table'", in: wo) {
            let sql = "SELECT rowid, * FROM \"\(row[0]!)\" ORDER BY rowid"
            #expect(try SQLiteWarehouse.query(sql, in: wa) == (try SQLiteWarehouse.query(sql, in: wo)), "\(row[0]!)")
        }
    }

    /// One way to break a copy of the sample data.
    enum Mutation {
        case delete
        case replace(String, String)
        case append(String)
        case bytes([UInt8])
    }

    static let id = "0123456789abcdef0123456789abcdef"
    static let order = "\(id),\"\(id)\",delivered,2017-10-02 10:56:33,,,,2017-10-18 00:00:00"

    /// Broken inputs: exit code 2, a message naming the file (and the line and column where there is
    /// one), and the output folder left exactly as it was.
    static let broken: [(name: String, table: OlistTable, mutation: Mutation, expect: [String])] = [
        (
            "missing file", .payments, .delete,
            ["olist_order_payments_dataset.csv", "olist_orders_dataset.csv", "9 Olist files"]
        ),
        (
            "missing column", .orders, .replace("\"order_purchase_timestamp\"", "\"purchase_ts\""),
            ["olist_orders_dataset.csv:1", "order_purchase_timestamp"]
        ),
        (
            "renamed header", .categoryTranslation, .replace("product_category_name_english", "english"),
            ["product_category_name_translation.csv:1", "product_category_name_english"]
        ),
        (
            "column named twice", .sellers, .replace("\"seller_city\"", "\"seller_zip_code_prefix\""),
            ["olist_sellers_dataset.csv:1:", "twice"]
        ),
        (
            "bad timestamp", .orders, .append("\(id),\"\(id)\",delivered,2017-13-01 10:00:00,,,,2017-12-01 00:00:00\n"),
            ["olist_orders_dataset.csv:5002:", "order_purchase_timestamp", "yyyy-MM-dd HH:mm:ss", "2017-13-01"]
        ),
        (
            "impossible date", .orders,
            .append("\(id),\"\(id)\",delivered,2017-10-02 10:00:00,,,,2017-02-30 00:00:00\n"),
            ["olist_orders_dataset.csv:5002:", "order_estimated_delivery_date", "2017-02-30"]
        ),
        (
            "missing purchase time", .orders, .append("\(id),\"\(id)\",delivered,,,,,2017-12-01 00:00:00\n"),
            ["olist_orders_dataset.csv:5002:", "order_purchase_timestamp", "required"]
        ),
        (
            "bad status", .orders,
            .append("\(id),\"\(id)\",lost_in_space,2017-10-02 10:00:00,,,,2017-12-01 00:00:00\n"),
            ["olist_orders_dataset.csv:5002:", "order_status", "delivered"]
        ),
        (
            "duplicate order id", .orders, .append(order + "\n" + order + "\n"),
            ["olist_orders_dataset.csv:5003:1", "order_id", "unique"]
        ),
        (
            "bad installments", .payments, .append("\(id),1,credit_card,x,10.00\n"),
            ["olist_order_payments_dataset.csv:", ":", "payment_installments"]
        ),
        (
            "bad money", .payments, .append("\(id),1,credit_card,1,12,50\n"),
            ["olist_order_payments_dataset.csv:", "fields"]
        ),
        (
            "empty money", .payments, .append("\(id),1,credit_card,1,\n"),
            ["olist_order_payments_dataset.csv:", "payment_value", "required"]
        ),
        (
            "fractional item number", .orderItems, .append("\(id),1.5,\(id),\(id),2017-10-02 10:00:00,1.00,1.00\n"),
            ["olist_order_items_dataset.csv:", "order_item_id", "whole number"]
        ),
        (
            "unterminated quote", .reviews, .append("abc,\"def\n"),
            ["olist_order_reviews_dataset.csv:", ":5", "unterminated"]
        ),
        (
            "quote inside a field", .sellers, .append("\(id),\"01009\",sa\"o paulo,SP\n"),
            ["olist_sellers_dataset.csv:", "quote inside an unquoted field"]
        ),
        (
            "text after a closing quote", .sellers, .append("\(id),\"01009\"x,sao paulo,SP\n"),
            ["olist_sellers_dataset.csv:", "closing quote"]
        ),
        (
            "review score out of range", .reviews, .append("\(id),\(id),7,,,2018-01-01 00:00:00,2018-01-02 00:00:00\n"),
            ["olist_order_reviews_dataset.csv:", "review_score", "1 to 5"]
        ),
        (
            "review score not a number", .reviews,
            .append("\(id),\(id),five,,,2018-01-01 00:00:00,2018-01-02 00:00:00\n"),
            ["olist_order_reviews_dataset.csv:", "review_score", "five"]
        ),
        (
            "bad id", .customers, .append("notanid,\(id),\"01009\",sao paulo,SP\n"),
            ["olist_customers_dataset.csv:5002:1", "customer_id", "hexadecimal", "notanid"]
        ),
        (
            "uppercase id", .customers, .append("\(id.uppercased()),\(id),\"01009\",sao paulo,SP\n"),
            ["olist_customers_dataset.csv:5002:1", "customer_id"]
        ),
        (
            "bad zip", .customers, .append("\(id),\(id),\"0A009\",sao paulo,SP\n"),
            ["olist_customers_dataset.csv:5002:", "customer_zip_code_prefix", "0A009"]
        ),
        (
            "bad state", .sellers, .append("\(id),\"01009\",sao paulo,sp\n"),
            ["olist_sellers_dataset.csv:", "seller_state", "two-letter"]
        ),
        (
            "bad latitude", .geolocation, .append("\"01009\",north,-46.6,sao paulo,SP\n"),
            ["olist_geolocation_dataset.csv:", "geolocation_lat", "north"]
        ),
        (
            "duplicate product id", .products,
            .append("\(id),perfumaria,1,1,1,1,1,1,1\n\(id),perfumaria,1,1,1,1,1,1,1\n"),
            ["olist_products_dataset.csv:", "product_id", "unique"]
        ),
        ("too few fields", .sellers, .append("abc\n"), ["olist_sellers_dataset.csv:", ":1", "fields"]),
        (
            "too many fields", .sellers, .append("\(id),\"01009\",sao paulo,SP,extra\n"),
            ["olist_sellers_dataset.csv:", "expected 4 fields"]
        ),
        (
            "invalid UTF-8", .sellers,
            .bytes(Array("\(id),\"01009\",s".utf8) + [0xFF, 0xFE] + Array("o paulo,SP\n".utf8)),
            ["olist_sellers_dataset.csv:", "seller_city", "UTF-8"]
        ),
        ("header only", .orders, .replace("", ""), ["olist_orders_dataset.csv:2", "no rows"]),
        ("empty file", .products, .replace("", ""), ["olist_products_dataset.csv:1", "empty"]),
    ]

    @Test(arguments: broken.map(\.name))
    func badInputFailsCleanly(_ name: String) throws {
        let c = Self.broken.first { $0.name == name }!
        let data = try sampleCopy()
        let url = data.appendingPathComponent(c.table.fileName)
        switch c.mutation {
        case .delete: try FileManager.default.removeItem(at: url)
        case .replace(let old, let new) where old.isEmpty:
            // "header only" keeps the first line; "empty file" keeps nothing.
            let text = try String(contentsOf: url, encoding: .utf8)
            let kept = name == "empty file" ? "" : String(text.prefix { $0 != "\n" }) + "\n"
            try kept.write(to: url, atomically: true, encoding: .utf8)
            _ = new
        case .replace(let old, let new): try edit(data, c.table, old, new)
        case .append(let text): try append(Array(text.utf8), to: url)
        case .bytes(let bytes): try append(bytes, to: url)
        }
        let out = Paths.temporary("out-keep")
        let before = try previousSite(at: out)
        let r = try churnsite(["build", "--data", data.path, "--out", out.path, "--templates", Paths.templates.path])
        #expect(r.status == 2, "exit status for \(name): \(r.status) \(r.stderr)")
        #expect(r.stderr.contains("error: "))
        for fragment in c.expect { #expect(r.stderr.contains(fragment), "\(name): \(fragment) not in \(r.stderr)") }
        #expect(snapshot(out) == before, "the previous output changed")
    }

    @Test func badAsOfIsAUsageError() throws {
        let r = try churnsite(["build", "--as-of", "yesterday"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--as-of"))
    }

    @Test func sampleCommandWritesNineFiles() throws {
        let dir = Paths.temporary("cli-sample")
        let r = try churnsite(["sample", "--out", dir.path, "--orders", "300", "--seed", "1", "--quiet"])
        #expect(r.status == 0)
        for t in OlistTable.allCases {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(t.fileName).path))
        }
    }
}

@Suite struct ForecastOutputTests {
    @Test func salesForecastTableHasHistoryAndHalfAYearAhead() throws {
        let out = Paths.temporary("forecast-site")
        let r = try churnsite([
            "build", "--data", Paths.dataSample.path, "--out", out.path, "--templates", Paths.templates.path, "--quiet",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = try readText(out.appendingPathComponent("tables/sales_forecast.csv")).split(separator: "\n")
        #expect(lines.first == "ds,yhat,yhat_lower,yhat_upper,yhat_lower_95,yhat_upper_95")
        let rows = lines.dropFirst().map { $0.split(separator: ",").map(String.init) }
        let report = try readText(out.appendingPathComponent("report.md"))
        // The span ends on the day before the first forecast day; 180 days follow it.
        let last = try #require(rows.last?.first)
        #expect(
            report.contains("## Sales forecast")
                && !report.contains("Not available in this build: the revenue forecast"))
        for row in rows {
            let v = row.dropFirst().map { Double($0)! }
            #expect(v.allSatisfy { $0 >= 0 })
            #expect(v[3] <= v[1] && v[1] <= v[0] + 1e-9 || v[0] == 0, "80% band of \(row[0])")
            #expect(v[1] >= v[3] && v[2] <= v[4], "95% band contains 80% band on \(row[0])")
        }
        #expect(rows.count > 180 && last > "2019-01-01")
    }
}

@Suite struct InterruptTests {
    /// Kills a build while its finished site waits in the staging folder: the previous output stays
    /// byte for byte, and no temporary folder is left.
    @Test(arguments: [(SIGTERM, Int32(143)), (SIGINT, Int32(130))])
    func interruptedBuildKeepsThePreviousSite(_ signalNumber: Int32, _ exitCode: Int32) throws {
        let parent = Paths.temporary("interrupt")
        let out = parent.appendingPathComponent("Output")
        let before = try previousSite(at: out)
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "churnsite")
        let p = Process()
        p.executableURL =
            FileManager.default.fileExists(atPath: exe.path)
            ? exe : Paths.root.appendingPathComponent(".build/debug/churnsite")
        p.arguments = [
            "build", "--data", Paths.dataSample.path, "--out", out.path, "--templates", Paths.templates.path, "--quiet",
        ]
        var env = ProcessInfo.processInfo.environment
        env["CHURNSITE_TEST_PAUSE_BEFORE_SWAP"] = "30"
        p.environment = env
        p.standardError = FileHandle.nullDevice
        try p.run()
        let staging = parent.appendingPathComponent(".churnsite-staging-Output-\(p.processIdentifier)")
        var waited = 0
        // tables/ sorts last among the staged files: once its forecast is there, the build is paused.
        while !FileManager.default.fileExists(atPath: staging.appendingPathComponent("tables/sales_forecast.csv").path)
            && waited < 1200
        {
            usleep(100_000)
            waited += 1
        }
        #expect(FileManager.default.fileExists(atPath: staging.path), "the build never reached the swap")
        kill(p.processIdentifier, signalNumber)
        p.waitUntilExit()
        #expect(p.terminationStatus == exitCode)
        #expect(snapshot(out) == before)
        let left = try FileManager.default.contentsOfDirectory(atPath: parent.path)
        #expect(left == ["Output"], "left behind: \(left)")
    }
}

@Suite struct VerifyTests {
    @Test func verifyPassesUntouchedAndNamesAChangedFile() throws {
        let out = Paths.temporary("verify").appendingPathComponent("Output")
        let r = try churnsite([
            "build", "--data", Paths.dataSample.path, "--out", out.path, "--templates", Paths.templates.path, "--quiet",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let manifest = try readText(out.appendingPathComponent("manifest.json"))
        #expect(manifest.contains("\"olist_orders_dataset.csv\"") && manifest.contains("\"report.md\""))
        let ok = try churnsite(["verify", out.path])
        #expect(ok.status == 0, "\(ok.stdout) \(ok.stderr)")
        // One byte of one output changed.
        let h = try FileHandle(forWritingTo: out.appendingPathComponent("tables/daily_sales.csv"))
        try h.seekToEnd()
        try h.write(contentsOf: Data("x".utf8))
        try h.close()
        let bad = try churnsite(["verify", out.path])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("tables/daily_sales.csv"))
        #expect(!bad.stdout.contains("report.md"))
    }
}
