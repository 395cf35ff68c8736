// swift-tools-version:6.1
import PackageDescription

// libFuzzer targets for Cadence's parsers (issue 8). Not part of the main build: each target is an
// executable whose `main` comes from libFuzzer, built with `-sanitize=fuzzer,address`.
// Run them with `Fuzz/run.sh` (see README, "Fuzzing").
let fuzzed: [SwiftSetting] = [.swiftLanguageMode(.v6), .unsafeFlags(["-parse-as-library"])]

let package = Package(
    name: "CadenceFuzz",
    dependencies: [.package(name: "Cadence", path: "..")],
    targets: [
        // Declares libFuzzer's LLVMFuzzerRunDriver: SwiftPM links every executable with
        // `--defsym main=<Module>_main`, so each target's `<Module>_main` starts the driver.
        .target(name: "CFuzzDriver"),
        .executableTarget(
            name: "FuzzICalendar",
            dependencies: ["CFuzzDriver", .product(name: "ICalendar", package: "Cadence")],
            swiftSettings: fuzzed),
        .executableTarget(
            name: "FuzzVCard",
            dependencies: ["CFuzzDriver", .product(name: "VCard", package: "Cadence")],
            swiftSettings: fuzzed),
        .executableTarget(
            name: "FuzzRecurrence",
            dependencies: [
                "CFuzzDriver", .product(name: "ICalendar", package: "Cadence"),
                .product(name: "CalDAV", package: "Cadence"),
            ],
            swiftSettings: fuzzed),
        .executableTarget(
            name: "FuzzXML",
            dependencies: [
                "CFuzzDriver", .product(name: "WebDAV", package: "Cadence"),
                .product(name: "CalDAV", package: "Cadence"),
            ],
            swiftSettings: fuzzed),
    ]
)
