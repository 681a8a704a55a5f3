import CivilDate
import OlistData

/// Per-customer features computed only from counted orders bought before a reference instant.
///
/// Missing values use documented sentinels, because the exported model must be evaluable by a few
/// lines of JavaScript: a customer without reviews has review score 0, and one without a dated
/// delivery has delay 0 and late share 0.
public struct ChurnFeatures: Sendable {
    /// Feature names, in column order.
    public static let names = [
        "recency", "frequency", "monetary", "tenure_days", "avg_review_score", "avg_delivery_delay_days",
        "late_share", "avg_installments", "state_share",
    ]
    /// Human labels of the features, for the report and the what-if form.
    public static let labels = [
        "Recency (days)", "Frequency (orders)", "Monetary (BRL)", "Tenure (days since first order)",
        "Average review score (0 = none)", "Average delivery delay (days, negative = early)",
        "Share of orders delivered late", "Average installments", "Share of customers in the same state",
    ]

    /// The customers, sorted by id.
    public var customers: [OlistID]
    /// `columns[f][i]` is feature `f` of customer `i`.
    public var columns: [[Double]]
    /// The state of each customer (their latest order's), for the state-share encoding.
    public var states: [String]

    /// Features of every customer with a counted order before `reference`, measured at `reference`.
    ///
    /// `stateShares` maps a state to its share of customers; when `nil`, the shares of this
    /// population are used (pass the training population's shares when scoring another one).
    public static func compute(
        orders: [OrderFact], before reference: Timestamp, stateShares: [String: Double]? = nil
    ) -> ChurnFeatures {
        struct Acc {
            var first: Timestamp, last: Timestamp, lastIndex: Int
            var frequency = 0, monetary = 0.0
            var reviewSum = 0.0, reviewCount = 0
            var delaySum = 0, delivered = 0, late = 0
            var installments = 0
        }
        // Columns fill as each person's group ends (no per-person accumulator array: on ten million
        // customers it was a gigabyte); the state share, which needs every state, comes last.
        var ids: [OlistID] = []
        var states: [String] = []
        var columns = [[Double]](repeating: [], count: names.count)
        // At most one person per order: room reserved but never touched costs no memory.
        ids.reserveCapacity(orders.count)
        states.reserveCapacity(orders.count)
        for c in columns.indices { columns[c].reserveCapacity(orders.count) }
        PersonOrder.forEachPerson(orders, where: { orders[$0].isCounted && orders[$0].purchase < reference }) {
            _, facts in
            let first = facts.startIndex
            var a = Acc(first: facts[first].purchase, last: facts[first].purchase, lastIndex: first)
            for i in facts.indices {
                let o = facts[i]
                a.frequency += 1
                a.monetary += o.revenue
                if o.purchase < a.first { a.first = o.purchase }
                if o.isLater(than: facts[a.lastIndex]) {
                    a.last = o.purchase
                    a.lastIndex = i
                }
                if let s = o.reviewScore {
                    a.reviewSum += s
                    a.reviewCount += 1
                }
                // Only deliveries that had happened by the reference instant are known then.
                if let d = o.deliveryDelayDays, let at = o.delivered, at < reference {
                    a.delaySum += d
                    a.delivered += 1
                    if d > 0 { a.late += 1 }
                }
                a.installments += o.installments
            }
            ids.append(facts[first].uniqueID!)
            states.append(facts[a.lastIndex].state)
            columns[0].append(Double(a.last.wholeDays(to: reference)))
            columns[1].append(Double(a.frequency))
            columns[2].append(a.monetary)
            columns[3].append(Double(a.first.wholeDays(to: reference)))
            columns[4].append(a.reviewCount > 0 ? a.reviewSum / Double(a.reviewCount) : 0)
            columns[5].append(a.delivered > 0 ? Double(a.delaySum) / Double(a.delivered) : 0)
            columns[6].append(a.delivered > 0 ? Double(a.late) / Double(a.delivered) : 0)
            columns[7].append(Double(a.installments) / Double(a.frequency))
        }
        // Each customer's state as a code: one share per state, not a hash per customer.
        let byState = stateShares ?? Self.shares(states)
        var codes = StateCodes()
        var shares: [Double] = []
        columns[8] = states.map { s in
            let k = codes.code(s)
            if k == shares.count { shares.append(byState[s] ?? 0) }
            return shares[k]
        }
        return ChurnFeatures(customers: ids, columns: columns, states: states)
    }

    /// The share of customers per state in this population.
    public var stateShares: [String: Double] { Self.shares(states) }

    /// Each state's share of a population whose states are `states`.
    static func shares(_ states: [String]) -> [String: Double] {
        var codes = StateCodes()
        var counts: [Int] = []
        for s in states {
            let k = codes.code(s)
            if k == counts.count { counts.append(0) }
            counts[k] += 1
        }
        return Dictionary(
            uniqueKeysWithValues: zip(codes.names, counts).map { ($0, Double($1) / Double(max(states.count, 1))) })
    }

    /// The customers (by id) who placed a counted order in `[from, to)`.
    public static func buyers(orders: [OrderFact], from: Timestamp, to: Timestamp) -> Set<OlistID> {
        let ids = orders.lazy.filter { $0.isCounted && $0.purchase >= from && $0.purchase < to }.compactMap(\.uniqueID)
        // Sized first: grown by doubling, the set hashed every id again at each step.
        var out = Set<OlistID>(minimumCapacity: ids.count)
        for id in ids { out.insert(id) }
        return out
    }
}

/// A person and the position of one of their orders, ordered by person then position.
struct PersonOrder: Comparable {
    var high: UInt64
    var low: UInt64
    var order: Int

    init(_ person: OlistID, _ order: Int) {
        high = person.high
        low = person.low
        self.order = order
    }

    func samePerson(_ other: PersonOrder) -> Bool { high == other.high && low == other.low }

    static func < (a: PersonOrder, b: PersonOrder) -> Bool { (a.high, a.low, a.order) < (b.high, b.low, b.order) }

    /// Calls `body` once per person with the positions of their orders among those `include`
    /// keeps (orders without a person left out): people in id order, each person's orders in
    /// file order, so sums add up in the order a single pass would. Grouping by sorting these
    /// pairs takes a third of the memory of a hash table keyed by person on ten million customers.
    static func forEachPerson(
        _ orders: [OrderFact], where include: (Int) -> Bool,
        _ body: (_ positions: LazyMapSequence<ArraySlice<PersonOrder>, Int>, _ facts: ArraySlice<OrderFact>) -> Void
    ) {
        var keys: [PersonOrder] = []
        keys.reserveCapacity(orders.count)
        for (i, o) in orders.enumerated() where include(i) {
            guard let u = o.uniqueID else { continue }
            keys.append(PersonOrder(u, i))
        }
        // Unique keys (an order has one position): the same order as `sort()`.
        Sorting.byLeadingBits(&keys) { $0.high }
        // In person order the orders are at random places: copied out a block of whole people at
        // a time, in a loop that does nothing else, many of their cache misses overlap, where
        // reading each between one person's sums and the next waited for every miss in turn.
        let blockSize = 2048
        var block: [OrderFact] = []
        block.reserveCapacity(blockSize)
        var start = 0
        while start < keys.count {
            var blockEnd = min(start + blockSize, keys.count)
            while blockEnd < keys.count && keys[blockEnd].samePerson(keys[blockEnd - 1]) { blockEnd += 1 }
            block.removeAll(keepingCapacity: true)
            for k in start..<blockEnd { block.append(orders[keys[k].order]) }
            var first = start
            while first < blockEnd {
                var end = first + 1
                while end < blockEnd && keys[end].samePerson(keys[first]) { end += 1 }
                body(keys[first..<end].lazy.map(\.order), block[(first - start)..<(end - start)])
                first = end
            }
            start = blockEnd
        }
    }
}
