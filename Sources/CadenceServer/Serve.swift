import Foundation
import Hummingbird
import Logging
import Storage
import StorageSQLite

/// Opening the data folder, first-start provisioning, and running until SIGINT/SIGTERM.
public enum CadenceService {
    /// The server's logger: text on standard output or JSON lines, at the configured level.
    public static func makeLogger(_ configuration: Configuration) -> Logger {
        var logger =
            switch configuration.logFormat {
            case .text:
                Logger(label: "cadence") {
                    StreamLogHandler(label: $0, stream: LogOutput.standardOutput)
                }
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

    /// Runs the server: creates `admin` with a printed random password on a store with no users,
    /// then serves until SIGINT or SIGTERM, finishing requests in flight (swift-service-lifecycle).
    public static func serve(configuration: Configuration) async throws {
        let logger = makeLogger(configuration)
        defer { LogOutput.standardOutput.flush() }
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
