/// A calendar day in the proleptic Gregorian calendar, stored as days since 1970-01-01.
///
/// Olist timestamps carry no time zone, so every date here is a plain civil date: no time zone,
/// no daylight saving, and arithmetic is integer arithmetic on day numbers.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    public var dayNumber: Int

    /// A date from its day number since 1970-01-01.
    public init(dayNumber: Int) { self.dayNumber = dayNumber }

    /// A date from year, month (1–12) and day (1–31); `nil` when the day does not exist.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year) else {
            return nil
        }
        dayNumber = CivilDate.days(year: year, month: month, day: day)
    }

    /// Parses `yyyy-MM-dd`; `nil` for anything else.
    public init?(iso text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let y = Self.digits(bytes, 0, 4), let m = Self.digits(bytes, 5, 2), let d = Self.digits(bytes, 8, 2)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Year, month (1–12) and day of month.
    public var components: (year: Int, month: Int, day: Int) {
        // Howard Hinnant's civil_from_days: exact for every Int day number that fits.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Day of week, 0 = Monday … 6 = Sunday (ISO order).
    public var weekday: Int { ((dayNumber % 7) + 7 + 3) % 7 }

    /// The first day of this date's month.
    public var startOfMonth: CivilDate {
        let c = components
        return CivilDate(dayNumber: Self.days(year: c.year, month: c.month, day: 1))
    }

    /// The months (their first days) that the days `first` through `last` fall in, and each
    /// day's place among them (`monthOfDay[d.dayNumber - first.dayNumber]`): sums per month then go
    /// into an array, a table lookup a day instead of a date computation and a hash.
    public static func months(from first: CivilDate, through last: CivilDate) -> (
        months: [CivilDate], monthOfDay: [Int]
    ) {
        var months: [CivilDate] = []
        var monthOfDay: [Int] = []
        for d in first.dayNumber...max(first.dayNumber, last.dayNumber) {
            let m = CivilDate(dayNumber: d).startOfMonth
            if months.last != m { months.append(m) }
            monthOfDay.append(months.count - 1)
        }
        return (months, monthOfDay)
    }

    /// `yyyy-MM-dd`.
    public var iso: String {
        let c = components
        return Self.pad(c.year, 4) + "-" + Self.pad(c.month, 2) + "-" + Self.pad(c.day, 2)
    }

    /// `yyyy-MM`.
    public var isoMonth: String {
        let c = components
        return Self.pad(c.year, 4) + "-" + Self.pad(c.month, 2)
    }

    public var description: String { iso }

    /// The date `n` days later (earlier when negative).
    public func adding(days n: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + n) }

    /// The same day `n` months later, clamped to the month's last day.
    public func adding(months n: Int) -> CivilDate {
        let c = components
        let total = c.year * 12 + (c.month - 1) + n
        let y = total >= 0 ? total / 12 : (total - 11) / 12
        let m = total - y * 12 + 1
        return CivilDate(dayNumber: Self.days(year: y, month: m, day: min(c.day, Self.daysIn(month: m, year: y))))
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(to other: CivilDate) -> Int { other.dayNumber - dayNumber }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.dayNumber < b.dayNumber }

    /// Number of days in a month.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func days(year: Int, month: Int, day: Int) -> Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func digits(_ b: [UInt8], _ start: Int, _ count: Int) -> Int? {
        var v = 0
        for i in start..<(start + count) {
            let d = Int(b[i]) - 48
            guard (0...9).contains(d) else { return nil }
            v = v * 10 + d
        }
        return v
    }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
