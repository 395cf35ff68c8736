import Storage
import WebDAV

/// The URL layout (ARCHITECTURE.md): `/caldav/`, principals, calendar homes, collections, objects.
public enum CadencePaths {
    /// The DAV root segment.
    public static let root = "caldav"
    /// The calendar every user starts with.
    public static let defaultCalendar = "crm-tasks"
    /// Its display name.
    public static let defaultCalendarName = "CRM Tasks"
    /// The address book every user has: the CRM's contacts (CRM-MAPPING.md).
    public static let defaultAddressBook = "crm-contacts"
    /// Its display name.
    public static let defaultAddressBookName = "CRM Contacts"

    public static var rootPath: DAVPath { DAVPath(segments: [root], trailingSlash: true) }
    public static var principalsPath: DAVPath {
        DAVPath(segments: [root, "principals"], trailingSlash: true)
    }
    public static var userPrincipalsPath: DAVPath {
        DAVPath(segments: [root, "principals", "users"], trailingSlash: true)
    }
    public static var calendarsPath: DAVPath {
        DAVPath(segments: [root, "calendars"], trailingSlash: true)
    }

    public static var addressBooksPath: DAVPath {
        DAVPath(segments: [root, "addressbooks"], trailingSlash: true)
    }

    /// `/caldav/addressbooks/{user}/` (RFC 6352 §7.1.1 `addressbook-home-set`).
    public static func addressBookHome(_ user: String) -> DAVPath {
        DAVPath(segments: [root, "addressbooks", user], trailingSlash: true)
    }

    /// `/caldav/addressbooks/{user}/{book}/`.
    public static func addressBook(_ user: String, _ path: String) -> DAVPath {
        DAVPath(segments: [root, "addressbooks", user, path], trailingSlash: true)
    }

    /// `/caldav/principals/users/{user}/`.
    public static func principal(_ user: String) -> DAVPath {
        DAVPath(segments: [root, "principals", "users", user], trailingSlash: true)
    }

    /// `/caldav/principals/users/{user}/calendar-proxy-read/` or `…-write/`: the user's proxy
    /// group principals (CalendarServer caldav-proxy.txt §3.1).
    public static func proxyGroup(_ user: String, _ access: ProxyAccess) -> DAVPath {
        DAVPath(
            segments: [root, "principals", "users", user, proxyGroupSegment(access)],
            trailingSlash: true)
    }

    /// The path segment of a proxy group below its owner's principal.
    public static func proxyGroupSegment(_ access: ProxyAccess) -> String {
        access == .read ? "calendar-proxy-read" : "calendar-proxy-write"
    }

    /// `/caldav/principals/teams/`: the teams' group principals.
    public static var teamPrincipalsPath: DAVPath {
        DAVPath(segments: [root, "principals", "teams"], trailingSlash: true)
    }

    /// `/caldav/principals/teams/{team}/`: a team's group principal.
    public static func teamPrincipal(_ team: String) -> DAVPath {
        DAVPath(segments: [root, "principals", "teams", team], trailingSlash: true)
    }

    /// The user named by a principal href (a path or an absolute URL), or `nil`.
    public static func principalUser(href: String) -> String? {
        guard case .principal(let user)? = locate(href: href) else { return nil }
        return user
    }

    /// The team named by a group principal href (a path or an absolute URL), or `nil`.
    public static func principalTeam(href: String) -> String? {
        guard case .teamPrincipal(let team)? = locate(href: href) else { return nil }
        return team
    }

    /// Where an href (a path or an absolute URL) points.
    static func locate(href: String) -> Location? {
        var text = Substring(href)
        if let scheme = text.range(of: "://") {
            let afterScheme = text[scheme.upperBound...]
            guard let slash = afterScheme.firstIndex(of: "/") else { return nil }
            text = afterScheme[slash...]
        }
        return DAVPath(String(text)).flatMap(locate)
    }

    /// `/caldav/notifications/`: holds each user's notification collection.
    public static var notificationsPath: DAVPath {
        DAVPath(segments: [root, "notifications"], trailingSlash: true)
    }

    /// `/caldav/notifications/{user}/`: the user's notification collection (CalendarServer
    /// caldav-notifications.txt §3.1), kept outside the calendar home so that no calendar name
    /// is taken from users.
    public static func notifications(_ user: String) -> DAVPath {
        DAVPath(segments: [root, "notifications", user], trailingSlash: true)
    }

    /// `/caldav/notifications/{user}/{name}`: one notification.
    public static func notification(_ user: String, _ name: String) -> DAVPath {
        DAVPath(segments: [root, "notifications", user, name], trailingSlash: false)
    }

    /// `/caldav/calendars/{user}/`.
    public static func home(_ user: String) -> DAVPath {
        DAVPath(segments: [root, "calendars", user], trailingSlash: true)
    }

    /// `/caldav/calendars/{user}/{path}/`.
    public static func collection(_ user: String, _ path: String) -> DAVPath {
        DAVPath(
            segments: [root, "calendars", user] + path.split(separator: "/").map(String.init),
            trailingSlash: true)
    }

    /// `/caldav/calendars/{user}/{path}/{name}`.
    public static func object(_ user: String, _ path: String, _ name: String) -> DAVPath {
        collection(user, path).appending(name)
    }

    /// Where a request path points, before any lookup.
    public enum Location: Sendable, Hashable {
        /// `/`: answers PROPFIND for `current-user-principal` (Nextcloud's DAV Connector, python
        /// caldav given the bare server URL).
        case serverRoot
        case root
        case principals
        case userPrincipals
        case principal(user: String)
        /// A user's `calendar-proxy-read` or `calendar-proxy-write` group principal.
        case proxyGroup(user: String, access: ProxyAccess)
        /// `/caldav/principals/teams/`.
        case teamPrincipals
        /// A team's group principal.
        case teamPrincipal(team: String)
        case calendars
        case home(user: String)
        /// Below a home: the segments after the user name (a collection or an object).
        case inHome(user: String, segments: [String])
        /// `/caldav/addressbooks/`.
        case addressBooks
        case addressBookHome(user: String)
        /// Below an address-book home: the segments after the user name.
        case inAddressBookHome(user: String, segments: [String])
        /// `/caldav/notifications/`.
        case notificationCollections
        /// A user's notification collection.
        case notifications(user: String)
        /// One notification in a user's collection.
        case notification(user: String, name: String)
    }

    /// Classifies a path, or `nil` when it is outside `/caldav/`.
    public static func locate(_ path: DAVPath) -> Location? {
        let s = path.segments
        if s.isEmpty { return .serverRoot }
        guard s.first == root else { return nil }
        switch s.count {
        case 1: return .root
        default: break
        }
        switch s[1] {
        case "principals":
            if s.count == 2 { return .principals }
            if s[2] == "teams" {
                if s.count == 3 { return .teamPrincipals }
                return s.count == 4 ? .teamPrincipal(team: s[3]) : nil
            }
            guard s[2] == "users" else { return nil }
            if s.count == 3 { return .userPrincipals }
            if s.count == 4 { return .principal(user: s[3]) }
            guard s.count == 5 else { return nil }
            return ProxyAccess.allCases.first { proxyGroupSegment($0) == s[4] }.map {
                .proxyGroup(user: s[3], access: $0)
            }
        case "calendars":
            if s.count == 2 { return .calendars }
            if s.count == 3 { return .home(user: s[2]) }
            return .inHome(user: s[2], segments: Array(s[3...]))
        case "addressbooks":
            if s.count == 2 { return .addressBooks }
            if s.count == 3 { return .addressBookHome(user: s[2]) }
            return .inAddressBookHome(user: s[2], segments: Array(s[3...]))
        case "notifications":
            switch s.count {
            case 2: return .notificationCollections
            case 3: return .notifications(user: s[2])
            case 4: return .notification(user: s[2], name: s[3])
            default: return nil
            }
        default:
            return nil
        }
    }
}
