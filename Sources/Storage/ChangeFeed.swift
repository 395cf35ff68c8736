/// A change committed to a collection, as announced to every server instance: the collection
/// and its new sync token (RFC 6578), and the collection's owner. Instances use it for push and
/// to drop cached state.
public struct AnnouncedChange: Sendable, Hashable {
    public let collectionID: Int64
    public let token: Int64
    public let ownerID: Int64

    public init(collectionID: Int64, token: Int64, ownerID: Int64) {
        self.collectionID = collectionID
        self.token = token
        self.ownerID = ownerID
    }
}

/// An optional ability of a store shared by several instances: a feed of the changes that any
/// instance commits (PostgreSQL's LISTEN/NOTIFY). Each call returns a new subscription, which
/// ends when the store closes or the consumer stops iterating.
public protocol ChangeFeed: Sendable {
    func committedChanges() -> AsyncStream<AnnouncedChange>
}
