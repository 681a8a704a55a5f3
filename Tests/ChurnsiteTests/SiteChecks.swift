import Foundation
import Testing

/// Checks a built site the way a publisher would: no external requests, no broken links, accessible
/// charts.
enum SiteChecks {
    /// Every problem found in the site at `root`.
    static func problems(in root: URL) -> [String] {
        var out: [String] = []
        let files = snapshot(root)
        for (path, data) in files.sorted(by: { $0.key < $1.key }) {
            guard [".html", ".svg", ".js", ".css", ".json", ".md"].contains(where: { path.hasSuffix($0) }) else {
                continue
            }
            let text = String(decoding: data, as: UTF8.self)
            // No external URLs (the SVG namespace is an identifier, not a request).
            for scheme in ["http://", "https://", "//cdn", "url(http"] {
                var rest = Substring(text)
                while let r = rest.range(of: scheme) {
                    let after = rest[r.lowerBound...].prefix(40)
                    if !after.hasPrefix("http://www.w3.org/2000/svg") {
                        out.append("\(path): external reference \(after)")
                    }
                    rest = rest[r.upperBound...]
                }
            }
            if path.hasSuffix(".html") || path.hasSuffix(".md") {
                for link in links(in: text, markdown: path.hasSuffix(".md")) {
                    var target = link
                    if let q = target.firstIndex(where: { $0 == "?" || $0 == "#" }) { target = String(target[..<q]) }
                    if target.isEmpty { continue }
                    guard let resolved = resolve(target, from: path), files[resolved] != nil else {
                        out.append("\(path): broken link \(link)")
                        continue
                    }
                }
            }
            for svg in svgOpenings(in: text) where !(svg.contains("role=\"img\"")) {
                out.append("\(path): an <svg> without role=img")
            }
            if path.hasSuffix(".svg") || path.hasSuffix(".html") {
                let svgs = text.components(separatedBy: "<svg ").count - 1
                let titled = text.components(separatedBy: "<title id=").count - 1
                let described = text.components(separatedBy: "<desc id=").count - 1
                if titled < svgs || described < svgs {
                    out.append("\(path): \(svgs) charts but \(titled) titles and \(described) descriptions")
                }
            }
        }
        return out
    }

    /// `link` relative to the file at `path`, as a path from the site root; nil if it leaves the site.
    static func resolve(_ link: String, from path: String) -> String? {
        var parts = path.split(separator: "/").dropLast().map(String.init)
        for piece in link.split(separator: "/") {
            if piece == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            } else if piece != "." {
                parts.append(String(piece))
            }
        }
        return parts.joined(separator: "/")
    }

    static func svgOpenings(in text: String) -> [String] {
        text.components(separatedBy: "<svg ").dropFirst().map { String($0.prefix { $0 != ">" }) }
    }

    /// Relative link targets: href and src attributes in HTML, (target) in Markdown.
    static func links(in text: String, markdown: Bool) -> [String] {
        var out: [String] = []
        let patterns = markdown ? ["](", "href=\"", "src=\""] : ["href=\"", "src=\""]
        for p in patterns {
            var rest = Substring(text)
            while let r = rest.range(of: p) {
                rest = rest[r.upperBound...]
                let end = rest.firstIndex { $0 == "\"" || $0 == ")" || $0 == " " } ?? rest.endIndex
                let target = String(rest[..<end])
                if !target.contains("://"), !target.hasPrefix("data:"), !target.hasPrefix("mailto:"),
                    !target.hasPrefix("#")
                {
                    out.append(target)
                }
            }
        }
        return out
    }
}
