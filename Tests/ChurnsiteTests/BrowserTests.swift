import ChurnModel
import Foundation
import OlistData
import Site
import Testing

@testable import ChurnsiteCLI

/// The site in a real browser: headless Chromium, with and without JavaScript, from disk and over HTTP.
@Suite(.serialized) struct BrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    static func available() -> Bool {
        if chromium != nil { return true }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            Issue.record("chromium is not installed in CI; .ci/test should install it")
        } else {
            print("notice: skipping the browser tests: chromium is not installed (apt-get install chromium)")
        }
        return false
    }

    /// The DOM after the page's scripts ran.
    static func dom(_ url: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: chromium!)
        p.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--virtual-time-budget=5000",
            "--dump-dom", url,
        ]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// The text of the element with `id`.
    static func text(_ dom: String, _ id: String) -> String? {
        guard let r = dom.range(of: "id=\"\(id)\"") else { return nil }
        let rest = dom[r.upperBound...]
        guard let open = rest.firstIndex(of: ">") else { return nil }
        let after = rest[rest.index(after: open)...]
        return String(after.prefix { $0 != "<" })
    }

    static let site = SiteTests.site

    /// A customer and its index entry.
    static func customer() throws -> (id: String, row: [Any]) {
        let id = String(
            try readText(site.appendingPathComponent("tables/customer_rfm_data.csv")).split(separator: "\n")[1].prefix(
                32))
        let shard = snapshot(site).first {
            $0.key.hasPrefix("data/customers/") && $0.key.hasSuffix(".json")
                && id.hasPrefix(String($0.key.dropFirst(15).dropLast(5)))
        }!
        let object = try JSONSerialization.jsonObject(with: shard.value) as! [String: [Any]]
        return (id, object[id]!)
    }

    func checkLookup(_ base: String, site: URL = Self.site, customer: (id: String, row: [Any])? = nil) throws {
        let (id, row) = try customer ?? Self.customer()
        let dom = try Self.dom("\(base)/customers.html?id=\(id.prefix(12))&recency=30&frequency=2&monetary=150.5")
        #expect(Self.text(dom, "result-title") == "Customer \(id)")
        #expect(Self.text(dom, "r-recency") == "\(row[0] as! Int) days")
        #expect(Self.text(dom, "r-scores") == "R \(row[10] as! Int) · F \(row[11] as! Int) · M \(row[12] as! Int)")
        #expect(Self.text(dom, "r-state") == row[13] as? String)
        let p = (row[5] as! NSNumber).doubleValue
        #expect(Self.text(dom, "r-probability") == String(format: "%.4f", p))
        #expect(Self.text(dom, "r-risk") == row[6] as? String)
        #expect(dom.contains("this customer is at the \(row[7] as! Int)th percentile"))
        // The what-if equals `churnsite predict` for the same input, to the last bit.
        let predict = try churnsite([
            "predict", "--model", site.appendingPathComponent("data/model.json").path, "--recency", "30",
            "--frequency", "2",
            "--monetary", "150.5", "--json",
        ])
        struct Answer: Decodable { var probability: Double }
        let expected = try JSONDecoder().decode(Answer.self, from: Data(predict.stdout.utf8)).probability
        let shown = dom.range(of: "id=\"whatif-probability\"").flatMap { r in
            dom[r.upperBound...].range(of: "data-value=\"").map { v in dom[v.upperBound...].prefix { $0 != "\"" } }
        }
        #expect(shown.flatMap { Double($0) } == expected, "what-if \(String(describing: shown)) vs predict \(expected)")
    }

    @Test func lookupWorksOpenedFromDisk() throws {
        guard Self.available() else { return }
        try checkLookup(
            Self.site.absoluteString.hasSuffix("/")
                ? String(Self.site.absoluteString.dropLast()) : Self.site.absoluteString)
    }

    /// Shards of a number of bits that is not whole hex digits (5 here: "08" holds the ids from "08"
    /// to "0f"): the page finds a customer in a shard named otherwise than its id's first digits.
    @Test func lookupFindsShardsOfOddBits() throws {
        guard Self.available() else { return }
        var builder = try CustomerShardTests.sampleBuilder()
        builder.shardLimit = 22_000
        let out = Paths.temporary("odd-shards").appendingPathComponent("site")
        try SiteWriter.write(try builder.site(), to: out.path)
        let html = try readText(out.appendingPathComponent("customers.html"))
        let bits = try #require(
            html.components(separatedBy: "data-prefix-bits=\"").dropFirst().first.flatMap {
                Int($0.prefix { $0 != "\"" })
            })
        #expect(bits % 4 != 0, "\(bits) bits")
        let digits = (bits + 3) / 4
        let spare = 4 * digits - bits
        let ids = try readText(out.appendingPathComponent("tables/customer_rfm_data.csv")).split(separator: "\n")
            .dropFirst().map { String($0.prefix(32)) }
        // A customer whose first digits have a bit past the prefix set, so its shard's name differs.
        let id = try #require(ids.first { Int($0.prefix(digits), radix: 16)! & ((1 << spare) - 1) != 0 })
        let key = (Int(id.prefix(digits), radix: 16)! >> spare) << spare
        let name = String(repeating: "0", count: digits - String(key, radix: 16).count) + String(key, radix: 16)
        #expect(name != String(id.prefix(digits)))
        let shard =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: out.appendingPathComponent("data/customers/\(name).json"))) as! [String: [Any]]
        try checkLookup(
            String(out.absoluteString.hasSuffix("/") ? out.absoluteString.dropLast() : out.absoluteString[...]),
            site: out, customer: (id, try #require(shard[id])))
    }

    @Test func lookupWorksOverHTTP() throws {
        guard Self.available() else { return }
        let port = 20_000 + Int(getpid() % 20_000)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = [
            "python3", "-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", Self.site.path,
        ]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { server.terminate() }
        // Wait (at most 10 s) until the server answers.
        for _ in 0..<100 {
            if (try? Data(contentsOf: URL(string: "http://127.0.0.1:\(port)/index.html")!)) != nil { break }
            usleep(100_000)
        }
        try checkLookup("http://127.0.0.1:\(port)")
    }

    /// A copy of `page` beside it whose Content-Security-Policy forbids every script: the browser
    /// renders it as with JavaScript switched off (Chromium's own switch also stops --dump-dom).
    static func withoutJavaScript(_ page: URL) throws -> URL {
        let html = try readText(page)
        let blocked = html.replacingOccurrences(
            of: "<head>", with: "<head>\n<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'none'\">")
        let copy = page.deletingLastPathComponent().appendingPathComponent("nojs-" + page.lastPathComponent)
        try blocked.write(to: copy, atomically: true, encoding: .utf8)
        return copy
    }

    @Test func reportShowsEveryKPIWithoutJavaScript() throws {
        guard Self.available() else { return }
        // The mechanism blocks scripts: a probe page keeps its static text.
        let probe = Paths.temporary("probe").appendingPathComponent("p.html")
        try
            #"<html><head></head><body><p id="x">static</p><script>document.getElementById("x").textContent="ran"</script></body></html>"#
            .write(to: probe, atomically: true, encoding: .utf8)
        #expect(Self.text(try Self.dom(try Self.withoutJavaScript(probe).absoluteString), "x") == "static")
        let page = try Self.withoutJavaScript(Self.site.appendingPathComponent("index.html"))
        defer { try? FileManager.default.removeItem(at: page) }
        let dom = try Self.dom(page.absoluteString)
        let md = try readText(Self.site.appendingPathComponent("report.md"))
        let table = md.components(separatedBy: "## Executive summary")[1].components(separatedBy: "\n\n")[1]
        let values = table.split(separator: "\n").dropFirst(2).map {
            $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }[1]
        }
        #expect(values.count == 8)
        for v in values { #expect(dom.contains(v), "KPI \(v) missing from the page without JavaScript") }
        #expect(dom.contains("<svg"))
    }
}
