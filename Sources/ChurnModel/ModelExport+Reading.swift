import Foundation

/// A model read back from model.json.
public struct LoadedModel: Sendable {
    public var forest: RandomForest
    public var defaults: [Double]
    public var labels: [String]
    public var mediumFrom: Double
    public var highFrom: Double

    private struct File: Decodable {
        struct Tree: Decodable {
            var feature: [Int32], threshold: [Double], left: [Int32], right: [Int32], value: [Double]
        }
        struct Risk: Decodable {
            var medium_from: Double, high_from: Double
        }
        var features: [String], defaults: [Double], trees: [Tree]
        var labels: [String]?
        var risk: Risk?
    }

    /// Reads model.json; throws a message a user can act on.
    ///
    /// JSONDecoder is used because it parses every double exactly; Foundation's JSONSerialization
    /// on Linux rounds some 17-digit numbers, which would make predictions differ from the build's.
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelFileError(
                message: "cannot read \(path); run `churnsite build` first (it writes Output/data/model.json)")
        }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw ModelFileError(
                message: "\(path) is not a churnsite model (features, defaults and trees expected): \(error)")
        }
        guard !file.trees.isEmpty, file.defaults.count == file.features.count else {
            throw ModelFileError(message: "\(path) has no trees, or a default per feature is missing")
        }
        var parsed: [DecisionTree] = []
        for (i, t) in file.trees.enumerated() {
            let n = Int32(t.value.count)
            guard Set([t.feature.count, t.threshold.count, t.left.count, t.right.count, t.value.count]).count == 1,
                n > 0,
                t.left.allSatisfy({ $0 < n }), t.right.allSatisfy({ $0 < n }),
                t.feature.allSatisfy({ $0 < Int32(file.features.count) })
            else { throw ModelFileError(message: "\(path): tree \(i) is malformed or points outside itself") }
            var tree = DecisionTree()
            tree.feature = t.feature
            tree.threshold = t.threshold
            tree.left = t.left
            tree.right = t.right
            tree.value = t.value
            parsed.append(tree)
        }
        forest = RandomForest(trees: parsed, featureNames: file.features)
        defaults = file.defaults
        labels = file.labels ?? file.features
        mediumFrom = file.risk?.medium_from ?? 0.5
        highFrom = file.risk?.high_from ?? 0.8
    }
}

/// A model file that cannot be used.
public struct ModelFileError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
