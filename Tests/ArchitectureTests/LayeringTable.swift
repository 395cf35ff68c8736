/// The layering table of `ARCHITECTURE.md` (the target table at its top), as data.
///
/// For every target: the modules its sources may import, which are also the targets and products
/// its manifest entry may depend on. Project targets are listed exactly as the design table lists
/// them, with no transitive permission (`CalDAV` may import `ICalendar`, not `ContentLine`).
/// Standard modules are granted by the named groups below, never implicitly: `ContentLine` gets
/// the standard library only. A target missing from this table fails the tests until it is placed.
struct LayeringTable: Sendable {
    /// Modules every Swift file sees without asking; importing them is always allowed.
    static let standardLibrary: Set<String> = ["Swift", "_Concurrency", "_StringProcessing"]

    /// Foundation and the toolchain modules that come with it (Foundation re-exports Dispatch;
    /// Synchronization holds `Mutex` and `Atomic`, the only shared-state tools we accept).
    static let platform: Set<String> = [
        "Foundation", "FoundationEssentials", "Dispatch", "Synchronization",
    ]

    /// The C library, for the few targets that talk to the operating system directly.
    static let system: Set<String> = ["Glibc", "Musl", "Darwin"]

    /// What the WebDAV layer builds on and exposes: the XML parser, HTTP types, logging.
    static let davStack: Set<String> = ["FoundationXML", "HTTPTypes", "Logging"]

    /// The HTTP shell's libraries (Hummingbird 2, hummingbird-auth, swift-log, swift-metrics,
    /// swift-service-lifecycle; NIOCore for `ByteBuffer`; swift-crypto for app-password hashes).
    static let serverShell: Set<String> = [
        "Hummingbird", "HummingbirdCore", "HummingbirdRouter", "HummingbirdAuth",
        "HummingbirdBasicAuth", "HummingbirdBcrypt", "NIOCore", "Logging", "Metrics", "Prometheus",
        "ServiceLifecycle", "Crypto",
        // The web application's templates (issue 12).
        "Mustache",
    ]

    /// The project's library targets below the server shell; `CadenceServer` may use them all.
    /// `StorageTesting` is not among them: only test targets import it.
    static let libraries: Set<String> = [
        "ContentLine", "ICalendar", "VCard", "WebDAV", "CalDAV", "CardDAV", "CRM", "Storage",
        "StorageSQLite", "StoragePostgres", "Groupware", "SyncConnector",
    ]

    /// The sync connector's HTTP client stack (async-http-client over SwiftNIO, TLS by
    /// swift-nio-ssl), logging and swift-crypto for sealing passwords.
    static let httpClient: Set<String> = [
        "AsyncHTTPClient", "NIOCore", "NIOHTTP1", "NIOSSL", "Logging", "Crypto",
    ]

    /// Allowed imports and manifest dependencies, by target name.
    static let allowed: [String: Set<String>] = [
        "ContentLine": [],
        // The system zlib (a module map, no sources).
        "CZlib": [],
        "ICalendar": Set(["ContentLine"]).union(platform),
        "VCard": Set(["ContentLine"]).union(platform),
        "WebDAV": davStack.union(platform),
        "CalDAV": Set(["WebDAV", "ICalendar"]).union(davStack).union(platform),
        "CardDAV": Set(["WebDAV", "VCard"]).union(davStack).union(platform),
        "CRM": Set(["ICalendar", "VCard"]).union(platform),
        "Storage": Set(["CRM"]).union(platform),
        // GRDBSQLite: SQLite's C interface, for rows stepped directly (`SteppedRow`).
        "StorageSQLite": Set(["Storage", "GRDB", "GRDBSQLite"]).union(platform).union(system),
        "StoragePostgres": Set(["Storage", "PostgresNIO", "NIOCore", "Logging"]).union(platform)
            .union(system),
        "StorageTesting": Set(["Storage", "Testing"]).union(platform),
        // Groupware implements the WebDAV/CalDAV resource protocols, whose types (`DAVPath`,
        // `XMLName`) live in WebDAV, and indexes objects with ICalendar: both lie below it.
        "Groupware": Set(["CalDAV", "CardDAV", "WebDAV", "ICalendar", "VCard", "CRM", "Storage"])
            .union(davStack).union(platform),
        // The sync connector (issue 6): a CalDAV client of remote servers; local writes go
        // through Groupware, remote answers are read with WebDAV's XML reader.
        "SyncConnector": Set(["Groupware", "Storage", "ICalendar", "WebDAV"]).union(httpClient)
            .union(platform).union(system),
        // AsyncHTTPClient: WebDAV-Push delivery POSTs messages to push services (RFC 8030).
        "CadenceServer": libraries.union(serverShell).union(davStack).union(platform).union(system)
            .union(["CZlib", "AsyncHTTPClient"]),
        // NIOPosix: `serve` runs Swift concurrency on the server's event loops (issue 4).
        "cadence": Set(["CadenceServer", "ArgumentParser", "NIOCore", "NIOPosix"]).union(platform)
            .union(
                system),
        "cadence-bench": Set(["ICalendar", "ContentLine"]).union(platform),
        // The benchmark's ceiling: a constant-200 Hummingbird route, nothing of the project.
        "cadence-ceiling": Set(["Hummingbird", "Logging"]).union(platform),
    ]

    /// Where a target's sources live, relative to the package root.
    static func sourceFolder(of target: String) -> String {
        switch target {
        case "cadence-bench": "Benchmarks/cadence-bench"
        case "cadence-ceiling": "Benchmarks/ceiling"
        default: "Sources/\(target)"
        }
    }

    /// Whether `target` may import (or depend on) `module`; `nil` when the target is not listed.
    static func allows(_ target: String, _ module: String) -> Bool? {
        guard let modules = allowed[target] else { return nil }
        return standardLibrary.contains(module) || modules.contains(module)
    }
}
