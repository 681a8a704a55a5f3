import CivilDate
import Testing

@Suite struct CivilDateTests {
    @Test func roundTripsAcrossCenturies() {
        for n in stride(from: -800_000, through: 800_000, by: 997) {
            let d = CivilDate(dayNumber: n)
            let c = d.components
            #expect(CivilDate(year: c.year, month: c.month, day: c.day) == d)
        }
    }

    @Test func knownDates() {
        #expect(CivilDate(iso: "1970-01-01")?.dayNumber == 0)
        #expect(CivilDate(iso: "2017-11-24")?.weekday == 4)  // a Friday
        #expect(CivilDate(iso: "2016-02-29") != nil)
        #expect(CivilDate(iso: "2017-02-29") == nil)
        #expect(CivilDate(iso: "2018-01-31")!.adding(months: 1).iso == "2018-02-28")
    }

    @Test func wholeDaysRoundDown() {
        let asOf = Timestamp(date: CivilDate(iso: "2018-08-28")!)
        let t = Timestamp(date: CivilDate(iso: "2018-08-27")!, hour: 0, minute: 0, second: 1)!
        #expect(t.wholeDays(to: asOf) == 0)
        let u = Timestamp(date: CivilDate(iso: "2018-08-26")!, hour: 23, minute: 59, second: 59)!
        #expect(u.wholeDays(to: asOf) == 1)
    }
}
