import Seeded

extension SplitMix {
    /// A fresh 128-bit id.
    public mutating func id() -> OlistID { OlistID(high: next(), low: next()) }
}
