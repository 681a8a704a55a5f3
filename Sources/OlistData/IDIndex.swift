#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The row position of each id of a table whose ids are unique (orders, customers, products,
/// sellers): the read fills it as it checks the keys, validation and the analysis look every
/// reference up in it.
///
/// An open-addressing table with the id and its position side by side, so a lookup is one trip to
/// memory where a `Dictionary` made three (occupancy bitmap, keys, values) and a `Set` two. At ten
/// million ids the table is 400 MB and every lookup misses the caches: it is allocated with
/// transparent huge pages requested, so the misses do not also walk the page tables.
///
/// Filled by one thread, then only read: a reference type so the dataset can hand the read's index
/// to validation and the analysis without copying hundreds of megabytes.
public final class IDIndex: @unchecked Sendable {
    /// An id and its position plus one; 0 marks an empty slot, so fresh zeroed memory is empty.
    private struct Slot {
        var high: UInt64
        var low: UInt64
        var position: UInt32
    }

    private var slots: UnsafeMutablePointer<Slot>
    private var bytes: Int
    private var mapped: Bool
    /// log2 of the slot count.
    private var bits: Int
    /// The ids held.
    public private(set) var count = 0

    /// An empty index with room for `capacity` ids before it grows.
    public init(capacity: Int = 0) {
        bits = Self.bits(for: capacity)
        (slots, bytes, mapped) = Self.allocate(1 << bits)
    }

    /// The index of `ids`, each at its position (the first, when an id repeats).
    public convenience init(_ ids: some Collection<OlistID>) {
        self.init(capacity: ids.count)
        for (i, id) in ids.enumerated() { insert(id, at: i) }
    }

    deinit { Self.free(slots, bytes, mapped) }

    /// Adds `id` at `position`; when the id is already there, leaves it and returns its position.
    @discardableResult
    public func insert(_ id: OlistID, at position: Int) -> Int? {
        precondition(position >= 0 && position < Int(UInt32.max), "an index position fits 32 bits")
        // At most three quarters full, so a probe meets an empty slot within a few steps.
        if (count + 1) * 4 > (3 << bits) { rehash(bits: bits + 1) }
        let (k, found) = probe(id)
        if found != nil { return found }
        slots[k] = Slot(high: id.high, low: id.low, position: UInt32(position + 1))
        count += 1
        return nil
    }

    /// The position of `id`, or `nil` when it is not in the index.
    @inline(__always)
    public func position(of id: OlistID) -> Int? { probe(id).position }

    /// Whether `id` is in the index.
    @inline(__always)
    public func contains(_ id: OlistID) -> Bool { position(of: id) != nil }

    /// The slot holding `id` and its position, or the empty slot where the search for it ended.
    /// The search starts at the top bits of the id's mixed hash (the low bits of a multiply mix
    /// the least) and goes on slot by slot.
    @inline(__always)
    private func probe(_ id: OlistID) -> (slot: Int, position: Int?) {
        let mask = (1 << bits) - 1
        var k = Int(truncatingIfNeeded: id.mixed(seed: 0) >> UInt64(64 - bits))
        while true {
            let s = slots[k]
            if s.position == 0 { return (k, nil) }
            if s.high == id.high && s.low == id.low { return (k, Int(s.position) - 1) }
            k = (k + 1) & mask
        }
    }

    /// Makes room for `capacity` ids in all, so filling it never rehashes.
    public func reserveCapacity(_ capacity: Int) {
        let wanted = Self.bits(for: capacity)
        if wanted > bits { rehash(bits: wanted) }
    }

    private func rehash(bits newBits: Int) {
        let old = slots
        let oldBytes = bytes
        let oldMapped = mapped
        let oldCount = 1 << bits
        bits = newBits
        (slots, bytes, mapped) = Self.allocate(1 << bits)
        for j in 0..<oldCount where old[j].position != 0 {
            slots[probe(OlistID(high: old[j].high, low: old[j].low)).slot] = old[j]
        }
        Self.free(old, oldBytes, oldMapped)
    }

    /// The fewest bits whose slot count holds `capacity` ids at most 5/8 full (a little over half,
    /// where linear probing stays at about two probes per missing id).
    private static func bits(for capacity: Int) -> Int {
        var b = 4
        while (1 << b) * 5 < capacity * 8 { b += 1 }
        return b
    }

    /// Zeroed room for `n` slots: small tables from the heap, big ones mapped fresh (zero pages the
    /// kernel fills on first touch, in huge pages where it can).
    private static func allocate(_ n: Int) -> (UnsafeMutablePointer<Slot>, Int, Bool) {
        let bytes = n * MemoryLayout<Slot>.stride
        let huge = 2 << 20
        if bytes >= huge {
            let length = (bytes + huge - 1) / huge * huge
            if let p = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
                p != MAP_FAILED
            {
                #if os(Linux)
                    _ = madvise(p, length, MADV_HUGEPAGE)
                #endif
                return (p.bindMemory(to: Slot.self, capacity: n), length, true)
            }
        }
        let p = UnsafeMutablePointer<Slot>.allocate(capacity: n)
        UnsafeMutableRawPointer(p).initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
        return (p, bytes, false)
    }

    private static func free(_ p: UnsafeMutablePointer<Slot>, _ bytes: Int, _ mapped: Bool) {
        if mapped { munmap(p, bytes) } else { p.deallocate() }
    }
}
