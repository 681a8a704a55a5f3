import Foundation
import OlistData
import Testing

/// Runs the built `churnsite` binary.
func churnsite(_ arguments: [String], in directory: URL = Paths.root) throws -> (
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
        #expect(String(decoding: sa["tables/daily_sales.csv"]!, as: UTF8.self).hasPrefix("date,revenue\n"))
        let html = String(decoding: sa["index.html"]!, as: UTF8.self)
        #expect(html.contains("<svg") && html.contains("role=\"img\""))
        #expect(!html.contains("raw HTML omitted"))
        // No leftovers of the atomic swap.
        let siblings = try FileManager.default.contentsOfDirectory(atPath: a.deletingLastPathComponent().path)
        #expect(!siblings.contains { $0.hasPrefix(".churnsite-staging-") && $0.contains(a.lastPathComponent) })
    }

    /// Broken inputs: the exit code is 2, the message names the place, and the output is untouched.
    static let broken: [(name: String, table: OlistTable?, old: String, new: String, expect: [String])] = [
        (
            "missing file", .payments, "", "",
            ["olist_order_payments_dataset.csv", "olist_orders_dataset.csv", "9 Olist files"]
        ),
        (
            "missing column", .orders, "\"order_purchase_timestamp\"", "\"purchase_ts\"",
            ["olist_orders_dataset.csv:1", "order_purchase_timestamp"]
        ),
        (
            "bad timestamp", .orders, "<EOF>",
            "0123456789abcdef0123456789abcdef,\"0123456789abcdef0123456789abcdef\",delivered,2017-13-01 10:00:00,,,,2017-12-01 00:00:00\n",
            ["olist_orders_dataset.csv:5002:", "order_purchase_timestamp", "yyyy-MM-dd HH:mm:ss", "2017-13-01"]
        ),
        (
            "bad money", .payments, ",credit_card,", ",credit_card,x",
            ["olist_order_payments_dataset.csv:", "payment_installments"]
        ),
        (
            "unterminated quote", .reviews, "<EOF>", "abc,\"def\n",
            ["olist_order_reviews_dataset.csv:", ":5", "unterminated"]
        ),
        (
            "bad id", .customers, "<EOF>", "notanid,0123456789abcdef0123456789abcdef,\"01009\",sao paulo,SP\n",
            ["olist_customers_dataset.csv:5002:1", "customer_id", "hexadecimal", "notanid"]
        ),
        (
            "bad status", .orders, "delivered", "lost_in_space",
            ["olist_orders_dataset.csv:", "order_status", "delivered"]
        ),
        ("too few fields", .sellers, "\n", "\nabc\n", ["olist_sellers_dataset.csv:2:1", "fields"]),
    ]

    @Test(arguments: broken.map(\.name))
    func badInputFailsCleanly(_ name: String) throws {
        let c = Self.broken.first { $0.name == name }!
        let data = try sampleCopy()
        if let t = c.table {
            if c.old.isEmpty {
                try FileManager.default.removeItem(at: data.appendingPathComponent(t.fileName))
            } else if c.old == "<EOF>" {
                let h = try FileHandle(forWritingTo: data.appendingPathComponent(t.fileName))
                try h.seekToEnd()
                try h.write(contentsOf: Data(c.new.utf8))
                try h.close()
            } else {
                try edit(data, t, c.old, c.new)
            }
        }
        let out = Paths.temporary("out-keep")
        try "previous site".write(to: out.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        let before = snapshot(out)
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
