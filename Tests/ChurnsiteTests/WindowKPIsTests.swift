import Analytics
import CivilDate
import OlistData
import Testing

struct WindowKPIsTests {
    /// The window figures equal a direct computation by customer id over the orders: buyers in the
    /// window, those who had bought before it, and everyone's latest order before its end.
    @Test(arguments: [(-30, 0), (-60, -30), (-130, -30), (-400, -370), (-700, -600), (-5, -4)])
    func windowsEqualADirectCountById(_ days: (Int, Int)) throws {
        let a = WarehouseFixture.shared.analysis
        let from = a.asOf.adding(days: days.0)
        let to = a.asOf.adding(days: days.1)
        let w = WindowKPIs(a, from: from, to: to)
        let start = Timestamp(date: from)
        let end = Timestamp(date: to)
        var revenue = 0.0
        var orders = 0
        var buyers = Set<OlistID>()
        var latest = [OlistID: Timestamp]()
        var first = [OlistID: Timestamp]()
        for o in a.orders where o.isCounted && o.purchase < end {
            guard let u = o.uniqueID else { continue }
            latest[u] = max(latest[u] ?? o.purchase, o.purchase)
            first[u] = min(first[u] ?? o.purchase, o.purchase)
            if o.purchase >= start {
                revenue += o.revenue
                orders += 1
                buyers.insert(u)
            }
        }
        #expect(w.revenue == revenue && w.orders == orders && w.customers == buyers.count)
        #expect(orders > 0, "a window with no orders tests little")
        let repeaters = buyers.filter { first[$0]! < start }.count
        #expect(w.repeatCustomerRate == (buyers.isEmpty ? 0 : Double(repeaters) / Double(buyers.count)))
        let churned = latest.values.filter { $0.wholeDays(to: end) > Analyzer.churnDays }.count
        #expect(w.churnRate == (latest.isEmpty ? 0 : Double(churned) / Double(latest.count)))
    }
}
