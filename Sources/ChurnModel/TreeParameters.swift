/// CART parameters, with scikit-learn's meaning.
public struct TreeParameters: Sendable, Equatable {
    /// Deepest level a node may be split at (`nil` = unlimited).
    public var maxDepth: Int?
    /// A node with fewer (distinct) samples is not split.
    public var minSamplesSplit: Int
    /// Each child must keep at least this many (distinct) samples.
    public var minSamplesLeaf: Int
    /// Features tried per split; `nil` = all of them.
    public var maxFeatures: Int?

    /// Parameters; the defaults grow full trees over all features.
    public init(maxDepth: Int? = nil, minSamplesSplit: Int = 2, minSamplesLeaf: Int = 1, maxFeatures: Int? = nil) {
        self.maxDepth = maxDepth
        self.minSamplesSplit = max(2, minSamplesSplit)
        self.minSamplesLeaf = max(1, minSamplesLeaf)
        self.maxFeatures = maxFeatures
    }

    /// scikit-learn's `max_features="sqrt"`: the whole part of √featureCount, at least 1.
    public static func sqrtFeatures(_ featureCount: Int) -> Int {
        max(1, Int(Double(featureCount).squareRoot()))
    }
}
