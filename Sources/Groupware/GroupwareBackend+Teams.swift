import CalDAV
import Storage
import WebDAV

/// Teams as group principals (`TeamPrincipalResource`): looked up, listed, searched, and named
/// in their members' `DAV:group-membership`.
extension GroupwareBackend {
    /// A team's principal by name, or `nil` when there is no such team.
    func teamPrincipal(named name: String) async throws(DAVError) -> (any DAVResource)? {
        guard
            let team = try await storeCall({ () async throws(StorageError) in
                try await store.team(named: name)
            })
        else { return nil }
        return try await teamPrincipal(team)
    }

    /// Every team's principal (Depth 1 of `/caldav/principals/teams/`).
    func teamPrincipals() async throws(DAVError) -> [any DAVResource] {
        let teams = try await storeCall { () async throws(StorageError) in
            try await store.teams()
        }
        var found: [any DAVResource] = []
        for team in teams { found.append(try await teamPrincipal(team)) }
        return found
    }

    func teamPrincipal(_ team: TeamRecord) async throws(DAVError) -> TeamPrincipalResource {
        try await storeCall { () async throws(StorageError) in
            var names: [String] = []
            for member in try await store.teamMembers(teamID: team.id) {
                if let user = try await store.user(id: member.userID) { names.append(user.name) }
            }
            return TeamPrincipalResource(team: team, memberNames: names.sorted())
        }
    }

    /// The teams the user belongs to, as group principal paths.
    func teamMemberships() async throws(DAVError) -> [DAVPath] {
        try await storeCall { () async throws(StorageError) in
            var paths: [DAVPath] = []
            for team in try await store.teams()
            where try await store.teamMembers(teamID: team.id).contains(where: {
                $0.userID == user.id
            }) {
                paths.append(CadencePaths.teamPrincipal(team.name))
            }
            return paths
        }
    }

    /// The values a principal search compares for a team (`searchValues(of:)` for users).
    static func searchValues(of team: TeamRecord) -> [XMLName: [String]] {
        let displayName = team.displayName.isEmpty ? team.name : team.displayName
        return [
            .dav.displayName: [displayName, team.name],
            .calDAV.calendarUserAddressSet: [CadencePaths.teamPrincipal(team.name).href],
            .calDAV.calendarUserType: ["GROUP"],
        ]
    }
}
