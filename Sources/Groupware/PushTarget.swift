import Storage
import WebDAV

/// What a resource is to WebDAV-Push (draft `bitfireAT/webdav-push`, "Collection
/// Properties"): the collections whose changes can be pushed — calendars, plain collections
/// and homes — named by store ids, never paths, so that a topic survives renames.
public struct PushTarget: Sendable, Hashable {
    /// What kind of collection it is.
    public enum Kind: String, Sendable, Hashable {
        /// A calendar collection (RFC 4791).
        case calendar
        /// A plain WebDAV collection.
        case plain
        /// A calendar home: its members are collections.
        case calendarHome
    }

    /// The kind.
    public var kind: Kind
    /// The owner's store id.
    public var ownerID: Int64
    /// The collection's store id; `nil` for a home.
    public var collectionID: Int64?
    /// The collection's current sync token URI (RFC 6578), `nil` for a home.
    public var syncToken: String?

    /// Creates a target.
    public init(kind: Kind, ownerID: Int64, collectionID: Int64?, syncToken: String?) {
        self.kind = kind
        self.ownerID = ownerID
        self.collectionID = collectionID
        self.syncToken = syncToken
    }

    /// The sync token URI of collection `collectionID` at `token`, as `DAV:sync-token` and
    /// push messages spell it.
    public static func syncTokenURI(collectionID: Int64, token: Int64) -> String {
        "urn:cadence:sync:\(collectionID):\(token)"
    }
}

extension PushTarget {
    /// The push target of a resource of the Groupware namespace, or `nil` (objects, principals,
    /// fixed containers).
    public init?(_ resource: any DAVResource) {
        switch resource {
        case let calendar as StoredCalendar:
            self.init(
                kind: .calendar, ownerID: calendar.record.ownerID,
                collectionID: calendar.record.id, syncToken: calendar.syncToken)
        case let plain as StoredPlainCollection:
            self.init(
                kind: .plain, ownerID: plain.record.ownerID, collectionID: plain.record.id,
                syncToken: plain.syncToken)
        case let home as CalendarHome:
            self.init(kind: .calendarHome, ownerID: home.user.id, collectionID: nil, syncToken: nil)
        default:
            return nil
        }
    }
}
