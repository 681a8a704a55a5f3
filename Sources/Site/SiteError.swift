/// Why rendering or writing the site failed.
public struct SiteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The step that failed, e.g. "template report.md".
    public var step: String
    /// The path involved, if any.
    public var path: String?
    /// What went wrong, phrased for the user.
    public var message: String

    /// An error in a step, at a path.
    public init(step: String, path: String? = nil, message: String) {
        self.step = step
        self.path = path
        self.message = message
    }

    public var description: String {
        "\(step)\(path.map { " (\($0))" } ?? ""): \(message)"
    }
}
