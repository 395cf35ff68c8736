/// A delegation: the owner lets a delegate act on their calendars (the CalendarServer
/// `calendar-proxy-read` / `calendar-proxy-write` groups, caldav-proxy.txt §3).
///
/// One grant per owner and delegate; the delegate reaches the owner's principal, calendar home
/// and calendars with `access`. Deleting either user deletes the grant.
public struct ProxyGrant: Sendable, Hashable {
    /// The user whose calendars are delegated.
    public var ownerID: Int64
    /// The user who may act on them.
    public var delegateID: Int64
    /// Read-only or read-write.
    public var access: ProxyAccess
    /// When the grant was made or last changed (UTC seconds).
    public var createdAt: Int64

    /// Creates a record; stores build these.
    public init(ownerID: Int64, delegateID: Int64, access: ProxyAccess, createdAt: Int64) {
        self.ownerID = ownerID
        self.delegateID = delegateID
        self.access = access
        self.createdAt = createdAt
    }
}

/// What a delegate may do: the two proxy groups of a principal (caldav-proxy.txt §3.1).
public enum ProxyAccess: String, Sendable, Hashable, CaseIterable {
    /// Members of `calendar-proxy-read`: read the owner's calendars.
    case read
    /// Members of `calendar-proxy-write`: read and write them.
    case write
}
