import Foundation
import OlistData
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
