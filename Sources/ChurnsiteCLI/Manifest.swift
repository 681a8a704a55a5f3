import Foundation
import Hashing
import OlistData
import Site

/// Output/manifest.json: what went in, what came out, and how, so a build can be verified.
struct Manifest: Codable, Equatable {
    struct Options: Codable, Equatable {
        var data: String
        var templates: String
        var asOf: String?
        var label: String
        var seed: UInt64
        var warehouse: String
        /// Whether the report compared with a previous run (whose files are kept in previous/).
        var comparedWithPrevious: Bool
        // No thread count: outputs are the same for any, and the manifest must be too.
    }

    var toolVersion: String
    var asOf: String
    var options: Options
    /// Input file name → SHA-256.
    var inputs: [String: String]
    /// Output path (relative to the site) → SHA-256; the manifest itself and data/build.json
    /// (timings, different on every run) are left out.
    var outputs: [String: String]

    /// Files of a built site that verification ignores.
    static let unverified: Set<String> = ["manifest.json", "data/build.json", ".gitkeep"]

    /// SHA-256 of every file under `folder`, by relative path; `known` gives hashes already
    /// computed (from the bytes that were written), so only the other files are read back.
    static func hashes(of folder: URL, known: [String: String] = [:]) -> [String: String] {
        var out: [String: String] = [:]
        let base = folder.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: base) else { return out }
        while let rel = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = base + "/" + rel
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                !unverified.contains(rel), let hash = known[rel] ?? SHA256.hex(fileAt: path)
            else { continue }
            out[rel] = hash
        }
        return out
    }

    /// Sorted-key, indented JSON (stable across runs).
    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    static func read(from folder: URL) throws -> Manifest {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("manifest.json").path)
        else {
            throw CLIError(
                message: "\(folder.path) has no manifest.json: it was not built by churnsite, or by an older version")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do { return try decoder.decode(Manifest.self, from: data) } catch {
            throw CLIError(message: "\(folder.path)/manifest.json cannot be read: \(error)")
        }
    }
}
