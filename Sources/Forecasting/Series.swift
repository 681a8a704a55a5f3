import CivilDate

/// A daily series: one value per consecutive day from `start`.
public struct DailySeries: Sendable, Equatable {
    public var start: CivilDate
    public var values: [Double]

    /// A series from its first day and values.
    public init(start: CivilDate, values: [Double]) {
        self.start = start
        self.values = values
    }

    /// Dates and values (in any order, dates may be missing) as a gap-free series, missing days 0.
    public init?(dates: [CivilDate], values: [Double]) {
        guard let first = dates.min(), let last = dates.max() else { return nil }
        var v = [Double](repeating: 0, count: first.days(to: last) + 1)
        for (d, x) in zip(dates, values) { v[first.days(to: d)] += x }
        self.init(start: first, values: v)
    }

    public var count: Int { values.count }
    /// The last day.
    public var end: CivilDate { start.adding(days: values.count - 1) }
    /// The date of index `i`.
    public func date(_ i: Int) -> CivilDate { start.adding(days: i) }

    /// The days from `from` through `to` (clamped to the series).
    public func slice(from: CivilDate, through to: CivilDate) -> DailySeries {
        let a = max(0, start.days(to: from))
        let b = min(values.count - 1, start.days(to: to))
        guard a <= b else { return DailySeries(start: from, values: []) }
        return DailySeries(start: date(a), values: Array(values[a...b]))
    }
}

/// The reliable part of a series, and what was cut off each end.
public struct ReliableSpan: Sendable, Equatable {
    public var series: DailySeries
    /// Days dropped at the start (a sparse beginning) and at the end (a partial last period).
    public var trimmedLeading: Int
    public var trimmedTrailing: Int
    /// Why, in a sentence for the report.
    public var explanation: String

    /// Finds the reliable span of a gap-filled series.
    ///
    /// It starts on the first day from which four weeks have at most three empty days and a mean of
    /// at least a tenth of the typical (median non-empty) day. It ends on the last day, walking back,
    /// whose four weeks before it are as dense and whose own value and week reach half of their
    /// median, so the collapsing tail of a partial export is left out.
    public static func detect(_ s: DailySeries, window: Int = 28) -> ReliableSpan {
        let v = s.values
        let nonZero = v.filter { $0 > 0 }.sorted()
        let typical = nonZero.isEmpty ? 0 : nonZero[nonZero.count / 2]
        guard v.count >= window * 2, typical > 0 else {
            return ReliableSpan(
                series: s, trimmedLeading: 0, trimmedTrailing: 0,
                explanation: "The series is too short to trim; all \(v.count) days are used.")
        }
        func dense(_ range: Range<Int>) -> Bool {
            let w = v[range]
            return w.filter { $0 == 0 }.count <= 3 && w.reduce(0, +) / Double(w.count) >= typical / 10
        }
        var first = 0
        while first + window <= v.count && !dense(first..<(first + window)) { first += 1 }
        if first + window > v.count { first = 0 }
        // The span starts on a day with sales, not on the empty days the window tolerates.
        while first < v.count - 1 && v[first] == 0 { first += 1 }
        var last = v.count - 1
        while last - window >= first {
            let w = Array(v[(last - window)..<last]).sorted()
            let half = w[w.count / 2] / 2
            // Both the day and its week must reach half the level before, so one lucky order in a
            // collapsing tail does not end the span.
            let week = v[max(0, last - 6)...last]
            if dense((last - window)..<last) && v[last] >= half && week.reduce(0, +) / Double(week.count) >= half {
                break
            }
            last -= 1
        }
        if last - window < first { last = v.count - 1 }
        let series = DailySeries(start: s.date(first), values: Array(v[first...last]))
        let lead = first
        let trail = v.count - 1 - last
        var parts: [String] = []
        if lead > 0 { parts.append("\(lead) sparse days at the start (\(s.start.iso) to \(s.date(first - 1).iso))") }
        if trail > 0 {
            parts.append(
                "\(trail) days at the end (\(s.date(last + 1).iso) to \(s.end.iso)) that fall far below the weeks before them, as a partial export does"
            )
        }
        let explanation =
            parts.isEmpty
            ? "All \(v.count) days, \(s.start.iso) to \(s.end.iso), are used."
            : "The model uses \(series.start.iso) to \(series.end.iso); it leaves out "
                + parts.joined(separator: ", and ") + "."
        return ReliableSpan(series: series, trimmedLeading: lead, trimmedTrailing: trail, explanation: explanation)
    }
}
