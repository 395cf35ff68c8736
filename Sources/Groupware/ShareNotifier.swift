import CalDAV
import Foundation
import Storage
import WebDAV

/// The notifications that go with a change of a direct share (CalendarServer
/// caldav-sharing.txt §5.3): an invitation (`CS:invite-notification`, `CS:invite-noresponse`)
/// in the sharee's notification collection when a calendar is shared with them or their access
/// changes, the same notification turned `CS:invite-deleted` when the owner withdraws it, and a
/// `CS:invite-reply` in the owner's collection when the sharee answers.
///
/// Shares stay accepted when made (the calendar appears in the sharee's home at once, as
/// Nextcloud does, so DAVx5, Thunderbird and python caldav, which show no invitations, see it);
/// the invitation lets macOS and iOS show who shared what and answer it: accepting keeps the
/// calendar, declining removes it. Every share path (DAV, API, CLI) calls this, so the
/// notifications do not depend on how the share was made.
public struct ShareNotifier: Sendable {
    let store: any CadenceStore
    /// The current time in UTC seconds.
    var now: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }

    public init(store: any CadenceStore) {
        self.store = store
    }

    /// The `CS:uid` of the invitation of `shareeID` to collection `collectionID`: one per
    /// calendar and sharee, so that a changed share replaces it.
    public static func invitationUID(collectionID: Int64, shareeID: Int64) -> String {
        "share-\(collectionID)-\(shareeID)"
    }

    /// The resource name of a notification with this `CS:uid`.
    public static func resourceName(uid: String) -> String { uid + ".xml" }

    /// After `share` of `collection` was made or changed from `previous` access (`nil`: new):
    /// invites a user grantee, unless the access stayed the same (a repeated share is no new
    /// invitation). A team's members see the team's calendars without an invitation.
    public func shared(
        _ share: ShareRecord, of collection: CollectionRecord, previous: CollectionAccess?
    ) async throws(StorageError) {
        guard previous != share.access, case .user(let id) = share.grantee,
            let sharee = try await store.user(id: id),
            let owner = try await store.user(id: collection.ownerID)
        else { return }
        try await invited(sharee, to: collection, by: owner, access: share.access)
    }

    /// After `share` of `collection` was removed: withdraws a user grantee's invitation.
    public func unshared(_ share: ShareRecord, of collection: CollectionRecord)
        async throws(StorageError)
    {
        guard case .user(let id) = share.grantee,
            let sharee = try await store.user(id: id),
            let owner = try await store.user(id: collection.ownerID)
        else { return }
        try await withdrawn(sharee, from: collection, by: owner, access: share.access)
    }

    /// The user shares of `owner`'s calendars, with the calendars: read before the owner is
    /// deleted (which deletes them), for `withdraw(_:by:)` after.
    public func userShares(of owner: UserRecord) async throws(StorageError) -> [(
        share: ShareRecord, collection: CollectionRecord
    )] {
        var result: [(share: ShareRecord, collection: CollectionRecord)] = []
        for share in try await store.shares(ownerID: owner.id) {
            guard case .user = share.grantee,
                let collection = try await store.collection(id: share.collectionID)
            else { continue }
            result.append((share, collection))
        }
        return result
    }

    /// Withdraws the invitations of `shares` (`userShares(of:)`) made by `owner`, who is gone.
    public func withdraw(
        _ shares: [(share: ShareRecord, collection: CollectionRecord)], by owner: UserRecord
    ) async throws(StorageError) {
        for (share, collection) in shares {
            guard case .user(let id) = share.grantee, let sharee = try await store.user(id: id)
            else { continue }
            try await withdrawn(sharee, from: collection, by: owner, access: share.access)
        }
    }

    /// Tells `sharee` that `owner` shared `collection` with them (or changed their access).
    public func invited(
        _ sharee: UserRecord, to collection: CollectionRecord, by owner: UserRecord,
        access: CollectionAccess
    ) async throws(StorageError) {
        try await put(
            sharee, collection, owner, status: .noResponse, readWrite: access.canWriteContent)
    }

    /// Turns the invitation of `sharee` to `collection` into `CS:invite-deleted`: the owner
    /// stopped sharing it (the share granted `access`).
    public func withdrawn(
        _ sharee: UserRecord, from collection: CollectionRecord, by owner: UserRecord,
        access: CollectionAccess
    ) async throws(StorageError) {
        try await put(
            sharee, collection, owner, status: .deleted, readWrite: access.canWriteContent)
    }

    /// Records `sharee`'s answer: their invitation goes, and the owner is told.
    public func replied(
        _ reply: InviteReply, from sharee: UserRecord, to collection: CollectionRecord,
        owner: UserRecord
    ) async throws(StorageError) {
        let uid = Self.invitationUID(collectionID: collection.id, shareeID: sharee.id)
        for name in Set([reply.inReplyTo, uid].compactMap { $0 }.map(Self.resourceName)) {
            do {
                try await store.deleteNotification(ownerID: sharee.id, name: name)
            } catch  where error.code == .notFound {}
        }
        var answer = reply
        answer.hostURL = CadencePaths.collection(owner.name, collection.path).href
        answer.inReplyTo = uid
        _ = try await store.putNotification(
            ownerID: owner.id,
            name: Self.resourceName(uid: "reply-\(collection.id)-\(sharee.id)"),
            type: "invite-reply",
            data: answer.document(
                sharee: GroupwareBackend.address(of: sharee),
                shareeName: GroupwareBackend.commonName(of: sharee), at: now()))
    }

    private func put(
        _ sharee: UserRecord, _ collection: CollectionRecord, _ owner: UserRecord,
        status: InviteNotification.Status, readWrite: Bool
    ) async throws(StorageError) {
        let uid = Self.invitationUID(collectionID: collection.id, shareeID: sharee.id)
        let invite = InviteNotification(
            uid: uid, sharee: GroupwareBackend.address(of: sharee), status: status,
            hostURL: CadencePaths.collection(owner.name, collection.path).href,
            organizer: GroupwareBackend.address(of: owner),
            organizerName: GroupwareBackend.commonName(of: owner), readWrite: readWrite,
            summary: collection.displayName.flatMap { $0.isEmpty ? nil : $0 } ?? collection.path,
            supportedComponents: collection.supportedComponents)
        _ = try await store.putNotification(
            ownerID: sharee.id, name: Self.resourceName(uid: uid), type: "invite-notification",
            data: invite.document(at: now()))
    }
}
