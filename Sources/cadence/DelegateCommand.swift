import ArgumentParser
import CadenceServer
import Foundation

/// `cadence delegate add|remove|list`: who may act on a user's calendars (calendar proxies).
struct DelegateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delegate",
        abstract:
            "Manage delegates: users who may read (or read and write) another user's calendars.",
        subcommands: [Add.self, Remove.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Let DELEGATE read and write OWNER's calendars (or only read them).")
        @Argument var owner: String
        @Argument var delegate: String
        @Flag(help: "Read access only.") var readOnly = false
        @OptionGroup var data: DataOption

        func run() async throws {
            let added = try await data.administration().addDelegate(
                owner: owner, delegate: delegate, readOnly: readOnly)
            print("'\(delegate)' is now a \(added.access.rawValue) delegate of '\(owner)'")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "End a delegation.")
        @Argument var owner: String
        @Argument var delegate: String
        @OptionGroup var data: DataOption

        func run() async throws {
            try await data.administration().removeDelegate(owner: owner, delegate: delegate)
            print("'\(delegate)' is no longer a delegate of '\(owner)'")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List OWNER's delegates (name and read or write).")
        @Argument var owner: String
        @OptionGroup var data: DataOption

        func run() async throws {
            for delegate in try await data.administration().delegates(owner: owner) {
                print("\(delegate.delegate)\t\(delegate.access.rawValue)")
            }
        }
    }
}
