import Analytics
import CivilDate
import Foundation
import OlistData
import Testing

@testable import ChurnsiteCLI
@testable import Warehouse

/// One build's warehouse tables and what Analytics computed, shared by the warehouse tests.
struct WarehouseFixture: @unchecked Sendable {
    let dataset: Dataset
    let analysis: Analysis
    let tables: [TableData]

    static let shared: WarehouseFixture = {
        let d = try! Dataset.load(from: Paths.dataSample.path)
        let a = try! Analyzer.analyze(d)
        let churn = try? ChurnStudy.run(a, labeling: .temporal, seed: 42, threads: 2).get()
        let forecast = try? ForecastStudy.run(a).get()
        let options = Pipeline.Options(
            data: "Data/sample", output: "Output", templates: "Templates", asOf: nil, threads: 2, quiet: true)
        let tables = WarehouseExport(source: d.summary, analysis: a, churn: churn, forecast: forecast, options: options)
            .tables()
        return WarehouseFixture(dataset: d, analysis: a, tables: tables)
    }()

    static func sql(_ name: String) throws -> String {
        try readText(Paths.root.appendingPathComponent("Sources/Warehouse/Queries/\(name).sql"))
    }

    /// Checks row counts and the three query files against Analytics, with `run` executing SQL.
    func check(_ run: (String) throws -> [[String?]]) throws {
        let wholeTables: [(String, OlistTable)] = [
            ("olist_orders", .orders), ("olist_customers", .customers), ("olist_order_items", .orderItems),
            ("olist_order_payments", .payments), ("olist_order_reviews", .reviews), ("olist_products", .products),
            ("olist_sellers", .sellers), ("product_category_name_translation", .categoryTranslation),
        ]
        for (name, table) in wholeTables {
            let n = try run("SELECT COUNT(*) FROM \(name)")[0][0]
            #expect(n == String(dataset.rowCounts[table]!), "row count of \(name)")
        }
        #expect(try run("SELECT COUNT(*) FROM olist_geolocation")[0][0] == String(dataset.locations.count))
        #expect(try run("SELECT COUNT(*) FROM customer_rfm_data")[0][0] == String(analysis.customers.count))

        let k = try run(Self.sql("kpis"))[0].map { Double($0!)! }
        let e = analysis.kpis
        #expect(abs(k[0] - e.revenue) < 0.005, "revenue \(k[0]) vs \(e.revenue)")
        #expect(Int(k[1]) == e.orders && Int(k[2]) == e.customers)
        #expect(abs(k[3] - e.averageOrderValue) < 0.005)
        #expect(abs(k[4] - e.repeatCustomerRate) < 1e-9)
        #expect(abs(k[5] - e.churnRate) < 1e-9)
        #expect(abs(k[6] - e.averageReviewScore!) < 1e-9)
        #expect(abs(k[7] - e.onTimeDeliveryRate!) < 1e-9)

        let states = try run(Self.sql("revenue_by_state"))
        #expect(states.count == analysis.states.count)
        for (row, s) in zip(states, analysis.states) {
            #expect(row[0] == s.state)
            #expect(abs(Double(row[1]!)! - s.revenue) < 0.005, "revenue of \(s.state)")
            #expect(Int(row[2]!) == s.orders)
        }
        let segments = try run(Self.sql("segment_sizes"))
        let expected = analysis.segments.filter { $0.customers > 0 }.sorted {
            $0.segment.rawValue < $1.segment.rawValue
        }
        #expect(segments.map { $0[0]! } == expected.map(\.segment.rawValue))
        for (row, s) in zip(segments, expected) {
            #expect(Int(row[1]!) == s.customers)
            #expect(abs(Double(row[2]!)! - s.revenue) < 0.01 * Double(s.customers))
        }
    }
}

@Suite(.serialized) struct SQLiteWarehouseTests {
    @Test func loadsEveryTableAndTheQueriesEqualAnalytics() throws {
        let f = WarehouseFixture.shared
        let path = Paths.temporary("sqlite").appendingPathComponent("warehouse.sqlite").path
        try SQLiteWarehouse.write(f.tables, to: path)
        try f.check { try SQLiteWarehouse.query($0, in: path) }
        // Timestamps are ISO-8601 text; indexes exist.
        let ts = try SQLiteWarehouse.query("SELECT order_purchase_timestamp FROM olist_orders LIMIT 1", in: path)[0][0]!
        #expect(ts.count == 19 && ts.contains("T"))
        let indexes = try SQLiteWarehouse.query(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'idx_%'", in: path)
        #expect(indexes.count >= 7)
        // The orders' key to customers is declared (though not checked while loading), and holds.
        let keys = try SQLiteWarehouse.query(
            "SELECT \"table\", \"from\" FROM pragma_foreign_key_list('olist_orders')", in: path)
        #expect(keys.map { $0.compactMap { $0 } } == [["olist_customers", "customer_id"]])
        let orphans = try SQLiteWarehouse.query(
            "SELECT COUNT(*) FROM olist_orders o LEFT JOIN olist_customers c USING (customer_id) WHERE c.customer_id IS NULL",
            in: path)
        #expect(orphans[0][0] == "0")
    }

    /// A batch's text shares one buffer up to 1 MiB; text that does not fit is bound as a copy.
    /// Each value comes back as it went in, whatever its neighbours in the row or the batch.
    @Test func textOfEveryLengthRoundTrips() throws {
        let long = String(repeating: "ação, \"x\"\n", count: 90_000)  // over 1 MiB
        let texts =
            ["", "a", long, String(repeating: "z", count: 1 << 20), long + "!", "é"]
            + (0..<8).map { String(repeating: Character(UnicodeScalar(UInt8(65 + $0))), count: 200_000) }
        let table = TableData(
            table: WarehouseTable(
                name: "t", columns: [Column("k", .integer), Column("a", .text), Column("b", .text, nullable: true)],
                primaryKey: ["k"]),
            rowCount: texts.count
        ) { i in [.int(i), .text(texts[i]), i % 2 == 0 ? .null : .text(texts[texts.count - 1 - i])] }
        let path = Paths.temporary("text").appendingPathComponent("t.sqlite").path
        try SQLiteWarehouse.write([table], to: path)
        let rows = try SQLiteWarehouse.query("SELECT a, b FROM t ORDER BY k", in: path)
        #expect(rows.map { $0[0] } == texts)
        #expect(rows.map { $0[1] } == texts.indices.map { $0 % 2 == 0 ? nil : texts[texts.count - 1 - $0] })
    }

    /// Rows go in many to a statement; the file is the same, byte for byte, as one row a
    /// statement, whatever the batch size and however the rows fall across batches (also when
    /// SQLite's limit on parameters makes a wide table's batches smaller).
    @Test(arguments: [0, 1, 5, 6, 7, 13, 2500])
    func batchedInsertsWriteTheSameFileAsOneRowAtATime(_ rows: Int) throws {
        let narrow = WarehouseTable(
            name: "n", columns: [Column("k", .text), Column("v", .real, nullable: true), Column("d", .date)],
            primaryKey: [], indexes: [["k"], ["d"]])
        let wide = WarehouseTable(
            name: "w", columns: (0..<40).map { Column("c\($0)", .integer) }, primaryKey: ["c0"])
        let tables = [
            TableData(table: narrow, rowCount: rows, rowsFollowFirstIndex: true) { i in
                [
                    .text(String(format: "k%06d", i)), i % 3 == 0 ? .null : .double(Double(i) / 7),
                    .date(CivilDate(dayNumber: 17_500 - i)),
                ]
            },
            TableData(table: wide, rowCount: rows) { i in (0..<40).map { .int(i * 40 + $0) } },
        ]
        let folder = Paths.temporary("batches-\(rows)")
        var files: [Data] = []
        for batch in [1, 3, 6, SQLiteWarehouse.batchRows] {
            let path = folder.appendingPathComponent("b\(batch).sqlite").path
            try SQLiteWarehouse.write(tables, to: path, batchRows: batch)
            files.append(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        #expect(files.allSatisfy { $0 == files[0] })
        let path = folder.appendingPathComponent("b1.sqlite").path
        #expect(
            try SQLiteWarehouse.query("SELECT COUNT(*), COUNT(v) FROM n", in: path)[0] == [
                "\(rows)", "\(rows - (rows + 2) / 3)",
            ])
        #expect(
            try SQLiteWarehouse.query("SELECT COUNT(*), MAX(c39) FROM w", in: path)[0] == [
                "\(rows)", rows == 0 ? nil : "\(rows * 40 - 1)",
            ])
    }

    /// A row that breaks a constraint fails the load, names itself, and leaves no file.
    @Test func aBadRowInABatchIsNamed() throws {
        let table = TableData(
            table: WarehouseTable(name: "t", columns: [Column("k", .integer), Column("a", .text)], primaryKey: ["k"]),
            rowCount: 9
        ) { i in [.int(i), i == 4 ? .null : .text("x")] }
        let path = Paths.temporary("bad-row").appendingPathComponent("t.sqlite").path
        #expect {
            try SQLiteWarehouse.write([table], to: path, batchRows: 4)
        } throws: { error in
            "\(error)".contains("inserting row 5 of t failed") && "\(error)".contains("NOT NULL")
        }
        #expect(
            try FileManager.default.contentsOfDirectory(
                atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path
            ).isEmpty)
    }

    @Test func aSecondLoadReplacesTheFirst() throws {
        let f = WarehouseFixture.shared
        let path = Paths.temporary("sqlite2").appendingPathComponent("w.sqlite").path
        try SQLiteWarehouse.write(f.tables, to: path)
        var smaller = f.tables.filter { $0.table.name == "kpis" }
        smaller[0].rowCount = 3
        try SQLiteWarehouse.write(smaller, to: path)
        #expect(try SQLiteWarehouse.query("SELECT COUNT(*) FROM kpis", in: path)[0][0] == "3")
        #expect(
            try SQLiteWarehouse.query("SELECT COUNT(*) FROM sqlite_master WHERE name = 'olist_orders'", in: path)[0][0]
                == "0")
        let leftovers = try FileManager.default.contentsOfDirectory(
            atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
        #expect(leftovers == ["w.sqlite"])
    }

    /// On big inputs the warehouse reads exactly `readAgainOnBigInputs` from their files (the
    /// first read lets go of every other file's pages): with the folder gone, those tables fail
    /// to open and the rest, from the kept rows or the summary, still do.
    @Test func aBigBuildReadsAgainExactlyTheFilesItKeepsCached() throws {
        let f = WarehouseFixture.shared
        var summary = f.dataset.summary
        summary.directory = Paths.temporary("gone").appendingPathComponent("missing").path
        for t in WarehouseExport.rawTablesBySource(summary, rows: f.dataset, keeping: WarehouseExport.keptOnBigInputs) {
            let opened = (try? t.data.open()) != nil
            #expect(opened != WarehouseExport.readAgainOnBigInputs.contains(t.source), "\(t.source)")
        }
    }

    /// The build loads orders, items and products on a second connection, each into its own file,
    /// and copies them in: the warehouse holds the same rows (rowids included) and indexes as one
    /// loaded on one connection, and the copy takes SQLite's transfer path rather than
    /// re-encoding each row.
    @Test func tablesCopiedFromASecondFileEqualTablesLoadedDirectly() throws {
        let f = WarehouseFixture.shared
        let folder = Paths.temporary("copy")
        let whole = folder.appendingPathComponent("whole.sqlite").path
        try SQLiteWarehouse.write(f.tables, to: whole)
        // On each connection the tables kept from the first read load before any read again, so
        // they go while the analysis would be holding their rows anyway.
        let order = WarehouseExport.rawTablesBySource(f.dataset.summary).map(\.source)
        for onSecond in [false, true] {
            let kept = order.filter { WarehouseExport.secondConnection.contains($0) == onSecond }.map {
                WarehouseExport.keptOnBigInputs.contains($0)
            }
            #expect(kept.first == true && kept == kept.sorted { $0 && !$1 }, "connection \(onSecond ? 2 : 1): \(kept)")
        }
        let secondNames = Set(
            WarehouseExport.rawTablesBySource(f.dataset.summary).filter {
                WarehouseExport.secondConnection.contains($0.source)
            }.map(\.data.table.name))
        let second = f.tables.filter { secondNames.contains($0.table.name) }
        let first = f.tables.filter { !secondNames.contains($0.table.name) }
        #expect(second.count == WarehouseExport.secondConnection.count)
        // Each is copied in after a table the main connection loads itself.
        for t in WarehouseExport.secondConnection {
            let anchor = WarehouseExport.copiedAfter[t]
            #expect(anchor.map { !WarehouseExport.secondConnection.contains($0) } == true, "\(t)")
        }
        let side = folder.appendingPathComponent("side.sqlite").path
        try SQLiteWarehouse.write(second, to: side)

        // The same definitions without rows: what the copy finds in the main file.
        let empty = folder.appendingPathComponent("empty.sqlite").path
        try SQLiteWarehouse.write(second.map { TableData(table: $0.table, rowCount: 0) { _ in [] } }, to: empty)
        for t in second {
            // One raw copy for the rows and one per index (the primary key's included).
            let copies = 1 + t.table.indexes.count + (t.table.primaryKey.isEmpty ? 0 : 1)
            let opcodes = try SQLiteWarehouse.copyOpcodes(t.table, into: empty, from: side)
            #expect(opcodes.filter { $0 == "RowData" }.count == copies, "\(t.table.name): \(opcodes)")
        }

        let merged = folder.appendingPathComponent("merged.sqlite").path
        let load = try SQLiteWarehouse.Load(path: merged)
        try load.add(first)
        try load.copy(second.map(\.table), from: side)
        try load.finish()
        #expect(!FileManager.default.fileExists(atPath: side))
        #expect(try SQLiteWarehouse.query("PRAGMA integrity_check", in: merged) == [["ok"]])
        for t in f.tables {
            let sql = "SELECT rowid, * FROM \(t.table.name) ORDER BY rowid"
            let a = try SQLiteWarehouse.query(sql, in: whole)
            #expect(a.count == t.rowCount)
            #expect(a == (try SQLiteWarehouse.query(sql, in: merged)), "\(t.table.name)")
        }
        let schema = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"
        #expect(try SQLiteWarehouse.query(schema, in: whole) == (try SQLiteWarehouse.query(schema, in: merged)))
    }

    /// A load lets go of each table once it is in, before it opens the next: the second
    /// connection's tables hold the first read's rows, which must not outlive their table's load.
    @Test func aLoadLetsGoOfEachTableBeforeTheNext() throws {
        let watch = Watch()
        func holding() -> TableData {
            let object = Held()
            watch.object = object
            return TableData(table: WarehouseTable(name: "first", columns: [Column("x", .integer)]), rowCount: 1) {
                [object] in
                _ = object
                return { _ in [.int(1)] }
            }
        }
        let next = TableData(table: WarehouseTable(name: "next", columns: [Column("x", .integer)]), rowCount: 1) {
            watch.goneBeforeNext = watch.object == nil
            return { _ in [.int(2)] }
        }
        let path = Paths.temporary("let-go").appendingPathComponent("w.sqlite").path
        try SQLiteWarehouse.write([holding(), next], to: path)
        #expect(watch.goneBeforeNext == true)
        let rows = try SQLiteWarehouse.query("SELECT x FROM first UNION ALL SELECT x FROM next", in: path)
        #expect(rows == [["1"], ["2"]])
    }

    /// Kept rows (small inputs) and rows read again from the files (big inputs) load the same
    /// warehouse, byte for byte.
    @Test func keptAndRereadRowsLoadTheSameFile() throws {
        let d = try Dataset.load(from: Paths.dataSample.path)
        let folder = Paths.temporary("kept")
        let kept = folder.appendingPathComponent("kept.sqlite").path
        let reread = folder.appendingPathComponent("reread.sqlite").path
        let some = folder.appendingPathComponent("some-kept.sqlite").path
        try SQLiteWarehouse.write(WarehouseExport.rawTables(d.summary, rows: d), to: kept)
        try SQLiteWarehouse.write(WarehouseExport.rawTables(d.summary), to: reread)
        // What a big input's build does: the second connection's tables kept, the rest read again.
        try SQLiteWarehouse.write(
            WarehouseExport.rawTables(d.summary, rows: d, keeping: WarehouseExport.keptOnBigInputs), to: some)
        // A big input's first read keeps no review comments (the warehouse reads them again).
        var lean = LoadOptions()
        lean.keepsReviewText = false
        let withoutText = try Dataset.load(from: Paths.dataSample.path, options: lean)
        #expect(withoutText.reviews.allSatisfy { $0.title == nil && $0.message == nil })
        #expect(d.reviews.contains { $0.message != nil })
        #expect(withoutText.reviews.map(\.score) == d.reviews.map(\.score))
        #expect(withoutText.reviews.map(\.creation) == d.reviews.map(\.creation))
        #expect(withoutText.summary.digests == d.summary.digests)
        let leanFile = folder.appendingPathComponent("lean.sqlite").path
        try SQLiteWarehouse.write(
            WarehouseExport.rawTables(withoutText.summary, rows: withoutText, keeping: WarehouseExport.keptOnBigInputs),
            to: leanFile)
        let a = try Data(contentsOf: URL(fileURLWithPath: kept))
        #expect(a.count > 100_000)
        #expect(a == (try Data(contentsOf: URL(fileURLWithPath: reread))))
        #expect(a == (try Data(contentsOf: URL(fileURLWithPath: some))))
        #expect(a == (try Data(contentsOf: URL(fileURLWithPath: leanFile))))
    }

    /// A comment that is not UTF-8 fails the read the same way whether the comments are kept or not.
    @Test func reviewTextIsCheckedWhenNotKept() throws {
        let folder = try sampleCopy()
        let reviews = folder.appendingPathComponent(OlistTable.reviews.fileName)
        var bytes = Array(try Data(contentsOf: reviews))
        // The first row's message gets two bytes that are not UTF-8.
        let firstRow = bytes.firstIndex(of: 0x0A)! + 1
        let line = bytes[firstRow...].prefix { $0 != 0x0A }
        let fields = String(decoding: line, as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false)
        let messageStart = firstRow + fields.prefix(4).map { $0.utf8.count + 1 }.reduce(0, +)
        bytes.insert(contentsOf: [0xFF, 0xFE], at: messageStart)
        try Data(bytes).write(to: reviews)
        var lean = LoadOptions()
        lean.keepsReviewText = false
        var errors: [String] = []
        for options in [LoadOptions(), lean] {
            do {
                _ = try Dataset.load(from: folder.path, options: options)
                Issue.record("the read should fail")
            } catch {
                errors.append(String(describing: error))
            }
        }
        #expect(errors.count == 2)
        #expect(errors.first == errors.last)
        #expect(errors.first?.contains("not valid UTF-8") == true, "\(errors)")
        #expect(errors.first?.contains("review_comment_message") == true, "\(errors)")
    }

    /// The warehouse reads each Olist table again when it loads it; a file that changed since the
    /// build read it would disagree with the report, so the load fails and leaves no file.
    @Test func aFileChangedAfterTheReadFailsTheLoad() throws {
        let folder = try sampleCopy()
        let summary = try Dataset.load(from: folder.path).summary
        // Unchanged: the rows read again are the rows read first.
        #expect(try Dataset.reread(.sellers, of: summary).sellers.count == summary.rowCounts[.sellers])
        let sellers = folder.appendingPathComponent(OlistTable.sellers.fileName)
        var text = try readText(sellers)
        text = text.replacingOccurrences(of: ",SP\n", with: ",RJ\n")
        try text.write(to: sellers, atomically: true, encoding: .utf8)
        #expect(throws: OlistError.self) { try Dataset.reread(.sellers, of: summary) }
        let path = folder.appendingPathComponent("w.sqlite").path
        do {
            try SQLiteWarehouse.write(WarehouseExport.rawTables(summary), to: path)
            Issue.record("the load should have failed")
        } catch {
            #expect("\(error)".contains("olist_sellers_dataset.csv"))
            #expect("\(error)".contains("changed"))
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}

@Suite(.serialized) struct PostgresWarehouseTests {
    /// The server .ci/test started, or nil (a notice outside CI, a failure in CI).
    static func server() throws -> PostgresURL? {
        if let url = ProcessInfo.processInfo.environment["CHURNSITE_PG_URL"] { return try PostgresURL(url) }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            Issue.record("CHURNSITE_PG_URL is not set in CI: .ci/test should have started PostgreSQL")
        } else {
            print("notice: skipping the PostgreSQL tests: no server (run bash .ci/test, which starts one)")
        }
        return nil
    }

    static func run(_ w: PostgresWarehouse, _ sql: String) throws -> [[String?]] {
        try blocking { try await w.query(sql) }
    }

    @Test func loadsReplacesAndSurvivesAFailedLoad() throws {
        guard let url = try Self.server() else { return }
        let f = WarehouseFixture.shared
        let w = PostgresWarehouse(url: url, schema: "churnsite_test")
        try blocking { try await w.load(f.tables) }
        try f.check { try Self.run(w, $0) }
        let type = try Self.run(
            w,
            "SELECT data_type FROM information_schema.columns WHERE table_schema = 'churnsite_test' AND table_name = 'olist_orders' AND column_name = 'order_purchase_timestamp'"
        )
        #expect(type[0][0] == "timestamp without time zone")
        let money = try Self.run(
            w,
            "SELECT data_type FROM information_schema.columns WHERE table_schema = 'churnsite_test' AND table_name = 'olist_order_payments' AND column_name = 'payment_value'"
        )
        #expect(money[0][0] == "numeric")
        let fk = try Self.run(
            w,
            "SELECT COUNT(*) FROM information_schema.table_constraints WHERE table_schema = 'churnsite_test' AND table_name = 'olist_orders' AND constraint_type = 'FOREIGN KEY'"
        )
        #expect(fk[0][0] == "1")

        // A load that fails halfway through a COPY leaves the previous tables exactly as they were.
        let before = try Self.run(w, "SELECT COUNT(*), SUM(payment_value) FROM churnsite_test.olist_order_payments")
        let broken = PostgresWarehouse(url: url, schema: "churnsite_test", failAfterRows: 1000)
        #expect(throws: WarehouseError.self) { try blocking { try await broken.load(f.tables) } }
        #expect(
            try Self.run(w, "SELECT COUNT(*), SUM(payment_value) FROM churnsite_test.olist_order_payments") == before)
        #expect(
            try Self.run(
                w,
                "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = 'churnsite_test_churnsite_staging'"
            )[0][0] == "0")

        // A second load replaces the first.
        var fewer = f.tables
        fewer[fewer.firstIndex { $0.table.name == "kpis" }!].rowCount = 2
        let smaller = fewer
        try blocking { try await w.load(smaller) }
        #expect(try Self.run(w, "SELECT COUNT(*) FROM churnsite_test.kpis")[0][0] == "2")
        _ = try Self.run(w, "DROP SCHEMA churnsite_test CASCADE")
    }

    @Test func unreachableServerIsExitCodeThreeAndHidesThePassword() throws {
        let out = Paths.temporary("pg-unreachable")
        let r = try churnsite([
            "build", "--data", Paths.dataSample.path, "--out", out.path, "--templates", Paths.templates.path, "--quiet",
            "--warehouse", "postgres://someone:s3cret-pw@127.0.0.1:1/db",
        ])
        #expect(r.status == 3, "\(r.stderr)")
        #expect(!r.stderr.contains("s3cret-pw") && !r.stdout.contains("s3cret-pw"))
        #expect(r.stderr.contains("127.0.0.1"))
    }

    @Test func addressesParse() throws {
        let u = try PostgresURL("postgres://ana:pw@db.example:6543/shop?sslmode=require", environment: [:])
        #expect(u.user == "ana" && u.password == "pw" && u.port == 6543 && u.database == "shop" && u.tls == .require)
        #expect(!u.redacted.contains("pw"))
        let v = try PostgresURL("postgres://bob@localhost/warehouse", environment: ["PGPASSWORD": "env-pw"])
        #expect(v.password == "env-pw" && v.port == 5432 && v.tls == .disable)
        #expect(throws: WarehouseError.self) { try PostgresURL("mysql://x@y/z") }
        #expect(PostgresURL.redact("postgres://u:secret@h/d").contains("secret") == false)
    }
}

/// An object a table holds, watched through a weak reference.
private final class Held: Sendable {}

/// What `aLoadLetsGoOfEachTableBeforeTheNext` saw.
private final class Watch: @unchecked Sendable {
    weak var object: Held?
    var goneBeforeNext: Bool?
}
