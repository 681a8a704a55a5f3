import Analytics
import CivilDate
import Foundation
import Testing

@testable import OlistData

@Suite struct SampleGeneratorTests {
    static let folder: URL = {
        let dir = Paths.temporary("sample")
        try! SampleGenerator(orders: 20_000, seed: 7).write(to: dir.path)
        return dir
    }()

    @Test func hasOlistShape() throws {
        let d = try Dataset.load(from: Self.folder.path)
        let a = try Analyzer.analyze(d)
        #expect(d.rowCounts[.orders] == 20_000)
        let once = Double(a.customers.filter { $0.frequency == 1 }.count) / Double(a.customers.count)
        #expect(once > 0.95 && once < 0.99, "share of one-time buyers \(once)")
        #expect(Set(d.locations.map(\.state)).count == 27)
        #expect(a.states.first?.state == "SP")
        #expect(Set(d.orders.map(\.status)) == Set(OrderStatus.allCases))
        #expect(d.orders.contains { $0.status == .shipped && $0.deliveredCustomer == nil })
        #expect(d.payments.contains { $0.type == "voucher" })
        #expect(Set(d.payments.filter { $0.sequential > 1 }.map(\.orderID)).count > 10)
        #expect(d.reviews.contains { $0.message?.contains("\n") == true })
        #expect(d.reviews.contains { $0.message?.contains("\"") == true })
        #expect(d.products.contains { $0.category == nil })
        #expect(d.quality.notes.contains { $0.code == "category_without_translation" })
        #expect(d.locations.allSatisfy { $0.rows >= 1 })
        #expect(d.quality.warnings.contains { $0.code == "order_without_payment" && $0.count == 1 })
        // Black Friday 2017 beats every other day of November.
        let nov = a.dailyRevenue.filter { $0.date.isoMonth == "2017-11" }
        #expect(nov.max { $0.value < $1.value }?.date.iso == "2017-11-24")
        // Weekly cycle: Mondays sell more than Saturdays.
        let mondays = a.dailyRevenue.filter { $0.date.weekday == 0 }.map(\.value).reduce(0, +)
        let saturdays = a.dailyRevenue.filter { $0.date.weekday == 5 }.map(\.value).reduce(0, +)
        #expect(mondays > saturdays * 1.1)
        // Growth: the second year sells more than the first.
        let y2017 = a.monthlyRevenue.filter { $0.date.isoMonth.hasPrefix("2017-0") }.map(\.value).reduce(0, +)
        let y2018 = a.monthlyRevenue.filter { $0.date.isoMonth.hasPrefix("2018-0") && $0.date.isoMonth < "2018-08" }
            .map(\.value).reduce(0, +)
        #expect(y2018 > y2017)
    }

    @Test func sameSeedSameBytes() throws {
        let a = Paths.temporary("sample-a")
        let b = Paths.temporary("sample-b")
        let c = Paths.temporary("sample-c")
        try SampleGenerator(orders: 500, seed: 3).write(to: a.path)
        try SampleGenerator(orders: 500, seed: 3).write(to: b.path)
        try SampleGenerator(orders: 500, seed: 4).write(to: c.path)
        for t in OlistTable.allCases {
            let x = try Data(contentsOf: a.appendingPathComponent(t.fileName))
            #expect(x == (try Data(contentsOf: b.appendingPathComponent(t.fileName))), "\(t.fileName)")
        }
        let orders = OlistTable.orders.fileName
        #expect(
            try Data(contentsOf: a.appendingPathComponent(orders)) != Data(contentsOf: c.appendingPathComponent(orders))
        )
    }

    @Test func committedSampleIsUpToDate() throws {
        // Data/sample is `churnsite sample --orders 5000 --seed 42`: regenerate and compare.
        let fresh = Paths.temporary("sample-fresh")
        try SampleGenerator(orders: 5000, seed: 42).write(to: fresh.path)
        for t in OlistTable.allCases {
            let committed = try Data(contentsOf: Paths.dataSample.appendingPathComponent(t.fileName))
            #expect(committed == (try Data(contentsOf: fresh.appendingPathComponent(t.fileName))), "\(t.fileName)")
        }
    }
}

@Suite struct ValidationTests {
    /// Broken references are warnings with their counts and an example each. The read's own
    /// indexes of order, customer, product and seller ids (collected to check they are unique)
    /// give the same findings as indexes made from the rows, and go once validation is done.
    @Test func brokenReferencesAreFoundWithTheReadsIdSets() throws {
        let dir = try sampleCopy()
        let (order, ghost) = ("a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0", "ffffffffffffffffffffffffffffffff")
        try append(
            Array("\(order),\(ghost),delivered,2017-10-02 10:56:33,,,,2017-10-18 00:00:00\n".utf8),
            to: dir.appendingPathComponent(OlistTable.orders.fileName))
        try append(
            Array("\(ghost),1,\(ghost),\(ghost),2017-10-02 10:56:33,10.00,1.00\n".utf8),
            to: dir.appendingPathComponent(OlistTable.orderItems.fileName))
        try append(
            Array("\(ghost),1,credit_card,1,10.00\n".utf8), to: dir.appendingPathComponent(OlistTable.payments.fileName)
        )
        try append(
            Array("b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0,\(ghost),5,,,2017-10-02 00:00:00,2017-10-03 00:00:00\n".utf8),
            to: dir.appendingPathComponent(OlistTable.reviews.fileName))
        let d = try Dataset.load(from: dir.path)
        for code in [
            "order_without_customer", "item_unknown_order", "item_unknown_product", "item_unknown_seller",
            "payment_unknown_order", "review_unknown_order",
        ] {
            let w = d.quality.warnings.first { $0.code == code }
            #expect(w?.count == 1, "\(code)")
            #expect(w?.example == (code == "order_without_customer" ? order : ghost), "\(code)")
        }
        #expect(d.keys.isEmpty)
        #expect(d.validate() == d.quality)
        // The positions validation kept for the analysis: -1 exactly at the broken references,
        // the same as positions found afresh from the rows.
        let links = d.links()
        #expect(links.orderCustomer.last == -1 && links.orderCustomer.dropLast().allSatisfy { $0 >= 0 })
        #expect(links.itemOrder.last == -1 && links.itemProduct.last == -1)
        #expect(links.paymentOrder.last == -1 && links.reviewOrder.last == -1)
        #expect(links.itemOrder.filter { $0 < 0 }.count == 1 && links.itemProduct.filter { $0 < 0 }.count == 1)
        #expect(zip(d.payments, links.paymentOrder).dropLast().allSatisfy { d.orders[Int($1)].id == $0.orderID })
        #expect(zip(d.items, links.itemProduct).dropLast().allSatisfy { d.products[Int($1)].id == $0.productID })
        var fresh = d
        fresh.orders = d.orders
        // (Printed whole, the positions would fill the log: only whether they are there.)
        let (kept, dropped) = (d.foundLinks != nil, fresh.foundLinks == nil)
        #expect(kept && dropped)
        #expect(fresh.links() == links)
    }

    /// Positions found by validation describe the rows validation saw: changing a table drops
    /// them, so the analysis of changed rows joins them afresh and matches a dataset that was
    /// never validated.
    @Test func changedRowsAreJoinedAfresh() throws {
        var d = try Dataset.load(from: Paths.dataSample.path)
        let found = d.foundLinks != nil
        d.orders.reverse()
        d.customers.swapAt(0, d.customers.count - 1)
        let dropped = d.foundLinks == nil
        #expect(found && dropped)
        var plain = Dataset()
        plain.orders = d.orders
        plain.customers = d.customers
        plain.items = d.items
        plain.payments = d.payments
        plain.reviews = d.reviews
        plain.products = d.products
        plain.sellers = d.sellers
        plain.categoryNames = d.categoryNames
        let links = d.links()
        #expect(zip(d.orders, links.orderCustomer).allSatisfy { d.customers[Int($1)].id == $0.customerID })
        #expect(zip(d.reviews, links.reviewOrder).allSatisfy { d.orders[Int($1)].id == $0.orderID })
        let a = try Analyzer.analyze(d)
        let b = try Analyzer.analyze(plain)
        #expect(a.customers == b.customers && a.kpis == b.kpis && a.categories == b.categories)
    }

    /// With every kind of problem present, the checks' two lanes give the same warnings and notes
    /// in the same order (table by table) whether they run one after the other or at once.
    @Test func everyCheckFindsTheSameOnOneThreadAndTwo() throws {
        let dir = try sampleCopy()
        let ghost = "ffffffffffffffffffffffffffffffff"
        func add(_ table: OlistTable, _ lines: String...) throws {
            try append(Array(lines.map { $0 + "\n" }.joined().utf8), to: dir.appendingPathComponent(table.fileName))
        }
        try add(
            .orders, "a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0,\(ghost),delivered,2017-10-02 10:56:33,,,,2017-10-18 00:00:00",
            "c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0,\(ghost),delivered,2017-10-02 10:56:33,,,2017-10-01 09:00:00,2017-10-18 00:00:00"
        )
        try add(.orderItems, "\(ghost),1,\(ghost),\(ghost),2017-10-02 10:56:33,-10.00,1.00")
        try add(.payments, "\(ghost),1,credit_card,1,-10.00")
        let review = "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0,\(ghost),5,,,2017-10-02 00:00:00,2017-10-03 00:00:00"
        try add(.reviews, review, review)
        try add(
            .products, "d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0,,,,,,,,",
            "e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0,categoria_nova,,,,,,,")
        try add(.customers, "f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1,f2f2f2f2f2f2f2f2f2f2f2f2f2f2f2f2,99999,cidade,SP")
        try add(.geolocation, "99998,59.91,10.75,oslo,SP")
        var oneThread = LoadOptions()
        oneThread.threads = 1
        let one = try Dataset.load(from: dir.path, options: oneThread)
        let two = try Dataset.load(from: dir.path)
        #expect(one.quality == two.quality)
        #expect(one.quality.warnings.count + one.quality.notes.count == Dataset.checkOrder.count)
        let codes = (two.quality.warnings + two.quality.notes).map(\.code)
        #expect(Set(codes) == Set(Dataset.checkOrder))
        #expect(
            two.quality.warnings.map(\.code) == Dataset.checkOrder.filter(two.quality.warnings.map(\.code).contains))
        #expect(two.quality.notes.map(\.code) == Dataset.checkOrder.filter(two.quality.notes.map(\.code).contains))
        #expect(two.validate(threads: 2) == two.validate(threads: 1))
    }
}
