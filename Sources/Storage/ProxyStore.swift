/// Delegations (`ProxyGrant`): who may act on whose calendars.
///
/// Every method is one transaction. Deleting a user deletes the grants they made and received.
public protocol ProxyStore: Sendable {
    /// Grants `delegateID` access to `ownerID`'s calendars, replacing an existing grant between
    /// them. `.notFound` if either user does not exist, `.invalidName` if they are the same.
    func grantProxy(ownerID: Int64, delegateID: Int64, access: ProxyAccess)
        async throws(StorageError) -> ProxyGrant
    /// Removes the grant between them. `.notFound` if there is none.
    func revokeProxy(ownerID: Int64, delegateID: Int64) async throws(StorageError)
    /// Makes `delegateIDs` exactly the members of the owner's `access` group: grants of that
    /// access to anyone else are removed, and the listed users get it (moving them from the
    /// other group). `.notFound` if the owner or a listed user does not exist, `.invalidName`
    /// if the owner is listed.
    func replaceProxies(ownerID: Int64, access: ProxyAccess, delegateIDs: [Int64])
        async throws(StorageError)
    /// The grants an owner made, ordered by delegate id.
    func proxyGrants(ownerID: Int64) async throws(StorageError) -> [ProxyGrant]
    /// The grants a delegate received, ordered by owner id.
    func proxyGrants(delegateID: Int64) async throws(StorageError) -> [ProxyGrant]
    /// The grant between them, or `nil`.
    func proxyGrant(ownerID: Int64, delegateID: Int64) async throws(StorageError) -> ProxyGrant?
}
