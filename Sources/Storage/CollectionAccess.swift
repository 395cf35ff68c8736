/// What a user may do with a collection: the owner everything, a sharee what the share grants
/// (CalendarServer sharing, `calendarserver-sharing.txt`; the access model behind
/// `DAV:current-user-privilege-set`, RFC 3744 §5.4).
///
/// Ordered by what it allows: `read < readWrite < owner`.
public enum CollectionAccess: String, Sendable, Hashable, CaseIterable, Comparable {
    /// A read-only sharee: reads objects and changes only their own view of the collection
    /// (display name, colour, order).
    case read
    /// A read-write sharee: also creates, changes and deletes objects.
    case readWrite = "read-write"
    /// The owner (or someone acting as the owner).
    case owner

    /// The `DAV:` privileges (RFC 3744 §3) this access grants, by local name.
    ///
    /// - The owner: `all` and everything it aggregates that we use.
    /// - Read-write sharee: `read`, `write` (RFC 3744 §3.2: it aggregates `write-properties`,
    ///   `write-content`, `bind`, `unbind`, listed too so clients that check one of them find
    ///   it), `read-current-user-privilege-set` — as CalendarServer and sabre/dav grant a
    ///   read-write sharee; no `read-acl`, `write-acl`, `unlock` or `all`.
    /// - Read-only sharee: `read`, `read-current-user-privilege-set` and `write-properties`, as
    ///   sabre/dav does: the sharee's display name and colour are the sharee's own, so a PROPPATCH
    ///   of them is theirs to make; no `write`, `write-content`, `bind` or `unbind`, so
    ///   Thunderbird, DAVx5 and Apple clients mark the calendar read-only.
    public var privileges: [String] {
        switch self {
        case .owner:
            return [
                "all", "read", "write", "write-properties", "write-content", "bind", "unbind",
                "unlock", "read-acl", "read-current-user-privilege-set",
            ]
        case .readWrite:
            return [
                "read", "write", "write-properties", "write-content", "bind", "unbind",
                "read-current-user-privilege-set",
            ]
        case .read:
            return ["read", "write-properties", "read-current-user-privilege-set"]
        }
    }

    /// Whether this access grants the `DAV:` privilege `name` (directly or by aggregation).
    public func grants(_ name: String) -> Bool {
        privileges.contains(name)
    }

    /// Whether objects may be created, changed and deleted (`DAV:write-content`, `bind`,
    /// `unbind`).
    public var canWriteContent: Bool { self >= .readWrite }

    private var rank: Int {
        switch self {
        case .read: 0
        case .readWrite: 1
        case .owner: 2
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}
