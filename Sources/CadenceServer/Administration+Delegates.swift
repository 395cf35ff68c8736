import Storage

/// Delegation from the command line (`cadence delegate …`) and the API: who may act on whose
/// calendars (the CalendarServer proxy groups that iOS, macOS and DAVx5 show).
extension Administration {
    /// One delegation, by user name.
    public struct Delegate: Sendable, Hashable {
        /// The user whose calendars are delegated.
        public var owner: String
        /// The user who may act on them.
        public var delegate: String
        /// `read` or `write`.
        public var access: ProxyAccess
    }

    /// Lets `delegate` read (`readOnly`) or read and write `owner`'s calendars, replacing an
    /// earlier grant between them.
    public func addDelegate(owner: String, delegate: String, readOnly: Bool) async throws
        -> Delegate
    {
        let ownerRecord = try await existingUser(owner)
        let delegateRecord = try await existingUser(delegate)
        guard ownerRecord.id != delegateRecord.id else {
            throw Failure(description: "a user cannot be their own delegate")
        }
        let grant = try await store.grantProxy(
            ownerID: ownerRecord.id, delegateID: delegateRecord.id,
            access: readOnly ? .read : .write)
        return Delegate(owner: owner, delegate: delegate, access: grant.access)
    }

    /// Ends a delegation.
    public func removeDelegate(owner: String, delegate: String) async throws {
        let ownerRecord = try await existingUser(owner)
        let delegateRecord = try await existingUser(delegate)
        do {
            try await store.revokeProxy(ownerID: ownerRecord.id, delegateID: delegateRecord.id)
        } catch {
            // (A typed `catch … as StorageError where …` here crashes Swift 6.3's SIL pass.)
            if error.code == .notFound {
                throw Failure(description: "'\(delegate)' is not a delegate of '\(owner)'")
            }
            throw error
        }
    }

    /// The delegates of `owner`, by name.
    public func delegates(owner: String) async throws -> [Delegate] {
        let ownerRecord = try await existingUser(owner)
        var delegates: [Delegate] = []
        for grant in try await store.proxyGrants(ownerID: ownerRecord.id) {
            guard let delegate = try await store.user(id: grant.delegateID) else { continue }
            delegates.append(Delegate(owner: owner, delegate: delegate.name, access: grant.access))
        }
        return delegates.sorted { $0.delegate < $1.delegate }
    }

    /// The users whose calendars `delegate` may act on.
    public func delegations(to delegate: String) async throws -> [Delegate] {
        let delegateRecord = try await existingUser(delegate)
        var owners: [Delegate] = []
        for grant in try await store.proxyGrants(delegateID: delegateRecord.id) {
            guard let owner = try await store.user(id: grant.ownerID) else { continue }
            owners.append(Delegate(owner: owner.name, delegate: delegate, access: grant.access))
        }
        return owners.sorted { $0.owner < $1.owner }
    }
}
