import Storage
import WebDAV

/// What a resource is to WebDAV-Push (draft `bitfireAT/webdav-push`, "Collection
/// Properties"): the collections whose changes can be pushed — every stored collection
/// (`StoredCollectionResource`) and the calendar home — named by store ids, never paths, so
/// that a topic survives renames.
public struct PushTarget: Sendable, Hashable {
    /// What kind of target it is.
    public enum Kind: String, Sendable, Hashable {
        /// A stored collection (calendar, plain collection, or any later kind such as an
        /// address book): its members are objects, its changes are in the change log.
        case collection
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
        case let stored as any StoredCollectionResource:
            self.init(
                kind: .collection, ownerID: stored.record.ownerID, collectionID: stored.record.id,
                syncToken: stored.syncToken)
        case let home as CalendarHome:
            self.init(kind: .calendarHome, ownerID: home.user.id, collectionID: nil, syncToken: nil)
        default:
            return nil
        }
    }
}

/// A resource backed by a stored collection: every such kind gets the WebDAV-Push properties,
/// registrations and messages by conforming (calendars and plain collections do; address books
/// join with one line).
protocol StoredCollectionResource: DAVResource {
    /// The collection's row.
    var record: CollectionRecord { get }
    /// Its current sync token URI.
    var syncToken: String { get }
}

extension StoredCalendar: StoredCollectionResource {}
extension StoredPlainCollection: StoredCollectionResource {}
extension StoredAddressBook: StoredCollectionResource {}
