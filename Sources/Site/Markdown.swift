import CCmarkGFM

/// GitHub-flavoured Markdown to HTML through the system libcmark-gfm.
///
/// Raw HTML in the Markdown is dropped (cmark's safe mode), so text from data cannot inject markup;
/// charts are put in afterwards by `HTMLPage`, not through the Markdown.
public enum Markdown {
    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// Renders `markdown` to an HTML fragment, with the table, strikethrough and autolink extensions.
    public static func html(_ markdown: String) -> String {
        _ = registered
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE
        guard let parser = cmark_parser_new(options) else { return "" }
        defer { cmark_parser_free(parser) }
        for name in ["table", "strikethrough", "autolink"] {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
        var source = markdown
        source.withUTF8 { buf in
            buf.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
        }
        guard let document = cmark_parser_finish(parser) else { return "" }
        defer { cmark_node_free(document) }
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else {
            return ""
        }
        defer { cmark_get_default_mem_allocator().pointee.free(rendered) }
        return String(cString: rendered)
    }

    /// Escapes text from data so Markdown shows it literally (no emphasis, links, tables or HTML).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let scalars = Array(text.unicodeScalars)
        for (i, ch) in scalars.enumerated() {
            switch ch {
            case "_"
            where i > 0 && i + 1 < scalars.count && isWordCharacter(scalars[i - 1]) && isWordCharacter(scalars[i + 1]):
                // An underscore inside a word never starts emphasis, so file and category names stay readable.
                out.unicodeScalars.append(ch)
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "#", "!", "~", "&", "{", "}", "$":
                out.unicodeScalars.append("\\")
                out.unicodeScalars.append(ch)
            case "\n", "\r", "\t": out += " "
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    private static func isWordCharacter(_ s: Unicode.Scalar) -> Bool {
        s.properties.isAlphabetic || ("0"..."9").contains(s)
    }
}
