/// The forest as JSON that a few lines of JavaScript can evaluate:
/// `{"features":[…],"defaults":[…],"trees":[{"feature":[…],"threshold":[…],"left":[…],"right":[…],"value":[…]}],…}`.
///
/// Numbers are written in their shortest round-trip form, so a browser parses exactly the doubles
/// this program uses and both compute the same probability.
public struct ModelExport: Sendable {
    public var forest: RandomForest
    /// A typical value per feature (e.g. the median), for inputs a user leaves out.
    public var defaults: [Double]
    /// Extra top-level members, already encoded as JSON, by key.
    public var extra: [String: String]

    /// An export of `forest`; `defaults` are zeros unless given.
    public init(forest: RandomForest, defaults: [Double]? = nil, extra: [String: String] = [:]) {
        self.forest = forest
        self.defaults = defaults ?? Array(repeating: 0, count: forest.featureNames.count)
        self.extra = extra
    }

    /// Shortest round-trip text of a finite double ("1.0", "0.35", "1e-05").
    public static func number(_ v: Double) -> String {
        guard v.isFinite else { return "null" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    /// A JSON string literal, escaped so it cannot close a <script> element.
    public static func string(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            default:
                if u.value < 0x20 {
                    out +=
                        "\\u" + String(repeating: "0", count: 4 - String(u.value, radix: 16).count)
                        + String(u.value, radix: 16)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// The JSON text, one tree per line so diffs stay readable.
    public func json() -> String {
        var out = "{\n"
        let names = forest.featureNames.map(Self.string).joined(separator: ",")
        out += "\"features\":[\(names)],\n"
        out += "\"defaults\":[\(defaults.map(Self.number).joined(separator: ","))],\n"
        for key in extra.keys.sorted() { out += "\(Self.string(key)):\(extra[key]!),\n" }
        out += "\"trees\":[\n"
        for (i, t) in forest.trees.enumerated() {
            out += "{\"feature\":[\(t.feature.map { String($0) }.joined(separator: ","))],"
            out += "\"threshold\":[\(t.threshold.map(Self.number).joined(separator: ","))],"
            out += "\"left\":[\(t.left.map { String($0) }.joined(separator: ","))],"
            out += "\"right\":[\(t.right.map { String($0) }.joined(separator: ","))],"
            out += "\"value\":[\(t.value.map(Self.number).joined(separator: ","))]}"
            out += i == forest.trees.count - 1 ? "\n" : ",\n"
        }
        out += "]\n}\n"
        return out
    }
}
