import Foundation
import Testing

/// Paths the tests need: the package root, ../shared, and scratch folders.
enum Paths {
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let shared = root.deletingLastPathComponent().appendingPathComponent("shared")
    static let olistSample = shared.appendingPathComponent("olist-sample")
    static let fixtures = shared.appendingPathComponent("fixtures")
    static let dataSample = root.appendingPathComponent("Data/sample")
    static let templates = root.appendingPathComponent("Templates")
    static let golden = root.appendingPathComponent("Tests/ChurnsiteTests/Golden")

    /// Whether ../shared is there; prints a notice when it is not (a user's clone has none).
    static func sharedAvailable(_ what: String) -> Bool {
        if FileManager.default.fileExists(atPath: olistSample.path) { return true }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            Issue.record("../shared is missing in CI; \(what) cannot run")
        } else {
            print("notice: skipping \(what): ../shared is not beside this clone")
        }
        return false
    }

    /// A new empty temporary folder.
    static func temporary(_ name: String = "churnsite") -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Reads a whole text file.
func readText(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }
