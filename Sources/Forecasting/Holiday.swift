import CivilDate

/// A named holiday on given dates, with a window of days around each date that gets its own effect.
public struct Holiday: Sendable, Equatable {
    public var name: String
    public var dates: [CivilDate]
    /// Days before (negative) and after the date that are part of the effect.
    public var window: ClosedRange<Int>

    /// A holiday.
    public init(name: String, dates: [CivilDate], window: ClosedRange<Int> = 0...0) {
        self.name = name
        self.dates = dates
        self.window = window
    }
}

/// Holiday calendars.
public enum HolidayCalendar {
    /// Brazil's national holidays, Black Friday (with the weekend and Cyber Monday after it) and the
    /// Christmas–New Year period, for the years `years`.
    public static func brazil(years: ClosedRange<Int>) -> [Holiday] {
        func d(_ y: Int, _ m: Int, _ day: Int) -> CivilDate { CivilDate(year: y, month: m, day: day)! }
        let ys = Array(years)
        var out: [Holiday] = []
        let fixed: [(String, Int, Int)] = [
            ("Tiradentes", 4, 21), ("Labour Day", 5, 1), ("Independence Day", 9, 7), ("Our Lady of Aparecida", 10, 12),
            ("All Souls' Day", 11, 2), ("Republic Day", 11, 15),
        ]
        for (name, m, day) in fixed { out.append(Holiday(name: name, dates: ys.map { d($0, m, day) })) }
        let easters = ys.map(easter)
        out.append(Holiday(name: "Carnival", dates: easters.map { $0.adding(days: -48) }, window: 0...1))
        out.append(Holiday(name: "Good Friday", dates: easters.map { $0.adding(days: -2) }))
        out.append(Holiday(name: "Corpus Christi", dates: easters.map { $0.adding(days: 60) }))
        out.append(Holiday(name: "Black Friday", dates: ys.map(blackFriday), window: -1...3))
        out.append(Holiday(name: "Christmas and New Year", dates: ys.map { d($0, 12, 24) }, window: -1...8))
        return out
    }

    /// The fourth Friday of November (the day after US Thanksgiving), which Brazilian shops follow.
    public static func blackFriday(_ year: Int) -> CivilDate {
        let first = CivilDate(year: year, month: 11, day: 1)!
        let firstFriday = 1 + (4 - first.weekday + 7) % 7
        return CivilDate(year: year, month: 11, day: firstFriday + 21)!
    }

    /// Western Easter Sunday (the anonymous Gregorian algorithm).
    public static func easter(_ y: Int) -> CivilDate {
        let a = y % 19
        let b = y / 100
        let c = y % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return CivilDate(year: y, month: month, day: day)!
    }
}
