import Charts
import CivilDate
import Foundation
import OlistData
import Testing

@testable import ChurnsiteCLI

/// Two runs of the same shop, the second with 31 more days of orders: the "since the previous run"
/// figures are recomputed here from the two sites' files and must match the report.
@Suite(.serialized) struct ComparisonTests {
    static let runs: (old: URL, new: URL) = {
        let d1 = Paths.temporary("cmp-data1")
        let d2 = Paths.temporary("cmp-data2")
        var g = SampleGenerator(orders: 3000, seed: 5)
        try! g.write(to: d2.path)
        g.lastDay = CivilDateShim.date("2018-07-31")
        try! g.write(to: d1.path)
        let o1 = Paths.temporary("cmp-out1").appendingPathComponent("Output")
        let o2 = Paths.temporary("cmp-out2").appendingPathComponent("Output")
        for (d, o, extra) in [(d1, o1, ["--previous", "none"]), (d2, o2, ["--previous", o1.path])] {
            let r = try! churnsite(
                [
                    "build", "--data", d.path, "--out", o.path, "--templates", Paths.templates.path, "--quiet",
                    "--warehouse", "none",
                ] + extra)
            precondition(r.status == 0, r.stderr)
        }
        return (o1, o2)
    }()

    static func rows(_ url: URL) -> [[String]] {
        try! readText(url).split(separator: "\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }

    @Test func secondDatasetExtendsTheFirst() throws {
        let old = Self.rows(Self.runs.old.appendingPathComponent("tables/daily_sales.csv"))
        let new = Self.rows(Self.runs.new.appendingPathComponent("tables/daily_sales.csv"))
        #expect(Array(new.prefix(old.count - 1)) == Array(old.prefix(old.count - 1)))
        #expect(new.count > old.count + 20)
    }

    @Test func kpiDeltasMatch() throws {
        let report = try readText(Self.runs.new.appendingPathComponent("report.md"))
        func kpis(_ u: URL) throws -> [String: Any] {
            (try JSONSerialization.jsonObject(with: Data(contentsOf: u.appendingPathComponent("data/summary.json")))
                as! [String: Any])["kpis"] as! [String: Any]
        }
        let a = try kpis(Self.runs.old)
        let b = try kpis(Self.runs.new)
        let ra = (a["revenue"] as! NSNumber).doubleValue
        let rb = (b["revenue"] as! NSNumber).doubleValue
        let oa = a["orders"] as! Int
        let ob = b["orders"] as! Int
        #expect(report.contains("| Revenue | BRL \(fmt(ra)) | BRL \(fmt(rb)) | +BRL \(fmt(rb - ra)) |"))
        #expect(report.contains("| Orders | \(int(oa)) | \(int(ob)) | +\(int(ob - oa)) |"))
    }

    @Test func segmentMigrationsMatch() throws {
        let old = Dictionary(
            uniqueKeysWithValues: Self.rows(Self.runs.old.appendingPathComponent("tables/customer_rfm_data.csv")).map {
                ($0[0], $0[11])
            })
        let new = Self.rows(Self.runs.new.appendingPathComponent("tables/customer_rfm_data.csv")).map {
            ($0[0], $0[11])
        }
        let moved = new.filter { old[$0.0] != nil && old[$0.0] != $0.1 }.count
        let fresh = new.filter { old[$0.0] == nil }.count
        let report = try readText(Self.runs.new.appendingPathComponent("report.md"))
        #expect(report.contains("\(int(moved)) customers changed segment; \(int(fresh)) are new."))
        #expect(fresh > 0 && moved > 0)
        // One cell of the matrix: previous Champions who are Champions now.
        let stay = new.filter { old[$0.0] == "Champions" && $0.1 == "Champions" }.count
        if stay > 0 {
            let line = report.split(separator: "\n").first { $0.hasPrefix("| Champions |") && !$0.contains("BRL") }
            #expect(line?.contains("| \(int(stay)) ") == true || line?.hasSuffix("| \(int(stay)) |") == true)
        }
    }

    @Test func highRiskChangesMatch() throws {
        func risks(_ url: URL) -> [String: (risk: String, p: Double, monetary: Double, segment: String)] {
            Dictionary(
                uniqueKeysWithValues: Self.rows(url.appendingPathComponent("tables/customer_rfm_data.csv")).map {
                    ($0[0], ($0[13], Double($0[12]) ?? 0, Double($0[3])!, $0[11]))
                })
        }
        let old = risks(Self.runs.old)
        let new = risks(Self.runs.new)
        let joined = new.filter { $0.value.risk == "High" && old[$0.key]?.risk != "High" }
        let arrived = joined.filter { old[$0.key] == nil }.count
        let left = old.filter { $0.value.risk == "High" && new[$0.key]?.risk != "High" }.count
        let report = try readText(Self.runs.new.appendingPathComponent("report.md"))
        #expect(
            report.contains(
                "\(int(joined.count)) customers are newly at High risk (\(int(arrived)) of them new customers); \(int(left)) are no longer at High risk."
            ))
        #expect(!joined.isEmpty)
        // The table's first row: the highest expected loss (probability × spend), ties by id.
        let top = joined.max {
            $0.value.p * $0.value.monetary != $1.value.p * $1.value.monetary
                ? $0.value.p * $0.value.monetary < $1.value.p * $1.value.monetary : $0.key > $1.key
        }!
        let header = "| Newly at High risk | Segment | Spent (BRL) | Churn probability |\n| --- | --- | ---: | ---: |\n"
        #expect(
            report.contains(
                header
                    + "| [\(top.key)](customers.html?id=\(top.key)) | \(top.value.segment) | \(fmt(top.value.monetary)) | \(Charts.Format.number(top.value.p, decimals: 3)) |"
            ))
    }

    @Test func previousForecastAgainstActualMatches() throws {
        let summary =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: Self.runs.old.appendingPathComponent("data/summary.json"))) as! [String: Any]
        let spanEnd = (summary["forecast"] as! [String: Any])["span_end"] as! String
        let actual = Dictionary(
            uniqueKeysWithValues: Self.rows(Self.runs.new.appendingPathComponent("tables/daily_sales.csv")).map {
                ($0[0], Double($0[1])!)
            })
        let last = actual.keys.max()!
        let days = Self.rows(Self.runs.old.appendingPathComponent("tables/sales_forecast.csv")).filter {
            $0[0] > spanEnd && $0[0] <= last
        }
        #expect(!days.isEmpty)
        let mae = days.reduce(0.0) { $0 + abs((actual[$1[0]] ?? 0) - Double($1[1])!) } / Double(days.count)
        let in80 = days.filter {
            let y = actual[$0[0]] ?? 0
            return y >= Double($0[2])! && y <= Double($0[3])!
        }.count
        let report = try readText(Self.runs.new.appendingPathComponent("report.md"))
        #expect(report.contains("\(days.count) days of the previous forecast have happened"))
        #expect(report.contains("mean absolute error BRL \(fmt(mae))"))
        #expect(report.contains("\(pct(Double(in80) / Double(days.count))) of days fell within the 80% band"))
    }

    @Test func diffCommandPrintsTheSameComparison() throws {
        let r = try churnsite(["diff", Self.runs.old.path, Self.runs.new.path])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try readText(Self.runs.new.appendingPathComponent("report.md"))
        let section = report.components(separatedBy: "## Since the previous run\n")[1].components(separatedBy: "\n## ")[
            0]
        #expect(
            r.stdout.contains(
                section.trimmingCharacters(in: .whitespacesAndNewlines).components(separatedBy: "\n").dropFirst(2)
                    .joined(separator: "\n")))
        #expect(r.stdout.contains("### Model drift") && r.stdout.contains("Population stability index"))
    }

    @Test func aComparedBuildStillVerifies() throws {
        let r = try churnsite(["verify", Self.runs.new.path])
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
    }

    func fmt(_ v: Double) -> String { Charts.Format.number(v) }
    func int(_ v: Int) -> String { Charts.Format.integer(v) }
    func pct(_ v: Double) -> String { Charts.Format.percent(v) }
}

enum CivilDateShim {
    static func date(_ s: String) -> CivilDate { CivilDate(iso: s)! }
}

/// The customer tables merge in id order; one out of order, or repeating an id (which no build
/// writes), is sorted first, its last row counting, as a lookup table would.
@Suite struct ComparisonMergeTests {
    static func table(_ rows: [(String, String, String)]) -> Data {
        let header =
            "customer_unique_id,Recency,Frequency,Monetary,churned,first_purchase,last_purchase,customer_state,r_score,f_score,m_score,segment,churn_probability,risk_level\n"
        return Data(
            (header
                + rows.map {
                    "\($0.0),10,1,100.00,0,2018-01-01 00:00:00,2018-01-01 00:00:00,SP,3,1,3,\($0.1),0.5,\($0.2)\n"
                }
                .joined()).utf8)
    }

    @Test func outOfOrderAndRepeatedIdsCountAsALookupWould() throws {
        let old = Self.table([
            ("c", "Lost", "High"), ("a", "Champions", "Low"), ("b", "Loyal", "High"), ("a", "Loyal", "Low"),
            ("e", "Not a segment", "High"), ("f", "Other A", "Low"), ("g", "Other B", "Low"),
        ])
        let new = Self.table([
            ("a", "Loyal", "Low"), ("b", "Lost", "Low"), ("d", "New", "High"), ("e", "Lost", "High"),
            ("g", "Other B", "Low"),
        ])
        let comparison = RunComparison(
            old: { $0 == "tables/customer_rfm_data.csv" ? old : nil },
            new: { $0 == "tables/customer_rfm_data.csv" ? new : nil })
        let lines = try comparison.migrations()
        // a stays Loyal (its last old row), b moves Loyal → Lost, d is new, e moves from a name
        // that is no segment (no row of its own) to Lost; g keeps a name that is no segment either,
        // another than e's, so it has not moved.
        #expect(lines.contains("| Previous \\ Now | Loyal | New | Lost |"))
        #expect(lines.contains("| Loyal | 1 | 0 | 1 |"))
        #expect(lines.contains("| New customer | 0 | 1 | 0 |"))
        #expect(!lines.contains { $0.hasPrefix("| Not a segment") })
        #expect(lines.contains("2 customers changed segment; 1 are new."))
        // Newly High: d (new). No longer High: b, and c, which is gone.
        #expect(
            lines.contains(
                "1 customers are newly at High risk (1 of them new customers); 2 are no longer at High risk."))
    }
}
