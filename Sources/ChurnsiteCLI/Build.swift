import ArgumentParser
import CivilDate
import Foundation

extension Labeling: ExpressibleByArgument {}

extension Churnsite {
    /// `churnsite build`: the whole pipeline, from the CSV files to the site.
    public struct Build: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Read the 9 Olist CSV files, analyse them and write the report site.")

        @Option(help: "Folder with the 9 Olist CSV files.")
        var data = "Data/sample"

        @Option(help: "Folder to write the site into (replaced atomically).")
        var out = "Output"

        @Option(help: "Folder with the Mustache templates and assets/.")
        var templates = "Templates"

        @Option(
            name: .customLong("as-of"), help: "As-of date (yyyy-MM-dd); default: the day after the last counted order.")
        var asOf: String?

        @Option(help: "Threads for reading files (1 or more); outputs do not depend on it.")
        var threads = 2

        @Option(
            help:
                "Churn label: temporal (no order in the next 180 days) or recency (recency > 180, the original design)."
        )
        var label: Labeling = .temporal

        @Option(help: "Seed of the model's random numbers; the same seed gives the same outputs.")
        var seed: UInt64 = 42

        @Option(
            help:
                "Where to load the tables: sqlite (Output/warehouse.sqlite), none, or postgres://user@host:port/db[?sslmode=require]; the password comes from PGPASSWORD or the address."
        )
        var warehouse = "sqlite"

        @Option(help: "PostgreSQL schema to load into.")
        var schema = "public"

        @Option(
            help:
                "A previous run's output folder to compare with, or none (default: the output being replaced, when it has one)."
        )
        var previous: String?

        @Flag(help: "Treat data-quality warnings (orphans, duplicates, odd amounts, …) as errors.")
        var strict = false

        @Flag(help: "Print each stage's time and peak memory at the end, and record them in data/build.json.")
        var timings = false

        @Flag(help: "Print nothing on stderr but errors.")
        var quiet = false

        public init() {}

        public func validate() throws {
            if let asOf, CivilDate(iso: asOf) == nil {
                throw ValidationError("--as-of must be a date as yyyy-MM-dd, got \"\(asOf)\"")
            }
            guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
            guard
                ["sqlite", "none"].contains(warehouse) || warehouse.hasPrefix("postgres://")
                    || warehouse.hasPrefix("postgresql://")
            else {
                throw ValidationError("--warehouse takes sqlite, none or a postgres:// address")
            }
            guard schema.range(of: "^[A-Za-z_][A-Za-z0-9_]{0,40}$", options: .regularExpression) != nil else {
                throw ValidationError("--schema must be a plain SQL name (letters, digits, underscores)")
            }
        }

        public func run() throws {
            var options = Pipeline.Options(
                data: data, output: out, templates: templates, asOf: asOf.flatMap { CivilDate(iso: $0) },
                threads: threads, quiet: quiet)
            options.labeling = label
            options.seed = seed
            options.warehouse = warehouse
            options.strict = strict
            options.timings = timings
            options.previous = previous
            options.schema = schema
            do {
                try Pipeline(options: options).run()
            } catch {
                throw fail(error)
            }
        }
    }
}
