import WebDAV

/// A principal's proxy group (CalendarServer caldav-proxy.txt §3.1): the principals who may
/// read (`calendar-proxy-read`) or read and write (`calendar-proxy-write`) its calendars.
public protocol CalendarProxyGroupResource: DAVResource {
    /// Whether members may write.
    var grantsWrite: Bool { get }
}

/// Who belongs to which proxy group, as the principal properties report it.
public struct ProxyMemberships: Sendable, Hashable {
    /// The proxy groups the principal is a member of (`DAV:group-membership`).
    public var groups: [DAVPath]
    /// The principals whose calendars it may read (`CS:calendar-proxy-read-for`).
    public var readFor: [DAVPath]
    /// The principals whose calendars it may write (`CS:calendar-proxy-write-for`).
    public var writeFor: [DAVPath]

    public init(groups: [DAVPath], readFor: [DAVPath], writeFor: [DAVPath]) {
        self.groups = groups
        self.readFor = readFor
        self.writeFor = writeFor
    }
}

/// A backend that knows proxy groups (CalendarServer calendar-proxy).
public protocol CalendarProxyBackend: DAVBackend {
    /// The memberships of a user principal, or `nil` when they are not the requesting user's
    /// to see (another user's principal).
    func proxyMemberships(of principal: any PrincipalResource) async throws(DAVError)
        -> ProxyMemberships?
    /// The members of a proxy group (`DAV:group-member-set`).
    func proxyMembers(of group: any CalendarProxyGroupResource) async throws(DAVError) -> [DAVPath]
}

/// A group principal (RFC 3744 §2, RFC 6638 §2.4.2 `calendar-user-type` GROUP): a team whose
/// members it lists in `DAV:group-member-set`. Clients find it by principal search and share a
/// calendar with it by its calendar user address (CalendarServer sharing).
public protocol GroupPrincipalResource: DAVResource {
    /// The members' principals.
    var members: [DAVPath] { get }
    /// The group's calendar user addresses (its principal URL).
    var calendarUserAddresses: [String] { get }
}
