import CivilDate
import Foundation
import OlistData
import Testing

@testable import Analytics

/// The real excerpt in ../shared/olist-sample against what pandas computed on it.
@Suite struct GoldenOlistSampleTests {
    static let analysis: Analysis? = {
        guard FileManager.default.fileExists(atPath: Paths.olistSample.path) else { return nil }
        let data = try! Dataset.load(from: Paths.olistSample.path)
        return try! Analyzer.analyze(data)
    }()

    @Test func rfmEqualsPandas() throws {
        guard Paths.sharedAvailable("the RFM golden test"), let a = Self.analysis else { return }
        let lines = try readText(Paths.olistSample.appendingPathComponent("expected/customer_rfm_data.csv"))
            .split(separator: "\n").dropFirst()
        #expect(a.asOf == CivilDate(iso: "2018-08-28"))
        #expect(a.customers.count == lines.count)
        for (line, c) in zip(lines, a.customers) {
            let f = line.split(separator: ",")
            #expect(String(f[0]) == c.id.description)
            #expect(Int(f[1]) == c.recency, "recency of \(f[0])")
            #expect(Int(f[2]) == c.frequency, "frequency of \(f[0])")
            #expect(String(f[3]) == String(format: "%.2f", c.monetary), "monetary of \(f[0])")
            #expect(String(f[4]) == (c.churned ? "1" : "0"), "churned of \(f[0])")
        }
    }

    @Test func kpisEqualPandas() throws {
        guard Paths.sharedAvailable("the KPI golden test"), let a = Self.analysis else { return }
        let data = try Data(contentsOf: Paths.olistSample.appendingPathComponent("expected/kpis.json"))
        let e = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let k = a.kpis
        #expect(e["as_of"] as? String == a.asOf.iso)
        #expect(e["orders"] as? Int == k.orders)
        #expect(e["customers"] as? Int == k.customers)
        #expect(String(format: "%.2f", k.revenue) == String(format: "%.2f", e["revenue"] as! Double))
        #expect(
            String(format: "%.2f", k.averageOrderValue) == String(format: "%.2f", e["average_order_value"] as! Double))
        for (key, value) in [
            ("repeat_customer_rate", k.repeatCustomerRate), ("churn_rate", k.churnRate),
            ("average_review_score", k.averageReviewScore!), ("on_time_delivery_rate", k.onTimeDeliveryRate!),
        ] {
            #expect(String(format: "%.6f", value) == String(format: "%.6f", e[key] as! Double), "\(key)")
        }
    }

    @Test func dailyRevenueEqualsPandas() throws {
        guard Paths.sharedAvailable("the daily revenue golden test"), let a = Self.analysis else { return }
        let lines = try readText(Paths.olistSample.appendingPathComponent("expected/daily_sales.csv"))
            .split(separator: "\n").dropFirst()
        #expect(a.dailyRevenue.count == lines.count)
        for (line, d) in zip(lines, a.dailyRevenue) {
            #expect(String(line) == "\(d.date.iso),\(String(format: "%.2f", d.value))")
        }
    }
}
