import Foundation
import Hummingbird
import Logging
import Storage
import StoragePostgres
import StorageSQLite

/// The store a command opens (for the `cadence` executable, which does not import `Storage`).
public typealias OpenedStore = any CadenceStore

/// Opening the data folder, first-start provisioning, and running until SIGINT/SIGTERM.
public enum CadenceService {
    /// The server's logger: text on standard output or JSON lines, at the configured level.
    public static func makeLogger(_ configuration: Configuration) -> Logger {
        var logger =
            switch configuration.logFormat {
            case .text:
                Logger(label: "cadence") { TextLogHandler(label: $0) }
            case .json: Logger(label: "cadence") { JSONLogHandler(label: $0) }
            }
        logger.logLevel = configuration.logLevel
        return logger
    }

    /// Opens (creating if needed) the SQLite store in the data folder.
    public static func openStore(dataDirectory: String) throws -> any CadenceStore {
        try FileManager.default.createDirectory(
            atPath: dataDirectory, withIntermediateDirectories: true)
        return try SQLiteStore(directory: dataDirectory)
    }

    /// Opens the configured store: PostgreSQL when `databaseURL` is a `postgres://` URL
    /// (migrating it unless `migrate` is false), with its read `replicas`, else SQLite in the data
    /// folder (which has no replicas: naming some is an error).
    public static func openStore(
        databaseURL: String?, dataDirectory: String, poolSize: Int = 16, migrate: Bool = true,
        replicas: [String] = [], replicaMaximumLag: Double = 5,
        logger: Logger = Logger(label: "cadence")
    ) async throws -> any CadenceStore {
        guard let databaseURL, sqlitePath(databaseURL) == nil else {
            guard replicas.isEmpty else {
                throw StorageError(
                    .invalidName, "read replicas need a PostgreSQL --database (postgres://…)")
            }
            return try openStore(dataDirectory: databaseURL.flatMap(sqlitePath) ?? dataDirectory)
        }
        return try await PostgresStore(
            url: databaseURL, poolSize: poolSize, migrate: migrate, replicas: replicas,
            replicaMaximumLag: replicaMaximumLag, logger: logger)
    }

    /// Whether `url` names a PostgreSQL database (`postgres://`, `postgresql://`).
    public static func isPostgres(_ url: String) -> Bool { PostgresLocation.isPostgres(url) }

    /// The data folder of a `sqlite:PATH` database argument, or `nil` for another URL.
    public static func sqlitePath(_ url: String) -> String? {
        guard url.hasPrefix("sqlite:") else { return nil }
        let path = String(url.dropFirst("sqlite:".count))
        return path.hasPrefix("//") ? String(path.dropFirst(2)) : path
    }

    /// Applies the missing schema migrations of the configured database and answers their
    /// names (`cadence migrate`); SQLite migrates whenever it is opened.
    public static func migrate(databaseURL: String?, dataDirectory: String) async throws
        -> (engine: String, applied: [String], all: [String])
    {
        let url = databaseURL.flatMap { sqlitePath($0) == nil ? $0 : nil }
        guard let url else {
            let folder = databaseURL.flatMap(sqlitePath) ?? dataDirectory
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true)
            let store = try SQLiteStore(directory: folder)
            return ("sqlite", [], try await store.appliedMigrations())
        }
        let store = try await PostgresStore(url: url, poolSize: 2, migrate: false)
        defer { store.close() }
        let applied = try await store.migrate()
        return ("postgres", applied, try await store.appliedMigrations())
    }

    /// Runs the server: creates `admin` with a printed random password on a store with no users,
    /// then serves until SIGINT or SIGTERM, finishing requests in flight (swift-service-lifecycle).
    public static func serve(configuration: Configuration) async throws {
        let logger = makeLogger(configuration)
        defer { LogOutput.standardOutput.flush() }
        let store = try await openStore(
            databaseURL: configuration.databaseURL, dataDirectory: configuration.dataDirectory,
            poolSize: configuration.databasePoolSize,
            replicas: configuration.databaseReplicaURLs,
            replicaMaximumLag: configuration.replicaMaximumLag, logger: logger)
        if let url = configuration.databaseURL, PostgresLocation.isPostgres(url) {
            let location = try PostgresLocation(url)
            logger.info(
                "database: \(location.redacted), pool of \(configuration.databasePoolSize)")
            for replica in configuration.databaseReplicaURLs {
                let location = try PostgresLocation(replica)
                logger.info(
                    "read replica: \(location.redacted), pool of \(configuration.databasePoolSize), at most \(configuration.replicaMaximumLag) s behind"
                )
            }
        }
        if let password = try await Administration(
            store: store, bcryptCost: configuration.bcryptCost
        )
        .createAdminIfNoUsers() {
            print("cadence: created user 'admin' with password: \(password)")
            print("cadence: it is shown only once; change it with `cadence user passwd admin`.")
        }
        let app = buildApplication(configuration: configuration, store: store, logger: logger)
        try await app.runService()
    }
}
