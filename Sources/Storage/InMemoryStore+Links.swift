extension InMemoryStore {
    /// See `SubscriptionLinkStore.createSubscriptionLink`.
    public func createSubscriptionLink(
        ownerID: Int64, collectionID: Int64, tokenHash: String, label: String,
        mode: SubscriptionMode
    ) throws(StorageError) -> SubscriptionLink {
        guard let calendar = collection(id: collectionID), calendar.ownerID == ownerID else {
            throw StorageError(.notFound, "no collection \(collectionID) of user \(ownerID)")
        }
        guard calendar.kind == .calendar else {
            throw StorageError(.invalidName, "\(calendar.path) is not a calendar")
        }
        guard !linksByID.values.contains(where: { $0.tokenHash == tokenHash }) else {
            throw StorageError(.conflict, "token hash exists")
        }
        let link = SubscriptionLink(
            id: nextID(), ownerID: ownerID, collectionID: collectionID, tokenHash: tokenHash,
            label: label, mode: mode, createdAt: clock.now(), lastFetchedAt: nil)
        linksByID[link.id] = link
        return link
    }

    /// See `SubscriptionLinkStore.subscriptionLinks(ownerID:)`.
    public func subscriptionLinks(ownerID: Int64) -> [SubscriptionLink] {
        linksByID.values.filter { $0.ownerID == ownerID }.sorted { $0.id < $1.id }
    }

    /// See `SubscriptionLinkStore.subscriptionLink(tokenHash:)`.
    public func subscriptionLink(tokenHash: String) -> SubscriptionLink? {
        linksByID.values.first { $0.tokenHash == tokenHash }
    }

    /// See `SubscriptionLinkStore.revokeSubscriptionLink(id:ownerID:)`.
    public func revokeSubscriptionLink(id: Int64, ownerID: Int64) throws(StorageError) {
        guard linksByID[id]?.ownerID == ownerID else {
            throw StorageError(.notFound, "no subscription link \(id) of user \(ownerID)")
        }
        linksByID[id] = nil
    }

    /// See `SubscriptionLinkStore.touchSubscriptionLink(id:)`.
    public func touchSubscriptionLink(id: Int64) throws(StorageError) {
        guard linksByID[id] != nil else {
            throw StorageError(.notFound, "no subscription link \(id)")
        }
        linksByID[id]?.lastFetchedAt = clock.now()
    }
}
