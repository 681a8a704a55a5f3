import Foundation

/// Reads one table file into typed rows.
struct TableLoader {
    enum Content {
        case orders([Order])
        case customers([Customer])
        case items([OrderItem])
        case payments([Payment])
        case reviews([Review])
        case products([Product])
        case sellers([Seller])
        case locations([ZipLocation])
        case categories([String: String])
    }

    struct Part {
        var rows: Int
        var digest: FileDigest
        var content: Content
        /// The table's ids and their positions, when the read checked they are unique: validation
        /// looks references up in them rather than hashing every id again.
        var keys: IDIndex? = nil
    }

    let path: String
    let table: OlistTable
    let options: LoadOptions
    /// Bytes to read instead of the file (the fuzzer's input).
    var bytes: [UInt8]?

    init(path: String, table: OlistTable, options: LoadOptions) {
        self.path = path
        self.table = table
        self.options = options
    }

    /// Decodes `bytes` as the file of `table`, exactly as a file would be; returns the row count.
    /// The fuzzer calls this with arbitrary bytes: it must throw or return, never crash.
    static func decode(_ table: OlistTable, bytes: [UInt8], bufferSize: Int) throws(OlistError) -> Int {
        var options = LoadOptions()
        options.bufferSize = bufferSize
        var loader = TableLoader(path: table.fileName, table: table, options: options)
        loader.bytes = bytes
        return try loader.load().rows
    }

    /// Reads every record, calling `row` with the decoder positioned on it; returns the record count
    /// and the file's digest. `reserve` is called once, after the first 65,536 records, with the
    /// number of records the file's size suggests (plus 3%): an array that grew by doubling would
    /// hold up to twice the room its rows need, which on big files is gigabytes.
    func each(
        reserve: (Int) -> Void = { _ in }, _ row: (borrowing RowDecoder) throws(OlistError) -> Void
    ) throws(OlistError) -> (Int, FileDigest) {
        var reader =
            if let bytes { CSVReader(bytes: bytes, file: table.fileName, bufferSize: options.bufferSize) } else {
                try CSVReader(
                    path: path, file: table.fileName, bufferSize: options.bufferSize,
                    dropsCacheAtEnd: options.uncached.contains(table))
            }
        let size = bytes?.count ?? Dataset.fileBytes(atPath: path)
        var header = CSVRecord()
        guard try reader.next(into: &header) else {
            throw OlistError(
                .badHeader, file: table.fileName, line: 1,
                message: "the file is empty; expected the header \(table.columns.joined(separator: ","))")
        }
        var decoder = try RowDecoder(table: table, header: header)
        var count = 0
        while try reader.next(into: &decoder.record) {
            try decoder.checkFieldCount()
            try row(decoder)
            count += 1
            if count & 0xFFFF == 0 {
                options.progress?(table, reader.bytesRead, size, count)
                if count == 0x10000 && reader.bytesRead > 0 {
                    reserve(Int(Double(size) / Double(reader.bytesRead) * Double(count) * 1.03) + 1)
                }
            }
        }
        options.progress?(table, reader.bytesRead, size, count)
        if count == 0 && table.mustHaveRows {
            throw OlistError(
                .emptyTable, file: table.fileName, line: 2,
                message:
                    "the table has a header but no rows; every Olist table but the category translations needs rows")
        }
        return (count, FileDigest(sha256: reader.sha256, bytes: reader.bytesRead))
    }

    /// Throws when `id` (column `c`, the table's key) was seen before: every join would be ambiguous.
    private func unique(_ id: OlistID, at position: Int, _ seen: IDIndex, _ r: borrowing RowDecoder, _ c: Int)
        throws(OlistError)
    {
        guard !options.checksUniqueKeys || seen.insert(id, at: position) == nil else {
            let p = r.positions[c]
            throw OlistError(
                .badValue, file: table.fileName, line: r.record.line(p), column: r.record.column(p),
                columnName: table.columns[c],
                value: id.description,
                message: "this \(table.columns[c]) already appeared on an earlier line; ids must be unique")
        }
    }

    /// Makes room for `count` rows and, when the read checks the keys, their ids: an index grown by
    /// doubling rehashed every id it held at each step (ten million orders, twenty times).
    private func reserve<Row>(_ rows: inout [Row], _ seen: IDIndex, _ count: Int) {
        rows.reserveCapacity(count)
        if options.checksUniqueKeys { seen.reserveCapacity(count) }
    }

    func load() throws(OlistError) -> Part {
        let seen = IDIndex()
        switch table {
        case .orders:
            var v: [Order] = []
            let (n, digest) = try each(reserve: { reserve(&v, seen, $0) }) { (r) throws(OlistError) in
                let id = try r.id(0)
                try unique(id, at: v.count, seen, r, 0)
                v.append(
                    Order(
                        id: id, customerID: try r.id(1), status: try r.choice(2, as: OrderStatus.self),
                        purchase: try r.timestamp(3), approved: try r.optionalTimestamp(4),
                        deliveredCarrier: try r.optionalTimestamp(5), deliveredCustomer: try r.optionalTimestamp(6),
                        estimatedDelivery: try r.timestamp(7)))
            }
            return Part(rows: n, digest: digest, content: .orders(v), keys: options.checksUniqueKeys ? seen : nil)
        case .customers:
            var v: [Customer] = []
            let (n, digest) = try each(reserve: { reserve(&v, seen, $0) }) { (r) throws(OlistError) in
                let id = try r.id(0)
                try unique(id, at: v.count, seen, r, 0)
                v.append(
                    Customer(
                        id: id, uniqueID: try r.id(1), zip: try r.zip(2), city: try r.text(3),
                        state: try r.state(4)))
            }
            return Part(rows: n, digest: digest, content: .customers(v), keys: options.checksUniqueKeys ? seen : nil)
        case .orderItems:
            var v: [OrderItem] = []
            let (n, digest) = try each(reserve: { v.reserveCapacity($0) }) { (r) throws(OlistError) in
                v.append(
                    OrderItem(
                        orderID: try r.id(0), itemNumber: try r.int(1), productID: try r.id(2), sellerID: try r.id(3),
                        shippingLimit: try r.timestamp(4), price: try r.double(5), freight: try r.double(6)))
            }
            return Part(rows: n, digest: digest, content: .items(v))
        case .payments:
            var v: [Payment] = []
            let (n, digest) = try each(reserve: { v.reserveCapacity($0) }) { (r) throws(OlistError) in
                v.append(
                    Payment(
                        orderID: try r.id(0), sequential: try r.int(1), type: try r.requiredText(2),
                        installments: try r.int(3), value: try r.double(4)))
            }
            return Part(rows: n, digest: digest, content: .payments(v))
        case .reviews:
            let keepsText = options.keepsReviewText
            var v: [Review] = []
            let (n, digest) = try each(reserve: { v.reserveCapacity($0) }) { (r) throws(OlistError) in
                let score = try r.int(2)
                guard (1...5).contains(score) else {
                    throw OlistError(
                        .badValue, file: table.fileName, line: r.line, columnName: "review_score", value: String(score),
                        message: "a review score is a whole number from 1 to 5")
                }
                let id = try r.id(0)
                let orderID = try r.id(1)
                var title: String? = nil
                var message: String? = nil
                if keepsText {
                    title = try r.optionalText(3)
                    message = try r.optionalText(4)
                } else {
                    _ = try r.textBytes(3)
                    _ = try r.textBytes(4)
                }
                v.append(
                    Review(
                        id: id, orderID: orderID, score: score, title: title, message: message,
                        creation: try r.timestamp(5), answer: try r.timestamp(6)))
            }
            return Part(rows: n, digest: digest, content: .reviews(v))
        case .products:
            var v: [Product] = []
            let (n, digest) = try each(reserve: { reserve(&v, seen, $0) }) { (r) throws(OlistError) in
                let id = try r.id(0)
                try unique(id, at: v.count, seen, r, 0)
                v.append(
                    Product(
                        id: id, category: try r.optionalText(1), nameLength: try r.optionalInt(2),
                        descriptionLength: try r.optionalInt(3), photos: try r.optionalInt(4),
                        weightGrams: try r.optionalInt(5), lengthCm: try r.optionalInt(6),
                        heightCm: try r.optionalInt(7), widthCm: try r.optionalInt(8)))
            }
            return Part(rows: n, digest: digest, content: .products(v), keys: options.checksUniqueKeys ? seen : nil)
        case .sellers:
            var v: [Seller] = []
            let (n, digest) = try each(reserve: { reserve(&v, seen, $0) }) { (r) throws(OlistError) in
                let id = try r.id(0)
                try unique(id, at: v.count, seen, r, 0)
                v.append(Seller(id: id, zip: try r.zip(1), city: try r.text(2), state: try r.state(3)))
            }
            return Part(rows: n, digest: digest, content: .sellers(v), keys: options.checksUniqueKeys ? seen : nil)
        case .geolocation:
            var reducer = GeolocationReducer()
            let (n, digest) = try each { (r) throws(OlistError) in
                try reducer.add(
                    zip: r.zip(0), latitude: r.double(1), longitude: r.double(2), city: r.textBytes(3),
                    state: r.stateBytes(4))
            }
            return Part(rows: n, digest: digest, content: .locations(reducer.locations()))
        case .categoryTranslation:
            var v: [String: String] = [:]
            let (n, digest) = try each { (r) throws(OlistError) in
                let name = try r.requiredText(0)
                if v[name] != nil {
                    throw OlistError(
                        .badValue, file: table.fileName, line: r.line, columnName: "product_category_name", value: name,
                        message: "a category is translated twice")
                }
                v[name] = try r.requiredText(1)
            }
            return Part(rows: n, digest: digest, content: .categories(v))
        }
    }
}
