import Foundation

/// Collects values computed on several threads by index: each job fills its own slot, and the
/// values come back in index order, so a result does not depend on which thread finished first.
public final class Slots<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Value?]

    /// `count` empty slots.
    public init(count: Int) { slots = Array(repeating: nil, count: count) }

    /// Fills slot `i`.
    public func set(_ i: Int, _ value: Value) { lock.withLock { slots[i] = value } }

    /// Every value, once each slot is set.
    public var values: [Value] { lock.withLock { slots.map { $0! } } }
}
