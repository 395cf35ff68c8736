extension InMemoryStore {
    /// See `ProxyStore.grantProxy`.
    public func grantProxy(ownerID: Int64, delegateID: Int64, access: ProxyAccess)
        throws(StorageError) -> ProxyGrant
    {
        try checkProxyPair(ownerID: ownerID, delegateID: delegateID)
        let grant = ProxyGrant(
            ownerID: ownerID, delegateID: delegateID, access: access, createdAt: clock.now())
        proxyGrantsByPair[ProxyPair(ownerID: ownerID, delegateID: delegateID)] = grant
        return grant
    }

    /// See `ProxyStore.revokeProxy`.
    public func revokeProxy(ownerID: Int64, delegateID: Int64) throws(StorageError) {
        let pair = ProxyPair(ownerID: ownerID, delegateID: delegateID)
        guard proxyGrantsByPair[pair] != nil else {
            throw StorageError(.notFound, "user \(ownerID) has no delegate \(delegateID)")
        }
        proxyGrantsByPair[pair] = nil
        sweepPushRegistrations()
    }

    /// See `ProxyStore.replaceProxies`.
    public func replaceProxies(ownerID: Int64, access: ProxyAccess, delegateIDs: [Int64])
        throws(StorageError)
    {
        for delegateID in delegateIDs {
            try checkProxyPair(ownerID: ownerID, delegateID: delegateID)
        }
        let keep = Set(delegateIDs)
        proxyGrantsByPair = proxyGrantsByPair.filter { pair, grant in
            pair.ownerID != ownerID || grant.access != access || keep.contains(pair.delegateID)
        }
        let now = clock.now()
        for delegateID in keep {
            let pair = ProxyPair(ownerID: ownerID, delegateID: delegateID)
            if proxyGrantsByPair[pair]?.access != access {
                proxyGrantsByPair[pair] = ProxyGrant(
                    ownerID: ownerID, delegateID: delegateID, access: access, createdAt: now)
            }
        }
        sweepPushRegistrations()
    }

    /// See `ProxyStore.proxyGrants(ownerID:)`.
    public func proxyGrants(ownerID: Int64) -> [ProxyGrant] {
        proxyGrantsByPair.values.filter { $0.ownerID == ownerID }.sorted {
            $0.delegateID < $1.delegateID
        }
    }

    /// See `ProxyStore.proxyGrants(delegateID:)`.
    public func proxyGrants(delegateID: Int64) -> [ProxyGrant] {
        proxyGrantsByPair.values.filter { $0.delegateID == delegateID }.sorted {
            $0.ownerID < $1.ownerID
        }
    }

    /// See `ProxyStore.proxyGrant(ownerID:delegateID:)`.
    public func proxyGrant(ownerID: Int64, delegateID: Int64) -> ProxyGrant? {
        proxyGrantsByPair[ProxyPair(ownerID: ownerID, delegateID: delegateID)]
    }

    /// Drops every grant made or received by a deleted user.
    func dropProxyGrants(userID: Int64) {
        proxyGrantsByPair = proxyGrantsByPair.filter {
            $0.key.ownerID != userID && $0.key.delegateID != userID
        }
    }

    private func checkProxyPair(ownerID: Int64, delegateID: Int64) throws(StorageError) {
        guard user(id: ownerID) != nil else { throw StorageError(.notFound, "no user \(ownerID)") }
        guard user(id: delegateID) != nil else {
            throw StorageError(.notFound, "no user \(delegateID)")
        }
        guard ownerID != delegateID else {
            throw StorageError(.invalidName, "a user cannot be their own delegate")
        }
    }
}

/// The key of a delegation in the in-memory store.
struct ProxyPair: Hashable, Sendable {
    var ownerID: Int64
    var delegateID: Int64
}
