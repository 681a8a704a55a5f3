import ArgumentParser

/// The `churnsite` command: subcommands for building the site and making sample data.
public struct Churnsite: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "churnsite",
        abstract: "Turn Olist-style order exports into a static churn and sales report site.",
        version: Churnsite.version,
        subcommands: [Build.self, Sample.self, Predict.self, Verify.self, Diff.self],
        defaultSubcommand: Build.self
    )

    /// The tool version, recorded in outputs.
    public static let version = "0.1.0"

    public init() {}
}
