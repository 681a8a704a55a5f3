/// Small whole numbers for state codes, 0, 1, 2, … in order of first appearance, so that sums per
/// state go into arrays.
///
/// A two-letter ASCII code (every state the read accepts, and "??" for an order without a
/// customer) is found from its two bytes in a table of 65,536 places, without hashing: hashing
/// the state string was the biggest part of the per-state sums, once an order and once a customer.
/// Any other string, which only a dataset made in memory can hold, goes through a dictionary.
struct StateCodes {
    private var byPair = [Int32](repeating: -1, count: 1 << 16)
    private var others: [String: Int] = [:]
    /// The states, by code.
    private(set) var names: [String] = []

    /// The code of `state`, given a new one if it has none yet.
    mutating func code(_ state: String) -> Int {
        var bytes = state.utf8.makeIterator()
        if let a = bytes.next(), let b = bytes.next(), bytes.next() == nil, a < 0x80, b < 0x80 {
            let k = Int(a) << 8 | Int(b)
            if byPair[k] >= 0 { return Int(byPair[k]) }
            byPair[k] = Int32(names.count)
        } else {
            if let known = others[state] { return known }
            others[state] = names.count
        }
        names.append(state)
        return names.count - 1
    }
}
