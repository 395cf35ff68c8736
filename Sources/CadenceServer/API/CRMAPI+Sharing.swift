import Groupware
import Storage

/// Shared calendars and teams (issue 13): `/calendars/{path}/shares` (the owner shares their
/// calendar), `/shared` (calendars shared with the signed-in user), `/teams` (administrators).
extension CRMAPI {
    func listShares(_ request: APIRequest) async throws -> APIResponse {
        let owner = try request.owner
        let path = request.parameter("path")
        let calendar = try await ownCalendar(owner, path)
        var items: [JSONValue] = []
        for share in try await store.shares(collectionID: calendar.id) {
            items.append(try await shareJSON(share))
        }
        return .json(.object(["items": .array(items)]))
    }

    func createShare(_ request: APIRequest) async throws -> APIResponse {
        let owner = try request.owner
        let calendar = try await ownCalendar(owner, request.parameter("path"))
        var reader = try JSONFieldReader(try request.json())
        let userName = reader.string("user")
        let teamName = reader.string("team")
        let access = reader.enumeration("access", CollectionAccess.self) ?? .readWrite
        if access == .owner { reader.fail("access", "expected read or read-write") }
        if (userName == nil) == (teamName == nil) {
            reader.fail("user", "name exactly one of user and team")
        }
        try reader.finish()
        let grantee = try await grantee(user: userName, team: teamName)
        if grantee == .user(owner.id) {
            throw APIProblem(.unprocessable, detail: "a calendar is not shared with its owner")
        }
        let previous = try await store.shares(collectionID: calendar.id).first {
            $0.grantee == grantee
        }?.access
        let share = try await store.share(
            collectionID: calendar.id, with: grantee, access: access)
        try await ShareNotifier(store: store)
            .shared(share, of: calendar, previous: previous)
        return .json(try await shareJSON(share), status: .created)
    }

    func deleteShare(_ request: APIRequest) async throws -> APIResponse {
        let owner = try request.owner
        let calendar = try await ownCalendar(owner, request.parameter("path"))
        let sharee = request.parameter("sharee")
        let parts = sharee.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, ["user", "team"].contains(parts[0]) else {
            throw APIProblem(
                .notFound, detail: "no share '\(sharee)': expected user:NAME or team:NAME")
        }
        let grantee = try await grantee(
            user: parts[0] == "user" ? parts[1] : nil, team: parts[0] == "team" ? parts[1] : nil)
        let share = try await store.shares(collectionID: calendar.id).first {
            $0.grantee == grantee
        }
        do {
            try await store.unshare(collectionID: calendar.id, with: grantee)
        } catch {
            if error.code == .notFound {
                throw APIProblem(
                    .notFound, detail: "'\(calendar.path)' is not shared with \(sharee)")
            }
            throw error
        }
        if let share { try await ShareNotifier(store: store).unshared(share, of: calendar) }
        return .noContent
    }

    func listShared(_ request: APIRequest) async throws -> APIResponse {
        let owner = try request.owner
        let shared = try await store.sharedCollections(userID: owner.id)
        return .json(
            .object([
                "items": .array(
                    shared.map {
                        .object([
                            "owner": .string($0.ownerName),
                            "calendar": .string($0.collection.path),
                            "path": .string($0.homePath),
                            "displayName": .string($0.viewRecord.displayName ?? $0.homePath),
                            "access": .string($0.access.rawValue),
                        ])
                    })
            ]))
    }

    func listTeams(_ request: APIRequest) async throws -> APIResponse {
        try Self.requireAdmin(request)
        var items: [JSONValue] = []
        for (team, members) in try await administration.teams() {
            items.append(Self.teamJSON(team, members))
        }
        return .json(.object(["items": .array(items)]))
    }

    func createTeam(_ request: APIRequest) async throws -> APIResponse {
        try Self.requireAdmin(request)
        var reader = try JSONFieldReader(try request.json())
        let name = reader.string("name", required: true) ?? ""
        let displayName = reader.string("displayName")
        let calendarOwner = reader.string("owner")
        try reader.finish()
        let team: TeamRecord
        do {
            team = try await administration.createTeam(
                name: name, displayName: displayName, owner: calendarOwner)
        } catch let failure as Administration.Failure {
            throw APIProblem(
                failure.description.contains("exists") ? .conflict : .unprocessable,
                detail: failure.description)
        }
        return .json(
            Self.teamJSON(team, try await members(team)), status: .created,
            location: "\(APIRouter.prefix)/teams/\(team.name)")
    }

    func deleteTeam(_ request: APIRequest) async throws -> APIResponse {
        try Self.requireAdmin(request)
        try await store.deleteTeam(id: try await existingTeam(request.parameter("name")).id)
        return .noContent
    }

    func setTeamMember(_ request: APIRequest) async throws -> APIResponse {
        try Self.requireAdmin(request)
        let team = try await existingTeam(request.parameter("name"))
        let userName = request.parameter("user")
        guard let user = try await store.user(named: userName) else {
            throw APIProblem(.notFound, detail: "no user named '\(userName)'")
        }
        var reader = try JSONFieldReader(request.body.isEmpty ? .object([]) : try request.json())
        let access = reader.enumeration("access", CollectionAccess.self) ?? .readWrite
        if access == .owner { reader.fail("access", "expected read or read-write") }
        try reader.finish()
        _ = try await store.setTeamMember(teamID: team.id, userID: user.id, access: access)
        return .json(Self.teamJSON(team, try await members(team)))
    }

    func removeTeamMember(_ request: APIRequest) async throws -> APIResponse {
        try Self.requireAdmin(request)
        let team = try await existingTeam(request.parameter("name"))
        let userName = request.parameter("user")
        guard let user = try await store.user(named: userName) else {
            throw APIProblem(.notFound, detail: "no user named '\(userName)'")
        }
        do {
            try await store.removeTeamMember(teamID: team.id, userID: user.id)
        } catch {
            if error.code == .notFound {
                throw APIProblem(.notFound, detail: "'\(userName)' is not in team '\(team.name)'")
            }
            throw error
        }
        return .noContent
    }

    // MARK: Helpers

    private func ownCalendar(_ owner: UserRecord, _ path: String) async throws -> CollectionRecord {
        guard let calendar = try await store.collection(ownerID: owner.id, path: path),
            calendar.kind == .calendar
        else { throw APIProblem(.notFound, detail: "no calendar '\(path)'") }
        return calendar
    }

    private func grantee(user: String?, team: String?) async throws -> ShareGrantee {
        if let user {
            guard let record = try await store.user(named: user) else {
                throw APIProblem(.unprocessable, detail: "no user named '\(user)'")
            }
            return .user(record.id)
        }
        return .team(try await existingTeam(team ?? "").id)
    }

    private func existingTeam(_ name: String) async throws -> TeamRecord {
        guard let team = try await store.team(named: name) else {
            throw APIProblem(.notFound, detail: "no team named '\(name)'")
        }
        return team
    }

    private func members(_ team: TeamRecord) async throws -> [(String, String)] {
        var members: [(String, String)] = []
        for member in try await store.teamMembers(teamID: team.id) {
            let name = try await store.user(id: member.userID)?.name ?? "#\(member.userID)"
            members.append((name, member.access.rawValue))
        }
        return members
    }

    private func shareJSON(_ share: ShareRecord) async throws -> JSONValue {
        let kind: String
        let name: String
        switch share.grantee {
        case .user(let id):
            kind = "user"
            name = try await store.user(id: id)?.name ?? "#\(id)"
        case .team(let id):
            kind = "team"
            name = try await store.team(id: id)?.name ?? "#\(id)"
        }
        return .object([
            kind: .string(name), "access": .string(share.access.rawValue),
            "id": .string("\(kind):\(name)"),
        ])
    }

    static func teamJSON(_ team: TeamRecord, _ members: [(String, String)]) -> JSONValue {
        .object([
            "name": .string(team.name),
            "displayName": .string(team.displayName),
            "members": .array(
                members.map { .object(["user": .string($0.0), "access": .string($0.1)]) }),
        ])
    }
}
