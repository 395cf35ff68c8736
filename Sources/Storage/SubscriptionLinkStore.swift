/// Subscription links: secret read-only URLs of calendars (`SubscriptionLink`).
///
/// Every method is one transaction. Deleting a calendar or a user deletes its links.
public protocol SubscriptionLinkStore: Sendable {
    /// Adds a link to the owner's calendar `collectionID`. `.notFound` if the calendar is not the
    /// owner's, `.invalidName` if the collection is not a calendar, `.conflict` if the hash exists.
    func createSubscriptionLink(
        ownerID: Int64, collectionID: Int64, tokenHash: String, label: String,
        mode: SubscriptionMode
    ) async throws(StorageError) -> SubscriptionLink
    /// The owner's links, ordered by id (creation).
    func subscriptionLinks(ownerID: Int64) async throws(StorageError) -> [SubscriptionLink]
    /// The link with this token hash, or `nil` (revoked or never issued).
    func subscriptionLink(tokenHash: String) async throws(StorageError) -> SubscriptionLink?
    /// Revokes (deletes) a link of this owner. `.notFound` if the owner has no such link.
    func revokeSubscriptionLink(id: Int64, ownerID: Int64) async throws(StorageError)
    /// Stamps `lastFetchedAt` with the store's clock. `.notFound` if there is no such link.
    func touchSubscriptionLink(id: Int64) async throws(StorageError)
}
