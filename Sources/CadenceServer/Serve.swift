import Foundation
import Hummingbird
import Logging
import Storage
import StorageSQLite

/// Opening the data folder, first-start provisioning, and running until SIGINT/SIGTERM.
public enum CadenceService {
    /// Opens (creating if needed) the SQLite store in the data folder.
    public static func openStore(dataDirectory: String) throws -> any CadenceStore {
        try FileManager.default.createDirectory(
            atPath: dataDirectory, withIntermediateDirectories: true)
        return try SQLiteStore(directory: dataDirectory)
    }

    /// Runs the server: creates `admin` with a printed random password on a store with no users,
    /// then serves until SIGINT or SIGTERM, finishing requests in flight (swift-service-lifecycle).
    public static func serve(configuration: Configuration) async throws {
        var logger = Logger(label: "cadence")
        logger.logLevel = .info
        let store = try openStore(dataDirectory: configuration.dataDirectory)
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
