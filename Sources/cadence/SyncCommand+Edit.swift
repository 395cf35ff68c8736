import ArgumentParser
import CadenceServer
import Foundation

extension SyncCommand {
    /// `cadence sync edit ID …`: changes a connector; options left out keep their value.
    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a connector; options left out stay as they are.",
            discussion: """
                A new URL clears the connector's sync state: the next run is a first sync that \
                deletes nothing (objects with the same bytes on both sides are adopted, \
                differing ones are conflicts whose loser goes to the trash).
                """)
        @Argument var id: Int64
        @Option(help: "The remote collection URL.") var url: String?
        @Option(name: .customLong("user"), help: "The remote user name.") var remoteUser: String?
        @Option(
            name: .customLong("password-file"),
            help: "A file holding the new remote (app) password; `-` reads standard input.")
        var passwordFile: String?
        @Option(help: "two-way, push-only or pull-only.") var direction: String?
        @Option(help: "newest-wins, local-wins or remote-wins.") var policy: String?
        @Option(help: "Seconds between syncs.") var interval: Int64?
        @Option(help: "true: sync on the schedule; false: only on demand.") var enabled: Bool?
        @Option(
            name: .customLong("ca-file"),
            help:
                "PEM file of CA certificates trusted for this remote; \"\" for the server-wide one."
        )
        var caFile: String?
        @OptionGroup var options: Options

        func run() async throws {
            let edit = ConnectorEdit(
                url: url, userName: remoteUser,
                password: try passwordFile.map(SyncCommand.readPassword), direction: direction,
                policy: policy, interval: interval, enabled: enabled,
                trustedCAFile: caFile.map { $0.isEmpty ? nil : $0 })
            guard edit != ConnectorEdit() else { throw ValidationError("nothing to change") }
            let administration = try await options.administration()
            do {
                try await administration.edit(id: id, edit)
            } catch {
                await administration.shutdown()
                throw error
            }
            await administration.shutdown()
            print("connector \(id) changed")
        }
    }

    /// The password in `file` (`-`: standard input), without its final newline.
    static func readPassword(_ file: String) throws -> String {
        let text: String
        if file == "-" {
            text = readLine(strippingNewline: true) ?? ""
        } else {
            text = try String(contentsOfFile: file, encoding: .utf8)
        }
        let password = text.trimmingCharacters(in: .newlines)
        guard !password.isEmpty else { throw ValidationError("the password file is empty") }
        return password
    }
}
