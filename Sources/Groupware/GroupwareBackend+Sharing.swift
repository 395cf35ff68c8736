import CalDAV
import Storage
import Synchronization
import WebDAV

/// What a request reads once, when first needed: the collections shared with the user, and the
/// ids of the user's own collections that they share. One object for both, not generic: a
/// backend is made for every request, and a generic class's metadata is looked up at run time
/// when an instance is made and released (in GET profiles, issue 4).
///
/// It also keeps the collections this request's lookups found, by home path, for the PUT that
/// follows them (`put(at:body:contentType:precondition:)`), and the task id that PUT left
/// (`storedTaskID`).
final class RequestCache: Sendable {
    private struct Loaded {
        var shared: [SharedCollection]?
        var ownShares: Set<Int64>?
        var collections: [String: CollectionRecord] = [:]
        var storedTaskID: String??
    }

    private let loaded = Mutex<Loaded>(Loaded())

    init() {}

    var shared: [SharedCollection]? { loaded.withLock { $0.shared } }
    var ownShares: Set<Int64>? { loaded.withLock { $0.ownShares } }
    var storedTaskID: String?? { loaded.withLock { $0.storedTaskID } }

    func store(shared value: [SharedCollection]) {
        loaded.withLock { $0.shared = value }
    }

    func store(ownShares value: Set<Int64>) {
        loaded.withLock { $0.ownShares = value }
    }

    func collection(at path: String) -> CollectionRecord? {
        loaded.withLock { $0.collections[path] }
    }

    func store(collection record: CollectionRecord, at path: String) {
        loaded.withLock { $0.collections[path] = record }
    }

    func store(taskID: String?) {
        loaded.withLock { $0.storedTaskID = .some(taskID) }
    }
}

extension GroupwareBackend {
    /// The collections shared with the user (directly or through a team), read once a request.
    ///
    /// A delegate acting in the owner's home sees none of them: they were shared with the
    /// owner, not with the delegate.
    func sharedCollections() async throws(DAVError) -> [SharedCollection] {
        if proxy != nil { return [] }
        if let known = requestCache.shared { return known }
        let shared = try await storeCall { () async throws(StorageError) in
            try await store.sharedCollections(userID: user.id)
        }
        requestCache.store(shared: shared)
        return shared
    }

    /// The ids of the user's own calendars shared with someone, read once a request; a
    /// delegate's view reads them too (the owner's calendars are the ones served).
    func sharedOwnCollectionIDs() async throws(DAVError) -> Set<Int64> {
        if let known = requestCache.ownShares { return known }
        let ids = Set(
            try await storeCall { () async throws(StorageError) in
                try await store.shares(ownerID: user.id)
            }.map(\.collectionID))
        requestCache.store(ownShares: ids)
        return ids
    }

    /// Whether a path in the home names a shared collection (`{calendar}_shared_by_{owner}`);
    /// the user's own collections may not take such names.
    static func isSharedPath(_ path: String) -> Bool {
        path.contains(SharedCollection.separator)
    }

    /// The collection shared with the user at `path` in their home, or `nil`.
    func sharedCollection(at path: String) async throws(DAVError) -> SharedCollection? {
        guard Self.isSharedPath(path) else { return nil }
        return try await sharedCollections().first { $0.homePath == path }
    }

    /// How the user reaches `record` (as returned by `collection(at:)`): their own, or shared.
    /// A collection that is neither (never returned by a lookup) is reached read-only.
    func reach(of record: CollectionRecord) -> CollectionReach {
        if record.ownerID == user.id {
            // A delegate reaches the owner's collections with the proxy's access.
            guard proxy != nil else { return .own }
            return CollectionReach(access: access, ownerName: nil, shared: nil)
        }
        guard let shared = requestCache.shared?.first(where: { $0.collection.id == record.id })
        else { return CollectionReach(access: .read, ownerName: nil, shared: nil) }
        return CollectionReach(shared)
    }

    /// Where the members of `record` live and how the user reaches them.
    func location(of record: CollectionRecord) -> MemberLocation {
        MemberLocation(userName: user.name, collection: record, reach: reach(of: record))
    }

    /// Refuses a change of the members of `record` (create, replace, delete an object) unless
    /// the user may write its content: `403` with `DAV:need-privileges` naming `privilege` on
    /// `href` (RFC 3744 §7.1.1).
    func requireWrite(
        _ record: CollectionRecord, privilege: String, href: String
    ) async throws(DAVError) {
        if record.ownerID == user.id { return }
        _ = try await sharedCollections()
        guard reach(of: record).access.canWriteContent else {
            throw DAVError.needPrivileges(
                href: href, privilege: privilege,
                reason: "this calendar is shared with you read-only")
        }
    }

    /// An object's text as the user may see it: a sharee sees private and confidential
    /// components as busy time only (`PrivateEventFilter`).
    func visibleData(_ data: [UInt8], _ reach: CollectionReach) -> [UInt8] {
        reach.access == .owner ? data : PrivateEventFilter.filtered(data)
    }

    /// Refuses a sharee's change of an owner's private or confidential object: they see it as
    /// busy time only, so a write back would lose what they cannot see (`403`
    /// `DAV:need-privileges`, `write-content`).
    func requireNotPrivate(_ existing: ObjectRecord?, href: String) throws(DAVError) {
        guard let data = existing?.data, PrivateEventFilter.holdsPrivate(data) else { return }
        throw DAVError.needPrivileges(
            href: href, privilege: "write-content",
            reason: "a private event of the calendar's owner is not changed by a sharee")
    }

    /// A sharee's PROPPATCH of a shared calendar: display name, colour and order change their
    /// own view (the owner's are untouched); dead properties are kept for the sharee alone;
    /// the owner's other live properties are not theirs to change (403 each).
    func patchSharedCalendar(
        _ shared: SharedCollection, operations: [PropertyUpdate.Operation]
    ) async throws(DAVError) -> [(XMLName, Int)] {
        var view = shared.view
        var dead: [DeadPropertyChange] = []
        var results: [(XMLName, Int)] = []
        for operation in operations {
            switch operation {
            case .set(let element):
                switch LiveCollectionProperty.change(
                    for: element, isCalendar: true, isCollection: true)
                {
                case .live(.displayName(let name)): view.displayName = name
                case .live(.color(let color)): view.color = color
                case .live(.order(let order)): view.order = order
                case .live:
                    results.append((element.name, 403))
                    continue
                case .dead:
                    dead.append(
                        .set(
                            namespace: element.name.namespace, name: element.name.name,
                            value: XMLWriter.fragment(element)))
                case .failed(let status):
                    results.append((element.name, status))
                    continue
                }
                results.append((element.name, 200))
            case .remove(let name):
                switch LiveCollectionProperty.removal(
                    of: name, isCalendar: true, isCollection: true)
                {
                case .live(.displayName(_)): view.displayName = nil
                case .live(.color(_)): view.color = nil
                case .live(.order(_)): view.order = nil
                case .live:
                    results.append((name, 403))
                    continue
                case .dead: dead.append(.remove(namespace: name.namespace, name: name.name))
                case .failed(let status):
                    results.append((name, status))
                    continue
                }
                results.append((name, 200))
            }
        }
        if results.contains(where: { $0.1 != 200 }) {
            return results.map { ($0.0, $0.1 == 200 ? 424 : $0.1) }
        }
        try await storeCall { () async throws(StorageError) in
            try await store.updateShareView(
                userID: user.id, collectionID: shared.collection.id, view: view)
            if !dead.isEmpty {
                try await store.updateDeadProperties(
                    ownerID: user.id, path: shared.homePath, changes: dead)
            }
        }
        return results
    }

    /// A sharee's DELETE of a shared calendar in their home: declines the share made to them
    /// (sabre/dav and CalendarServer do the same); a calendar reached only through a team
    /// stays (`403`, the team's owner removes it).
    func declineShare(_ shared: SharedCollection, href: String) async throws(DAVError) {
        guard shared.directShareID != nil else {
            throw DAVError.needPrivileges(
                href: href, privilege: "unbind",
                reason: "this calendar is shared with your team; ask its owner to unshare it")
        }
        try await storeCall { () async throws(StorageError) in
            try await store.unshare(collectionID: shared.collection.id, with: .user(user.id))
        }
    }
}

extension GroupwareBackend: SharingBackend {
    public func canShare(_ calendar: any CalendarCollectionResource) -> Bool {
        guard let stored = calendar as? StoredCalendar else { return false }
        return stored.reach.shared == nil && stored.record.ownerID == user.id
    }

    public func invite(of calendar: any CalendarCollectionResource) async throws(DAVError)
        -> CalendarInvite?
    {
        guard let stored = calendar as? StoredCalendar else { return nil }
        if let shared = stored.reach.shared {
            return CalendarInvite(
                organizer: (CadencePaths.principal(shared.ownerName).href, shared.ownerName),
                sharees: [
                    CalendarInvite.Sharee(
                        href: Self.address(of: user), commonName: Self.commonName(of: user),
                        readWrite: shared.access.canWriteContent)
                ])
        }
        guard stored.record.ownerID == user.id else { return nil }
        let shares = try await storeCall { () async throws(StorageError) in
            try await store.shares(collectionID: stored.record.id)
        }
        var sharees: [CalendarInvite.Sharee] = []
        for share in shares {
            switch share.grantee {
            case .user(let id):
                guard
                    let sharee = try await storeCall({ () async throws(StorageError) in
                        try await store.user(id: id)
                    })
                else { continue }
                sharees.append(
                    CalendarInvite.Sharee(
                        href: Self.address(of: sharee), commonName: Self.commonName(of: sharee),
                        readWrite: share.access.canWriteContent))
            case .team(let id):
                // A team is one sharee, by its group principal (as it was shared).
                guard
                    let team = try await storeCall({ () async throws(StorageError) in
                        try await store.team(id: id)
                    })
                else { continue }
                sharees.append(
                    CalendarInvite.Sharee(
                        href: CadencePaths.teamPrincipal(team.name).href,
                        commonName: team.displayName.isEmpty ? team.name : team.displayName,
                        readWrite: share.access.canWriteContent))
            }
        }
        return sharees.isEmpty ? nil : CalendarInvite(organizer: nil, sharees: sharees)
    }

    public func applyShare(_ request: ShareRequest, to calendar: any CalendarCollectionResource)
        async throws(DAVError)
    {
        guard let stored = calendar as? StoredCalendar, canShare(calendar) else {
            throw DAVError.needPrivileges(
                href: calendar.href, privilege: "share",
                reason: "only the calendar's owner shares it")
        }
        let (users, teams) = try await storeCall { () async throws(StorageError) in
            (try await store.users(), try await store.teams())
        }
        func sharee(_ href: String) throws(DAVError) -> ShareGrantee {
            if let name = CadencePaths.principalTeam(href: href) {
                guard let team = teams.first(where: { $0.name == name }) else {
                    throw DAVError(status: 409, reason: "no team has the address \(href)")
                }
                return .team(team.id)
            }
            guard let found = Self.user(addressedBy: href, among: users) else {
                throw DAVError(status: 409, reason: "no user has the address \(href)")
            }
            guard found.id != user.id else {
                throw DAVError(status: 409, reason: "a calendar is not shared with its owner")
            }
            return .user(found.id)
        }
        // Every sharee is resolved before anything changes.
        let sets = try request.set.map { item throws(DAVError) in (try sharee(item.href), item) }
        let removes = try request.remove.map { href throws(DAVError) in try sharee(href) }
        let existing = try await storeCall { () async throws(StorageError) in
            try await store.shares(collectionID: stored.record.id)
        }
        for (target, item) in sets {
            let share = try await storeCall { () async throws(StorageError) in
                try await store.share(
                    collectionID: stored.record.id, with: target,
                    access: item.readWrite ? .readWrite : .read)
            }
            let previous = existing.first { $0.grantee == target }?.access
            try await storeCall { () async throws(StorageError) in
                try await notifier.shared(share, of: stored.record, previous: previous)
            }
        }
        for target in removes {
            guard let share = existing.first(where: { $0.grantee == target }) else { continue }
            do {
                try await store.unshare(collectionID: stored.record.id, with: target)
            } catch {
                if error.code != .notFound { throw error.davError }
                continue
            }
            try await storeCall { () async throws(StorageError) in
                try await notifier.unshared(share, of: stored.record)
            }
        }
    }

    public func sharedURL(of calendar: any CalendarCollectionResource) -> String? {
        guard let shared = (calendar as? StoredCalendar)?.reach.shared else { return nil }
        return CadencePaths.collection(shared.ownerName, shared.collection.path).href
    }

    /// How `CS:invite` names a user: their e-mail as a `mailto:` URI, else their principal.
    static func address(of user: UserRecord) -> String {
        user.email.isEmpty ? CadencePaths.principal(user.name).href : "mailto:" + user.email
    }

    static func commonName(of user: UserRecord) -> String {
        user.displayName.isEmpty ? user.name : user.displayName
    }

    /// The user a sharee href names: `mailto:` an e-mail address (any case), or a principal
    /// URL (path or absolute URL).
    static func user(addressedBy href: String, among users: [UserRecord]) -> UserRecord? {
        if href.lowercased().hasPrefix("mailto:") {
            let address = href.dropFirst("mailto:".count).lowercased()
            return users.first { !$0.email.isEmpty && $0.email.lowercased() == address }
        }
        let marker = "/" + CadencePaths.userPrincipalsPath.segments.joined(separator: "/") + "/"
        guard let range = href.range(of: marker) else { return nil }
        let name = href[range.upperBound...].split(separator: "/").first.map(String.init)
        return users.first { $0.name == name }
    }
}
