// swift-tools-version:6.1
import PackageDescription

// Layering (../shared/design/ARCHITECTURE.md): dependencies point downwards only.
// `Tests/ArchitectureTests` fails when a target imports against this table.
let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Cadence",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "cadence", targets: ["cadence"]),
        .executable(name: "cadence-bench", targets: ["cadence-bench"]),
        .executable(name: "cadence-ceiling", targets: ["cadence-ceiling"]),
        .library(name: "ICalendar", targets: ["ICalendar"]),
        // For the libFuzzer targets in Fuzz/ (a separate package that depends on this one).
        .library(name: "VCard", targets: ["VCard"]),
        .library(name: "WebDAV", targets: ["WebDAV"]),
        .library(name: "CalDAV", targets: ["CalDAV"]),
        .library(name: "CardDAV", targets: ["CardDAV"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // The web application's templates (issue 12).
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // The PostgreSQL engine (issue 9).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .target(name: "ContentLine", swiftSettings: strict),
        // The system zlib, for gzip content coding (Foundation on Linux has none).
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(name: "ICalendar", dependencies: ["ContentLine"], swiftSettings: strict),
        .target(name: "VCard", dependencies: ["ContentLine"], swiftSettings: strict),
        .target(name: "WebDAV", swiftSettings: strict),
        .target(name: "CalDAV", dependencies: ["WebDAV", "ICalendar"], swiftSettings: strict),
        .target(name: "CardDAV", dependencies: ["WebDAV", "VCard"], swiftSettings: strict),
        .target(name: "CRM", dependencies: ["ICalendar", "VCard"], swiftSettings: strict),
        .target(name: "Storage", dependencies: ["CRM"], swiftSettings: strict),
        .target(
            name: "StorageSQLite",
            dependencies: [
                "Storage", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strict),
        .target(name: "StorageTesting", dependencies: ["Storage"], swiftSettings: strict),
        .target(
            name: "StoragePostgres",
            dependencies: [
                "Storage",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict),
        .target(
            name: "Groupware",
            dependencies: ["CalDAV", "CardDAV", "CRM", "Storage", "WebDAV", "ICalendar", "VCard"],
            swiftSettings: strict),
        .target(
            name: "SyncConnector",
            dependencies: [
                "Groupware", "Storage", "ICalendar", "WebDAV",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .target(
            name: "CadenceServer",
            dependencies: [
                "Groupware", "CalDAV", "WebDAV", "CRM", "Storage", "StorageSQLite", "ICalendar",
                "SyncConnector", "CZlib", "CardDAV", "StoragePostgres",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                // WebDAV-Push delivery to push services (issue 11).
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "cadence",
            dependencies: [
                "CadenceServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "cadence-bench",
            dependencies: ["ICalendar", "ContentLine"],
            path: "Benchmarks/cadence-bench",
            swiftSettings: strict),
        .executableTarget(
            name: "cadence-ceiling",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/ceiling",
            swiftSettings: strict),

        .testTarget(name: "ArchitectureTests", swiftSettings: strict),
        .testTarget(name: "ContentLineTests", dependencies: ["ContentLine"], swiftSettings: strict),
        .testTarget(
            name: "ICalendarTests", dependencies: ["ICalendar", "ContentLine"],
            resources: [.copy("Corpus")], swiftSettings: strict),
        .testTarget(name: "VCardTests", dependencies: ["VCard"], swiftSettings: strict),
        .testTarget(name: "WebDAVTests", dependencies: ["WebDAV"], swiftSettings: strict),
        .testTarget(name: "CalDAVTests", dependencies: ["CalDAV"], swiftSettings: strict),
        .testTarget(
            name: "CardDAVTests", dependencies: ["CardDAV", "VCard", "WebDAV"],
            swiftSettings: strict),
        .testTarget(name: "CRMTests", dependencies: ["CRM"], swiftSettings: strict),
        .testTarget(
            name: "StorageTests", dependencies: ["Storage", "StorageTesting"], swiftSettings: strict
        ),
        .testTarget(
            name: "StorageSQLiteTests", dependencies: ["StorageSQLite", "StorageTesting"],
            swiftSettings: strict),
        .testTarget(
            name: "StoragePostgresTests",
            dependencies: ["StoragePostgres", "StorageSQLite", "StorageTesting"],
            swiftSettings: strict),
        .testTarget(
            name: "StorageTestingTests", dependencies: ["StorageTesting"], swiftSettings: strict),
        .testTarget(name: "GroupwareTests", dependencies: ["Groupware"], swiftSettings: strict),
        .testTarget(
            name: "SyncConnectorTests",
            dependencies: ["SyncConnector", "Groupware", "Storage", "StorageSQLite"],
            swiftSettings: strict),
        .testTarget(
            name: "CadenceServerTests",
            dependencies: [
                "CadenceServer", "WebDAV", "Storage", "StoragePostgres", "CZlib",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict),
    ]
)
