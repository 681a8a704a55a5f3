import Analytics
import Charts
import Foundation
import Hashing
import OlistData
import Site
import Testing

@Suite(.serialized) struct SiteTests {
    static let site: URL = {
        let out = Paths.temporary("site")
        let r = try! churnsite([
            "build", "--data", Paths.dataSample.path, "--out", out.path, "--templates", Paths.templates.path, "--quiet",
            "--warehouse", "none",
        ])
        precondition(r.status == 0, r.stderr)
        return out
    }()

    @Test func selfContainedLinkedAndAccessible() {
        let problems = SiteChecks.problems(in: Self.site)
        #expect(problems.isEmpty, "\(problems.prefix(20).joined(separator: "\n"))")
        let files = snapshot(Self.site)
        #expect(files.keys.contains { $0.hasPrefix("segments/") && $0.hasSuffix(".html") })
        #expect(files.keys.contains { $0.hasPrefix("states/") && $0.hasSuffix(".md") })
        #expect(files["customers.html"] != nil && files["assets/lookup.js"] != nil && files["data/model.js"] != nil)
    }

    /// Each segment page's figures against the customer table: its customers, their orders
    /// (Frequency), the shares of repeat and churned customers, revenue (Monetary) and its months;
    /// each state page's customers and churn, counted by the customers' states.
    @Test func drillDownFiguresMatchTheCustomerTable() throws {
        let rows = try readText(Self.site.appendingPathComponent("tables/customer_rfm_data.csv"))
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        func kpi(_ page: String, _ name: String) throws -> String {
            let text = try readText(Self.site.appendingPathComponent(page))
            let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("| \(name) | ") })
            return String(line.dropFirst(name.count + 5).dropLast(2))
        }
        func percent(_ part: Int, _ whole: Int) -> String {
            Charts.Format.percent(Double(part) / Double(whole), decimals: 2)
        }
        var checked = 0
        for (segment, members) in Dictionary(grouping: rows, by: { String($0[11]) }) {
            let page = "segments/\(Segment(rawValue: segment)!.slug).md"
            let orders = members.reduce(0) { $0 + Int($1[2])! }
            #expect(try kpi(page, "Customers") == Charts.Format.integer(members.count))
            #expect(try kpi(page, "Orders") == Charts.Format.integer(orders))
            #expect(
                try kpi(page, "Repeat-customer rate")
                    == percent(members.filter { Int($0[2])! >= 2 }.count, members.count))
            #expect(
                try kpi(page, "Churn rate (no order for 180 days)")
                    == percent(members.filter { $0[4] == "1" }.count, members.count))
            let revenue = members.reduce(0.0) { $0 + Double($1[3])! }
            let shown = Double(try kpi(page, "Revenue").dropFirst(4).replacingOccurrences(of: ",", with: ""))!
            #expect(abs(shown - revenue) < 0.01 + 1e-9 * revenue, "\(page): \(shown) against \(revenue)")
            // The months' rows add up to the revenue.
            let text = try readText(Self.site.appendingPathComponent(page))
            let months = text.split(separator: "\n").filter {
                $0.range(of: #"^\| \d{4}-\d{2} \| "#, options: .regularExpression) != nil
            }
            let byMonth = months.reduce(0.0) {
                $0 + Double(
                    $1.split(separator: "|")[1].trimmingCharacters(in: .whitespaces).replacingOccurrences(
                        of: ",", with: ""))!
            }
            #expect(!months.isEmpty && abs(byMonth - revenue) < 0.01 * Double(months.count) + 0.01, "\(page)")
            checked += 1
        }
        for (state, members) in Dictionary(grouping: rows, by: { String($0[7]) }) {
            let page = "states/\(state).md"
            #expect(try kpi(page, "Customers") == Charts.Format.integer(members.count))
            #expect(
                try kpi(page, "Churn rate (no order for 180 days)")
                    == percent(members.filter { $0[4] == "1" }.count, members.count))
            checked += 1
        }
        #expect(checked > 10)
    }

    @Test func customerShardsAreSmallAndComplete() throws {
        let files = snapshot(Self.site)
        let shards = files.filter { $0.key.hasPrefix("data/customers/") && $0.key.hasSuffix(".json") }
        #expect(!shards.isEmpty)
        #expect(shards.values.allSatisfy { $0.count < 64_000 })
        var ids = Set<String>()
        for (_, data) in shards {
            let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
            ids.formUnion(object.keys)
        }
        let table = try readText(Self.site.appendingPathComponent("tables/customer_rfm_data.csv")).split(
            separator: "\n"
        ).dropFirst()
        #expect(ids == Set(table.map { String($0.prefix(32)) }))
        #expect(ids.allSatisfy { $0.range(of: "^[0-9a-f]{32}$", options: .regularExpression) != nil })
    }

    @Test func reportMarkdownHasEverySection() throws {
        let md = try readText(Self.site.appendingPathComponent("report.md"))
        for heading in [
            "## Executive summary", "## Revenue trend", "## Sales forecast", "## Customer segments", "## Geography",
            "## Churn model", "## Data quality",
        ] {
            #expect(md.contains(heading), "\(heading)")
        }
        #expect(!md.contains("Not available"))
        // Diff-friendly: no wall-clock time, and one KPI per line.
        #expect(md.split(separator: "\n").filter { $0.hasPrefix("| Revenue |") }.count == 1)
    }
}

@Suite struct SiteChecksTests {
    /// The checker itself must catch each kind of problem.
    @Test func findsBrokenLinksExternalURLsAndInaccessibleCharts() throws {
        let dir = Paths.temporary("badsite")
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("states"), withIntermediateDirectories: true)
        try """
        <a href="states/SP.html">ok</a><a href="missing.html">broken</a>
        <img src="https://cdn.example/x.png"><svg viewBox="0 0 1 1"><title id="a">t</title></svg>
        """.write(to: dir.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        try #"<a href="../index.html?x=1#top">back</a>"#.write(
            to: dir.appendingPathComponent("states/SP.html"), atomically: true, encoding: .utf8)
        let problems = SiteChecks.problems(in: dir)
        #expect(problems.contains { $0.contains("broken link missing.html") })
        #expect(problems.contains { $0.contains("external reference https://cdn.example") })
        #expect(problems.contains { $0.contains("without role=img") })
        #expect(problems.contains { $0.contains("descriptions") })
        #expect(!problems.contains { $0.contains("states/SP.html") })
    }
}

/// Files written piece by piece (the customer index and table) rather than held in memory.
@Suite struct FileOutputTests {
    /// On disk or in memory, across many flushes: the same bytes and digest, and the writer moves
    /// the spilled file into the site and leaves nothing in the spill folder.
    @Test func spilledFilesEqualFilesKeptInMemory() throws {
        let parent = Paths.temporary("spill")
        let out = parent.appendingPathComponent("Output").path
        let spill = SiteWriter.sideFolder("files", besides: out)
        let onDisk = try FileOutput("tables/big.csv", in: spill)
        let inMemory = try FileOutput("tables/big.csv", in: nil)
        var expected = ""
        for i in 0..<120_000 {
            let line = "\(i),é,\(String(repeating: "x", count: i % 37))\n"
            onDisk.write(line)
            inMemory.write(line)
            expected += line
        }
        var a = SiteFiles()
        try a.add("tables/big.csv", onDisk)
        var b = SiteFiles()
        try b.add("tables/big.csv", inMemory)
        #expect(Array(expected.utf8).count > 2 * FileOutput.chunk)
        #expect(a.bytes("tables/big.csv") == Array(expected.utf8))
        #expect(a.sha256("tables/big.csv") == b.sha256("tables/big.csv"))
        #expect(a.sha256("tables/big.csv") == SHA256.hex(Array(expected.utf8)))
        a.add("index.html", "<p>hi</p>\n")
        try SiteWriter.write(a, to: out)
        #expect(try readText(URL(fileURLWithPath: out).appendingPathComponent("tables/big.csv")) == expected)
        #expect(!FileManager.default.fileExists(atPath: spill.appendingPathComponent("tables/big.csv").path))
    }
}

@Suite struct HeadingAnchorTests {
    @Test func everyH2AndH3GetsAnIdInDocumentOrder() {
        let html = HTMLPage.body(
            markdown: """
                ### First *detail*

                ## Sales & returns

                ### Backtest

                ## Sales & returns

                ### Backtest

                #### Not linked
                """, charts: [:])
        let ids = html.components(separatedBy: " id=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(ids == ["first-detail", "sales-and-returns", "backtest", "sales-and-returns-2", "backtest-2"])
        #expect(html.contains("<h3 id=\"first-detail\">First <em>detail</em></h3>"))
        #expect(html.contains("<h4>Not linked</h4>"))
    }
}

@Suite struct LookupHistogramTests {
    /// Orders and days are whole numbers: their histograms have whole-number bins (no bar mixes
    /// one and two orders, no tick at 0.47); money keeps its round upper bound.
    @Test func wholeNumberHistogramsHaveWholeBins() throws {
        let page = try readText(SiteTests.site.appendingPathComponent("customers.html"))
        func ranges(_ id: String) -> [(Double, Double)] {
            let start = page.range(of: "id=\"\(id)-title\"")!.upperBound
            let svg = page[start..<page.range(of: "</svg>", range: start..<page.endIndex)!.lowerBound]
            return svg.components(separatedBy: "<title>").dropFirst().compactMap { t in
                let range = t.prefix { $0 != ":" }.split(separator: "–")
                guard range.count == 2, let a = Double(range[0]), let b = Double(range[1]) else { return nil }
                return (a, b)
            }
        }
        for id in ["hist-frequency", "hist-recency"] {
            let bins = ranges(id)
            #expect(!bins.isEmpty && bins.count <= 30, "\(id)")
            #expect(bins.allSatisfy { $0.0 == $0.0.rounded() && $0.1 == $0.1.rounded() }, "\(id): \(bins)")
        }
        #expect(ranges("hist-frequency").map(\.0) == [0, 1, 2])
        // Money: 32 bins, and the axis labels are round numbers, evenly spaced from 0.
        #expect(ranges("hist-monetary").count == 32)
        let start = page.range(of: "id=\"hist-monetary-title\"")!.upperBound
        let svg = String(page[start..<page.range(of: "</svg>", range: start..<page.endIndex)!.lowerBound])
        let labels = svg.components(separatedBy: "anchor=\"middle\"").dropFirst().compactMap { part -> Double? in
            guard let open = part.firstIndex(of: ">"), let close = part.firstIndex(of: "<") else { return nil }
            // Format.compact: 1500 reads "1.5k".
            let text = part[part.index(after: open)..<close]
            return text.hasSuffix("k") ? Double(text.dropLast()).map { $0 * 1000 } : Double(text)
        }
        #expect(labels.count == 5, "\(labels)")
        #expect(labels.first == 0 && labels.last! > 0, "\(labels)")
        #expect(labels.indices.allSatisfy { labels[$0] == labels[1] * Double($0) }, "\(labels)")
        #expect(
            [1.0, 1.5, 2, 2.5, 3, 4, 5, 6, 8].contains { step in
                (0...6).contains { e in labels[1] == step * [1.0, 10, 100, 1000, 1e4, 1e5, 1e6][e] }
            }, "\(labels)")
    }

    /// Round steps: the first of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten that reaches the value.
    @Test func roundStepsReachTheValue() {
        #expect(Ticks.roundStep(atLeast: 186.67) == 200)
        #expect(Ticks.roundStep(atLeast: 1000) == 1000)
        #expect(Ticks.roundStep(atLeast: 1001) == 1500)
        #expect(Ticks.roundStep(atLeast: 7) == 8)
        #expect(Ticks.roundStep(atLeast: 8.5) == 10)
        #expect(Ticks.roundStep(atLeast: 0.26) == 0.3)
        #expect(Ticks.roundStep(atLeast: 0) == 1)
        #expect(Ticks.roundStep(atLeast: .nan) == 1)
    }
}
