import Seeded

extension RandomForest {
    /// Permutation importance: the mean drop in ROC AUC when one feature's column is shuffled,
    /// over `repeats` seeded shuffles.
    public func permutationImportance(_ table: FeatureTable, repeats: Int = 5, seed: UInt64 = 7) -> [Double] {
        let baseline = Metrics.rocAUC(probabilities(table), table.labels)
        var rng = Xoshiro(seed: seed)
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
