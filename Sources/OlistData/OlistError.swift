/// Why reading or validating the Olist tables failed, with where and what.
public struct OlistError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem this is; the CLI maps every kind to exit code 2 (bad input).
    public enum Kind: String, Sendable, Equatable {
        case missingFile, io, malformedCSV, badEncoding, badHeader, missingColumn, wrongFieldCount
        case badValue, emptyTable, strictWarning
    }

    /// What kind of problem this is.
    public var kind: Kind
    /// The file name (not the full path) the problem is in.
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based byte column within the line, when known.
    public var column: Int?
    /// The CSV column name, when known.
    public var columnName: String?
    /// The offending value, shortened to 60 characters.
    public var value: String?
    /// What was expected, phrased for the user.
    public var message: String

    /// An error at a place in a file.
    public init(
        _ kind: Kind, file: String, line: Int? = nil, column: Int? = nil, columnName: String? = nil,
        value: String? = nil, message: String
    ) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.columnName = columnName
        self.value = value.map(OlistError.shorten)
        self.message = message
    }

    /// `file:line:column: message (column "x", value "y")`.
    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        var s = "\(place): \(message)"
        var details: [String] = []
        if let columnName { details.append("column \"\(columnName)\"") }
        if let value { details.append("value \"\(value)\"") }
        if !details.isEmpty { s += " (" + details.joined(separator: ", ") + ")" }
        return s
    }

    static func shorten(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            if out.unicodeScalars.count >= 60 {
                out += "…"
                break
            }
            switch ch {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
