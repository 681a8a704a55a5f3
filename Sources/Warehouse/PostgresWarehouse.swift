import Foundation
import Logging
import NIOCore
import NIOSSL
import PostgresNIO

/// Loads tables into PostgreSQL: COPY into a staging schema, then swap every table into the target
/// schema inside one transaction, so readers see the old tables or the new ones, never half a load,
/// and a failed load leaves the old tables as they were.
public struct PostgresWarehouse: Sendable {
    public var url: PostgresURL
    public var schema: String
    /// For tests: fail after this many rows of COPY, to prove a broken load changes nothing.
    public var failAfterRows: Int?

    /// A loader for a server and schema.
    public init(url: PostgresURL, schema: String = "public", failAfterRows: Int? = nil) {
        self.url = url
        self.schema = schema
        self.failAfterRows = failAfterRows
    }

    var staging: String { "\(schema)_churnsite_staging" }

    /// Connects, or throws an error marked unreachable (its message never holds the password).
    public func connect() async throws -> PostgresConnection {
        let tls: PostgresConnection.Configuration.TLS
        switch url.tls {
        case .disable: tls = .disable
        case .require, .verifyFull:
            var config = TLSConfiguration.makeClientConfiguration()
            if url.tls == .require { config.certificateVerification = .none }
            do {
                tls = .require(try NIOSSLContext(configuration: config))
            } catch {
                throw WarehouseError(
                    unreachable: true, message: "TLS for \(url.redacted) could not be set up: \(error)")
            }
        }
        let configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database, tls: tls
        )
        do {
            return try await PostgresConnection.connect(configuration: configuration, id: 1, logger: Self.logger)
        } catch {
            throw WarehouseError(
                unreachable: true, message: "cannot connect to \(url.redacted): \(Self.describe(error))")
        }
    }

    static let logger = Logger(label: "churnsite.warehouse")

    /// A short description of a server error, without connection details.
    static func describe(_ error: Error) -> String {
        if let e = error as? PSQLError {
            if let message = e.serverInfo?[.message] { return message }
            return "\(e.code)"
        }
        return "\(type(of: error))"
    }

    /// Loads `tables`, replacing the tables of the same names in the schema.
    public func load(_ tables: [TableData]) async throws {
        let connection = try await connect()
        do {
            try await exec(connection, "DROP SCHEMA IF EXISTS \(quoteIdentifier(staging)) CASCADE")
            try await exec(connection, "CREATE SCHEMA \(quoteIdentifier(staging))")
            for t in tables { try await copy(t, connection) }
            try await exec(connection, "BEGIN")
            try await exec(connection, "CREATE SCHEMA IF NOT EXISTS \(quoteIdentifier(schema))")
            for t in tables {
                try await exec(
                    connection,
                    "DROP TABLE IF EXISTS \(quoteIdentifier(schema)).\(quoteIdentifier(t.table.name)) CASCADE")
                try await exec(
                    connection,
                    "ALTER TABLE \(quoteIdentifier(staging)).\(quoteIdentifier(t.table.name)) SET SCHEMA \(quoteIdentifier(schema))"
                )
            }
            try await exec(connection, "COMMIT")
            try await exec(connection, "DROP SCHEMA IF EXISTS \(quoteIdentifier(staging)) CASCADE")
            try await connection.close()
        } catch {
            try? await exec(connection, "ROLLBACK")
            try? await exec(connection, "DROP SCHEMA IF EXISTS \(quoteIdentifier(staging)) CASCADE")
            try? await connection.close()
            if let e = error as? WarehouseError { throw e }
            throw WarehouseError(
                message:
                    "loading \(url.redacted) schema \(schema) failed, the previous tables are unchanged: \(Self.describe(error))"
            )
        }
    }

    func exec(_ c: PostgresConnection, _ sql: String) async throws {
        _ = try await c.query(PostgresQuery(unsafeSQL: sql), logger: Self.logger).collect()
    }

    func copy(_ t: TableData, _ c: PostgresConnection) async throws {
        let table = "\(quoteIdentifier(staging)).\(quoteIdentifier(t.table.name))"
        try await exec(c, "CREATE TABLE \(table) (\(t.table.definition { $0.postgres }))")
        let failAfter = failAfterRows
        let row = try t.open()
        // copyFrom quotes the bare table and column names itself; the schema comes from the search path.
        try await exec(c, "SET search_path TO \(quoteIdentifier(staging))")
        try await c.copyFrom(table: t.table.name, columns: t.table.columns.map(\.name), logger: Self.logger) { writer in
            var buffer = ByteBuffer()
            buffer.reserveCapacity(1 << 20)
            for i in 0..<t.rowCount {
                if let failAfter, i >= failAfter {
                    throw WarehouseError(message: "simulated failure after \(failAfter) rows of \(t.table.name)")
                }
                Self.appendRow(row(i), columns: t.table.columns, to: &buffer)
                if buffer.readableBytes >= 1 << 20 {
                    try await writer.write(buffer)
                    buffer.clear()
                }
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
        }
        for (k, index) in t.table.indexes.enumerated() {
            try await exec(
                c,
                "CREATE INDEX \(quoteIdentifier("idx_\(t.table.name)_\(k)")) ON \(table) (\(index.map(quoteIdentifier).joined(separator: ",")))"
            )
        }
    }

    /// One row in COPY's text format: tab-separated, \N for NULL, backslash escapes.
    static func appendRow(_ values: [WarehouseValue], columns: [Column], to buffer: inout ByteBuffer) {
        for (k, v) in values.enumerated() {
            if k > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            switch v {
            case .null: buffer.writeString("\\N")
            case .int(let i): buffer.writeString(String(i))
            case .double(let d):
                buffer.writeString(
                    columns[k].type == .money ? String(format: "%.2f", d) : (d.isFinite ? "\(d)" : "NaN"))
            case .bool(let b): buffer.writeString(b ? "t" : "f")
            case .hex128(let high, let low): _ = WarehouseValue.withHex(high, low) { buffer.writeBytes($0) }
            case .timestamp(let t): buffer.writeString(t.description)
            case .date(let d): buffer.writeString(d.iso)
            case .text(let s):
                for byte in s.utf8 {
                    switch byte {
                    case UInt8(ascii: "\\"): buffer.writeString("\\\\")
                    case UInt8(ascii: "\t"): buffer.writeString("\\t")
                    case UInt8(ascii: "\n"): buffer.writeString("\\n")
                    case UInt8(ascii: "\r"): buffer.writeString("\\r")
                    default: buffer.writeInteger(byte)
                    }
                }
            }
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    /// A result cell as text, whatever its wire format.
    static func text(_ cell: PostgresCell) -> String? {
        guard cell.bytes != nil else { return nil }
        switch cell.dataType {
        case .int2, .int4, .int8: return (try? cell.decode(Int.self)).map { String($0) }
        case .float4, .float8: return (try? cell.decode(Double.self)).map { String($0) }
        case .numeric: return (try? cell.decode(Decimal.self)).map { "\($0)" }
        case .bool: return (try? cell.decode(Bool.self)).map { $0 ? "1" : "0" }
        default: return try? cell.decode(String.self)
        }
    }

    /// Runs a query in the warehouse's schema and returns its rows as text (NULL as nil), for checks
    /// and tests.
    public func query(_ sql: String) async throws -> [[String?]] {
        let c = try await connect()
        try await exec(c, "SET search_path TO \(quoteIdentifier(schema))")
        var out: [[String?]] = []
        for try await row in try await c.query(PostgresQuery(unsafeSQL: sql), logger: Self.logger) {
            out.append(row.map(Self.text))
        }
        try await c.close()
        return out
    }
}
