import Analytics
import Charts
import ChurnModel
import Foundation
import Site
import TextFormat

extension ReportBuilder {
    /// The customer index, sharded by id prefix: `data/customers/<prefix>.json` for HTTP clients
    /// and a `.js` twin that a page opened from disk can load with a script tag (browsers block
    /// fetch() on file://). A shard holds the ids whose first `prefixBits` bits are the same, the
    /// fewest bits that keep every shard under `shardLimit`; it is named by the first
    /// ⌈prefixBits / 4⌉ hex digits of its ids with the bits past `prefixBits` cleared (with 9 bits,
    /// `a38` holds the ids from `a38` to `a3f`). Whole bits rather than hex digits halve the number
    /// of files where a digit more would quarter the shards' size: 32,768 files instead of 65,536
    /// pairs at ten million customers.
    ///
    /// The shards go straight to the spill folder as they are made. The entries, formatted once to
    /// measure the shards, are kept as bytes for writing them only up to `entryBufferLimit`: on
    /// ten million customers they would be a gigabyte, and are formatted again instead.
    func customerShards() throws -> (prefixBits: Int, files: SiteFiles) {
        let a = analysis
        let sortedR = a.sortedRFM.recency
        let sortedF = a.sortedRFM.frequency
        let sortedM = a.sortedRFM.monetary
        /// Percentile of every whole value from 0 to the largest (recency and frequency take a few
        /// hundred values: one lookup instead of a binary search per customer).
        func table(_ sorted: [Double]) -> [Int] {
            (0...Int(max(sorted.last ?? 0, 0))).map { percentile(sorted, Double($0)) }
        }
        /// The first of `0..<count` for which `isPast` holds, `count` if none (`isPast` holds from
        /// some point on).
        func firstPast(_ count: Int, _ isPast: (Int) -> Bool) -> Int {
            var (lo, hi) = (0, count)
            while lo < hi {
                let mid = (lo + hi) / 2
                if isPast(mid) { hi = mid } else { lo = mid + 1 }
            }
            return lo
        }
        /// `count` values of `total`, in whole percent.
        func percent(_ count: Int, of total: Int) -> Int {
            Int((Double(count) / Double(max(total, 1)) * 100).rounded())
        }
        /// Share of customers with a value at or below `v`, in percent.
        func percentile(_ sorted: [Double], _ v: Double) -> Int {
            percent(firstPast(sorted.count) { !(sorted[$0] <= v) }, of: sorted.count)
        }
        let recencyPercentile = table(sortedR)
        let frequencyPercentile = table(sortedF)
        // Once per customer, not once per formatting of its entry, and without a binary search of
        // every customer in the whole sorted column (on ten million customers, each of its 23
        // steps missed the cache). The percentile only changes where the count of values at or
        // below v reaches one of 101 counts: `reaches[k]`, the least count that rounds to k or
        // more. A customer's percentile is then how many of those thresholds its value passes,
        // found among 101 values in cache; exactly `percentile(sortedM, v)`.
        let n = sortedM.count
        let reaches = (0...100).map { k in firstPast(n + 1) { percent($0, of: n) >= k } }
        // A value v has at least c values at or below it exactly when c == 0 or sortedM[c - 1] <= v.
        let passes = reaches.map { c -> Double in c == 0 ? -.infinity : (c <= n ? sortedM[c - 1] : .infinity) }
        let monetaryPercentile = a.customers.map { c -> UInt8 in
            // The thresholds passed: percentiles 0 … passed - 1 are reached.
            let passed = firstPast(passes.count) { !(passes[$0] <= c.monetary) }
            return UInt8(passed - 1)
        }
        let segments = Segment.allCases
        // The probabilities alone: reaching them through the model copied the whole study per entry.
        let probabilities = (try? churn.get())?.probabilities
        let comma = UInt8(ascii: ",")
        /// Appends customer `i`'s entry, `"<id>":[recency, frequency, monetary, segment index,
        /// churned, probability, risk, R/F/M percentiles, R/F/M scores, state]`, straight as bytes:
        /// a String per field and per entry was most of the index's cost on millions of customers.
        func entry(_ i: Int, to bytes: inout [UInt8]) {
            let c = a.customers[i]
            func field(_ n: Int) {
                Digits.append(n, to: &bytes)
                bytes.append(comma)
            }
            bytes.append(UInt8(ascii: "\""))
            Hex.append(high: c.id.high, low: c.id.low, to: &bytes)
            bytes.append(contentsOf: "\":[".utf8)
            field(c.recency)
            field(c.frequency)
            Fixed.append(c.monetary, decimals: 2, to: &bytes)
            bytes.append(comma)
            field(segments.firstIndex(of: c.segment)!)
            field(c.churned ? 1 : 0)
            if let p = probabilities?[i] {
                bytes.append(contentsOf: ModelExport.number(p).utf8)
                bytes.append(contentsOf: ",\"".utf8)
                bytes.append(contentsOf: RiskLevel(probability: p).rawValue.utf8)
                bytes.append(contentsOf: "\",".utf8)
            } else {
                bytes.append(contentsOf: "null,null,".utf8)
            }
            field(c.recency >= 0 ? recencyPercentile[c.recency] : percentile(sortedR, Double(c.recency)))
            field(frequencyPercentile[c.frequency])
            field(Int(monetaryPercentile[i]))
            field(c.scores.r)
            field(c.scores.f)
            field(c.scores.m)
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: c.state.utf8)
            bytes.append(contentsOf: "\"]".utf8)
        }
        /// The shard of customer `i` with prefixes of `bits` bits (the id's leading bits).
        func shard(_ i: Int, _ bits: Int) -> Int { Int(a.customers[i].id.high >> UInt64(64 - bits)) }
        // Customers are sorted by id, so each shard (an id prefix) is a contiguous run. The
        // shortest prefix that keeps every shard under the limit: sizes are summed per prefix.
        // Each entry is formatted once into one buffer while the buffer stays under
        // `entryBufferLimit` bytes; past that (tens of millions of customers) the buffer is let go
        // and entries are formatted again when written, so memory stays bounded either way.
        var buffer: [UInt8] = []
        var ends: [Int] = []
        var buffered = true
        var scratch: [UInt8] = []
        let sizes = a.customers.indices.map { i in
            guard buffered else {
                scratch.removeAll(keepingCapacity: true)
                entry(i, to: &scratch)
                return scratch.count + 1
            }
            let start = buffer.count
            entry(i, to: &buffer)
            let size = buffer.count - start
            if buffer.count > entryBufferLimit {
                buffered = false
                buffer = []
                ends = []
            } else {
                ends.append(buffer.count)
            }
            return size + 1
        }
        var bits = 1
        while bits < 24 {
            var total = [Int](repeating: 40, count: 1 << bits)
            for (i, size) in sizes.enumerated() { total[shard(i, bits)] += size }
            if total.max()! < shardLimit { break }
            bits += 1
        }
        let digits = (bits + 3) / 4
        var files = SiteFiles()
        var start = 0
        while start < a.customers.count {
            let key = shard(start, bits)
            var end = start + 1
            while end < a.customers.count && shard(end, bits) == key { end += 1 }
            let name = String(key << (4 * digits - bits), radix: 16)
            let prefix = String(repeating: "0", count: digits - name.count) + name
            let json = try FileOutput("data/customers/\(prefix).json", in: spill)
            let js = try FileOutput("data/customers/\(prefix).js", in: spill)
            json.write("{")
            js.write("churnsiteShard(\"\(prefix)\",{")
            for i in start..<end {
                if i > start {
                    json.write(",\n")
                    js.write(",\n")
                }
                if buffered {
                    buffer.withUnsafeBufferPointer { b in
                        let bytes = UnsafeBufferPointer(rebasing: b[(i == 0 ? 0 : ends[i - 1])..<ends[i]])
                        json.write(bytes)
                        js.write(bytes)
                    }
                } else {
                    scratch.removeAll(keepingCapacity: true)
                    entry(i, to: &scratch)
                    scratch.withUnsafeBufferPointer { e in
                        json.write(e)
                        js.write(e)
                    }
                }
            }
            json.write("}\n")
            js.write("});\n")
            try files.add("data/customers/\(prefix).json", json)
            try files.add("data/customers/\(prefix).js", js)
            start = end
        }
        return (bits, files)
    }

    /// The lookup page's values: histograms, the top revenue at risk, segment strategies, defaults.
    func lookupContext(prefixBits: Int) -> [String: Any] {
        let a = analysis
        let model = try? churn.get()
        /// The histogram of the values `s`, sorted ascending (the bins count them in any order).
        func histogram(_ id: String, _ title: String, _ s: [Double], _ label: String) -> String {
            let p99 = max(Quantiles.of(sorted: s, 0.99), 1)
            var bins = 30
            var upper: Double
            if s.allSatisfy({ $0 == $0.rounded() }) {
                // Whole numbers (orders, days): bins of whole width, each value 0…p99 in one bin,
                // so no bar mixes two counts of orders and the ticks are whole (not 0.47, 0.93).
                let width = ((p99.rounded(.down) + 1) / Double(bins)).rounded(.up)
                bins = Int(((p99.rounded(.down) + 1) / width).rounded(.up))
                upper = Double(bins) * width
            } else {
                // Money: four label intervals of a round size (the first of 1, 1.5, 2, 2.5, 3, 4,
                // 5, 6, 8 times a power of ten that reaches a quarter of the 99th percentile), in
                // 32 bins, so the chart's five axis labels (every eighth edge) read 0, 200, 400, …
                // rather than 0, 186.67, 373.33, ….
                upper = 4 * Ticks.roundStep(atLeast: p99 / 4)
                bins = 32
            }
            return Histogram(
                id: id, title: title,
                description:
                    "\(title) of all \(Format.integer(s.count)) customers (the top 1% share the last bin).",
                values: s, bins: bins, lower: 0, upper: upper, xLabel: label
            ).svg()
        }
        var atRisk: [[String: Any]] = []
        if let model {
            let ranked = firstK(a.customers.indices, 100) {
                let x = model.probabilities[$0] * a.customers[$0].monetary
                let y = model.probabilities[$1] * a.customers[$1].monetary
                return x != y ? x > y : a.customers[$0].id < a.customers[$1].id
            }
            atRisk = ranked.enumerated().map { k, i in
                let c = a.customers[i]
                return [
                    "rank": String(k + 1), "id": c.id.description, "segment": c.segment.rawValue, "state": c.state,
                    "monetary": Format.number(c.monetary),
                    "probability": Format.number(model.probabilities[i], decimals: 3),
                    "atRisk": Format.number(model.probabilities[i] * c.monetary),
                ]
            }
        }
        let segments =
            "["
            + Segment.allCases.map { "[\(ModelExport.string($0.rawValue)),\(ModelExport.string($0.strategy))]" }.joined(
                separator: ",") + "]"
        return [
            "title": "Customer churn lookup", "asOf": a.asOf.iso, "root": "", "prefixBits": String(prefixBits),
            "customers": Format.integer(a.customers.count),
            "histR": histogram("hist-recency", "Recency", a.sortedRFM.recency, "days since the last order"),
            "histF": histogram("hist-frequency", "Frequency", a.sortedRFM.frequency, "orders"),
            "histM": histogram("hist-monetary", "Monetary", a.sortedRFM.monetary, "BRL spent"),
            "segmentsJSON": segments, "hasModel": model != nil, "atRisk": atRisk,
            "defaults": model.map { m in
                m.featureNames.indices.map {
                    [
                        "name": m.featureNames[$0], "label": m.featureLabels[$0],
                        "value": ModelExport.number(m.defaults[$0]),
                    ]
                }
            } ?? [],
        ]
    }

    /// customers.html and the assets it needs.
    func lookupFiles() throws -> SiteFiles {
        var (bits, files) = try customerShards()
        files.add("customers.html", try templates.render("customers.html", lookupContext(prefixBits: bits)))
        if case .success(let m) = churn { files.add("data/model.js", "var churnsiteModel = " + m.modelJSON() + ";\n") }
        return files
    }
}
