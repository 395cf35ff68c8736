import Storage
import WebDAV

/// Delegated access (CalendarServer caldav-proxy.txt): a delegate reaches the owner's calendar
/// home, calendars and objects at the owner's URLs, as the owner's — one object, one ETag, the
/// owner's sync tokens and change log — read-only for a `calendar-proxy-read` member.
extension GroupwareBackend {
    /// The backend that answers `user`'s request for `path`.
    ///
    /// A path in the calendar home of a user who made `user` their proxy is answered by that
    /// owner's backend with the proxy's access (`proxy`); every other path, and a path in the
    /// home of someone who did not, by the user's own (which answers `404` for another user's
    /// home). The principal, address books and everything else stay the user's own view.
    public static func serving(
        _ path: DAVPath, for user: UserRecord, store: any CadenceStore, limits: Limits,
        usage: UsageTracker
    ) async -> GroupwareBackend {
        let own = GroupwareBackend(store: store, user: user, limits: limits, usage: usage)
        let ownerName: String
        switch CadencePaths.locate(path) {
        case .home(let name)?, .inHome(let name, _)?: ownerName = name
        default: return own
        }
        // A failed lookup answers as if there were no delegation: the user's own view (404).
        guard ownerName != user.name, let owner = try? await store.user(named: ownerName),
            let grant = try? await store.proxyGrant(ownerID: owner.id, delegateID: user.id)
        else { return own }
        var delegated = GroupwareBackend(store: store, user: owner, limits: limits, usage: usage)
        delegated.proxy = grant.access
        return delegated
    }

    /// Whose calendars this backend serves: the requester, or the owner a delegate acts for.
    public var servedUser: UserRecord { user }

    /// The access of this backend's requester to everything it serves: the owner's, or a
    /// proxy's (`read` for `calendar-proxy-read`, `read-write` for `calendar-proxy-write`).
    public var access: CollectionAccess {
        switch proxy {
        case nil: .owner
        case .read?: .read
        case .write?: .readWrite
        }
    }

    /// Refuses a write by a read-only delegate before anything is looked at: `403` with
    /// `DAV:need-privileges` naming `privilege` on `href` (RFC 3744 §7.1.1).
    func requireProxyWrite(_ privilege: String, href: String) throws(DAVError) {
        guard proxy == .read else { return }
        throw DAVError.needPrivileges(
            href: href, privilege: privilege,
            reason: "you may read these calendars as a delegate, not change them")
    }
}
