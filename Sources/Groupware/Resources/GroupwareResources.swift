import CalDAV
import Storage
import WebDAV

/// A fixed collection of the namespace (`/caldav/`, `/caldav/principals/`, …).
struct ContainerResource: DAVResource {
    var path: DAVPath
    var isCollection: Bool { true }
}

/// A user's principal.
struct UserPrincipalResource: NotifyingPrincipal {
    var user: UserRecord
    var path: DAVPath { CadencePaths.principal(user.name) }
    var isCollection: Bool { true }
    var resourceTypes: [XMLName] { [.dav.principal] }
    var displayName: String? { user.displayName.isEmpty ? user.name : user.displayName }
    var owner: DAVPath? { path }
    var calendarHome: DAVPath { CadencePaths.home(user.name) }
    var calendarUserAddresses: [String] {
        (user.email.isEmpty ? [] : ["mailto:" + user.email]) + [path.href]
    }
    var notificationCollection: DAVPath { CadencePaths.notifications(user.name) }
}

/// A user's calendar home.
struct CalendarHome: CalendarHomeResource {
    var user: UserRecord
    /// The requester's access: the owner's, or a delegate's (caldav-proxy.txt).
    var access: CollectionAccess = .owner
    var path: DAVPath { CadencePaths.home(user.name) }
    var isCollection: Bool { true }
    var owner: DAVPath? { CadencePaths.principal(user.name) }
    var currentUserPrivileges: [XMLName] { access.privileges.map { .dav.name($0) } }
}

/// The sync token URI of a collection at a token (RFC 6578 §3.2).
func syncTokenURI(_ record: CollectionRecord, _ token: Int64) -> String {
    PushTarget.syncTokenURI(collectionID: record.id, token: token)
}

/// A calendar collection in the home: the user's own, or one shared with them (then `record`
/// is the sharee's view: at its path in their home, with their display name and colour).
struct StoredCalendar: CalendarCollectionResource {
    var record: CollectionRecord
    var userName: String
    var maxResourceSize: Int
    /// The user's access and the owner, where shared.
    var reach: CollectionReach = .own
    /// Whether the user owns it and shares it with someone.
    var isSharedByOwner = false
    var path: DAVPath { CadencePaths.collection(userName, record.path) }
    var isCollection: Bool { true }
    /// `CS:shared` on a sharee's calendar, `CS:shared-owner` on the owner's shared one
    /// (caldav-sharing.txt §5.2, as CalendarServer and sabre/dav mark them).
    var resourceTypes: [XMLName] {
        if reach.shared != nil { return [.calDAV.calendar, .calendarServer.shared] }
        return isSharedByOwner
            ? [.calDAV.calendar, .calendarServer.sharedOwner] : [.calDAV.calendar]
    }
    var displayName: String? { record.displayName }
    var owner: DAVPath? { CadencePaths.principal(reach.ownerName ?? userName) }
    var currentUserPrivileges: [XMLName] { reach.collectionPrivileges }
    var accessControlEntries: [AccessControlEntry] {
        reach.accessControlEntries(user: userName)
    }
    var lastModified: Int64? { record.modifiedAt }
    var createdAt: Int64? { record.createdAt }
    var calendarDescription: String? { record.calendarDescription }
    var color: String? { record.color }
    var order: Int? { record.order }
    var timeZone: String? { record.timeZone }
    var supportedComponents: [String] { record.supportedComponents }
    var syncToken: String { syncTokenURI(record, record.syncToken) }
    var ctag: String { "\"\(record.id)-\(record.syncToken)\"" }
}

/// How the user reaches a collection and its members: as the owner, or as a sharee with the
/// access the share grants (`CollectionAccess`).
struct CollectionReach: Sendable, Hashable {
    /// The user's access.
    var access: CollectionAccess
    /// The owner's user name when it is not the user's own collection.
    var ownerName: String?
    /// The sharee's view of a shared collection (`nil` for the user's own).
    var shared: SharedCollection?

    /// The user's own collection.
    static let own = CollectionReach(access: .owner, ownerName: nil, shared: nil)

    /// A collection shared with the user.
    init(_ shared: SharedCollection) {
        self.init(access: shared.access, ownerName: shared.ownerName, shared: shared)
    }

    init(access: CollectionAccess, ownerName: String?, shared: SharedCollection?) {
        self.access = access
        self.ownerName = ownerName
        self.shared = shared
    }

    /// `DAV:current-user-privilege-set` of the collection (RFC 3744 §5.4).
    var collectionPrivileges: [XMLName] { access.privileges.map { .dav.name($0) } }

    /// `DAV:current-user-privilege-set` of a member: a read-only sharee may change the
    /// collection's properties (their own view) but nothing of the owner's objects.
    var memberPrivileges: [XMLName] {
        access == .read
            ? [.dav.name("read"), .dav.name("read-current-user-privilege-set")]
            : collectionPrivileges
    }

    /// `DAV:acl` (RFC 3744 §5.5) as the user may see it: the owner's own grant of `DAV:all`; for
    /// a sharee, who has no `DAV:read-acl`, the grant to themselves (after the owner's, for a
    /// read-write sharee).
    func accessControlEntries(user: String, member: Bool = false) -> [AccessControlEntry] {
        guard ownerName != nil else {
            return [
                AccessControlEntry(
                    principal: CadencePaths.principal(user), privileges: [.dav.name("all")])
            ]
        }
        var entries: [AccessControlEntry] = []
        if let ownerName, access.canWriteContent {
            // Nextcloud's DAV connector shows a calendar writable only when an ACE grants write
            // (or all) to the principal named in `DAV:owner` (STANDARDS.md): a read-write sharee
            // sees the owner's grant too; a read-only one does not, and stays read-only there.
            entries.append(
                AccessControlEntry(
                    principal: CadencePaths.principal(ownerName), privileges: [.dav.name("all")]))
        }
        entries.append(
            AccessControlEntry(
                principal: CadencePaths.principal(user),
                privileges: member ? memberPrivileges : collectionPrivileges))
        return entries
    }
}

/// A plain WebDAV collection stored in the home (files, litmus).
struct StoredPlainCollection: SyncableCollection {
    var record: CollectionRecord
    var userName: String
    var path: DAVPath { CadencePaths.collection(userName, record.path) }
    var isCollection: Bool { true }
    var displayName: String? { record.displayName }
    var owner: DAVPath? { CadencePaths.principal(userName) }
    var lastModified: Int64? { record.modifiedAt }
    var createdAt: Int64? { record.createdAt }
    var syncToken: String { syncTokenURI(record, record.syncToken) }
}

/// Where a collection's members live: their parent path and href prefix, computed once per
/// collection rather than once per member of a listing.
struct MemberLocation: Sendable {
    var collectionPath: DAVPath
    var hrefPrefix: String
    /// How the user reaches the collection.
    var reach: CollectionReach

    init(userName: String, collection: CollectionRecord, reach: CollectionReach = .own) {
        collectionPath = CadencePaths.collection(userName, collection.path)
        hrefPrefix = collectionPath.href
        self.reach = reach
    }

    func path(_ name: String) -> DAVPath { collectionPath.appending(name) }
    func href(_ name: String) -> String { hrefPrefix + DAVPath.percentEncodeSegment(name) }
}

/// A calendar object resource.
struct StoredCalendarObject: CalendarObjectResource {
    var record: ObjectRecord
    var collection: CollectionRecord
    var userName: String
    var location: MemberLocation
    var path: DAVPath { location.path(record.name) }
    var href: String { location.href(record.name) }
    var isCollection: Bool { false }
    var etag: String? { record.etag }
    var contentType: String? { Self.contentType(component: record.index.componentType) }

    /// The media type with the component parameter; the usual ones are constants, as every
    /// member of a listing asks.
    static func contentType(component: String?) -> String {
        switch component {
        case nil, "VEVENT": "text/calendar; charset=utf-8; component=vevent"
        case "VTODO": "text/calendar; charset=utf-8; component=vtodo"
        case "VJOURNAL": "text/calendar; charset=utf-8; component=vjournal"
        case let other?: "text/calendar; charset=utf-8; component=\(other.lowercased())"
        }
    }
    var contentLength: Int? { record.size }
    var lastModified: Int64? { record.modifiedAt }
    var owner: DAVPath? { CadencePaths.principal(location.reach.ownerName ?? userName) }
    var currentUserPrivileges: [XMLName] { location.reach.memberPrivileges }
    var accessControlEntries: [AccessControlEntry] {
        location.reach.accessControlEntries(user: userName, member: true)
    }
    var componentType: String { record.index.componentType ?? "VEVENT" }
    var exactInstances: [(start: Int64, end: Int64)]? {
        record.index.exactInstances?.map { ($0.start, $0.end) }
    }
}

/// A file in a plain collection.
struct StoredFile: DAVResource {
    var record: ObjectRecord
    var collection: CollectionRecord
    var userName: String
    var location: MemberLocation
    var path: DAVPath { location.path(record.name) }
    var href: String { location.href(record.name) }
    var isCollection: Bool { false }
    var etag: String? { record.etag }
    var contentType: String? { record.contentType }
    var contentLength: Int? { record.size }
    var lastModified: Int64? { record.modifiedAt }
    var owner: DAVPath? { CadencePaths.principal(location.reach.ownerName ?? userName) }
    var currentUserPrivileges: [XMLName] { location.reach.memberPrivileges }
}
