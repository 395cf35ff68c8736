extension InMemoryStore {
    /// See `SharingStore.share(collectionID:with:access:)`.
    public func share(collectionID: Int64, with grantee: ShareGrantee, access: CollectionAccess)
        throws(StorageError) -> ShareRecord
    {
        guard let collection = collectionsByID[collectionID] else {
            throw StorageError(.notFound, "no collection \(collectionID)")
        }
        guard collection.kind == .calendar else {
            throw StorageError(.invalidName, "\(collection.path) is not a calendar")
        }
        guard access != .owner else {
            throw StorageError(.invalidName, "a share grants read or read-write access")
        }
        switch grantee {
        case .user(let id):
            guard user(id: id) != nil else { throw StorageError(.notFound, "no user \(id)") }
            guard id != collection.ownerID else {
                throw StorageError(.invalidName, "a calendar is not shared with its owner")
            }
        case .team(let id):
            guard teamsByID[id] != nil else { throw StorageError(.notFound, "no team \(id)") }
        }
        var record =
            sharesByID.values.first { $0.collectionID == collectionID && $0.grantee == grantee }
            ?? ShareRecord(
                id: nextID(), collectionID: collectionID, ownerID: collection.ownerID,
                grantee: grantee, access: access, createdAt: clock.now())
        record.access = access
        record.createdAt = clock.now()
        sharesByID[record.id] = record
        return record
    }

    /// See `SharingStore.unshare(collectionID:with:)`.
    public func unshare(collectionID: Int64, with grantee: ShareGrantee) throws(StorageError) {
        guard
            let share = sharesByID.values.first(where: {
                $0.collectionID == collectionID && $0.grantee == grantee
            })
        else { throw StorageError(.notFound, "no such share of collection \(collectionID)") }
        sharesByID[share.id] = nil
        if case .user(let id) = grantee { shareViews[ShareViewKey(id, collectionID)] = nil }
        sweepPushRegistrations()
    }

    /// See `SharingStore.shares(collectionID:)`.
    public func shares(collectionID: Int64) -> [ShareRecord] {
        sharesByID.values.filter { $0.collectionID == collectionID }.sorted { $0.id < $1.id }
    }

    /// See `SharingStore.shares(ownerID:)`.
    public func shares(ownerID: Int64) -> [ShareRecord] {
        sharesByID.values.filter { $0.ownerID == ownerID }.sorted { $0.id < $1.id }
    }

    /// See `SharingStore.sharedCollections(userID:)`.
    public func sharedCollections(userID: Int64) -> [SharedCollection] {
        var grants: [ShareGrant] = []
        for share in sharesByID.values where share.ownerID != userID {
            switch share.grantee {
            case .user(let id) where id == userID:
                grants.append(
                    ShareGrant(
                        shareID: share.id, collectionID: share.collectionID, access: share.access,
                        isDirect: true))
            case .team(let teamID):
                if let member = membersByTeam[teamID]?[userID] {
                    grants.append(
                        ShareGrant(
                            shareID: share.id, collectionID: share.collectionID,
                            access: min(share.access, member), isDirect: false))
                }
            default: break
            }
        }
        return ShareGrant.strongest(grants).compactMap { id, entry -> SharedCollection? in
            guard let collection = collectionsByID[id], let owner = user(id: collection.ownerID)
            else { return nil }
            return SharedCollection(
                collection: collection, ownerName: owner.name, access: entry.access,
                directShareID: entry.directShareID,
                view: shareViews[ShareViewKey(userID, id)] ?? ShareView())
        }.sorted { ($0.ownerName, $0.collection.path) < ($1.ownerName, $1.collection.path) }
    }

    /// See `SharingStore.updateShareView(userID:collectionID:view:)`.
    public func updateShareView(userID: Int64, collectionID: Int64, view: ShareView)
        throws(StorageError)
    {
        guard
            sharedCollections(userID: userID).contains(where: { $0.collection.id == collectionID })
        else {
            throw StorageError(.notFound, "collection \(collectionID) is not shared with \(userID)")
        }
        shareViews[ShareViewKey(userID, collectionID)] = view
    }

    /// See `SharingStore.createTeam(name:displayName:)`.
    public func createTeam(name: String, displayName: String) throws(StorageError) -> TeamRecord {
        try ResourceName.validateUserName(name)
        guard !teamsByID.values.contains(where: { $0.name == name }) else {
            throw StorageError(.conflict, "team \(name) exists")
        }
        let team = TeamRecord(
            id: nextID(), name: name, displayName: displayName, createdAt: clock.now())
        teamsByID[team.id] = team
        return team
    }

    /// See `SharingStore.team(named:)`.
    public func team(named name: String) -> TeamRecord? {
        teamsByID.values.first { $0.name == name }
    }

    /// See `SharingStore.team(id:)`.
    public func team(id: Int64) -> TeamRecord? { teamsByID[id] }

    /// See `SharingStore.teams()`.
    public func teams() -> [TeamRecord] { teamsByID.values.sorted { $0.name < $1.name } }

    /// See `SharingStore.deleteTeam(id:)`.
    public func deleteTeam(id: Int64) throws(StorageError) {
        guard teamsByID.removeValue(forKey: id) != nil else {
            throw StorageError(.notFound, "no team \(id)")
        }
        membersByTeam[id] = nil
        sharesByID = sharesByID.filter { $0.value.grantee != .team(id) }
        sweepPushRegistrations()
    }

    /// See `SharingStore.setTeamMember(teamID:userID:access:)`.
    public func setTeamMember(teamID: Int64, userID: Int64, access: CollectionAccess)
        throws(StorageError) -> TeamMember
    {
        guard teamsByID[teamID] != nil else { throw StorageError(.notFound, "no team \(teamID)") }
        guard user(id: userID) != nil else { throw StorageError(.notFound, "no user \(userID)") }
        guard access != .owner else {
            throw StorageError(.invalidName, "a membership grants read or read-write access")
        }
        membersByTeam[teamID, default: [:]][userID] = access
        return TeamMember(teamID: teamID, userID: userID, access: access)
    }

    /// See `SharingStore.removeTeamMember(teamID:userID:)`.
    public func removeTeamMember(teamID: Int64, userID: Int64) throws(StorageError) {
        guard membersByTeam[teamID]?.removeValue(forKey: userID) != nil else {
            throw StorageError(.notFound, "user \(userID) is not in team \(teamID)")
        }
        sweepPushRegistrations()
    }

    /// See `SharingStore.teamMembers(teamID:)`.
    public func teamMembers(teamID: Int64) -> [TeamMember] {
        (membersByTeam[teamID] ?? [:]).map {
            TeamMember(teamID: teamID, userID: $0.key, access: $0.value)
        }.sorted { $0.userID < $1.userID }
    }

    /// Drops the sharing rows of a deleted user.
    func removeSharingRows(userID: Int64) {
        sharesByID = sharesByID.filter { $0.value.grantee != .user(userID) }
        for team in membersByTeam.keys { membersByTeam[team]?[userID] = nil }
        shareViews = shareViews.filter { $0.key.userID != userID }
    }

    /// Drops the sharing rows of a deleted collection.
    func removeSharingRows(collectionID: Int64) {
        sharesByID = sharesByID.filter { $0.value.collectionID != collectionID }
        shareViews = shareViews.filter { $0.key.collectionID != collectionID }
    }
}

/// A sharee's view of a collection, by user and collection.
struct ShareViewKey: Hashable, Sendable {
    var userID: Int64
    var collectionID: Int64

    init(_ userID: Int64, _ collectionID: Int64) {
        self.userID = userID
        self.collectionID = collectionID
    }
}
