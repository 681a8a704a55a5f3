import Charts
import Foundation
import OlistData
import Site

/// "Since the previous run": two builds compared from their files alone (summary.json and the
/// tables), so the same comparison serves `build --previous` and `churnsite diff`.
struct RunComparison {
    /// Reads a file of a site by relative path.
    typealias Reader = (String) -> Data?

    let old: Reader
    let new: Reader
    /// The previous run's customers, when read ahead (beside the rest of the rendering).
    var before: Customers? = nil

    /// A reader over a site folder.
    static func folder(_ url: URL) -> Reader {
        { FileManager.default.contents(atPath: url.appendingPathComponent($0).path) }
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    func json(_ r: Reader, _ path: String) throws -> [String: Any] {
        guard let d = r(path), let o = try? JSONSerialization.jsonObject(with: d) as? [String: Any] else {
            throw Missing(description: "\(path) is missing or unreadable")
        }
        return o
    }

    func csv(_ r: Reader, _ path: String) throws -> [[String]] {
        guard let d = r(path) else { throw Missing(description: "\(path) is missing") }
        // The same RFC 4180 reader as the input tables, so quoting in a table never splits a field.
        var reader = CSVReader(bytes: [UInt8](d), file: path)
        var record = CSVRecord()
        var rows: [[String]] = []
        do {
            while try reader.next(into: &record) { rows.append((0..<record.count).map { record.string($0) ?? "" }) }
        } catch {
            throw Missing(description: "\(error)")
        }
        return Array(rows.dropFirst())
    }

    /// The comparison as Markdown, starting with a level-2 heading.
    func markdown(heading: String = "## Since the previous run") throws -> String {
        let os = try json(old, "data/summary.json")
        let ns = try json(new, "data/summary.json")
        var out = [heading, ""]
        out.append(
            "Previous run as of \(os["as_of"] as? String ?? "?"), this run as of \(ns["as_of"] as? String ?? "?").")
        out.append("")
        out += kpis(os, ns)
        out += try migrations()
        out += try forecastCheck(os)
        out += drift(os, ns)
        return out.joined(separator: "\n") + "\n"
    }

    func kpis(_ os: [String: Any], _ ns: [String: Any]) -> [String] {
        let ok = os["kpis"] as? [String: Any] ?? [:]
        let nk = ns["kpis"] as? [String: Any] ?? [:]
        let rows: [(String, String, Int)] = [  // name, key, kind: 0 money, 1 count, 2 rate, 3 score
            ("Revenue", "revenue", 0), ("Orders", "orders", 1), ("Customers", "customers", 1),
            ("Average order value", "average_order_value", 0), ("Repeat-customer rate", "repeat_customer_rate", 2),
            ("Churn rate", "churn_rate", 2), ("Average review score", "average_review_score", 3),
            ("On-time delivery rate", "on_time_delivery_rate", 2),
        ]
        var out = ["### KPIs", "", "| KPI | Previous | Now | Change |", "| --- | ---: | ---: | ---: |"]
        for (name, key, kind) in rows {
            let a = (ok[key] as? NSNumber)?.doubleValue
            let b = (nk[key] as? NSNumber)?.doubleValue
            func f(_ v: Double?) -> String {
                guard let v else { return "–" }
                switch kind {
                case 0: return "BRL " + Format.number(v)
                case 1: return Format.integer(Int(v))
                case 2: return Format.percent(v, decimals: 2)
                default: return Format.number(v, decimals: 2)
                }
            }
            var change = "–"
            if let a, let b {
                let d = b - a
                switch kind {
                case 0: change = (d >= 0 ? "+" : "−") + "BRL " + Format.number(abs(d))
                case 1: change = (d >= 0 ? "+" : "−") + Format.integer(Int(abs(d)))
                case 2: change = (d >= 0 ? "+" : "−") + Format.number(abs(d) * 100, decimals: 2) + " pp"
                default: change = (d >= 0 ? "+" : "−") + Format.number(abs(d), decimals: 2)
                }
            }
            out.append("| \(name) | \(f(a)) | \(f(b)) | \(change) |")
        }
        out.append("")
        return out
    }

    /// A customer's standing in one run's customer table.
    struct Standing {
        var segment: String
        /// The segment's place in `segments`; `segments.count` for a name that is not a segment.
        var segmentCode: Int
        var risk: String
        var probability: Double?
        var monetary: Double
    }

    /// A customer table's customers in ascending order of id.
    typealias Customers = [(id: String, standing: Standing)]

    /// The customers with their standing, in ascending order of id, from the columns the
    /// comparison uses (the id, Monetary, segment, churn_probability and risk_level) read straight
    /// from the field bytes. Making every field of every row a String took a second for Olist's
    /// 96k customers, twice. A table out of order (no build writes one) is sorted, a repeated id
    /// keeping its last row.
    static func customers(_ r: Reader) throws -> Customers {
        let path = "tables/customer_rfm_data.csv"
        guard let d = r(path) else { throw Missing(description: "\(path) is missing") }
        var reader = CSVReader(bytes: [UInt8](d), file: path)
        var record = CSVRecord()
        var out: Customers = []
        // Segments and risk levels repeat, a dozen of them: one String each, found by a linear
        // search (hashing the bytes cost more), with the segment's code.
        var names: [(bytes: [UInt8], text: String, code: Int)] = []
        func name(_ bytes: ArraySlice<UInt8>) -> (text: String, code: Int) {
            if let known = names.first(where: { $0.bytes.elementsEqual(bytes) }) { return (known.text, known.code) }
            let text = String(decoding: bytes, as: UTF8.self)
            names.append(([UInt8](bytes), text, segments.firstIndex(of: text) ?? segments.count))
            return (text, names[names.count - 1].code)
        }
        do {
            guard try reader.next(into: &record) else { return out }  // the header
            while try reader.next(into: &record) {
                guard record.count >= 14 else { continue }
                let segment = name(record.field(11))
                out.append(
                    (
                        String(decoding: record.field(0), as: UTF8.self),
                        Standing(
                            segment: segment.text, segmentCode: segment.code, risk: name(record.field(13)).text,
                            probability: FieldParser.double(record.field(12)),
                            monetary: FieldParser.double(record.field(3)) ?? 0)
                    ))
            }
        } catch {
            throw Missing(description: "\(error)")
        }
        if !zip(out, out.dropFirst()).allSatisfy({ $0.id < $1.id }) {
            let last = Dictionary(out.map { ($0.id, $0.standing) }, uniquingKeysWith: { $1 })
            out = last.keys.sorted().map { ($0, last[$0]!) }
        }
        return out
    }

    static let segments = [
        "Champions", "Loyal", "Potential Loyalists", "New", "Promising", "Need Attention", "About to Sleep", "At Risk",
        "Can't Lose Them", "Hibernating", "Lost",
    ]

    func migrations() throws -> [String] {
        let before = try self.before ?? Self.customers(old)
        let now = try Self.customers(new)
        // Both lists are in id order: one merge of the two, with no lookup. matrix[before][now]
        // counts customers by segment code (one code for every name that is not a segment, whose
        // row and column are never shown), the last row for customers new in this run.
        let codes = Self.segments.count + 1
        var matrix = [[Int]](repeating: [Int](repeating: 0, count: codes), count: codes + 1)
        var moved = 0
        var arrived = 0
        var lostHigh = 0
        var newHigh: [(id: String, standing: Standing, arrived: Bool)] = []
        var (i, j) = (0, 0)
        while i < before.count || j < now.count {
            if j == now.count || (i < before.count && before[i].id < now[j].id) {
                // Gone from this run.
                if before[i].standing.risk == "High" { lostHigh += 1 }
                i += 1
            } else if i == before.count || now[j].id < before[i].id {
                let c = now[j].standing
                matrix[codes][c.segmentCode] += 1
                arrived += 1
                if c.risk == "High" { newHigh.append((now[j].id, c, true)) }
                j += 1
            } else {
                let (was, c) = (before[i].standing, now[j].standing)
                matrix[was.segmentCode][c.segmentCode] += 1
                if was.segment != c.segment { moved += 1 }
                if c.risk == "High" && was.risk != "High" { newHigh.append((now[j].id, c, false)) }
                if was.risk == "High" && c.risk != "High" { lostHigh += 1 }
                i += 1
                j += 1
            }
        }
        // Rows and columns: the segments someone is in (then or now), in the segments' order.
        let rows = Array(Self.segments.indices) + [codes]
        let columns = Self.segments.indices.filter { k in matrix.contains { $0[k] > 0 } }
        let rowName = { (k: Int) in k == codes ? "New customer" : Self.segments[k] }
        var out = ["### Customers moving between segments", ""]
        out.append("Rows: the segment in the previous run; columns: the segment now.")
        out.append("")
        out.append("| Previous \\ Now | " + columns.map { Self.segments[$0] }.joined(separator: " | ") + " |")
        out.append("| --- |" + String(repeating: " ---: |", count: columns.count))
        for row in rows where matrix[row].contains(where: { $0 > 0 }) {
            out.append(
                "| \(rowName(row)) | " + columns.map { Format.integer(matrix[row][$0]) }.joined(separator: " | ") + " |"
            )
        }
        out.append("")
        out.append("\(Format.integer(moved)) customers changed segment; \(Format.integer(arrived)) are new.")
        out.append("")
        // High risk: who joined and who left it.
        out.append("### High-risk customers")
        out.append("")
        out.append(
            "\(Format.integer(newHigh.count)) customers are newly at High risk (\(Format.integer(newHigh.filter(\.arrived).count)) of them new customers); \(Format.integer(lostHigh)) are no longer at High risk."
        )
        let expected = { (c: Standing) in (c.probability ?? 0) * c.monetary }
        let top = newHigh.sorted {
            expected($0.standing) != expected($1.standing)
                ? expected($0.standing) > expected($1.standing) : $0.id < $1.id
        }.prefix(10)
        if !top.isEmpty {
            out += [
                "", "| Newly at High risk | Segment | Spent (BRL) | Churn probability |", "| --- | --- | ---: | ---: |",
            ]
            for (id, c, _) in top {
                out.append(
                    "| [\(id)](customers.html?id=\(id)) | \(c.segment) | \(Format.number(c.monetary)) | \(c.probability.map { Format.number($0, decimals: 3) } ?? "–") |"
                )
            }
        }
        out.append("")
        return out
    }

    func forecastCheck(_ os: [String: Any]) throws -> [String] {
        var out = ["### The previous forecast against what happened", ""]
        guard let f = os["forecast"] as? [String: Any], let spanEnd = f["span_end"] as? String else {
            return out + ["The previous run had no forecast.", ""]
        }
        var actual: [String: Double] = [:]
        for r in try csv(new, "tables/daily_sales.csv") where r.count >= 2 { actual[r[0]] = Double(r[1]) }
        let lastActual = actual.keys.max() ?? ""
        let days = try csv(old, "tables/sales_forecast.csv").filter {
            $0.count >= 6 && $0[0] > spanEnd && $0[0] <= lastActual
        }
        guard !days.isEmpty else { return out + ["No day of the previous forecast has happened yet.", ""] }
        var absErr = 0.0
        var apeSum = 0.0
        var apeN = 0
        var in80 = 0
        var in95 = 0
        var forecastTotal = 0.0
        var actualTotal = 0.0
        var rows: [String] = []
        for d in days {
            let yhat = Double(d[1])!
            let lo80 = Double(d[2])!
            let hi80 = Double(d[3])!
            let lo95 = Double(d[4])!
            let hi95 = Double(d[5])!
            let y = actual[d[0]] ?? 0
            absErr += abs(y - yhat)
            if y != 0 {
                apeSum += abs(y - yhat) / y
                apeN += 1
            }
            let w80 = y >= lo80 && y <= hi80
            let w95 = y >= lo95 && y <= hi95
            if w80 { in80 += 1 }
            if w95 { in95 += 1 }
            forecastTotal += yhat
            actualTotal += y
            rows.append(
                "| \(d[0]) | \(Format.number(yhat)) | \(Format.number(y)) | \(Format.number(y - yhat)) | \(w80 ? "yes" : "no") | \(w95 ? "yes" : "no") |"
            )
        }
        let n = Double(days.count)
        out.append(
            "\(days.count) days of the previous forecast have happened (\(days.first![0]) to \(days.last![0])): forecast BRL \(Format.number(forecastTotal)), actual BRL \(Format.number(actualTotal)); mean absolute error BRL \(Format.number(absErr / n)), MAPE \(apeN > 0 ? Format.percent(apeSum / Double(apeN)) : "–"); \(Format.percent(Double(in80) / n)) of days fell within the 80% band and \(Format.percent(Double(in95) / n)) within the 95% band."
        )
        out += [
            "", "| Day | Forecast (BRL) | Actual (BRL) | Error | In 80% band | In 95% band |",
            "| --- | ---: | ---: | ---: | --- | --- |",
        ]
        out += rows
        out.append("")
        return out
    }

    /// The share of a distribution at or below `v`, from its 0th…100th percentiles.
    static func cdf(_ p: [Double], _ v: Double) -> Double {
        guard let first = p.first, let last = p.last else { return 0 }
        if v < first { return 0 }
        if v >= last { return 1 }
        var j = 0
        while j + 1 < p.count && p[j + 1] <= v { j += 1 }
        let width = p[j + 1] - p[j]
        return (Double(j) + (width > 0 ? (v - p[j]) / width : 0)) / Double(p.count - 1)
    }

    /// Population stability index of `now` against `before`, over the previous run's deciles.
    static func psi(before: [Double], now: [Double]) -> Double {
        let edges = (1...9).map { before[$0 * 10] }
        func shares(_ p: [Double]) -> [Double] {
            var c = [0.0] + edges.map { cdf(p, $0) } + [1.0]
            for k in 1..<c.count { c[k] = max(c[k], c[k - 1]) }
            return (0..<10).map { c[$0 + 1] - c[$0] }
        }
        let a = shares(before)
        let b = shares(now)
        return zip(a, b).reduce(0) { acc, pair in
            let x = max(pair.0, 1e-4)
            let y = max(pair.1, 1e-4)
            return acc + (y - x) * log(y / x)
        }
    }

    func drift(_ os: [String: Any], _ ns: [String: Any]) -> [String] {
        var out = ["### Model drift", ""]
        guard let om = os["churn_model"] as? [String: Any], let nm = ns["churn_model"] as? [String: Any] else {
            return out + ["One of the runs had no churn model.", ""]
        }
        let auc = { (m: [String: Any]) in ((m["evaluation"] as? [String: Any])?["roc_auc"] as? NSNumber)?.doubleValue }
        out.append(
            "ROC AUC on held-out customers: \(auc(om).map { Format.number($0, decimals: 3) } ?? "–") then, \(auc(nm).map { Format.number($0, decimals: 3) } ?? "–") now."
        )
        out.append("")
        let op = om["feature_percentiles"] as? [String: [NSNumber]] ?? [:]
        let np = nm["feature_percentiles"] as? [String: [NSNumber]] ?? [:]
        let features = op.keys.filter { np[$0] != nil }.sorted()
        guard !features.isEmpty else { return out + ["The previous run recorded no feature distributions.", ""] }
        out += ["| Feature | Population stability index | Reading |", "| --- | ---: | --- |"]
        for f in features {
            let v = Self.psi(before: op[f]!.map(\.doubleValue), now: np[f]!.map(\.doubleValue))
            out.append(
                "| \(f) | \(Format.number(v, decimals: 3)) | \(v < 0.1 ? "stable" : v < 0.25 ? "some shift" : "major shift") |"
            )
        }
        out.append("")
        return out
    }
}
