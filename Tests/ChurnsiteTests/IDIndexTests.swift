import OlistData
import Seeded
import Testing

/// The id → position table the read, validation and the analysis share.
@Suite struct IDIndexTests {
    /// Ids that differ only in their last bits, in their first, and random ones: every position is
    /// found after the table grew from its smallest size many times, repeats keep the first
    /// position, and absent ids are absent.
    @Test(arguments: [0, 300_000])
    func findsEveryPositionAndRefusesRepeats(reserved: Int) {
        var g = SplitMix(seed: 5)
        var ids: [OlistID] = (0..<1000).map { OlistID(high: 7, low: UInt64($0)) }
        ids += (0..<1000).map { OlistID(high: UInt64($0) << 48, low: 0) }
        ids += (0..<200_000).map { _ in OlistID(high: g.next(), low: g.next()) }
        let index = IDIndex(capacity: reserved)
        for (i, id) in ids.enumerated() { #expect(index.insert(id, at: i) == nil) }
        #expect(index.count == ids.count)
        #expect(ids.indices.allSatisfy { index.position(of: ids[$0]) == $0 })
        #expect(index.insert(ids[1234], at: 99) == 1234)
        #expect(index.insert(ids.last!, at: 0) == ids.count - 1)
        #expect(index.count == ids.count && index.position(of: ids[1234]) == 1234)
        let absent = (0..<10_000).map { _ in OlistID(high: g.next(), low: g.next()) } + [OlistID(high: 7, low: 1000)]
        #expect(!absent.contains { index.contains($0) })
        #expect(IDIndex(ids + [ids[3]]).position(of: ids[3]) == 3)
    }

    @Test func reservingKeepsWhatIsThere() {
        let index = IDIndex()
        let ids = (0..<100).map { OlistID(high: UInt64($0) &* 0x9E37_79B9_7F4A_7C15, low: UInt64($0)) }
        for (i, id) in ids.enumerated() { index.insert(id, at: i) }
        index.reserveCapacity(1_000_000)
        #expect(index.count == 100)
        #expect(ids.indices.allSatisfy { index.position(of: ids[$0]) == $0 })
        #expect(IDIndex().position(of: ids[0]) == nil)
    }
}
