import Foundation
import OlistData
import Testing

/// Text from the data can never become markup: city names, category names and review comments
/// full of HTML, quotes and ampersands render as text on every page.
@Suite struct XSSTests {
    static let evil = #"<script>alert(1)</script> "q" 'a' & </script>"#
    static var evilCSV: String { "\"" + evil.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    static func replaceAll(_ dir: URL, _ table: OlistTable, _ old: String, _ new: String) throws {
        let url = dir.appendingPathComponent(table.fileName)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(old), "\(old) not in \(table.fileName)")
        try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
    }

    @Test func markupInDataIsEscapedEverywhere() throws {
        let data = try sampleCopy()
        try Self.replaceAll(data, .geolocation, ",guarulhos,", ",\(Self.evilCSV),")
        try Self.replaceAll(data, .customers, ",petrópolis,", ",\(Self.evilCSV),")
        try Self.replaceAll(data, .categoryTranslation, "bed_bath_table", Self.evilCSV)
        try Self.replaceAll(
            data, .reviews, "Muito bom, recomendo!",
            "Muito bom \(Self.evil.replacingOccurrences(of: "\"", with: "\"\""))")
        let out = Paths.temporary("xss")
        let r = try churnsite([
            "build", "--data", data.path, "--out", out.path, "--templates", Paths.templates.path, "--quiet",
            "--warehouse", "none",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let files = snapshot(out)
        var sawEscaped = false
        for (path, bytes) in files
        where [".html", ".svg", ".js", ".json", ".md"].contains(where: { path.hasSuffix($0) }) {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.contains("<script>alert"), "\(path) carries a raw <script> from the data")
            #expect(!text.contains("<b>"), "\(path)")
            if path.hasSuffix(".html") || path.hasSuffix(".svg") {
                // The only </script> are the page's own script tags.
                let own = text.components(separatedBy: "<script").count - 1
                #expect(
                    text.components(separatedBy: "</script>").count - 1 == own, "\(path): a </script> from the data")
                if text.contains("&lt;script&gt;alert(1)&lt;/script&gt;") { sawEscaped = true }
            }
            if path.hasSuffix(".json") || path.hasSuffix(".js") && path.hasPrefix("data/") {
                #expect(!text.contains("</script"), "\(path) could close a script element")
            }
        }
        // The names are shown, as text: in the category table and the map's tooltips.
        #expect(sawEscaped)
        let index = String(decoding: files["index.html"]!, as: UTF8.self)
        #expect(index.contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot;q&quot; &#39;a&#39; &amp; &lt;/script&gt;"))
        let md = String(decoding: files["report.md"]!, as: UTF8.self)
        #expect(md.contains(#"\<script\>alert(1)\</script\>"#))
        #expect(SiteChecks.problems(in: out).isEmpty)
    }

    @Test func idsWithMarkupAreRejected() throws {
        let data = try sampleCopy()
        let h = try FileHandle(forWritingTo: data.appendingPathComponent(OlistTable.customers.fileName))
        try h.seekToEnd()
        try h.write(
            contentsOf: Data("<script>alert(1)</script>,0123456789abcdef0123456789abcdef,\"01009\",x,SP\n".utf8))
        try h.close()
        let r = try churnsite([
            "build", "--data", data.path, "--out", Paths.temporary("xss-id").path, "--templates", Paths.templates.path,
            "--quiet",
        ])
        #expect(r.status == 2)
        #expect(r.stderr.contains("customer_id") && r.stderr.contains("hexadecimal"))
    }
}
