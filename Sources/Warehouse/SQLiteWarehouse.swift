import Foundation
import GRDB
import GRDBSQLite

/// Loads tables into a SQLite file with GRDB: one transaction, prepared statements, indexes after
/// the rows. The file is written beside its target and renamed over it only when complete.
public enum SQLiteWarehouse {
    /// Writes `tables` into a new SQLite database at `path`, replacing any file there atomically.
    public static func write(_ tables: consuming [TableData], to path: String) throws {
        try write(tables, to: path, batchRows: batchRows)
    }

    /// As `write(_:to:)`, inserting at most `batchRows` rows a statement.
    static func write(_ tables: consuming [TableData], to path: String, batchRows: Int) throws {
        let load = try Load(path: path)
        try load.add(tables, batchRows: batchRows)
        try load.finish()
    }

    /// A database being loaded, in one transaction, a batch of tables at a time (the build loads the
    /// Olist tables while the model trains, and its results once they exist). Nothing appears at the
    /// target path until `finish`; a failed or abandoned load leaves no file behind.
    public final class Load: @unchecked Sendable {
        let path: String
        let temp: URL
        private var queue: DatabaseQueue?

        /// Opens a new database beside `path` and begins the transaction.
        public init(path: String) throws {
            self.path = path
            let target = URL(fileURLWithPath: path)
            temp = target.deletingLastPathComponent().appendingPathComponent(
                ".\(target.lastPathComponent).partial-\(getpid())")
            try? FileManager.default.removeItem(at: temp)
            do {
                var config = Configuration()
                config.journalMode = .default
                // One transaction spans several accesses (the Olist tables, then the results).
                config.allowsUnsafeTransactions = true
                // The declared foreign keys are kept in the schema but not checked row by row while
                // loading: the data was validated when read (a key is declared only when every row
                // has its parent), and the checks were two thirds of the orders' load.
                config.foreignKeysEnabled = false
                let queue = try DatabaseQueue(path: temp.path, configuration: config)
                self.queue = queue
                // The file is private until renamed, so durability per statement buys nothing.
                // 64 KiB pages: a sixteenth of the write calls of the default 4 KiB. A page cache
                // of 16 MiB: rows go in in key order, so only the right edge of each B-tree
                // changes and a page is written once, when it leaves the cache. SQLite also sorts
                // an index built after the rows in runs the size of the cache, and 16 MiB runs
                // merged sort ten million keys in 9 s where one run of the whole index took 20 s;
                // a 1 GiB cache made 1x no faster and held a gigabyte at 100x. Sort runs go to
                // temporary files: with temp_store = MEMORY the sorter gives every key its own
                // allocation and sorts all of them as one linked list (2 µs a key at 10M).
                try queue.writeWithoutTransaction { db in
                    try db.execute(
                        sql: """
                            PRAGMA page_size = 65536; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
                            PRAGMA cache_size = -16384; PRAGMA locking_mode = EXCLUSIVE; BEGIN;
                            """)
                }
            } catch {
                discard()
                throw WarehouseError(message: "writing the SQLite warehouse \(path) failed: \(error)")
            }
        }

        /// Creates and fills `tables`, then their indexes.
        public func add(_ tables: consuming [TableData]) throws {
            try add(tables, batchRows: SQLiteWarehouse.batchRows)
        }

        /// As `add(_:)`, inserting at most `batchRows` rows a statement.
        func add(_ tables: consuming [TableData], batchRows: Int) throws {
            guard let queue else { throw WarehouseError(message: "the SQLite warehouse \(path) is closed") }
            // One table at a time, each let go of once it is in: rows read again from a file, or
            // handed over by a caller that kept none, live only while their table loads.
            var pending = consume tables
            pending.reverse()
            do {
                try queue.writeWithoutTransaction { db in
                    while let t = pending.popLast() {
                        try SQLiteWarehouse.insert(t, rows: try t.open(), into: db, batchRows: batchRows)
                    }
                }
            } catch {
                discard()
                throw error as? WarehouseError
                    ?? WarehouseError(message: "writing the SQLite warehouse \(path) failed: \(error)")
            }
        }

        /// Copies `tables` from the finished SQLite file at `path`, which another load wrote with
        /// the same definitions, then removes that file. SQLite's transfer optimisation copies the
        /// rows and index entries as they are stored, in order, for about a fifth of what
        /// inserting and indexing them again costs; so some tables can load on a second
        /// connection, on another core, while this one loads the rest.
        public func copy(_ tables: [WarehouseTable], from path: String) throws {
            guard let queue else { throw WarehouseError(message: "the SQLite warehouse \(self.path) is closed") }
            do {
                try queue.writeWithoutTransaction { db in
                    // A database is attached and detached only outside a transaction.
                    try db.execute(sql: "COMMIT")
                    try db.execute(sql: "ATTACH DATABASE ? AS side", arguments: [path])
                    try db.execute(sql: "BEGIN")
                    for t in tables {
                        try db.execute(sql: createTable(t))
                        for k in t.indexes.indices { try db.execute(sql: createIndex(t, k)) }
                        try db.execute(sql: copyStatement(t))
                    }
                    try db.execute(sql: "COMMIT")
                    try db.execute(sql: "DETACH DATABASE side")
                    try db.execute(sql: "BEGIN")
                }
                try FileManager.default.removeItem(atPath: path)
            } catch {
                discard()
                throw error as? WarehouseError
                    ?? WarehouseError(
                        message: "copying tables from \(path) into the SQLite warehouse \(self.path) failed: \(error)")
            }
        }

        /// Commits, closes, and moves the file into place; rename(2) replaces the target
        /// atomically: readers see the old file or the new one.
        public func finish() throws {
            guard let queue else { throw WarehouseError(message: "the SQLite warehouse \(path) is closed") }
            do {
                try queue.writeWithoutTransaction { db in try db.execute(sql: "COMMIT") }
                try queue.close()
                self.queue = nil
                guard rename(temp.path, path) == 0 else {
                    throw WarehouseError(message: "cannot move the new warehouse into place (errno \(errno))")
                }
            } catch {
                discard()
                throw error as? WarehouseError
                    ?? WarehouseError(message: "writing the SQLite warehouse \(path) failed: \(error)")
            }
        }

        /// Abandons the load and removes its file.
        public func discard() {
            try? queue?.close()
            queue = nil
            try? FileManager.default.removeItem(at: temp)
        }

        deinit { if queue != nil { discard() } }
    }

    /// Creates table `t`, inserts `row(0)`, `row(1)`, … in order, then creates its indexes.
    ///
    /// Rows go in up to `batchRows` at a time, through one prepared multi-row INSERT: a step's
    /// fixed cost (resetting and starting the statement, opening and positioning the table's
    /// cursor) is paid once a batch instead of once a row, which took the Olist tables' load from
    /// 1.8 s to 0.9 s. The rows and their rowids arrive in the same order as one at a time, so the
    /// file is the same, byte for byte.
    static func insert(
        _ t: TableData, rows row: (Int) -> [WarehouseValue], into db: Database, batchRows: Int = batchRows
    ) throws {
        try db.execute(sql: createTable(t.table))
        let early = t.rowsFollowFirstIndex && !t.table.indexes.isEmpty
        if early { try db.execute(sql: createIndex(t.table, 0)) }
        let columns = t.table.columns.count
        // SQLite allows at most this many parameters in one statement.
        let parameters = Int(sqlite3_limit(db.sqliteConnection, SQLITE_LIMIT_VARIABLE_NUMBER, -1))
        let batch = max(1, min(batchRows, parameters / max(columns, 1)))
        // Bind straight onto GRDB's prepared statement: boxing every value into
        // StatementArguments made the load take half again as long. A batch's text goes into one
        // reused buffer that SQLite reads in place during the step, rather than a copy SQLite
        // allocates and frees per field.
        var text = RowText()
        defer { text.free() }
        /// Binds rows `rows` to `statement`'s parameters, row after row.
        func bind(_ rows: Range<Int>, to statement: OpaquePointer) {
            text.used = 0
            for (j, i) in rows.enumerated() {
                let values = row(i)
                precondition(values.count == columns, "row \(i + 1) of \(t.table.name) has \(values.count) values")
                for (k, v) in values.enumerated() {
                    SQLiteWarehouse.bind(v, at: Int32(j * columns + k + 1), to: statement, text: &text)
                }
            }
        }
        var statement = try db.makeStatement(sql: insertStatement(t.table, rows: batch))
        var first = 0
        while first < t.rowCount {
            let rows = first..<min(first + batch, t.rowCount)
            if rows.count < batch { statement = try db.makeStatement(sql: insertStatement(t.table, rows: rows.count)) }
            bind(rows, to: statement.sqliteStatement)
            if sqlite3_step(statement.sqliteStatement) != SQLITE_DONE {
                let batchError = String(cString: sqlite3_errmsg(db.sqliteConnection))
                sqlite3_reset(statement.sqliteStatement)
                // The failed statement left no row behind: insert the batch's rows one at a time to
                // name the row that fails.
                let single = try db.makeStatement(sql: insertStatement(t.table, rows: 1))
                for i in rows {
                    bind(i..<(i + 1), to: single.sqliteStatement)
                    guard sqlite3_step(single.sqliteStatement) == SQLITE_DONE else {
                        throw WarehouseError(
                            message:
                                "inserting row \(i + 1) of \(t.table.name) failed: \(String(cString: sqlite3_errmsg(db.sqliteConnection)))"
                        )
                    }
                    sqlite3_reset(single.sqliteStatement)
                }
                throw WarehouseError(
                    message:
                        "inserting rows \(rows.lowerBound + 1)–\(rows.upperBound) of \(t.table.name) failed: \(batchError)"
                )
            }
            // Every parameter is bound again for the next batch, so none need clearing.
            sqlite3_reset(statement.sqliteStatement)
            first = rows.upperBound
        }
        for k in t.table.indexes.indices where !(early && k == 0) { try db.execute(sql: createIndex(t.table, k)) }
    }

    /// Rows a multi-row INSERT takes at most (fewer when SQLite's limit on parameters says so).
    static let batchRows = 1024

    /// The statement inserting `rows` rows into `t`.
    static func insertStatement(_ t: WarehouseTable, rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: t.columns.count).joined(separator: ",") + ")"
        return "INSERT INTO \(quoteIdentifier(t.name)) VALUES "
            + Array(repeating: row, count: rows).joined(separator: ",")
    }

    static func createTable(_ t: WarehouseTable) -> String {
        "CREATE TABLE \(quoteIdentifier(t.name)) (\(t.definition { $0.sqlite }))"
    }

    /// The statement creating index `k` of `t`.
    static func createIndex(_ t: WarehouseTable, _ k: Int) -> String {
        "CREATE INDEX \(quoteIdentifier("idx_\(t.name)_\(k)")) ON \(quoteIdentifier(t.name)) (\(t.indexes[k].map(quoteIdentifier).joined(separator: ",")))"
    }

    /// The statement copying table `t` from the attached database `side` into an empty `t` of the
    /// same definition (SQLite's transfer optimisation).
    static func copyStatement(_ t: WarehouseTable) -> String {
        "INSERT INTO main.\(quoteIdentifier(t.name)) SELECT * FROM side.\(quoteIdentifier(t.name))"
    }

    /// SQLite copies bound text before `sqlite3_bind_text` returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// The text of the rows being inserted, back to back; SQLite reads it in place (SQLITE_STATIC)
    /// until the step, and the next batch overwrites it. Text that does not fit is bound as a copy.
    struct RowText {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 8)
        var used = 0

        func free() { buffer.deallocate() }
    }

    static func bind(_ v: WarehouseValue, at index: Int32, to statement: OpaquePointer, text: inout RowText) {
        switch v {
        case .null: sqlite3_bind_null(statement, index)
        case .int(let i): sqlite3_bind_int64(statement, index, sqlite3_int64(i))
        case .double(let d): sqlite3_bind_double(statement, index, d)
        case .bool(let b): sqlite3_bind_int64(statement, index, b ? 1 : 0)
        case .text(var s): s.withUTF8 { bindBytes($0, index, statement, &text) }
        case .hex128(let high, let low): WarehouseValue.withHex(high, low) { bindBytes($0, index, statement, &text) }
        case .timestamp(let t): t.withISO8601Bytes { bindBytes($0, index, statement, &text) }
        case .date(let d):
            var s = d.iso
            s.withUTF8 { bindBytes($0, index, statement, &text) }
        }
    }

    private static func bindBytes(
        _ bytes: UnsafeBufferPointer<UInt8>, _ index: Int32, _ statement: OpaquePointer, _ text: inout RowText
    ) {
        let count = bytes.count
        guard text.used + count <= text.buffer.count else {
            // It does not fit, so it is not empty (`used` never passes the buffer's size).
            _ = bytes.withMemoryRebound(to: CChar.self) {
                sqlite3_bind_text(statement, index, $0.baseAddress!, Int32(count), transient)
            }
            return
        }
        let start = text.buffer.baseAddress! + text.used
        if count > 0 { start.copyMemory(from: bytes.baseAddress!, byteCount: count) }
        text.used += count
        sqlite3_bind_text(statement, index, start.assumingMemoryBound(to: CChar.self), Int32(count), nil)
    }

    /// The opcodes of copying table `t` of the file `side` into the empty `t` of the file `main`:
    /// the transfer path shows as `RowData` (raw records), the slow one only re-encodes rows.
    static func copyOpcodes(_ t: WarehouseTable, into main: String, from side: String) throws -> [String] {
        // As in a load: SQLite takes the transfer path only when foreign keys are not checked.
        var config = Configuration()
        config.foreignKeysEnabled = false
        return try DatabaseQueue(path: main, configuration: config).writeWithoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ? AS side", arguments: [side])
            return try Row.fetchAll(db, sql: "EXPLAIN " + copyStatement(t)).map { $0["opcode"] as String }
        }
    }

    /// Runs a read-only query and returns its rows as strings (NULL as nil), for checks and tests.
    public static func query(_ sql: String, in path: String) throws -> [[String?]] {
        let queue = try DatabaseQueue(path: path)
        return try queue.read { db in
            try Row.fetchAll(db, sql: sql).map { row in
                row.databaseValues.map { v -> String? in
                    switch v.storage {
                    case .null: nil
                    case .int64(let i): String(i)
                    case .double(let d): String(d)
                    case .string(let s): s
                    case .blob: "<blob>"
                    }
                }
            }
        }
    }
}
