import CivilDate
import Foundation
import Seeded

/// Writes a synthetic dataset in the exact Olist schema: deterministic for a seed, Olist-shaped,
/// and streamed, so ten million orders need no more memory than ten thousand.
public struct SampleGenerator: Sendable {
    /// How many orders to write.
    public var orders: Int
    public var seed: UInt64
    /// The first and last purchase dates.
    public var start = CivilDate(iso: "2016-10-03")!
    public var end = CivilDate(iso: "2018-08-31")!
    /// Stop writing orders after this day: the result is exactly the first part of the full dataset
    /// (the same orders, customers and ids), as an earlier export of the same shop would be.
    public var lastDay: CivilDate? = nil

    /// A generator for `orders` orders with `seed`.
    public init(orders: Int, seed: UInt64) {
        self.orders = max(1, orders)
        self.seed = seed
    }

    var productCount: Int { max(40, orders / 3) }
    var sellerCount: Int { max(12, orders / 32) }
    var zipCount: Int { min(19_000, max(60, orders / 5)) }

    private enum Stream: UInt64 {
        case day = 1
        case order, customer, product, seller, zip, geo, review, payment
    }

    private func rng(_ s: Stream, _ i: Int) -> SplitMix { SplitMix(seed: seed, stream: s.rawValue, index: UInt64(i)) }

    /// Writes the nine files into `directory` (created if needed).
    public func write(to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        func path(_ t: OlistTable) -> String { (directory as NSString).appendingPathComponent(t.fileName) }
        try writeCategories(path(.categoryTranslation))
        try writeProducts(path(.products))
        try writeSellers(path(.sellers))
        try writeGeolocation(path(.geolocation))
        try writeOrders(directory: directory, path: path)
    }

    /// The relative order intensity of a day: growth, a weekly cycle, Black Friday, Christmas,
    /// a sparse start and an export that collapses in its last two weeks.
    func intensity(_ d: CivilDate) -> Double {
        let span = Double(start.days(to: end))
        let t = Double(start.days(to: d)) / span
        var w = 0.15 + 1.6 * min(t / 0.6, 1.0)  // growth, then a plateau
        if t < 0.12 {
            // Sparse start: many days without orders.
            var r = rng(.day, d.dayNumber)
            if r.unit() < 0.55 { return 0 }
            w *= 0.3
        }
        let weekly = [1.12, 1.15, 1.08, 1.04, 0.98, 0.80, 0.83]
        w *= weekly[d.weekday]
        let c = d.components
        // Black Friday: the fourth Friday of November, and the weekend after it.
        if c.month == 11 {
            let firstFriday = (4 - CivilDate(year: c.year, month: 11, day: 1)!.weekday + 7) % 7 + 1
            let blackFriday = firstFriday + 21
            if c.day == blackFriday {
                w *= 4.5
            } else if (blackFriday + 1...blackFriday + 3).contains(c.day) {
                w *= 1.8
            }
        }
        if c.month == 12 && c.day >= 24 || c.month == 1 && c.day == 1 { w *= 0.55 }
        if d.days(to: end) < 14 { w *= 0.04 }
        return w
    }

    private func writeCategories(_ path: String) throws {
        let w = try CSVWriter(path: path, crlf: true, bom: true)
        try w.write([.raw("product_category_name"), .raw("product_category_name_english")])
        for c in SampleCategory.all { if let e = c.english { try w.write([.text(c.name), .text(e)]) } }
        try w.close()
    }

    /// Product `i`: its category (nil = missing) and base price.
    func product(_ i: Int) -> (id: OlistID, category: SampleCategory?, price: Double, seller: Int) {
        var r = rng(.product, i)
        let id = r.id()
        let cat = SampleCategory.all[r.pick(weights: SampleCategory.all.map(\.weight))]
        let missing = r.unit() < 0.018
        let price = (cat.price * exp((r.unit() - 0.5) * 2.2) * 100).rounded() / 100
        let seller = Int(Double(sellerCount) * pow(r.unit(), 2.2))  // a few sellers sell most products
        return (id, missing ? nil : cat, max(price, 3.5), min(seller, sellerCount - 1))
    }

    private func writeProducts(_ path: String) throws {
        let w = try CSVWriter(path: path)
        try w.write(OlistTable.products.columns.map { .quoted($0) })
        for i in 0..<productCount {
            let p = product(i)
            var r = rng(.product, i + 1_000_000_000)
            if let c = p.category {
                let n = { (lo: Int, hi: Int) -> CSVWriter.Field in
                    .raw(String(lo + Int(r.next() % UInt64(hi - lo + 1))))
                }
                try w.write([
                    .id(p.id), .text(c.name), n(20, 64), n(80, 3000), n(1, 6), n(100, 15000), n(16, 80), n(2, 60),
                    n(11, 60),
                ])
            } else {
                try w.write([
                    .id(p.id), .empty, .empty, .empty, .empty, .raw("300"), .raw("20"), .raw("10"), .raw("15"),
                ])
            }
        }
        try w.close()
    }

    /// Zip prefix `i`: its state and number.
    func zip(_ i: Int) -> (zip: ZipPrefix, state: SampleState, city: String) {
        var r = rng(.zip, i)
        // The first 27 prefixes cover every state once; the rest follow Olist's customer mix.
        let s =
            i < SampleState.all.count
            ? SampleState.all[i] : SampleState.all[r.pick(weights: SampleState.all.map(\.weight))]
        let range = s.zips[Int(r.next() % UInt64(s.zips.count))]
        let z = range.lowerBound + Int32(r.next() % UInt64(range.upperBound - range.lowerBound + 1))
        return (ZipPrefix(z), s, s.cities[Int(r.next() % UInt64(s.cities.count))])
    }

    /// A zip prefix index for someone in a state drawn by weight; SP customers are most common.
    private func zipIndex(_ r: inout SplitMix) -> Int { Int(r.next() % UInt64(zipCount)) }

    private func writeSellers(_ path: String) throws {
        let w = try CSVWriter(path: path)
        try w.write(OlistTable.sellers.columns.map { .quoted($0) })
        for i in 0..<sellerCount {
            var r = rng(.seller, i)
            let id = r.id()
            let z = zip(zipIndex(&r))
            try w.write([.id(id), .zip(z.zip), .text(z.city), .raw(z.state.code)])
        }
        try w.close()
    }

    private func writeGeolocation(_ path: String) throws {
        let w = try CSVWriter(path: path)
        try w.write(OlistTable.geolocation.columns.map { .quoted($0) })
        // About ten rows per order overall, like Olist's million rows for 100k orders.
        // Small samples keep fewer rows per prefix so the committed sample stays a few MB.
        let perZip = max(2, min(orders < 20_000 ? 10 : 80, orders * 10 / zipCount))
        for i in 0..<zipCount {
            let z = zip(i)
            var r = rng(.geo, i)
            let lat0 = z.state.latitude + (r.unit() - 0.5) * 3
            let lng0 = z.state.longitude + (r.unit() - 0.5) * 3
            let rows = 1 + Int(r.next() % UInt64(2 * perZip - 1))
            for k in 0..<rows {
                var lat = lat0 + (r.unit() - 0.5) * 0.04
                var lng = lng0 + (r.unit() - 0.5) * 0.04
                if r.unit() < 0.0008 {
                    // Mis-geocoded rows, as in the real export: somewhere in Europe or at sea.
                    lat = 38.7 + r.unit()
                    lng = -9.1 + r.unit()
                }
                let city = k % 7 == 6 ? z.city.uppercased() : z.city
                try w.write([
                    .zip(z.zip), .raw(coordinate(lat)), .raw(coordinate(lng)), .text(city), .raw(z.state.code),
                ])
            }
        }
        try w.close()
    }

    private func coordinate(_ v: Double) -> String { String(format: "%.14f", v) }

    private func writeOrders(directory: String, path: (OlistTable) -> String) throws {
        let ow = try CSVWriter(path: path(.orders))
        let cw = try CSVWriter(path: path(.customers))
        let iw = try CSVWriter(path: path(.orderItems))
        let pw = try CSVWriter(path: path(.payments))
        let rw = try CSVWriter(path: path(.reviews))
        for (w, t) in [(ow, OlistTable.orders), (cw, .customers), (iw, .orderItems), (pw, .payments), (rw, .reviews)] {
            try w.write(t.columns.map { .quoted($0) })
        }
        let days = (0...start.days(to: end)).map { start.adding(days: $0) }
        let weights = days.map(intensity)
        let total = weights.reduce(0, +)
        var carried = 0.0
        var orderIndex = 0
        var customerCount = 0
        for (di, day) in days.enumerated() {
            if let lastDay, day > lastDay { break }
            // Spread the orders over days by intensity, carrying the fractions so the total is exact.
            carried += Double(orders) * weights[di] / total
            var n = Int(carried.rounded(.down))
            if di == days.count - 1 { n = orders - orderIndex }
            carried -= Double(n)
            var dayRng = rng(.day, day.dayNumber + 1_000_000)
            let seconds = (0..<n).map { _ in Int(dayRng.next() % 86_400) }.sorted()
            for s in seconds {
                var r = rng(.order, orderIndex)
                // About 3% of orders come from a returning customer: 97% of customers buy once.
                let customer: Int
                if customerCount > 20 && r.unit() < 0.031 {
                    // Returning buyers are mostly recent ones, as in real shops: the cube skews the
                    // draw towards the newest customers, so recency carries signal about returning.
                    let back = Int(Double(customerCount) * pow(r.unit(), 3))
                    customer = customerCount - 1 - min(back, customerCount - 1)
                } else {
                    customer = customerCount
                    customerCount += 1
                }
                try writeOrder(
                    orderIndex, customer: customer, at: Timestamp(seconds: Int64(day.dayNumber) * 86_400 + Int64(s)),
                    &r, ow, cw, iw, pw, rw)
                orderIndex += 1
            }
        }
        for w in [ow, cw, iw, pw, rw] { try w.close() }
    }

    private func ts(_ t: Timestamp?) -> CSVWriter.Field { t.map { .raw($0.description) } ?? .empty }

    private func writeOrder(
        _ i: Int, customer: Int, at purchase: Timestamp, _ r: inout SplitMix,
        _ ow: CSVWriter, _ cw: CSVWriter, _ iw: CSVWriter, _ pw: CSVWriter, _ rw: CSVWriter
    ) throws {
        let orderID = r.id()
        let customerID = r.id()
        var cr = rng(.customer, customer)
        let uniqueID = cr.id()
        let home = zip(zipIndex(&cr))
        try cw.write([.id(customerID), .id(uniqueID), .zip(home.zip), .text(home.city), .raw(home.state.code)])

        let daysBeforeEnd = purchase.date.days(to: end)
        let u = r.unit()
        let status: OrderStatus
        if u < 0.0065 {
            status = .canceled
        } else if u < 0.0125 {
            status = .unavailable
        } else if daysBeforeEnd < 20 && u < 0.5 {
            status = [.shipped, .invoiced, .processing, .approved][Int(r.next() % 4)]
        } else if u < 0.023 {
            status = .shipped
        } else if u < 0.026 {
            status = .invoiced
        } else if u < 0.029 {
            status = .processing
        } else if u < 0.0295 {
            status = .created
        } else {
            status = .delivered
        }
        let hour: Int64 = 3600
        let day: Int64 = 86_400
        let approved =
            status == .created || (status == .canceled && r.unit() < 0.3)
            ? nil : Timestamp(seconds: purchase.seconds + 600 + Int64(r.next() % UInt64(20 * hour)))
        let shippedStatuses: Set<OrderStatus> = [.shipped, .delivered, .canceled]
        let carrier =
            approved != nil && shippedStatuses.contains(status) && !(status == .canceled && r.unit() < 0.7)
            ? Timestamp(seconds: approved!.seconds + day + Int64(r.next() % UInt64(4 * day))) : nil
        let distance = abs(home.state.latitude + 23) + abs(home.state.longitude + 47)
        let estimated = Timestamp(date: purchase.date.adding(days: 12 + Int(distance / 2) + Int(r.next() % 14)))
        var delivered: Timestamp? = nil
        if status == .delivered, let carrier, r.unit() > 0.0003 {
            let late = r.unit() < 0.08 ? Int64(2 + r.next() % 20) * day : 0
            delivered = Timestamp(
                seconds: carrier.seconds + 2 * day + Int64(distance) * hour * 6 + Int64(r.next() % UInt64(6 * day))
                    + late)
        }
        try ow.write([
            .id(orderID), .id(customerID), .raw(status.rawValue), ts(purchase), ts(approved), ts(carrier),
            ts(delivered), ts(estimated),
        ])

        // Items: mostly one, sometimes several of the same or other products.
        let itemCount = r.unit() < 0.9 ? 1 : (r.unit() < 0.8 ? 2 : 3 + Int(r.next() % 3))
        var total = 0.0
        let popular = Int(Double(productCount) * pow(r.unit(), 1.8))
        for k in 1...itemCount {
            let p = product(k == 1 || r.unit() < 0.5 ? popular : Int(r.next() % UInt64(productCount)))
            var sr = rng(.seller, p.seller)
            let sellerID = sr.id()
            let freight = ((8 + distance * 0.9 + r.unit() * 20) * 100).rounded() / 100
            let limit = Timestamp(seconds: purchase.seconds + 6 * day + Int64(r.next() % UInt64(3 * day)))
            try iw.write([
                .id(orderID), .raw(String(k)), .id(p.id), .id(sellerID), ts(limit), .raw(money(p.price)),
                .raw(money(freight)),
            ])
            total += p.price + freight
        }

        // Payments: one order in the whole set has none, as in the real export.
        if !(i == orders / 2 && orders >= 100) {
            var pr = rng(.payment, i)
            let kind = pr.pick(weights: [74, 19, 1.5, 5.5])
            let cents = Int((total * 100).rounded())
            switch kind {
            case 0:  // credit card, sometimes topped up by a voucher
                let installments = 1 + Int(pr.next() % 10)
                if pr.unit() < 0.04 && cents > 500 {
                    let voucher = 100 + Int(pr.next() % UInt64(cents / 3))
                    try pw.write([
                        .id(orderID), .raw("1"), .raw("credit_card"), .raw(String(installments)),
                        .raw(money(Double(cents - voucher) / 100)),
                    ])
                    try pw.write([
                        .id(orderID), .raw("2"), .raw("voucher"), .raw("1"), .raw(money(Double(voucher) / 100)),
                    ])
                } else {
                    try pw.write([
                        .id(orderID), .raw("1"), .raw("credit_card"), .raw(String(installments)), .raw(money(total)),
                    ])
                }
            case 1: try pw.write([.id(orderID), .raw("1"), .raw("boleto"), .raw("1"), .raw(money(total))])
            case 2: try pw.write([.id(orderID), .raw("1"), .raw("debit_card"), .raw("1"), .raw(money(total))])
            default:
                // Several vouchers.
                let parts = 2 + Int(pr.next() % 2)
                var left = cents
                for k in 1...parts {
                    let v = k == parts ? left : left / (parts - k + 1)
                    left -= v
                    try pw.write([
                        .id(orderID), .raw(String(k)), .raw("voucher"), .raw("1"), .raw(money(Double(v) / 100)),
                    ])
                }
            }
        }

        // Reviews: nearly every order, scores like Olist's (mostly 5, a fat tail of 1).
        var rr = rng(.review, i)
        if rr.unit() < 0.992 {
            let late = delivered.map { $0.date > estimated.date } ?? (status != .delivered)
            let score = late ? [1, 1, 2, 3, 4, 5][Int(rr.next() % 6)] : rr.pick(weights: [9, 3, 8, 19, 61]) + 1
            let hasComment = rr.unit() < 0.42
            let comments = score >= 4 ? SampleText.positive : SampleText.negative
            let message: CSVWriter.Field =
                hasComment ? .text(comments[Int(rr.next() % UInt64(comments.count))]) : .empty
            let title: CSVWriter.Field =
                hasComment && rr.unit() < 0.3
                ? .text(SampleText.titles[Int(rr.next() % UInt64(SampleText.titles.count))]) : .empty
            let created = Timestamp(date: (delivered ?? estimated).date.adding(days: 1))
            let answered = Timestamp(seconds: created.seconds + Int64(rr.next() % UInt64(5 * day)))
            try rw.write([.id(rr.id()), .id(orderID), .raw(String(score)), title, message, ts(created), ts(answered)])
        }
    }

    private func money(_ v: Double) -> String { String(format: "%.2f", v) }
}
