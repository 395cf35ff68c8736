import CalDAV
import Storage
import WebDAV

/// A user's notification collection (CalendarServer caldav-notifications.txt §3.1), holding
/// `notifications` as read for this request. It answers `sync-collection` (RFC 6578) with a
/// token naming its current content: the same token reports no change, any other is invalid
/// (RFC 6578 §3.2), and the client lists the collection again.
struct NotificationCollection: NotificationCollectionResource, SyncableCollection {
    var user: UserRecord
    var notifications: [NotificationRecord]
    var path: DAVPath { CadencePaths.notifications(user.name) }
    var isCollection: Bool { true }
    var resourceTypes: [XMLName] { [.calendarServer.notification] }
    var displayName: String? { "Notifications" }
    var owner: DAVPath? { CadencePaths.principal(user.name) }
    /// The owner reads and removes notifications; the server alone adds them.
    var currentUserPrivileges: [XMLName] {
        ["read", "read-current-user-privilege-set", "read-acl", "unbind"].map { .dav.name($0) }
    }
    var accessControlEntries: [AccessControlEntry] {
        [
            AccessControlEntry(
                principal: CadencePaths.principal(user.name),
                privileges: [.dav.name("read"), .dav.name("unbind")])
        ]
    }
    /// Changes with every added, replaced or removed notification.
    var ctag: String {
        ETag.strong(
            for: Array(notifications.map { "\($0.id):\($0.etag)" }.joined(separator: ",").utf8))
    }
    var syncToken: String { "urn:cadence:notifications:" + ctag.filter { $0 != "\"" } }
}

/// One notification: a `CS:notification` document.
struct StoredNotification: NotificationResource {
    var user: UserRecord
    var record: NotificationRecord
    var path: DAVPath { CadencePaths.notification(user.name, record.name) }
    var isCollection: Bool { false }
    var etag: String? { record.etag }
    var contentType: String? { "application/xml; charset=utf-8" }
    var contentLength: Int? { record.data.count }
    var lastModified: Int64? { record.createdAt }
    var owner: DAVPath? { CadencePaths.principal(user.name) }
    var currentUserPrivileges: [XMLName] {
        ["read", "read-current-user-privilege-set", "read-acl", "unbind"].map { .dav.name($0) }
    }
    var accessControlEntries: [AccessControlEntry] {
        [
            AccessControlEntry(
                principal: CadencePaths.principal(user.name),
                privileges: [.dav.name("read"), .dav.name("unbind")])
        ]
    }
    var notificationType: XMLElement {
        switch record.type {
        case "invite-notification": InviteNotification.typeElement
        case "invite-reply": InviteReply.typeElement
        default: XMLElement(.calendarServer.name(record.type))
        }
    }
}
