/// Whom a collection is shared with: one user, or every member of a team.
public enum ShareGrantee: Sendable, Hashable {
    case user(Int64)
    case team(Int64)
}

/// A calendar shared by its owner with a user or a team (CalendarServer sharing).
///
/// Shares are accepted when made (as Nextcloud does): the calendar appears in the sharee's
/// home at once; a sharee who does not want it deletes it there.
public struct ShareRecord: Sendable, Hashable {
    /// The store-assigned id.
    public var id: Int64
    /// The shared collection.
    public var collectionID: Int64
    /// The collection's owner.
    public var ownerID: Int64
    /// The user or team it is shared with.
    public var grantee: ShareGrantee
    /// What the sharee may do: `.read` or `.readWrite` (never `.owner`).
    public var access: CollectionAccess
    /// When the share was made (or last changed).
    public var createdAt: Int64

    public init(
        id: Int64, collectionID: Int64, ownerID: Int64, grantee: ShareGrantee,
        access: CollectionAccess, createdAt: Int64
    ) {
        self.id = id
        self.collectionID = collectionID
        self.ownerID = ownerID
        self.grantee = grantee
        self.access = access
        self.createdAt = createdAt
    }
}

/// A collection as a sharee reaches it: the owner's record, the owner's name, the access the
/// sharee has (the most any of their shares grants; through a team, the lesser of the share's
/// and the membership's), and the sharee's own display name, colour and order.
public struct SharedCollection: Sendable, Hashable {
    /// The owner's collection, unchanged.
    public var collection: CollectionRecord
    /// The owner's user name.
    public var ownerName: String
    /// The sharee's effective access (`.read` or `.readWrite`).
    public var access: CollectionAccess
    /// The share made to the user directly, if any (a sharee may decline only that one).
    public var directShareID: Int64?
    /// The sharee's own display name, colour and order, when they set them.
    public var view: ShareView

    public init(
        collection: CollectionRecord, ownerName: String, access: CollectionAccess,
        directShareID: Int64?, view: ShareView
    ) {
        self.collection = collection
        self.ownerName = ownerName
        self.access = access
        self.directShareID = directShareID
        self.view = view
    }

    /// The path of the collection in the sharee's home: `{calendar}_shared_by_{owner}`, the
    /// naming sabre/dav (Nextcloud) uses, unique per owner and calendar.
    public var homePath: String { Self.homePath(collection.path, ownerName: ownerName) }

    /// See `homePath`.
    public static func homePath(_ path: String, ownerName: String) -> String {
        "\(path)\(separator)\(ownerName)"
    }

    /// What a shared collection's home path carries between the calendar and the owner.
    public static let separator = "_shared_by_"

    /// The owner's collection as the sharee sees it: at `homePath`, with their own display
    /// name, colour and order where set.
    public var viewRecord: CollectionRecord {
        var record = collection
        record.path = homePath
        if let name = view.displayName { record.displayName = name }
        if let color = view.color { record.color = color }
        if let order = view.order { record.order = order }
        return record
    }
}

/// A sharee's own view of a shared collection; `nil` fields show the owner's value.
public struct ShareView: Sendable, Hashable {
    public var displayName: String?
    public var color: String?
    public var order: Int?

    public init(displayName: String? = nil, color: String? = nil, order: Int? = nil) {
        self.displayName = displayName
        self.color = color
        self.order = order
    }
}

/// One grant of access behind a `SharedCollection`, as engines read them: a direct share or a
/// share to a team the user belongs to.
public struct ShareGrant: Sendable, Hashable {
    public var shareID: Int64
    public var collectionID: Int64
    public var access: CollectionAccess
    /// Whether the share names the user (rather than a team).
    public var isDirect: Bool

    public init(shareID: Int64, collectionID: Int64, access: CollectionAccess, isDirect: Bool) {
        self.shareID = shareID
        self.collectionID = collectionID
        self.access = access
        self.isDirect = isDirect
    }

    /// The effective access per collection: the most of its grants.
    public static func strongest(_ grants: [ShareGrant]) -> [Int64: (
        access: CollectionAccess, directShareID: Int64?
    )] {
        var result: [Int64: (access: CollectionAccess, directShareID: Int64?)] = [:]
        for grant in grants {
            var entry = result[grant.collectionID] ?? (grant.access, nil)
            entry.access = max(entry.access, grant.access)
            if grant.isDirect { entry.directShareID = grant.shareID }
            result[grant.collectionID] = entry
        }
        return result
    }
}
