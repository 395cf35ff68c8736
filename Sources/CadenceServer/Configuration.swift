import Foundation
import Logging

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
    /// How many days a deleted calendar object or task stays restorable from the trash.
    public var trashRetentionDays: Int
    /// Whether the last `X-Forwarded-For` entry is the client's address (behind a reverse proxy;
    /// `--trust-proxy`, `CADENCE_TRUST_PROXY=1`).
    public var trustProxy: Bool = false
    /// Requests per second allowed per user (`CADENCE_RATE_LIMIT`); `nil` for no limit.
    public var rateLimit: Double? = nil
    /// The thresholds of brute-force protection (tests shorten the delay).
    public var signInDelaySeconds: Double = 1
    /// The least severe level logged (`--log-level`, `CADENCE_LOG_LEVEL`, default `info`).
    public var logLevel: Logger.Level = .info
    /// Log lines as text or one JSON object per line (`--log-format`, `CADENCE_LOG_FORMAT`).
    public var logFormat: LogFormat = .text
    /// How many days sync-log entries are kept (`CADENCE_LOG_DAYS`, default 30).
    public var syncLogRetentionDays: Int = 30
    /// How many days a sync token stays usable before the change log behind it is pruned
    /// (`--sync-token-days`, `CADENCE_SYNC_TOKEN_DAYS`, default 90); older tokens get `403`
    /// `DAV:valid-sync-token` and the client resyncs.
    public var syncTokenRetentionDays: Int = 90
    /// Error bodies carry the error's details and a DAV browser answers browsers at the
    /// collection URLs (`--debug`, `CADENCE_DEBUG=1`). Off by default: nothing internal leaks.
    public var debug: Bool = false
    /// Reads of one DAV resource (GET, HEAD, OPTIONS, PROPFIND `Depth: 0`) are answered on the
    /// connection's event loop, everything else on the global executor (`LoopOrPool`). On by
    /// default; `CADENCE_LOOP_READS=0` runs every request on the global executor.
    public var readsOnEventLoops: Bool = true
    /// A second listener on the same host serving only `/metrics`, without a token
    /// (`--metrics-port`, `CADENCE_METRICS_PORT`); `nil` for none.
    public var metricsPort: Int? = nil
    /// The server's public base URL (`https://crm.example.com`), used for the `URL` of tasks'
    /// calendar objects; `nil` leaves it out. `CADENCE_PUBLIC_URL`.
    public var publicBaseURL: String?
    /// How often subscribers should poll a subscription link, in seconds (`REFRESH-INTERVAL`,
    /// `X-PUBLISHED-TTL`, `Cache-Control: max-age`). `CADENCE_SUBSCRIPTION_TTL`.
    public var subscriptionTTLSeconds: Int = 900
    /// Origins allowed to call the server from a browser (CORS); empty sends no CORS headers.
    /// `CADENCE_CORS_ORIGINS` (a comma list).
    public var corsOrigins: [String] = []
    /// The Bearer token that `/metrics` requires (`CADENCE_METRICS_TOKEN`); without one,
    /// `/metrics` answers 404.
    public var metricsToken: String? = nil
    /// A PEM file of CA certificates that sync connectors trust instead of the system roots
    /// (self-hosted remotes); `CADENCE_SYNC_CA_FILE`.
    public var syncTrustedCAFile: String? = nil
    /// Whether the background service runs due connectors (every 2 s). Tests that count runs
    /// turn it off so that only their own runs happen; connectors still run on request.
    public var runsConnectorsInBackground: Bool = true
    /// WebDAV-Push (issue 11): push properties, registrations and delivery. `cadence serve`
    /// turns it on unless `--no-push` or `CADENCE_PUSH=0`; off for a bare `Configuration()` so
    /// that tests never write push keys into `./cadence-data`. `CADENCE_PUSH=1` sets it too.
    public var pushEnabled: Bool = false
    /// Admit `http://` push resources on loopback hosts (tests and development only;
    /// `--push-allow-http-loopback`, `CADENCE_PUSH_ALLOW_HTTP_LOOPBACK=1`). Off: https only.
    public var pushAllowsLoopbackHTTP: Bool = false
    /// The contact in the VAPID JWT's `sub` claim (RFC 8292 §2.1), a `mailto:` or `https:` URI
    /// (`CADENCE_PUSH_SUBJECT`); `nil` uses `publicBaseURL`, else `mailto:admin@localhost`.
    public var pushSubject: String? = nil
    /// The database: `nil` for SQLite in the data folder (the default), or a
    /// `postgres://user:password@host:port/database` URL (issue 9); `CADENCE_DATABASE`.
    public var databaseURL: String? = nil
    /// The most PostgreSQL connections this instance opens; `CADENCE_DB_POOL`.
    public var databasePoolSize: Int = 16
    /// Read replicas of the PostgreSQL database (hot standbys), `postgres://` URLs: requests that
    /// only read are served there when the replica has replayed the user's last write (issue 9);
    /// `CADENCE_DATABASE_REPLICAS`, a comma list. Only with a PostgreSQL `databaseURL`.
    public var databaseReplicaURLs: [String] = []
    /// The most a replica may lag behind the primary, in seconds, and still serve reads;
    /// `CADENCE_REPLICA_MAX_LAG`.
    public var replicaMaximumLag: Double = 5

    public init(
        host: String = "127.0.0.1", port: Int = 8080, dataDirectory: String = "./cadence-data",
        maximumObjectSize: Int = 10 << 20, maximumXMLBodySize: Int = 1 << 20,
        quotaBytes: Int64 = 5 << 30, bcryptCost: UInt8 = 10,
        credentialCacheSeconds: Double = 300, trashRetentionDays: Int = 30,
        publicBaseURL: String? = nil
    ) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.maximumObjectSize = maximumObjectSize
        self.maximumXMLBodySize = maximumXMLBodySize
        self.quotaBytes = quotaBytes
        self.bcryptCost = bcryptCost
        self.credentialCacheSeconds = credentialCacheSeconds
        self.trashRetentionDays = trashRetentionDays
        self.publicBaseURL = publicBaseURL
    }

    /// Defaults overridden by `CADENCE_HOST`, `CADENCE_PORT`, `CADENCE_DATA`,
    /// `CADENCE_MAX_OBJECT_SIZE`, `CADENCE_MAX_XML_SIZE`, `CADENCE_QUOTA_BYTES` and
    /// `CADENCE_TRASH_DAYS`, `CADENCE_LOG_DAYS`, `CADENCE_TRUST_PROXY`, `CADENCE_RATE_LIMIT`,
    /// `CADENCE_PUBLIC_URL`, `CADENCE_SUBSCRIPTION_TTL`, `CADENCE_CORS_ORIGINS`,
    /// `CADENCE_SYNC_TOKEN_DAYS`, `CADENCE_DEBUG`, `CADENCE_LOOP_READS`, `CADENCE_METRICS_PORT`,
    /// `CADENCE_DATABASE`, `CADENCE_DB_POOL`, `CADENCE_DATABASE_REPLICAS` and
    /// `CADENCE_REPLICA_MAX_LAG`; numbers that do not parse (or are not positive) are ignored.
    public static func fromEnvironment(_ environment: [String: String]) -> Configuration {
        var configuration = Configuration()
        if let host = environment["CADENCE_HOST"], !host.isEmpty { configuration.host = host }
        if let port = environment["CADENCE_PORT"].flatMap(Int.init) { configuration.port = port }
        if let data = environment["CADENCE_DATA"], !data.isEmpty {
            configuration.dataDirectory = data
        }
        if let size = positive(environment["CADENCE_MAX_OBJECT_SIZE"]) {
            configuration.maximumObjectSize = size
        }
        if let size = positive(environment["CADENCE_MAX_XML_SIZE"]) {
            configuration.maximumXMLBodySize = size
        }
        if let quota = positive(environment["CADENCE_QUOTA_BYTES"]) {
            configuration.quotaBytes = Int64(quota)
        }
        if let days = positive(environment["CADENCE_TRASH_DAYS"]) {
            configuration.trashRetentionDays = days
        }
        if let flag = environment["CADENCE_TRUST_PROXY"] {
            configuration.trustProxy = flag == "1" || flag.lowercased() == "true"
        }
        if let rate = environment["CADENCE_RATE_LIMIT"].flatMap(Double.init), rate > 0 {
            configuration.rateLimit = rate
        }
        if let level = environment["CADENCE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) {
            configuration.logLevel = level
        }
        if let format = environment["CADENCE_LOG_FORMAT"].flatMap(LogFormat.init(rawValue:)) {
            configuration.logFormat = format
        }
        if let days = positive(environment["CADENCE_LOG_DAYS"]) {
            configuration.syncLogRetentionDays = days
        }
        if let days = positive(environment["CADENCE_SYNC_TOKEN_DAYS"]) {
            configuration.syncTokenRetentionDays = days
        }
        if let flag = environment["CADENCE_DEBUG"] {
            configuration.debug = flag == "1" || flag.lowercased() == "true"
        }
        if let flag = environment["CADENCE_LOOP_READS"] {
            configuration.readsOnEventLoops = !(flag == "0" || flag.lowercased() == "false")
        }
        if let port = positive(environment["CADENCE_METRICS_PORT"]) {
            configuration.metricsPort = port
        }
        if let url = environment["CADENCE_PUBLIC_URL"], !url.isEmpty {
            configuration.publicBaseURL = url
        }
        if let ttl = positive(environment["CADENCE_SUBSCRIPTION_TTL"]) {
            configuration.subscriptionTTLSeconds = ttl
        }
        if let origins = environment["CADENCE_CORS_ORIGINS"] {
            configuration.corsOrigins = origins.split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if let token = environment["CADENCE_METRICS_TOKEN"], !token.isEmpty {
            configuration.metricsToken = token
        }
        if let file = environment["CADENCE_SYNC_CA_FILE"], !file.isEmpty {
            configuration.syncTrustedCAFile = file
        }
        if let flag = environment["CADENCE_PUSH"] {
            configuration.pushEnabled = flag == "1" || flag.lowercased() == "true"
        }
        if let flag = environment["CADENCE_PUSH_ALLOW_HTTP_LOOPBACK"] {
            configuration.pushAllowsLoopbackHTTP = flag == "1" || flag.lowercased() == "true"
        }
        if let subject = environment["CADENCE_PUSH_SUBJECT"], !subject.isEmpty {
            configuration.pushSubject = subject
        }
        if let url = environment["CADENCE_DATABASE"], !url.isEmpty {
            configuration.databaseURL = url
        }
        if let size = positive(environment["CADENCE_DB_POOL"]) {
            configuration.databasePoolSize = size
        }
        if let replicas = environment["CADENCE_DATABASE_REPLICAS"] {
            configuration.databaseReplicaURLs = replicas.split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if let lag = environment["CADENCE_REPLICA_MAX_LAG"].flatMap(Double.init), lag > 0 {
            configuration.replicaMaximumLag = lag
        }
        return configuration
    }

    /// The log level named `name` (`trace` … `critical`), or `nil`.
    public static func logLevel(named name: String) -> Logger.Level? {
        Logger.Level(rawValue: name.lowercased())
    }

    /// A positive integer from an environment value, or `nil`.
    private static func positive(_ value: String?) -> Int? {
        guard let value, let number = Int(value), number > 0 else { return nil }
        return number
    }
}

/// The format of log lines (issue 7).
public enum LogFormat: String, Sendable, Hashable, CaseIterable {
    /// swift-log's text lines with metadata.
    case text
    /// One JSON object per line (`JSONLogHandler`).
    case json
}
