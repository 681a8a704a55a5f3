import ArgumentParser
import OlistData

extension Churnsite {
    /// `churnsite sample`: writes a synthetic dataset in the Olist schema.
    public struct Sample: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Write a synthetic dataset in the exact Olist schema (deterministic for a seed).")

        @Option(help: "Folder to write the 9 CSV files into.")
        var out: String

        @Option(help: "Number of orders.")
        var orders = 5000

        @Option(help: "Random seed: the same seed gives the same bytes.")
        var seed: UInt64 = 42

        @Flag(help: "Print nothing on stderr.")
        var quiet = false

        public init() {}

        public func validate() throws {
            guard orders >= 1 else { throw ValidationError("--orders must be at least 1") }
        }

        public func run() throws {
            let start = Console.now()
            do {
                try SampleGenerator(orders: orders, seed: seed).write(to: out)
            } catch {
                throw fail(error)
            }
            if !quiet {
                Console.error(
                    "sample: wrote \(orders) orders (seed \(seed)) to \(out) in \(String(format: "%.2f", Console.now() - start)) s"
                )
            }
        }
    }
}
