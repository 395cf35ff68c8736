import ArgumentParser
import CadenceServer
import Foundation

/// `cadence push rotate-key`: WebDAV-Push administration.
struct PushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "WebDAV-Push: manage the server's VAPID key.",
        subcommands: [RotateKey.self])

    struct RotateKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-key",
            abstract:
                "Replace the VAPID key, first telling every subscriber (signed with the old key) "
                + "to subscribe again with the new one.")
        @OptionGroup var data: DataOption

        func run() async throws {
            let environment = Configuration.fromEnvironment(ProcessInfo.processInfo.environment)
            let outcome = try await PushKeyRotation.rotate(
                dataDirectory: data.directory,
                subject: environment.pushSubject ?? environment.publicBaseURL
                    ?? "mailto:admin@localhost")
            print("new VAPID public key: \(outcome.publicKey)")
            print("subscribers notified: \(outcome.notified), not reached: \(outcome.failed)")
        }
    }
}
