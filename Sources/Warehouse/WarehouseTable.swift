import CivilDate
import Foundation
import TextFormat

/// A column's type, mapped to each backend's native type.
public enum ColumnType: Sendable, Equatable {
    case text, integer, real, boolean
    /// Exact decimal money: NUMERIC(14,2) in PostgreSQL, REAL in SQLite.
    case money
    /// TIMESTAMP in PostgreSQL, ISO-8601 text in SQLite.
    case timestamp
    /// DATE in PostgreSQL, ISO-8601 text in SQLite.
    case date

    var postgres: String {
        switch self {
        case .text: "TEXT"
        case .integer: "BIGINT"
        case .real: "DOUBLE PRECISION"
        case .boolean: "BOOLEAN"
        case .money: "NUMERIC(14,2)"
        case .timestamp: "TIMESTAMP"
        case .date: "DATE"
        }
    }

    var sqlite: String {
        switch self {
        case .text, .timestamp, .date: "TEXT"
        case .integer, .boolean: "INTEGER"
        case .real, .money: "REAL"
        }
    }
}

/// One column of a warehouse table.
public struct Column: Sendable, Equatable {
    public var name: String
    public var type: ColumnType
    public var nullable: Bool

    /// A column; not nullable unless said.
    public init(_ name: String, _ type: ColumnType, nullable: Bool = false) {
        self.name = name
        self.type = type
        self.nullable = nullable
    }
}

/// A table's shape: columns, primary key and the indexes built after the load.
public struct WarehouseTable: Sendable, Equatable {
    public var name: String
    public var columns: [Column]
    public var primaryKey: [String]
    public var indexes: [[String]]
    /// Foreign keys: (column, referenced table, referenced column); the referenced table loads first.
    public var foreignKeys: [(column: String, table: String, references: String)]

    /// A table.
    public init(
        name: String, columns: [Column], primaryKey: [String] = [], indexes: [[String]] = [],
        foreignKeys: [(column: String, table: String, references: String)] = []
    ) {
        self.name = name
        self.columns = columns
        self.primaryKey = primaryKey
        self.indexes = indexes
        self.foreignKeys = foreignKeys
    }

    public static func == (a: WarehouseTable, b: WarehouseTable) -> Bool {
        a.name == b.name && a.columns == b.columns && a.primaryKey == b.primaryKey && a.indexes == b.indexes
            && a.foreignKeys.map { "\($0)" } == b.foreignKeys.map { "\($0)" }
    }

    /// Column definitions and constraints, for CREATE TABLE.
    func definition(type: (ColumnType) -> String) -> String {
        var parts = columns.map { "\(quoteIdentifier($0.name)) \(type($0.type))\($0.nullable ? "" : " NOT NULL")" }
        if !primaryKey.isEmpty {
            parts.append("PRIMARY KEY (\(primaryKey.map(quoteIdentifier).joined(separator: ",")))")
        }
        for fk in foreignKeys {
            parts.append(
                "FOREIGN KEY (\(quoteIdentifier(fk.column))) REFERENCES \(quoteIdentifier(fk.table)) (\(quoteIdentifier(fk.references)))"
            )
        }
        return parts.joined(separator: ", ")
    }
}

/// A value in a warehouse row.
public enum WarehouseValue: Sendable, Equatable {
    case null
    case int(Int)
    case double(Double)
    case text(String)
    /// A 128-bit id, stored as its 32 lowercase hex digits (written without making a String).
    case hex128(UInt64, UInt64)
    case timestamp(Timestamp)
    case date(CivilDate)
    case bool(Bool)
}

/// A table and its rows, produced on demand so a large table never exists twice in memory.
public struct TableData: Sendable {
    public var table: WarehouseTable
    public var rowCount: Int
    /// Makes the function giving row `i`, one value per column. It is called once, when the table
    /// loads, so rows read again from a file for it live only while it loads.
    public var open: @Sendable () throws -> @Sendable (Int) -> [WarehouseValue]
    /// When the rows come in ascending order of the first index, SQLite builds that index while
    /// inserting (appends only) instead of sorting the table afterwards.
    public var rowsFollowFirstIndex = false

    /// A table with `rowCount` rows made by `row`.
    public init(
        table: WarehouseTable, rowCount: Int, rowsFollowFirstIndex: Bool = false,
        row: @escaping @Sendable (Int) -> [WarehouseValue]
    ) {
        self.init(table: table, rowCount: rowCount, rowsFollowFirstIndex: rowsFollowFirstIndex) { row }
    }

    /// A table with `rowCount` rows, made by the function `open` returns when the table loads.
    public init(
        table: WarehouseTable, rowCount: Int, rowsFollowFirstIndex: Bool = false,
        open: @escaping @Sendable () throws -> @Sendable (Int) -> [WarehouseValue]
    ) {
        self.table = table
        self.rowCount = rowCount
        self.rowsFollowFirstIndex = rowsFollowFirstIndex
        self.open = open
    }
}

/// Why loading the warehouse failed.
public struct WarehouseError: Error, Sendable, CustomStringConvertible {
    /// Whether the server could not be reached at all (exit code 3) rather than failing mid-load.
    public var unreachable: Bool
    public var message: String

    /// An error; `unreachable` for connection failures.
    public init(unreachable: Bool = false, message: String) {
        self.unreachable = unreachable
        self.message = message
    }

    public var description: String { message }
}

/// Quotes an SQL identifier (both backends accept double quotes).
func quoteIdentifier(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

extension WarehouseValue {
    /// Calls `body` with the 32 lowercase hex digits of (`high`, `low`) in a stack buffer.
    static func withHex<R>(_ high: UInt64, _ low: UInt64, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows
        -> R
    {
        var storage: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        return try withUnsafeMutableBytes(of: &storage) { raw in
            let b = raw.bindMemory(to: UInt8.self)
            Hex.write(high, to: b, at: 0)
            Hex.write(low, to: b, at: 16)
            return try body(UnsafeBufferPointer(b))
        }
    }
}
