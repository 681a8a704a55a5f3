import ArgumentParser
import CivilDate
import Foundation
import Hashing
import OlistData

extension Churnsite {
    /// `churnsite verify OUTPUT`: rebuilds from the recorded inputs and options and compares hashes.
    public struct Verify: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract:
                "Rebuild a site from its manifest's inputs and options into a temporary folder and report every output whose hash differs (exit 1)."
        )

        @Argument(help: "The site folder to verify (with its manifest.json).")
        var output = "Output"

        @Flag(help: "Print only problems.")
        var quiet = false

        public init() {}

        public func run() throws {
            let folder = URL(fileURLWithPath: output)
            let manifest: Manifest
            do { manifest = try Manifest.read(from: folder) } catch { throw fail(error) }
            var problems: [String] = []
            // The site as it is now, against its manifest.
            let present = Manifest.hashes(of: folder)
            for (path, hash) in manifest.outputs.sorted(by: { $0.key < $1.key }) where present[path] != hash {
                problems.append(present[path] == nil ? "missing: \(path)" : "changed since the build: \(path)")
            }
            for path in present.keys.sorted() where manifest.outputs[path] == nil {
                problems.append("not in the manifest: \(path)")
            }
            // The inputs, against what was recorded.
            for (file, hash) in manifest.inputs.sorted(by: { $0.key < $1.key }) {
                let path = (manifest.options.data as NSString).appendingPathComponent(file)
                guard let digest = SHA256.hex(fileAt: path) else {
                    problems.append("input missing: \(path)")
                    continue
                }
                if digest != hash { problems.append("input changed since the build: \(path)") }
            }
            // A rebuild with the recorded options must give the same bytes.
            if !problems.contains(where: { $0.hasPrefix("input") }) {
                let temp = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "churnsite-verify-\(getpid())/Output")
                defer { try? FileManager.default.removeItem(at: temp.deletingLastPathComponent()) }
                var options = Pipeline.Options(
                    data: manifest.options.data, output: temp.path, templates: manifest.options.templates,
                    asOf: manifest.options.asOf.flatMap { CivilDate(iso: $0) }, threads: 2, quiet: true)
                options.labeling = Labeling(rawValue: manifest.options.label) ?? .temporal
                options.seed = manifest.options.seed
                options.warehouse = manifest.options.warehouse == "sqlite" ? "sqlite" : "none"
                // The comparison is rebuilt against the copy of the previous run kept in the site.
                options.previous =
                    manifest.options.comparedWithPrevious ? folder.appendingPathComponent("previous").path : "none"
                do { try Pipeline(options: options).run() } catch { throw fail(error) }
                let rebuilt = Manifest.hashes(of: temp)
                for (path, hash) in manifest.outputs.sorted(by: { $0.key < $1.key }) {
                    if manifest.options.warehouse == "postgres" && path == "warehouse.sqlite" { continue }
                    if rebuilt[path] == nil {
                        problems.append("a rebuild does not produce: \(path)")
                    } else if rebuilt[path] != hash {
                        problems.append("a rebuild gives different bytes: \(path)")
                    }
                }
            }
            if problems.isEmpty {
                if !quiet {
                    print(
                        "verified: \(manifest.outputs.count) outputs of \(output) match their manifest and a rebuild from \(manifest.inputs.count) unchanged inputs"
                    )
                }
                return
            }
            for p in problems { print(p) }
            throw ExitCode(1)
        }
    }
}
