/// A secret, revocable, read-only subscription link to one calendar (RFC 5545 §3.6 `text/calendar`
/// over plain HTTP GET, the "webcal" subscription that Nextcloud, Google and Outlook poll).
///
/// The store keeps only `tokenHash`, the lowercase hex SHA-256 of the token in the URL; the token
/// itself is shown once. Revoking deletes the record; deleting the calendar or its owner deletes
/// its links.
public struct SubscriptionLink: Sendable, Hashable {
    /// The store-assigned id.
    public var id: Int64
    /// The owner of the calendar (and of the link).
    public var ownerID: Int64
    /// The calendar collection the link publishes.
    public var collectionID: Int64
    /// Lowercase hex SHA-256 of the token; unique across the store.
    public var tokenHash: String
    /// The owner's name for it ("Nextcloud", "Shared with the board").
    public var label: String
    /// How the calendar is rendered for subscribers.
    public var mode: SubscriptionMode
    /// When it was created (UTC seconds).
    public var createdAt: Int64
    /// When a subscriber last fetched it; `nil` if never.
    public var lastFetchedAt: Int64?

    /// Creates a record; stores build these.
    public init(
        id: Int64, ownerID: Int64, collectionID: Int64, tokenHash: String, label: String,
        mode: SubscriptionMode, createdAt: Int64, lastFetchedAt: Int64?
    ) {
        self.id = id
        self.ownerID = ownerID
        self.collectionID = collectionID
        self.tokenHash = tokenHash
        self.label = label
        self.mode = mode
        self.createdAt = createdAt
        self.lastFetchedAt = lastFetchedAt
    }
}

/// How a subscription link renders its calendar (RFC 5545 components as subscribers see them).
public enum SubscriptionMode: String, Sendable, Hashable, CaseIterable {
    /// Every component as stored (VEVENT and VTODO, RFC 5545 §3.6.1, §3.6.2).
    case full
    /// Tasks rendered as VEVENTs at their due time: subscribers such as Nextcloud drop VTODOs.
    case events
    /// Events and tasks as VEVENTs with SUMMARY "Busy" and no details, for sharing availability.
    case busy
}
