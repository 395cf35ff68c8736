import CalDAV
import Storage
import WebDAV

/// Another user's principal as a colleague sees it (RFC 3744 §2): read-only, with the
/// properties that let clients find and address them — `displayname`, `principal-URL`,
/// `calendar-user-address-set`, `CS:email-address-set`, `calendar-user-type` and
/// `calendar-home-set` (as sabre/dav and CalendarServer expose to every authenticated user).
/// The home it names stays `404` unless it was delegated; the address-book home, quota and
/// proxy memberships are not shown.
struct ColleaguePrincipalResource: PrincipalResource {
    var user: UserRecord
    var path: DAVPath { CadencePaths.principal(user.name) }
    var isCollection: Bool { true }
    var resourceTypes: [XMLName] { [.dav.principal] }
    var displayName: String? { user.displayName.isEmpty ? user.name : user.displayName }
    var owner: DAVPath? { path }
    var currentUserPrivileges: [XMLName] {
        [.dav.name("read"), .dav.name("read-current-user-privilege-set")]
    }
    var calendarHome: DAVPath { CadencePaths.home(user.name) }
    var calendarUserAddresses: [String] {
        (user.email.isEmpty ? [] : ["mailto:" + user.email]) + [path.href]
    }
}

/// One of the requesting user's proxy group principals (CalendarServer caldav-proxy.txt §3.1):
/// `calendar-proxy-read` or `calendar-proxy-write` below their principal. Its
/// `DAV:group-member-set` lists the delegates; the owner changes it with PROPPATCH.
struct ProxyGroupResource: CalendarProxyGroupResource {
    var user: UserRecord
    var access: ProxyAccess
    var path: DAVPath { CadencePaths.proxyGroup(user.name, access) }
    var isCollection: Bool { true }
    var resourceTypes: [XMLName] {
        [
            .dav.principal,
            access == .read
                ? .calendarServer.calendarProxyRead : .calendarServer.calendarProxyWrite,
        ]
    }
    var displayName: String? {
        let name = user.displayName.isEmpty ? user.name : user.displayName
        return access == .read ? "\(name) (read-only delegates)" : "\(name) (delegates)"
    }
    var owner: DAVPath? { CadencePaths.principal(user.name) }
    var grantsWrite: Bool { access == .write }
}

extension ContainerResource: PrincipalSearchScope {
    /// The principal collection and its ancestors accept principal searches.
    var searchesPrincipals: Bool {
        switch CadencePaths.locate(path) {
        case .serverRoot, .root, .principals, .userPrincipals, .teamPrincipals: true
        default: false
        }
    }
}

/// A team's group principal (`/caldav/principals/teams/{team}/`), readable by every user like
/// colleagues' principals: `calendar-user-type` GROUP and its members in `group-member-set`, so
/// that macOS finds the team by principal search and shares a calendar with it by its address.
struct TeamPrincipalResource: GroupPrincipalResource {
    var team: TeamRecord
    var memberNames: [String]
    var path: DAVPath { CadencePaths.teamPrincipal(team.name) }
    var isCollection: Bool { true }
    var resourceTypes: [XMLName] { [.dav.principal] }
    var displayName: String? { team.displayName.isEmpty ? team.name : team.displayName }
    var owner: DAVPath? { nil }
    var currentUserPrivileges: [XMLName] {
        [.dav.name("read"), .dav.name("read-current-user-privilege-set")]
    }
    var members: [DAVPath] { memberNames.map(CadencePaths.principal) }
    var calendarUserAddresses: [String] { [path.href] }
}
