import CivilDate
import OlistData

/// Everything the analysis stage computes from a dataset; the report, the model and the warehouse
/// read from it.
public struct Analysis: Sendable {
    /// The as-of date: its midnight is the instant recency is measured to.
    public var asOf: CivilDate
    /// Every order joined with its parts, in file order.
    public var orders: [OrderFact]
    /// Every customer, sorted by id.
    public var customers: [CustomerRecord]
    /// For each order, the position in `customers` of its customer; -1 when the order is outside
    /// the analysis (not counted, bought from the as-of date on, or without a customer). Joins by
    /// position, where hashing ten million ids took seconds.
    public var customerOfOrder: [Int32]
    public var kpis: KPIs
    /// Revenue of counted orders per purchase date, only dates that have counted orders.
    public var dailyRevenue: [DayValue]
    /// Revenue of counted orders per calendar month, every month from the first to the last.
    public var monthlyRevenue: [DayValue]
    /// Per state, sorted by revenue (largest first, ties by code).
    public var states: [StateSummary]
    /// Per segment, in segment-map order, including empty segments.
    public var segments: [SegmentSummary]
    /// Per product category, by item revenue.
    public var categories: [CategorySummary]
    /// Distribution of recency, frequency and monetary.
    public var rfmSummary: [DistributionSummary]
    /// The quintile cut points behind the R, F and M scores.
    public var scoreCuts: (recency: [Double], frequency: [Double], monetary: [Double])
    /// Every customer's recency, frequency and monetary, each sorted ascending.
    public var sortedRFM: SortedRFM
    /// Review scores added up per creation date (every review row), sorted by date: what the
    /// windowed KPIs need of the reviews, without keeping the rows.
    public var reviewDays: [ReviewDay]
}

/// The customers' recency, frequency and monetary values, each sorted ascending. The score cuts,
/// the distributions and the lookup page's percentiles and histograms all read them: sorted once,
/// not once each (on ten million customers a sort takes a second or more).
public struct SortedRFM: Sendable {
    public var recency: [Double]
    public var frequency: [Double]
    public var monetary: [Double]

    /// The sorted values of `customers`; recency and frequency, whole numbers over a short range,
    /// are counted rather than compared, and monetary values sorted by their bits.
    public init(_ customers: [CustomerRecord]) {
        recency = Quantiles.sorted(wholeNumbers: customers.map(\.recency))
        frequency = Quantiles.sorted(wholeNumbers: customers.map(\.frequency))
        monetary = Quantiles.sorted(customers.map(\.monetary))
    }
}
/// The review rows created on one day: how many, and the sum of their scores.
public struct ReviewDay: Sendable, Equatable {
    public var date: CivilDate
    public var count: Int
    public var scoreSum: Int

    /// A day's tally.
    public init(date: CivilDate, count: Int, scoreSum: Int) {
        self.date = date
        self.count = count
        self.scoreSum = scoreSum
    }

    /// The tallies of `reviews`, one per creation date, sorted by date.
    public static func tally(_ reviews: [Review]) -> [ReviewDay] {
        var byDay = [CivilDate: (count: Int, sum: Int)]()
        for r in reviews {
            let t = byDay[r.creation.date] ?? (0, 0)
            byDay[r.creation.date] = (t.count + 1, t.sum + r.score)
        }
        return byDay.keys.sorted().map { ReviewDay(date: $0, count: byDay[$0]!.count, scoreSum: byDay[$0]!.sum) }
    }
}

/// A date and a number: a point of a daily or monthly series.
public struct DayValue: Sendable, Equatable {
    public var date: CivilDate
    public var value: Double

    /// A point.
    public init(date: CivilDate, value: Double) {
        self.date = date
        self.value = value
    }
}

/// Figures for one Brazilian state.
public struct StateSummary: Sendable, Equatable {
    public var state: String
    /// Revenue of counted orders shipped to the state.
    public var revenue: Double
    public var orders: Int
    /// Customers whose latest order went to the state.
    public var customers: Int
    public var churnRate: Double
}

/// Figures for one RFM segment.
public struct SegmentSummary: Sendable, Equatable {
    public var segment: Segment
    public var customers: Int
    public var revenue: Double
    public var meanRecency: Double
    public var meanFrequency: Double
    public var meanMonetary: Double
    public var churnRate: Double
}

/// Figures for one product category.
public struct CategorySummary: Sendable, Equatable {
    public var category: String
    /// Sum of item prices in counted orders.
    public var revenue: Double
    public var items: Int
}

/// Quantiles of one variable.
public struct DistributionSummary: Sendable, Equatable {
    public var name: String
    public var mean: Double
    public var min: Double
    public var p25: Double
    public var median: Double
    public var p75: Double
    public var max: Double
}
