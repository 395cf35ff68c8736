import Groupware
import Storage

/// Shared calendars and teams (issue 13), for the command line, the API and tests.
extension Administration {
    /// One line of `cadence shares USER`: a share of one of the user's calendars, or a
    /// calendar shared with them.
    public struct ShareLine: Sendable, Hashable {
        /// The owner's user name.
        public var owner: String
        /// The calendar's path in the owner's home.
        public var calendar: String
        /// `user NAME` or `team NAME`.
        public var sharee: String
        /// `read` or `read-write`.
        public var access: String
        /// The calendar's path in the sharee's home (for a user share), if any.
        public var shareePath: String?
    }

    /// Shares `owner`'s calendar `calendar` with a user or a team (exactly one of them),
    /// read-only or read-write; sharing again changes the access.
    @discardableResult
    public func share(
        owner: String, calendar: String, withUser sharee: String?, team: String?, readOnly: Bool
    ) async throws -> ShareRecord {
        let (record, grantee) = try await shareTarget(
            owner: owner, calendar: calendar, user: sharee, team: team)
        let previous = try await store.shares(collectionID: record.id).first {
            $0.grantee == grantee
        }?.access
        let share: ShareRecord
        do {
            share = try await store.share(
                collectionID: record.id, with: grantee, access: readOnly ? .read : .readWrite)
        } catch {
            if error.code == .invalidName {
                throw Failure(description: "a calendar is not shared with its owner")
            }
            throw error
        }
        try await ShareNotifier(store: store).shared(share, of: record, previous: previous)
        return share
    }

    /// Ends a share made with `share`.
    public func unshare(owner: String, calendar: String, withUser sharee: String?, team: String?)
        async throws
    {
        let (record, grantee) = try await shareTarget(
            owner: owner, calendar: calendar, user: sharee, team: team)
        let share = try await store.shares(collectionID: record.id).first {
            $0.grantee == grantee
        }
        do {
            try await store.unshare(collectionID: record.id, with: grantee)
        } catch {
            if error.code == .notFound {
                throw Failure(description: "\(owner)'s '\(calendar)' is not shared with them")
            }
            throw error
        }
        if let share { try await ShareNotifier(store: store).unshared(share, of: record) }
    }

    /// The shares of a user's calendars, and the calendars shared with them.
    public func shares(user name: String) async throws -> (
        made: [ShareLine], received: [ShareLine]
    ) {
        let user = try await existingUser(name)
        var made: [ShareLine] = []
        for share in try await store.shares(ownerID: user.id) {
            guard let collection = try await store.collection(id: share.collectionID) else {
                continue
            }
            made.append(
                ShareLine(
                    owner: user.name, calendar: collection.path,
                    sharee: try await granteeName(share.grantee), access: share.access.rawValue,
                    shareePath: nil))
        }
        let received = try await store.sharedCollections(userID: user.id).map {
            ShareLine(
                owner: $0.ownerName, calendar: $0.collection.path, sharee: "user \(user.name)",
                access: $0.access.rawValue, shareePath: $0.homePath)
        }
        return (made, received)
    }

    func granteeName(_ grantee: ShareGrantee) async throws -> String {
        switch grantee {
        case .user(let id):
            let name = try await store.user(id: id)?.name
            return "user " + (name ?? "#\(id)")
        case .team(let id):
            let name = try await store.team(id: id)?.name
            return "team " + (name ?? "#\(id)")
        }
    }

    private func shareTarget(owner: String, calendar: String, user: String?, team: String?)
        async throws -> (CollectionRecord, ShareGrantee)
    {
        let ownerRecord = try await existingUser(owner)
        guard let record = try await store.collection(ownerID: ownerRecord.id, path: calendar),
            record.kind == .calendar
        else { throw Failure(description: "\(owner) has no calendar '\(calendar)'") }
        switch (user, team) {
        case (let name?, nil):
            return (record, .user(try await existingUser(name).id))
        case (nil, let name?):
            return (record, .team(try await existingTeam(name).id))
        default:
            throw Failure(description: "share with exactly one of a user or a team")
        }
    }

    // MARK: Teams

    /// The calendar every member of a team sees: created in the team owner's home with the
    /// team, shared with the team read-write (each member's own access limits it).
    public static func teamCalendarPath(_ team: String) -> String { "team-\(team)" }

    /// Creates a team; with `owner`, also its calendar ("Team Calls") in the owner's home,
    /// shared with the team, the owner a read-write member.
    @discardableResult
    public func createTeam(name: String, displayName: String?, owner: String?) async throws
        -> TeamRecord
    {
        let ownerRecord: UserRecord?
        if let owner { ownerRecord = try await existingUser(owner) } else { ownerRecord = nil }
        let team: TeamRecord
        do {
            team = try await store.createTeam(name: name, displayName: displayName ?? name)
        } catch {
            switch error.code {
            case .conflict: throw Failure(description: "team '\(name)' exists")
            case .invalidName: throw Failure(description: "'\(name)' is not a valid team name")
            default: throw error
            }
        }
        guard let ownerRecord else { return team }
        let calendar = try await store.createCollection(
            ownerID: ownerRecord.id,
            NewCollection(
                path: Self.teamCalendarPath(name), kind: .calendar,
                displayName: "Team Calls", calendarDescription: "\(team.displayName) team calendar",
                supportedComponents: ["VEVENT", "VTODO"]))
        _ = try await store.share(
            collectionID: calendar.id, with: .team(team.id), access: .readWrite)
        _ = try await store.setTeamMember(
            teamID: team.id, userID: ownerRecord.id, access: .readWrite)
        return team
    }

    /// Adds a member (or changes their access).
    public func addTeamMember(team: String, user: String, readOnly: Bool) async throws {
        let team = try await existingTeam(team)
        let user = try await existingUser(user)
        _ = try await store.setTeamMember(
            teamID: team.id, userID: user.id, access: readOnly ? .read : .readWrite)
    }

    /// Removes a member.
    public func removeTeamMember(team: String, user: String) async throws {
        let teamRecord = try await existingTeam(team)
        let userRecord = try await existingUser(user)
        do {
            try await store.removeTeamMember(teamID: teamRecord.id, userID: userRecord.id)
        } catch {
            if error.code == .notFound {
                throw Failure(description: "\(user) is not in team '\(team)'")
            }
            throw error
        }
    }

    /// Every team with its members' names and access.
    public func teams() async throws -> [(team: TeamRecord, members: [(String, String)])] {
        var result: [(team: TeamRecord, members: [(String, String)])] = []
        for team in try await store.teams() {
            var members: [(String, String)] = []
            for member in try await store.teamMembers(teamID: team.id) {
                let name = try await store.user(id: member.userID)?.name ?? "#\(member.userID)"
                members.append((name, member.access.rawValue))
            }
            result.append((team, members))
        }
        return result
    }

    /// Deletes a team, its memberships and the shares made to it (its calendar stays with its
    /// owner).
    public func deleteTeam(name: String) async throws {
        try await store.deleteTeam(id: try await existingTeam(name).id)
    }

    func existingTeam(_ name: String) async throws -> TeamRecord {
        guard let team = try await store.team(named: name) else {
            throw Failure(description: "no team named '\(name)'")
        }
        return team
    }
}
