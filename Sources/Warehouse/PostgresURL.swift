import Foundation

/// A `postgres://user[:password]@host[:port]/database[?sslmode=…]` address.
public struct PostgresURL: Sendable, Equatable {
    public enum TLSMode: String, Sendable {
        /// No TLS (sslmode=disable, the default here: the server is usually on the same machine).
        case disable
        /// TLS without certificate checks (sslmode=require).
        case require
        /// TLS with the certificate and host name verified (sslmode=verify-full).
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    /// Parses the URL; the password comes from the URL or else from `PGPASSWORD`.
    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let c = URLComponents(string: text), c.scheme == "postgres" || c.scheme == "postgresql" else {
            throw WarehouseError(
                message:
                    "--warehouse takes sqlite or postgres://user@host:port/database, got \(PostgresURL.redact(text))")
        }
        guard let host = c.host, !host.isEmpty else {
            throw WarehouseError(message: "the PostgreSQL address has no host")
        }
        self.host = host
        port = c.port ?? 5432
        user = c.user ?? environment["PGUSER"] ?? "postgres"
        password = c.password ?? environment["PGPASSWORD"]
        let path = c.path.hasPrefix("/") ? String(c.path.dropFirst()) : c.path
        database = path.isEmpty ? user : path
        let mode = c.queryItems?.first { $0.name == "sslmode" }?.value ?? "disable"
        switch mode {
        case "disable", "allow", "prefer": tls = .disable
        case "require": tls = .require
        case "verify-ca", "verify-full": tls = .verifyFull
        default: throw WarehouseError(message: "sslmode \(mode) is not known; use disable, require or verify-full")
        }
    }

    /// The address with any password replaced, safe to print.
    public var redacted: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    /// `text` with the password part of a URL masked.
    public static func redact(_ text: String) -> String {
        guard var c = URLComponents(string: text), c.password != nil else { return text }
        c.password = "***"
        return c.string ?? "<address>"
    }
}
