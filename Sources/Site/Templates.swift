import Foundation
import Mustache

/// Escapes `{{value}}` for Markdown, so a template that declares `{{% CONTENT_TYPE: MARKDOWN }}`
/// shows data literally.
struct MarkdownContentType: MustacheContentType {
    func escapeText(_ text: String) -> String { Markdown.escape(text) }
}

/// The Mustache templates of a Templates/ folder, loaded once per build.
public struct Templates: Sendable {
    /// The folder they came from; assets are copied from its `assets/` subfolder.
    public let directory: String
    private let library: MustacheLibrary
    /// Names of the templates (file names without `.mustache`).
    public let names: [String]

    /// Loads every `*.mustache` file in `directory`.
    public init(directory: String) throws(SiteError) {
        MustacheContentTypes.register(MarkdownContentType(), named: "MARKDOWN")
        self.directory = directory
        let fm = FileManager.default
        guard let files = try? fm.contentsOfDirectory(atPath: directory) else {
            throw SiteError(
                step: "loading templates", path: directory,
                message: "the templates folder cannot be read; pass --templates DIR or run from the project folder")
        }
        var library = MustacheLibrary()
        var names: [String] = []
        for file in files.sorted() where file.hasSuffix(".mustache") {
            let path = (directory as NSString).appendingPathComponent(file)
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw SiteError(
                    step: "loading templates", path: path, message: "the template is not readable UTF-8 text")
            }
            let name = String(file.dropLast(".mustache".count))
            do {
                try library.register(text, named: name)
            } catch {
                throw SiteError(step: "parsing template \(file)", path: path, message: "\(error)")
            }
            names.append(name)
        }
        self.library = library
        self.names = names
    }

    /// Renders template `name` with `context` (dictionaries, arrays, strings, numbers, booleans).
    public func render(_ name: String, _ context: [String: Any]) throws(SiteError) -> String {
        guard names.contains(name), let out = library.render(context, withTemplate: name) else {
            throw SiteError(
                step: "rendering", path: "\(directory)/\(name).mustache", message: "the template is missing")
        }
        return out
    }
}
