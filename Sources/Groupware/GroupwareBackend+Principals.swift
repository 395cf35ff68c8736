import CalDAV
import Storage
import WebDAV

/// Finding colleagues (RFC 3744 §9.4, §9.5) and the proxy groups of delegation (CalendarServer
/// caldav-proxy.txt).
extension GroupwareBackend: PrincipalSearchBackend, CalendarProxyBackend {
    public var searchableProperties: [(name: XMLName, description: String)] {
        [
            (.dav.displayName, "Display name"),
            (.calendarServer.emailAddressSet, "E-mail address"),
            (.calDAV.calendarUserAddressSet, "Calendar user address"),
            (.calDAV.calendarUserType, "Calendar user type"),
        ]
    }

    public func principals(matching search: PrincipalSearch, in scope: any DAVResource, limit: Int)
        async throws(DAVError) -> (principals: [any DAVResource], truncated: Bool)
    {
        let users = try await storeCall { () async throws(StorageError) in
            try await store.users()
        }
        var found: [any DAVResource] = []
        for candidate in users where search.matches(Self.searchValues(of: candidate)) {
            if found.count == limit { return (found, true) }
            found.append(principalResource(candidate))
        }
        let teams = try await storeCall { () async throws(StorageError) in
            try await store.teams()
        }
        for team in teams where search.matches(Self.searchValues(of: team)) {
            if found.count == limit { return (found, true) }
            found.append(try await teamPrincipal(team))
        }
        return (found, false)
    }

    /// The values a principal search compares, by property. The display name is searched with
    /// the login name; CalendarServer's `first-name`/`last-name`, which macOS adds to its
    /// searches, are the first and last words of the display name.
    static func searchValues(of user: UserRecord) -> [XMLName: [String]] {
        let displayName = user.displayName.isEmpty ? user.name : user.displayName
        let words = displayName.split(separator: " ").map(String.init)
        var values: [XMLName: [String]] = [
            .dav.displayName: [displayName, user.name],
            .calDAV.calendarUserAddressSet: [CadencePaths.principal(user.name).href],
            .calDAV.calendarUserType: ["INDIVIDUAL"],
            XMLName(XMLNamespace.calendarServer, "first-name"): Array(words.prefix(1)),
            XMLName(XMLNamespace.calendarServer, "last-name"): Array(words.suffix(1)),
        ]
        if !user.email.isEmpty {
            values[.calendarServer.emailAddressSet] = [user.email]
            values[.calDAV.calendarUserAddressSet, default: []] += ["mailto:" + user.email]
        }
        return values
    }

    /// A user's principal as the requesting user sees it.
    func principalResource(_ other: UserRecord) -> any DAVResource {
        other.id == user.id
            ? UserPrincipalResource(user: user) : ColleaguePrincipalResource(user: other)
    }

    /// Another user's principal by name, or `nil` when there is no such user.
    func colleaguePrincipal(named name: String) async throws(DAVError) -> (any DAVResource)? {
        try await storeCall { () async throws(StorageError) in
            try await store.user(named: name)
        }.map(principalResource)
    }

    public func proxyMemberships(of principal: any PrincipalResource) async throws(DAVError)
        -> ProxyMemberships?
    {
        guard principal is UserPrincipalResource else { return nil }
        let grants = try await storeCall { () async throws(StorageError) in
            try await store.proxyGrants(delegateID: user.id)
        }
        var memberships = ProxyMemberships(groups: [], readFor: [], writeFor: [])
        for grant in grants {
            guard
                let owner = try await storeCall({ () async throws(StorageError) in
                    try await store.user(id: grant.ownerID)
                })
            else { continue }
            memberships.groups.append(CadencePaths.proxyGroup(owner.name, grant.access))
            if grant.access == .read {
                memberships.readFor.append(CadencePaths.principal(owner.name))
            } else {
                memberships.writeFor.append(CadencePaths.principal(owner.name))
            }
        }
        memberships.groups += try await teamMemberships()
        return memberships
    }

    public func proxyMembers(of group: any CalendarProxyGroupResource) async throws(DAVError)
        -> [DAVPath]
    {
        guard let group = group as? ProxyGroupResource else { return [] }
        let grants = try await storeCall { () async throws(StorageError) in
            try await store.proxyGrants(ownerID: user.id)
        }
        var members: [DAVPath] = []
        for grant in grants where grant.access == group.access {
            if let delegate = try await storeCall({ () async throws(StorageError) in
                try await store.user(id: grant.delegateID)
            }) {
                members.append(CadencePaths.principal(delegate.name))
            }
        }
        return members
    }

    /// PROPPATCH of a proxy group: `DAV:group-member-set` replaces the group's members (as
    /// macOS sets delegates; RFC 3744 §4.3); removing it empties the group. Every other
    /// property is protected (403). An href that names no user is a `409`.
    func patchProxyGroup(_ group: ProxyGroupResource, operations: [PropertyUpdate.Operation])
        async throws(DAVError) -> [(XMLName, Int)]
    {
        var members: [Int64]?
        var results: [(XMLName, Int)] = []
        for operation in operations {
            guard operation.name == .dav.groupMemberSet else {
                results.append((operation.name, 403))
                continue
            }
            switch operation {
            case .remove:
                members = []
                results.append((operation.name, 200))
            case .set(let element):
                var ids: [Int64] = []
                var valid = true
                for href in element.all(.dav.href) {
                    guard let name = CadencePaths.principalUser(href: href.trimmedText),
                        name != user.name,
                        let delegate = try await storeCall({ () async throws(StorageError) in
                            try await store.user(named: name)
                        })
                    else {
                        valid = false
                        break
                    }
                    ids.append(delegate.id)
                }
                results.append((operation.name, valid ? 200 : 409))
                if valid { members = ids }
            }
        }
        if results.contains(where: { $0.1 != 200 }) {
            return results.map { ($0.0, $0.1 == 200 ? 424 : $0.1) }
        }
        if let members {
            try await storeCall { () async throws(StorageError) in
                try await store.replaceProxies(
                    ownerID: user.id, access: group.access, delegateIDs: members)
            }
        }
        return results
    }
}
