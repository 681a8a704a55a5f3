import CivilDate
import Foundation
import OlistData
import Seeded
import Testing

@testable import Analytics

/// The per-day, per-month, per-state and per-segment sums, which add up in arrays, against the
/// plain dictionary sums they replaced: the same keys, the same order of addition, so the same
/// doubles bit for bit.
@Suite struct AnalyzerSumsTests {
    /// Orders over five months with a month (2018-03) and many days without any, revenues with
    /// cents so that the order of addition shows, some out of scope, and a day whose only order
    /// has no payment (revenue 0: the day is listed, at 0).
    static let orders: [OrderFact] = {
        var g = SplitMix(seed: 11)
        var orders: [OrderFact] = []
        for n in 0..<400 {
            var day = CivilDate(iso: "2018-01-01")!.adding(days: Int(g.next() % 150))
            if day.isoMonth == "2018-03" { day = day.adding(days: 31) }
            let revenue = Double(g.next() % 100_000) / 100
            var o = ChurnStudyTests.order(UInt64(n + 1), g.next() % 60, day.iso, revenue: revenue)
            o.state = ["SP", "RJ", "MG", "??"][Int(g.next() % 4)]
            orders.append(o)
        }
        orders.append(ChurnStudyTests.order(1000, 7, "2018-06-20", revenue: 0))
        return orders
    }()
    static let inScope = orders.indices.map { $0 % 7 != 3 }

    @Test func dailyAndMonthlyEqualDictionarySums() {
        var byDay = [CivilDate: Double]()
        var byMonth = [CivilDate: Double]()
        for (i, o) in Self.orders.enumerated() where Self.inScope[i] {
            byDay[o.purchase.date, default: 0] += o.revenue
            byMonth[o.purchase.date.startOfMonth, default: 0] += o.revenue
        }
        let daily = Analyzer.daily(Self.orders, Self.inScope)
        #expect(daily.map(\.date) == byDay.keys.sorted())
        #expect(daily.allSatisfy { $0.value.bitPattern == byDay[$0.date]!.bitPattern })
        #expect(daily.contains { $0.date.iso == "2018-06-20" && $0.value == 0 })
        let monthly = Analyzer.monthly(Self.orders, Self.inScope, daily: daily)
        #expect(monthly.map(\.date.isoMonth) == ["2018-01", "2018-02", "2018-03", "2018-04", "2018-05", "2018-06"])
        #expect(monthly.allSatisfy { $0.value.bitPattern == (byMonth[$0.date] ?? 0).bitPattern })
        #expect(monthly[2].value == 0)
        #expect(Analyzer.daily(Self.orders, Self.orders.map { _ in false }).isEmpty)
        #expect(Analyzer.monthly(Self.orders, Self.orders.map { _ in false }, daily: []).isEmpty)
    }

    @Test func statesAndSegmentsEqualDictionarySums() {
        let asOf = Timestamp(date: CivilDate(iso: "2018-07-01")!)
        var (customers, _) = Analyzer.rfm(Self.orders, inScope: Self.inScope, asOf: asOf)
        _ = Analyzer.score(&customers, SortedRFM(customers))
        #expect(customers.count > 40)

        var revenue = [String: Double]()
        var count = [String: Int]()
        for (i, o) in Self.orders.enumerated() where Self.inScope[i] {
            revenue[o.state, default: 0] += o.revenue
            count[o.state, default: 0] += 1
        }
        var people = [String: Int]()
        var churned = [String: Int]()
        for c in customers {
            people[c.state, default: 0] += 1
            if c.churned { churned[c.state, default: 0] += 1 }
        }
        let states = Analyzer.states(Self.orders, Self.inScope, customers)
        #expect(states.map(\.state).sorted() == Set(revenue.keys).union(people.keys).sorted())
        for s in states {
            #expect(s.revenue.bitPattern == (revenue[s.state] ?? 0).bitPattern)
            #expect(s.orders == count[s.state] ?? 0)
            #expect(s.customers == people[s.state] ?? 0)
            #expect(s.churnRate == Double(churned[s.state] ?? 0) / Double(max(people[s.state] ?? 0, 1)))
        }
        #expect(zip(states, states.dropFirst()).allSatisfy { $0.revenue >= $1.revenue })

        let segments = Analyzer.segments(customers)
        #expect(segments.map(\.segment) == Segment.allCases)
        for s in segments {
            let members = customers.filter { $0.segment == s.segment }
            let n = Double(max(members.count, 1))
            #expect(s.customers == members.count)
            #expect(s.revenue.bitPattern == members.reduce(0) { $0 + $1.monetary }.bitPattern)
            #expect(s.meanRecency.bitPattern == (members.reduce(0) { $0 + Double($1.recency) } / n).bitPattern)
            #expect(s.meanFrequency.bitPattern == (members.reduce(0) { $0 + Double($1.frequency) } / n).bitPattern)
            #expect(s.churnRate == (members.isEmpty ? 0 : Double(members.filter(\.churned).count) / n))
        }
        #expect(segments.filter { $0.customers > 0 }.count >= 3)
    }

    @Test func stateCodesNumberStatesInOrderOfFirstAppearance() {
        var codes = StateCodes()
        let states = ["SP", "RJ", "SP", "??", "São Paulo", "", "RJ", "São Paulo", "S", "SPX", "é", "é"]
        let code = states.map { codes.code($0) }
        #expect(code == [0, 1, 0, 2, 3, 4, 1, 3, 5, 6, 7, 7])
        #expect(codes.names == ["SP", "RJ", "??", "São Paulo", "", "S", "SPX", "é"])
    }
}
