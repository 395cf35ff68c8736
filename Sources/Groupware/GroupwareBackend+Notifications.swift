import CalDAV
import Storage
import WebDAV

extension GroupwareBackend {
    /// The resource at a notification location: the user's own collection or one of its
    /// notifications. Another user's answers `404`, as their homes do; so does a delegate's
    /// request (their requests here are their own, never the owner's).
    func notificationResource(at location: CadencePaths.Location) async throws(DAVError)
        -> (any DAVResource)?
    {
        switch location {
        case .notificationCollections:
            return ContainerResource(path: CadencePaths.notificationsPath)
        case .notifications(let name):
            guard name == user.name, proxy == nil else { throw Self.notYours }
            return NotificationCollection(user: user, notifications: try await notifications())
        case .notification(let name, let item):
            guard name == user.name, proxy == nil else { throw Self.notYours }
            return try await storeCall { () async throws(StorageError) in
                try await store.notification(ownerID: user.id, name: item)
            }.map { StoredNotification(user: user, record: $0) }
        default:
            return nil
        }
    }

    /// The user's notifications, oldest first.
    func notifications() async throws(DAVError) -> [NotificationRecord] {
        try await storeCall { () async throws(StorageError) in
            try await store.notifications(ownerID: user.id)
        }
    }

    /// The members of the user's notification collection (PROPFIND `Depth: 1`).
    func notificationMembers(_ collection: NotificationCollection) -> [any DAVResource] {
        collection.notifications.map { StoredNotification(user: user, record: $0) }
    }

    /// `sync-collection` of the notification collection: from no token every notification;
    /// from the current token nothing; any other token is invalid and the client starts over
    /// (RFC 6578 §3.2), which also tells it of removed notifications.
    func notificationChanges(_ collection: NotificationCollection, since token: String?)
        throws(DAVError) -> SyncChanges
    {
        switch token {
        case nil:
            return SyncChanges(
                changed: notificationMembers(collection), removed: [],
                token: collection.syncToken, truncated: false)
        case collection.syncToken?:
            return SyncChanges(
                changed: [], removed: [], token: collection.syncToken, truncated: false)
        default:
            throw DAVError.invalidSyncToken
        }
    }

    /// `DELETE` of a notification: the user dismisses it (caldav-notifications.txt §3.2).
    /// Deleting an invitation does not answer it: the share stays until it is declined.
    func deleteNotification(
        _ notification: StoredNotification, _ precondition: WebDAV.WritePrecondition
    )
        async throws(DAVError)
    {
        guard precondition.isSatisfied(currentETag: notification.record.etag) else {
            throw DAVError(status: 412, reason: "the request's preconditions do not hold")
        }
        try await storeCall { () async throws(StorageError) in
            try await store.deleteNotification(ownerID: user.id, name: notification.record.name)
        }
    }

    /// The notifier of share changes, on this backend's store.
    var notifier: ShareNotifier { ShareNotifier(store: store) }

    /// The calendar shared with the user that an invitation's `CS:hosturl` names: the owner's
    /// calendar URL (`/caldav/calendars/{owner}/{calendar}/`, as the invitation carries it) or
    /// its path in the user's home; a path or an absolute URL.
    func sharedCollection(hostURL: String) async throws(DAVError) -> SharedCollection? {
        var text = Substring(hostURL)
        if let scheme = text.range(of: "://") {
            let rest = text[scheme.upperBound...]
            text = rest.firstIndex(of: "/").map { rest[$0...] } ?? ""
        }
        guard let path = DAVPath(String(text)),
            case .inHome(let owner, let segments)? = CadencePaths.locate(path)
        else { return nil }
        let joined = segments.joined(separator: "/")
        let shared = try await sharedCollections()
        if owner == user.name { return shared.first { $0.homePath == joined } }
        return shared.first { $0.ownerName == owner && $0.collection.path == joined }
    }

    /// `CS:invite-reply` `POST`ed to the user's calendar home (caldav-sharing.txt §5.4): an
    /// accepted invitation keeps the calendar and answers its URL in the user's home; a
    /// declined one removes it (a calendar shared only with the user's team stays: `403`).
    /// Either way the invitation goes and the owner is told. A `CS:hosturl` that names no
    /// calendar shared with the user answers `403`, whether or not it exists.
    public func reply(_ reply: InviteReply) async throws(DAVError) -> String? {
        guard proxy == nil else {
            throw DAVError.needPrivileges(
                href: CadencePaths.home(user.name).href, privilege: "write",
                reason: "a delegate does not answer invitations for the owner")
        }
        guard let shared = try await sharedCollection(hostURL: reply.hostURL) else {
            throw DAVError(status: 403, reason: "no calendar of that URL is shared with you")
        }
        let owner = try await storeCall { () async throws(StorageError) in
            try await store.user(id: shared.collection.ownerID)
        }
        guard let owner else { throw Self.notYours }
        if !reply.accepted {
            try await declineShare(
                shared, href: CadencePaths.collection(user.name, shared.homePath).href)
        }
        try await storeCall { () async throws(StorageError) in
            try await notifier.replied(reply, from: user, to: shared.collection, owner: owner)
        }
        return reply.accepted ? CadencePaths.collection(user.name, shared.homePath).href : nil
    }
}
