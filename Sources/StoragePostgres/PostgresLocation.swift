import Foundation
import Storage

/// Where a PostgreSQL database is: `postgres://user:password@host:port/database`, with the
/// optional query items `schema=NAME` (the tables' schema, created if missing) and
/// `sslmode=require` (TLS; the default is a plain connection, for loopback and private nets).
/// `postgresql://` is accepted too; user name and password may be percent-encoded.
public struct PostgresLocation: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var schema: String?
    public var requireTLS: Bool

    /// Whether `url` names a PostgreSQL database (rather than a SQLite path).
    public static func isPostgres(_ url: String) -> Bool {
        url.hasPrefix("postgres://") || url.hasPrefix("postgresql://")
    }

    public init(_ url: String) throws(StorageError) {
        guard Self.isPostgres(url), let components = URLComponents(string: url),
            let host = components.host, !host.isEmpty
        else {
            throw StorageError(
                .invalidName, "not a postgres://user:password@host:port/database URL")
        }
        self.host = host
        port = components.port ?? 5432
        user = components.percentEncodedUser?.removingPercentEncoding ?? "postgres"
        password = components.percentEncodedPassword?.removingPercentEncoding
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : ""
        database = path.isEmpty ? user : path
        let items = components.queryItems ?? []
        schema = items.first { $0.name == "schema" }?.value
        if let schema {
            guard !schema.isEmpty, schema.utf8.count <= 63,
                schema.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
            else { throw StorageError(.invalidName, "schema must be [A-Za-z0-9_]{1,63}") }
        }
        let mode = items.first { $0.name == "sslmode" }?.value ?? "disable"
        requireTLS = ["require", "verify-ca", "verify-full"].contains(mode)
    }

    /// The URL without its password, for logs.
    public var redacted: String {
        "postgres://\(user)@\(host):\(port)/\(database)" + (schema.map { "?schema=" + $0 } ?? "")
    }
}
