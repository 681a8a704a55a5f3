import Foundation

/// Turns a Markdown page into a full HTML page: cmark-gfm for the body, charts inlined where the
/// Markdown links them, heading anchors, and the layout template around it.
public enum HTMLPage {
    /// The HTML body of a Markdown page, with every `![alt](charts/x.svg)` image replaced by the
    /// chart's inline SVG (so the page needs no requests and the chart follows the colour theme).
    ///
    /// `prefix` is the relative path from the page to the site root (e.g. `../` for a drill-down page).
    public static func body(markdown: String, charts: [String: String], prefix: String = "") -> String {
        let html = Markdown.html(markdown)
        // One pass over the page: copy it, replacing each chart image (and the paragraph that only
        // wraps it) by a figure with the inline SVG. Repeated String searches on a large page were
        // most of the render time.
        var out = ""
        out.reserveCapacity(html.utf8.count + charts.values.reduce(0) { $0 + $1.utf8.count })
        var rest = Substring(html)
        let marker = "<img src=\""
        while let r = rest.range(of: marker) {
            let afterSrc = rest[r.upperBound...]
            guard let srcEnd = afterSrc.firstIndex(of: "\""), let tagEnd = afterSrc.range(of: "/>") else { break }
            let src = String(afterSrc[..<srcEnd])
            let key = src.hasPrefix(prefix) ? String(src.dropFirst(prefix.count)) : src
            guard let svg = charts[key] else {
                out += rest[..<tagEnd.upperBound]
                rest = rest[tagEnd.upperBound...]
                continue
            }
            var alt = ""
            if let a = afterSrc[..<tagEnd.lowerBound].range(of: "alt=\"") {
                alt = String(afterSrc[a.upperBound...].prefix { $0 != "\"" })
            }
            var before = rest[..<r.lowerBound]
            var after = rest[tagEnd.upperBound...]
            // Take the paragraph that only wraps the image, so a figure is not inside a <p>.
            if before.hasSuffix("<p>") && after.hasPrefix("</p>") {
                before = before.dropLast(3)
                after = after.dropFirst(4)
            }
            out += before
            out += "<figure class=\"chart\">\(svg)<figcaption>\(alt) · <a href=\"\(src)\">SVG</a></figcaption></figure>"
            rest = after
        }
        out += rest
        return addHeadingAnchors(linkHTMLTwins(out))
    }

    /// Points relative links to Markdown pages at their HTML twins (`states/SP.md` → `states/SP.html`,
    /// `report.md` → `index.html`). A byte scan: the page can be megabytes of inline SVG.
    static func linkHTMLTwins(_ html: String) -> String {
        let bytes = Array(html.utf8)
        let needle = Array("href=\"".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count + 256)
        var i = 0
        while i < bytes.count {
            guard i + needle.count <= bytes.count, bytes[i] == needle[0], Array(bytes[i..<(i + needle.count)]) == needle
            else {
                out.append(bytes[i])
                i += 1
                continue
            }
            out += needle
            i += needle.count
            var end = i
            while end < bytes.count && bytes[end] != UInt8(ascii: "\"") { end += 1 }
            let target = String(decoding: bytes[i..<end], as: UTF8.self)
            if target.hasSuffix("report.md") && !target.contains(":") {
                // The report's HTML twin is the site's front page.
                out += Array((target.dropLast("report.md".count) + "index.html").utf8)
            } else if target.hasSuffix(".md") && !target.contains(":") && !target.hasPrefix("/") {
                out += Array((target.dropLast(3) + ".html").utf8)
            } else {
                out += bytes[i..<end]
            }
            i = end
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Gives every h2/h3 an id from its text, so sections can be linked: one pass over the bytes,
    /// headings in document order, a repeated slug numbered from its second use.
    static func addHeadingAnchors(_ html: String) -> String {
        let bytes = Array(html.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 4096)
        var used: [String: Int] = [:]
        var copied = 0
        var i = 0
        let lt = UInt8(ascii: "<")
        let h = UInt8(ascii: "h")
        let gt = UInt8(ascii: ">")
        while i + 4 <= bytes.count {
            guard bytes[i] == lt, bytes[i + 1] == h,
                bytes[i + 2] == UInt8(ascii: "2") || bytes[i + 2] == UInt8(ascii: "3"),
                bytes[i + 3] == gt
            else {
                i += 1
                continue
            }
            let closing = Array("</h".utf8) + [bytes[i + 2], gt]
            var j = i + 4
            while j + closing.count <= bytes.count && !bytes[j..<(j + closing.count)].elementsEqual(closing) { j += 1 }
            if j + closing.count > bytes.count { break }
            var slug = slugify(String(decoding: bytes[(i + 4)..<j], as: UTF8.self))
            if let n = used[slug] {
                used[slug] = n + 1
                slug += "-\(n + 1)"
            } else {
                used[slug] = 1
            }
            out += bytes[copied..<(i + 3)]
            out += Array(" id=\"\(slug)\"".utf8)
            out += bytes[(i + 3)..<(j + closing.count)]
            i = j + closing.count
            copied = i
        }
        out += bytes[copied...]
        return String(decoding: out, as: UTF8.self)
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
