import CRM
import CalDAV
import Groupware
import Storage
import StorageSQLite
import WebDAV

/// Server configuration: flags, `CADENCE_…` environment variables, defaults.
public struct Configuration: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var dataDirectory: String

    public init(
        host: String = "127.0.0.1", port: Int = 8080, dataDirectory: String = "./cadence-data"
    ) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
    }

    /// Defaults overridden by `CADENCE_HOST`, `CADENCE_PORT`, `CADENCE_DATA`.
    public static func fromEnvironment(_ environment: [String: String]) -> Configuration {
        var configuration = Configuration()
        if let host = environment["CADENCE_HOST"], !host.isEmpty { configuration.host = host }
        if let port = environment["CADENCE_PORT"].flatMap(Int.init) { configuration.port = port }
        if let data = environment["CADENCE_DATA"], !data.isEmpty {
            configuration.dataDirectory = data
        }
        return configuration
    }
}
