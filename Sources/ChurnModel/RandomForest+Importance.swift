import Seeded

extension RandomForest {
    /// Permutation importance: the mean drop in ROC AUC when one feature's column is shuffled,
    /// over `repeats` seeded shuffles, on at most `maxRows` rows drawn with the seed (the estimate is
    /// stable well before that, and it keeps a 100k-customer build fast).
    public func permutationImportance(_ full: FeatureTable, repeats: Int = 5, seed: UInt64 = 7, maxRows: Int = 5000)
        -> [Double]
    {
        var rng = Xoshiro(seed: seed)
        var table = full
        if full.count > maxRows {
            var idx = Array(0..<full.count)
            rng.shuffle(&idx)
            table = full.subset(Array(idx.prefix(maxRows)).sorted())
        }
        let baseline = Metrics.rocAUC(probabilities(table), table.labels)
        return table.columns.indices.map { f in
            var drop = 0.0
            for _ in 0..<repeats {
                var shuffled = table
                rng.shuffle(&shuffled.columns[f])
                drop += baseline - Metrics.rocAUC(probabilities(shuffled), table.labels)
            }
            return drop / Double(repeats)
        }
    }
}
