import ArgumentParser
import CadenceServer

/// `cadence team …`: teams whose members share calendars (issue 13).
struct TeamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "team", abstract: "Manage teams.",
        subcommands: [Create.self, Add.self, Remove.self, List.self, Delete.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Create a team; with --owner, also its calendar \"Team Calls\" (team-NAME) in the owner's home, shared with every member."
        )
        @Argument var name: String
        @Option(help: "What people call the team.") var displayName: String?
        @Option(help: "The user whose home holds the team calendar.") var owner: String?
        @OptionGroup var data: DataOption

        func run() async throws {
            let team = try await data.administration().createTeam(
                name: name, displayName: displayName, owner: owner)
            print("created team '\(team.name)'")
            if let owner {
                print(
                    "team calendar /caldav/calendars/\(owner)/\(Administration.teamCalendarPath(name))/"
                )
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a member to a team (or change their access).")
        @Argument var team: String
        @Argument var user: String
        @Flag(help: "The member only reads the team's calendars.") var readOnly = false
        @OptionGroup var data: DataOption

        func run() async throws {
            try await data.administration().addTeamMember(
                team: team, user: user, readOnly: readOnly)
            print("'\(user)' is in team '\(team)' (\(readOnly ? "read" : "read-write"))")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a member from a team.")
        @Argument var team: String
        @Argument var user: String
        @OptionGroup var data: DataOption

        func run() async throws {
            try await data.administration().removeTeamMember(team: team, user: user)
            print("removed '\(user)' from team '\(team)'")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List teams and their members.")
        @OptionGroup var data: DataOption

        func run() async throws {
            for (team, members) in try await data.administration().teams() {
                let names = members.map { "\($0.0) (\($0.1))" }.joined(separator: ", ")
                print([team.name, team.displayName, names].joined(separator: "\t"))
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a team, its memberships and the shares made to it.")
        @Argument var name: String
        @OptionGroup var data: DataOption

        func run() async throws {
            try await data.administration().deleteTeam(name: name)
            print("deleted team '\(name)'")
        }
    }
}

/// `cadence share OWNER CALENDAR --with USER | --team TEAM [--read-only]`.
struct ShareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "share",
        abstract: "Share a user's calendar with another user or a team (read-write by default).")
    @Argument var owner: String
    @Argument var calendar: String
    @Option(name: .customLong("with"), help: "The user to share it with.") var user: String?
    @Option(help: "The team to share it with.") var team: String?
    @Flag(help: "The sharee only reads it.") var readOnly = false
    @OptionGroup var data: DataOption

    func run() async throws {
        try await data.administration().share(
            owner: owner, calendar: calendar, withUser: user, team: team, readOnly: readOnly)
        let sharee = user.map { "user '\($0)'" } ?? team.map { "team '\($0)'" } ?? ""
        print(
            "shared '\(calendar)' of '\(owner)' with \(sharee) (\(readOnly ? "read" : "read-write"))"
        )
    }
}

/// `cadence unshare OWNER CALENDAR --with USER | --team TEAM`.
struct UnshareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unshare", abstract: "End a share of a user's calendar.")
    @Argument var owner: String
    @Argument var calendar: String
    @Option(name: .customLong("with"), help: "The user it is shared with.") var user: String?
    @Option(help: "The team it is shared with.") var team: String?
    @OptionGroup var data: DataOption

    func run() async throws {
        try await data.administration().unshare(
            owner: owner, calendar: calendar, withUser: user, team: team)
        print("unshared '\(calendar)' of '\(owner)'")
    }
}

/// `cadence shares USER`: the shares of a user's calendars and the calendars shared with them.
struct SharesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shares",
        abstract: "List the shares of a user's calendars and the calendars shared with them.")
    @Argument var user: String
    @OptionGroup var data: DataOption

    func run() async throws {
        let (made, received) = try await data.administration().shares(user: user)
        for line in made {
            print(["shares", line.calendar, line.sharee, line.access].joined(separator: "\t"))
        }
        for line in received {
            print(
                [
                    "receives", "\(line.owner)/\(line.calendar)", line.shareePath ?? "",
                    line.access,
                ].joined(separator: "\t"))
        }
    }
}
