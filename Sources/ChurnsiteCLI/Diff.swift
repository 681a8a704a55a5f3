import ArgumentParser
import Foundation

extension Churnsite {
    /// `churnsite diff OLD NEW`: the "since the previous run" comparison of two output folders.
    public struct Diff: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract:
                "Compare two output folders (KPIs, segment moves, High-risk customers, the old forecast against what happened, model drift) and print Markdown."
        )

        @Argument(help: "The older run's output folder.")
        var old: String

        @Argument(help: "The newer run's output folder.")
        var new: String

        public init() {}

        public func run() throws {
            let comparison = RunComparison(
                old: RunComparison.folder(URL(fileURLWithPath: old)),
                new: RunComparison.folder(URL(fileURLWithPath: new)))
            do {
                print(try comparison.markdown(heading: "# Changes from \(old) to \(new)"), terminator: "")
            } catch {
                throw fail(CLIError(message: "\(error)"))
            }
        }
    }
}
