import Foundation

/// Turns a Markdown page into a full HTML page: cmark-gfm for the body, charts inlined where the
/// Markdown links them, heading anchors, and the layout template around it.
public enum HTMLPage {
    /// Escapes text for HTML content and attributes.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// The HTML body of a Markdown page, with every `![alt](charts/x.svg)` image replaced by the
    /// chart's inline SVG (so the page needs no requests and the chart follows the colour theme).
    ///
    /// `prefix` is the relative path from the page to the site root (e.g. `../` for a drill-down page).
    public static func body(markdown: String, charts: [String: String], prefix: String = "") -> String {
        var html = Markdown.html(markdown)
        for (path, svg) in charts.sorted(by: { $0.key < $1.key }) {
            let needle = "<img src=\"\(prefix)\(path)\" alt=\""
            while let start = html.range(of: needle) {
                guard let end = html.range(of: "/>", range: start.upperBound..<html.endIndex) else { break }
                let alt = String(html[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "\" ", with: "")
                    .trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
                var from = start.lowerBound
                var to = end.upperBound
                // Take the paragraph that only wraps the image, so a figure is not inside a <p>.
                if html[..<from].hasSuffix("<p>"), html[to...].hasPrefix("</p>") {
                    from = html.index(from, offsetBy: -3)
                    to = html.index(to, offsetBy: 4)
                }
                let figure =
                    "<figure class=\"chart\">\(svg)<figcaption>\(alt) · <a href=\"\(prefix)\(path)\">SVG</a></figcaption></figure>"
                html.replaceSubrange(from..<to, with: figure)
            }
        }
        return addHeadingAnchors(linkHTMLTwins(html))
    }

    /// Points relative links to Markdown pages at their HTML twins (`states/SP.md` → `states/SP.html`).
    static func linkHTMLTwins(_ html: String) -> String {
        var out = ""
        var rest = Substring(html)
        while let r = rest.range(of: "href=\"") {
            out += rest[..<r.upperBound]
            rest = rest[r.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            let target = rest[..<end]
            if target.hasSuffix("report.md") && !target.contains(":") {
                // The report's HTML twin is the site's front page.
                out += target.dropLast("report.md".count) + "index.html"
            } else if target.hasSuffix(".md") && !target.contains(":") && !target.hasPrefix("/") {
                out += target.dropLast(3) + ".html"
            } else {
                out += target
            }
            rest = rest[end...]
        }
        return out + rest
    }

    /// Gives every h2/h3 an id from its text, so sections can be linked.
    static func addHeadingAnchors(_ html: String) -> String {
        var out = ""
        var rest = Substring(html)
        var used: [String: Int] = [:]
        while let open = rest.range(of: "<h2>") ?? rest.range(of: "<h3>") {
            let tag = String(rest[open].dropFirst().dropLast())
            guard let close = rest.range(of: "</\(tag)>", range: open.upperBound..<rest.endIndex) else { break }
            let inner = rest[open.upperBound..<close.lowerBound]
            var slug = slugify(String(inner))
            if let n = used[slug] {
                used[slug] = n + 1
                slug += "-\(n + 1)"
            } else {
                used[slug] = 1
            }
            out += rest[..<open.lowerBound]
            out += "<\(tag) id=\"\(slug)\">\(inner)</\(tag)>"
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    /// A lowercase ASCII slug of visible text (tags and entities removed).
    public static func slugify(_ text: String) -> String {
        var plain = ""
        var inTag = false
        for ch in text {
            if ch == "<" { inTag = true } else if ch == ">" { inTag = false } else if !inTag { plain.append(ch) }
        }
        plain = plain.replacingOccurrences(of: "&amp;", with: "and").replacingOccurrences(of: "&#39;", with: "")
        let folded = plain.folding(
            options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        var slug = ""
        for s in folded.unicodeScalars {
            if (s >= "a" && s <= "z") || (s >= "0" && s <= "9") {
                slug.unicodeScalars.append(s)
            } else if !slug.isEmpty && !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.isEmpty ? "section" : slug
    }
}
