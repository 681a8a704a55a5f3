import Foundation
import GRDB

/// Loads tables into a SQLite file with GRDB: one transaction, prepared statements, indexes after
/// the rows. The file is written beside its target and renamed over it only when complete.
public enum SQLiteWarehouse {
    /// Writes `tables` into a new SQLite database at `path`, replacing any file there atomically.
    public static func write(_ tables: [TableData], to path: String) throws {
        let target = URL(fileURLWithPath: path)
        let temp = target.deletingLastPathComponent().appendingPathComponent(
            ".\(target.lastPathComponent).partial-\(getpid())")
        try? FileManager.default.removeItem(at: temp)
        do {
            var config = Configuration()
            config.journalMode = .default
            let queue = try DatabaseQueue(path: temp.path, configuration: config)
            // The file is private until renamed, so durability per statement buys nothing.
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
            }
            try queue.inTransaction { db in
                for t in tables {
                    try db.execute(sql: createTable(t.table))
                    let placeholders = Array(repeating: "?", count: t.table.columns.count).joined(separator: ",")
                    let statement = try db.makeStatement(
                        sql: "INSERT INTO \(quoteIdentifier(t.table.name)) VALUES (\(placeholders))")
                    for i in 0..<t.rowCount {
                        statement.setUncheckedArguments(StatementArguments(t.row(i).map(databaseValue)))
                        try statement.execute()
                    }
                    for (k, index) in t.table.indexes.enumerated() {
                        try db.execute(
                            sql:
                                "CREATE INDEX \(quoteIdentifier("idx_\(t.table.name)_\(k)")) ON \(quoteIdentifier(t.table.name)) (\(index.map(quoteIdentifier).joined(separator: ",")))"
                        )
                    }
                }
                return .commit
            }
            try queue.close()
            // rename(2) replaces the target atomically: readers see the old file or the new one.
            guard rename(temp.path, target.path) == 0 else {
                throw WarehouseError(message: "cannot move the new warehouse into place (errno \(errno))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw WarehouseError(message: "writing the SQLite warehouse \(path) failed: \(error)")
        }
    }

    static func createTable(_ t: WarehouseTable) -> String {
        var parts = t.columns.map { "\(quoteIdentifier($0.name)) \($0.type.sqlite)\($0.nullable ? "" : " NOT NULL")" }
        if !t.primaryKey.isEmpty {
            parts.append("PRIMARY KEY (\(t.primaryKey.map(quoteIdentifier).joined(separator: ",")))")
        }
        return "CREATE TABLE \(quoteIdentifier(t.name)) (\(parts.joined(separator: ", ")))"
    }

    static func databaseValue(_ v: WarehouseValue) -> (any DatabaseValueConvertible)? {
        switch v {
        case .null: nil
        case .int(let i): i
        case .double(let d): d
        case .text(let s): s
        case .timestamp(let t): t.iso8601
        case .date(let d): d.iso
        case .bool(let b): b ? 1 : 0
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
