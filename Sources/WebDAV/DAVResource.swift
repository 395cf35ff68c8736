/// A resource in the DAV namespace: a collection or a member with content (RFC 4918 §5).
///
/// Concrete kinds (principals, homes, calendars, calendar objects, plain files) are defined by the
/// layers above; property providers recognise them by casting.
public protocol DAVResource: Sendable {
    /// The resource's path; collections have `trailingSlash` set.
    var path: DAVPath { get }
    /// The percent-encoded href of `path` (a resource may keep it precomputed).
    var href: String { get }
    /// Whether this is a collection.
    var isCollection: Bool { get }
    /// Resource types besides `DAV:collection` (`CALDAV:calendar`, `DAV:principal`, …).
    var resourceTypes: [XMLName] { get }
    /// The strong ETag, quoted (`"…"`), for resources with content.
    var etag: String? { get }
    /// The media type of the content.
    var contentType: String? { get }
    /// The length of the content in octets.
    var contentLength: Int? { get }
    /// Last modification, seconds since 1970 (UTC).
    var lastModified: Int64? { get }
    /// Creation, seconds since 1970 (UTC).
    var createdAt: Int64? { get }
    /// The display name (`DAV:displayname`), if any.
    var displayName: String? { get }
    /// The owner's principal (`DAV:owner`), for resources a user owns.
    var owner: DAVPath? { get }
    /// The current user's privileges here (`DAV:current-user-privilege-set`, RFC 3744 §5.4).
    var currentUserPrivileges: [XMLName] { get }
    /// The access control entries `DAV:acl` reports (RFC 3744 §5.5): by default the owner is
    /// granted `DAV:all`.
    var accessControlEntries: [AccessControlEntry] { get }
}

/// One grant of `DAV:acl` (RFC 3744 §5.5.1): a principal and the privileges granted to it.
public struct AccessControlEntry: Sendable, Hashable {
    /// The principal's URL.
    public var principal: DAVPath
    /// The granted privileges.
    public var privileges: [XMLName]

    public init(principal: DAVPath, privileges: [XMLName]) {
        self.principal = principal
        self.privileges = privileges
    }
}

extension DAVResource {
    public var href: String { path.href }
    public var resourceTypes: [XMLName] { [] }
    public var etag: String? { nil }
    public var contentType: String? { nil }
    public var contentLength: Int? { nil }
    public var lastModified: Int64? { nil }
    public var createdAt: Int64? { nil }
    public var displayName: String? { nil }
    public var owner: DAVPath? { nil }
    public var currentUserPrivileges: [XMLName] {
        owner == nil
            ? [.dav.name("read"), .dav.name("read-current-user-privilege-set")]
            : DAVPrivilege.ownerPrivileges
    }
    public var accessControlEntries: [AccessControlEntry] {
        owner.map { [AccessControlEntry(principal: $0, privileges: [.dav.name("all")])] } ?? []
    }
}

/// Privilege names (RFC 3744 §3).
public enum DAVPrivilege {
    /// Everything an owner may do on their own resources.
    public static let ownerPrivileges: [XMLName] = [
        "all", "read", "write", "write-properties", "write-content", "bind", "unbind", "unlock",
        "read-acl", "read-current-user-privilege-set",
    ].map { XMLName.dav.name($0) }
}

/// A collection that keeps a sync token (RFC 6578).
public protocol SyncableCollection: DAVResource {
    /// The current sync token, a URI (RFC 6578 §3.2).
    var syncToken: String { get }
}

/// The request's context: who is asking, and how they want answers.
public struct DAVContext: Sendable {
    /// The authenticated user's name.
    public var userName: String
    /// The authenticated user's principal (`DAV:current-user-principal`, RFC 5397).
    public var principal: DAVPath
    /// The request being served.
    public var request: DAVRequest
    /// The engine serving it (set by `DAVServer.handle`), for properties that describe the engine.
    public var server: DAVServer?

    public init(userName: String, principal: DAVPath, request: DAVRequest) {
        self.userName = userName
        self.principal = principal
        self.request = request
    }
}

/// What a conditional write requires of the current state (RFC 4918 §10.4, RFC 7232).
public enum WritePrecondition: Sendable, Hashable {
    /// No condition.
    case none
    /// `If-Match`: the resource exists with one of these ETags (`*` = exists at all).
    case ifMatch([String])
    /// `If-None-Match: *`: the resource must not exist.
    case ifNoneMatchAny
    /// `If-None-Match` with ETags: the resource must not have one of these ETags.
    case ifNoneMatch([String])
    /// The WebDAV `If` header (RFC 4918 §10.4) for the request path, and the `If-Match` /
    /// `If-None-Match` lists sent with it (`nil` when absent). (Not a recursive case: an
    /// `indirect` one crashed at run time here.)
    case ifHeader(IfHeader, path: DAVPath, ifMatch: [String]?, ifNoneMatch: [String]?)

    /// Reads `If-Match`, `If-None-Match` and `If` from a request (a malformed `If` was refused
    /// with 400 before any method ran; see `DAVServer.handle`).
    public init(_ request: DAVRequest) {
        let ifMatch = request.header("if-match").map(Self.etags)
        let ifNoneMatch = request.header("if-none-match").map(Self.etags)
        if let text = request.header("if"), let header = try? IfHeader(parsing: text) {
            self = .ifHeader(
                header, path: request.path, ifMatch: ifMatch,
                ifNoneMatch: ifMatch == nil ? ifNoneMatch : nil)
        } else if let ifMatch {
            self = .ifMatch(ifMatch)
        } else if let ifNoneMatch {
            self = ifNoneMatch == ["*"] ? .ifNoneMatchAny : .ifNoneMatch(ifNoneMatch)
        } else {
            self = .none
        }
    }

    /// Whether the condition holds for a resource with `etag` (`nil` when it does not exist).
    public func isSatisfied(currentETag etag: String?) -> Bool {
        switch self {
        case .none: return true
        case .ifMatch(let tags):
            guard let etag else { return false }
            return tags.contains("*") || tags.contains { Self.strip($0) == Self.strip(etag) }
        case .ifNoneMatchAny: return etag == nil
        case .ifNoneMatch(let tags):
            guard let etag else { return true }
            return !tags.contains { Self.strip($0) == Self.strip(etag) }
        case .ifHeader(let header, let path, let ifMatch, let ifNoneMatch):
            guard header.isSatisfied(path: path, etag: etag) else { return false }
            if let ifMatch, !WritePrecondition.ifMatch(ifMatch).isSatisfied(currentETag: etag) {
                return false
            }
            if let ifNoneMatch {
                let condition: WritePrecondition =
                    ifNoneMatch == ["*"] ? .ifNoneMatchAny : .ifNoneMatch(ifNoneMatch)
                return condition.isSatisfied(currentETag: etag)
            }
            return true
        }
    }

    static func etags(_ header: String) -> [String] {
        header.split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
    }

    /// An ETag without a weak prefix and quotes, for comparison.
    static func strip(_ tag: String) -> String {
        var s = Substring(tag)
        if s.hasPrefix("W/") { s = s.dropFirst(2) }
        if s.hasPrefix("\"") { s = s.dropFirst() }
        if s.hasSuffix("\"") { s = s.dropLast() }
        return String(s)
    }
}
