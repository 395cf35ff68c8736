/// Server configuration: flags, `CADENCE_…` environment variables, defaults.
public struct Configuration: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var dataDirectory: String
    /// The largest calendar object or file accepted by PUT, in octets.
    public var maximumObjectSize: Int
    /// The largest XML request body, in octets.
    public var maximumXMLBodySize: Int
    /// The most one user may store, in octets (RFC 4331 quota).
    public var quotaBytes: Int64
    /// bcrypt cost for new password hashes.
    public var bcryptCost: UInt8
    /// How long a verified password stays cached in memory, in seconds.
    public var credentialCacheSeconds: Double
    /// The server's public base URL (`https://crm.example.com`), used for the `URL` of tasks'
    /// calendar objects; `nil` leaves it out. `CADENCE_PUBLIC_URL`.
    public var publicBaseURL: String?

    public init(
        host: String = "127.0.0.1", port: Int = 8080, dataDirectory: String = "./cadence-data",
        maximumObjectSize: Int = 10 << 20, maximumXMLBodySize: Int = 1 << 20,
        quotaBytes: Int64 = 5 << 30, bcryptCost: UInt8 = 10,
        credentialCacheSeconds: Double = 300, publicBaseURL: String? = nil
    ) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.maximumObjectSize = maximumObjectSize
        self.maximumXMLBodySize = maximumXMLBodySize
        self.quotaBytes = quotaBytes
        self.bcryptCost = bcryptCost
        self.credentialCacheSeconds = credentialCacheSeconds
        self.publicBaseURL = publicBaseURL
    }

    /// Defaults overridden by `CADENCE_HOST`, `CADENCE_PORT`, `CADENCE_DATA`,
    /// `CADENCE_MAX_OBJECT_SIZE`, `CADENCE_MAX_XML_SIZE` and `CADENCE_QUOTA_BYTES`.
    public static func fromEnvironment(_ environment: [String: String]) -> Configuration {
        var configuration = Configuration()
        if let host = environment["CADENCE_HOST"], !host.isEmpty { configuration.host = host }
        if let port = environment["CADENCE_PORT"].flatMap(Int.init) { configuration.port = port }
        if let data = environment["CADENCE_DATA"], !data.isEmpty {
            configuration.dataDirectory = data
        }
        if let url = environment["CADENCE_PUBLIC_URL"], !url.isEmpty {
            configuration.publicBaseURL = url
        }
        return configuration
    }
}
