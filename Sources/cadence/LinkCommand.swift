import ArgumentParser
import CadenceServer
import Foundation

/// `cadence link create|list|revoke`: secret read-only subscription links of calendars.
struct LinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Manage subscription links (secret read-only .ics URLs of a calendar).",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Create a link to a user's calendar and print its URL (shown once). Modes: full, "
                + "events (tasks as events: for Nextcloud, the default), busy (no details).")
        @Argument var user: String
        @Argument var calendar: String
        @Option(help: "full, events or busy.") var mode: String = "events"
        @Option var label: String = ""
        @OptionGroup var data: DataOption

        func run() async throws {
            let base = Configuration.fromEnvironment(ProcessInfo.processInfo.environment)
                .publicBaseURL
            let created = try await data.administration().createLink(
                user: user, calendar: calendar, mode: mode, label: label, publicBaseURL: base)
            print(created.url)
            if base == nil {
                print("(prefix it with the server's address, or set CADENCE_PUBLIC_URL)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List a user's links (id, calendar, mode, label, created, last fetched).")
        @Argument var user: String
        @OptionGroup var data: DataOption

        func run() async throws {
            for (link, path) in try await data.administration().links(user: user) {
                let fetched = link.lastFetchedAt.map(String.init) ?? "never"
                print(
                    "\(link.id)\t\(path)\t\(link.mode.rawValue)\t\(link.label)\t"
                        + "created \(link.createdAt)\tlast fetched \(fetched)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a link by id.")
        @Argument var user: String
        @Argument var id: Int64
        @OptionGroup var data: DataOption

        func run() async throws {
            try await data.administration().revokeLink(user: user, id: id)
            print("revoked link \(id) of '\(user)'")
        }
    }
}
