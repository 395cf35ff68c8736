import Foundation

/// Reads the package's declared targets and their dependencies from
/// `swift package describe --type json`.
///
/// Why it runs the way it does: SwiftPM takes a lock on its scratch folder (`.build/.lock`), and
/// `swift test` holds that lock for as long as the tests run. A plain `swift package describe`
/// started from inside a test therefore waits for `swift test`, which waits for the test: a
/// deadlock (seen here: "Another instance of SwiftPM is already running using '.build', waiting").
/// Pointing `--scratch-path` at a fresh temporary folder takes a different lock; `describe` only
/// loads the root manifest (it resolves no dependency and builds nothing), so the folder stays
/// empty and the call takes well under a second. `--manifest-cache local` keeps the compiled
/// manifest in that folder too, so nothing is shared with other SwiftPM processes on the machine.
/// A timeout turns any remaining hang into a failure instead of a stuck test run.
struct ManifestReader: Sendable {
    /// One target as the manifest declares it.
    struct Target: Sendable, Hashable {
        var name: String
        /// `library`, `executable`, `test`, …
        var type: String
        var path: String
        /// Target dependencies and product dependencies together.
        var dependencies: [String]
    }

    /// Why reading the manifest failed.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The package root.
    var root: URL
    /// How long `swift package describe` may take.
    var timeout: Duration = .seconds(120)

    /// The targets the manifest declares.
    func targets() throws -> [Target] {
        let json = try describe()
        guard let object = try JSONSerialization.jsonObject(with: json) as? [String: Any],
            let targets = object["targets"] as? [[String: Any]]
        else {
            throw Failure(description: "swift package describe printed no `targets` array")
        }
        return targets.compactMap { entry in
            guard let name = entry["name"] as? String else { return nil }
            let dependencies =
                (entry["target_dependencies"] as? [String] ?? [])
                + (entry["product_dependencies"] as? [String] ?? [])
            return Target(
                name: name, type: entry["type"] as? String ?? "",
                path: entry["path"] as? String ?? "",
                dependencies: dependencies)
        }
    }

    /// Runs `swift package describe --type json` with its own scratch folder and returns stdout.
    private func describe() throws -> Data {
        let fileManager = FileManager.default
        let scratch = fileManager.temporaryDirectory
            .appendingPathComponent("cadence-architecture-\(UUID().uuidString)")
        try fileManager.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? fileManager.removeItem(at: scratch) }
        let outputURL = scratch.appendingPathComponent("describe.json")
        let errorURL = scratch.appendingPathComponent("describe.err")
        _ = fileManager.createFile(atPath: outputURL.path, contents: nil)
        _ = fileManager.createFile(atPath: errorURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputURL)
        let errors = try FileHandle(forWritingTo: errorURL)

        let process = Process()
        process.executableURL = try swiftExecutable()
        process.arguments = [
            "package", "--package-path", root.path, "--scratch-path", scratch.path,
            "--manifest-cache", "local", "describe", "--type", "json",
        ]
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.terminate()
                process.waitUntilExit()
                throw Failure(description: "swift package describe took longer than \(timeout)")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        try output.close()
        try errors.close()
        guard process.terminationStatus == 0 else {
            let message = (try? String(contentsOf: errorURL, encoding: .utf8)) ?? ""
            throw Failure(
                description:
                    "swift package describe exited \(process.terminationStatus): \(message)")
        }
        return try Data(contentsOf: outputURL)
    }

    /// `swift` from `PATH`, else the toolchain's usual place on our machines.
    private func swiftExecutable() throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let candidates =
            path.split(separator: ":").map { "\($0)/swift" } + ["/opt/swift/usr/bin/swift"]
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            return URL(fileURLWithPath: candidate)
        }
        throw Failure(description: "no `swift` executable on PATH or in /opt/swift/usr/bin")
    }
}
