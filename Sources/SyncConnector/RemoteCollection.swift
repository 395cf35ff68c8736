/// A remote CalDAV calendar collection (RFC 4791 §4.2) as the sync engine needs it.
///
/// Hrefs are absolute paths as the remote reports them (`/dav/calendars/alice/work/x.ics`);
/// ETags are quoted entity tags (RFC 7232 §2.3). The HTTP implementation is `CalDAVRemote`;
/// tests drive the engine with an in-memory one.
public protocol RemoteCollection: Sendable {
    /// The collection's absolute path, ending in `/`; new members are created below it.
    var path: String { get }
    /// `DAV:sync-collection` (RFC 6578 §3.2) from `token` (`nil`: initial sync).
    ///
    /// `.invalidSyncToken` when the remote no longer accepts the token, `.unsupported` when it
    /// does not implement the report.
    func syncCollection(token: String?) async throws(RemoteError) -> RemoteChanges
    /// CalendarServer `CS:getctag` of the collection, `nil` when the remote has none.
    func ctag() async throws(RemoteError) -> String?
    /// Every member with its ETag (PROPFIND `Depth: 1`, RFC 4918 §9.1), the collection left out.
    func members() async throws(RemoteError) -> [RemoteMember]
    /// The members at these hrefs with data (`calendar-multiget`, RFC 4791 §7.9); missing ones
    /// are left out.
    func objects(hrefs: [String]) async throws(RemoteError) -> [RemoteObject]
    /// PUT (RFC 4791 §5.3.2) with a precondition; returns the new ETag when the remote sends one.
    /// `.preconditionFailed` when the precondition does not hold.
    func put(href: String, data: [UInt8], precondition: RemotePrecondition)
        async throws(RemoteError) -> String?
    /// DELETE (RFC 4918 §9.6), with `If-Match` when `ifMatch` is given. `.notFound`,
    /// `.preconditionFailed`.
    func delete(href: String, ifMatch: String?) async throws(RemoteError)
}

/// A remote member and its ETag.
public struct RemoteMember: Sendable, Hashable {
    /// The member's href (absolute path).
    public var href: String
    /// Its quoted ETag.
    public var etag: String

    /// Creates a member.
    public init(href: String, etag: String) {
        self.href = href
        self.etag = etag
    }
}

/// A remote calendar object with its data.
public struct RemoteObject: Sendable, Hashable {
    /// The object's href (absolute path).
    public var href: String
    /// Its quoted ETag.
    public var etag: String
    /// Its iCalendar bytes (`CALDAV:calendar-data`).
    public var data: [UInt8]

    /// Creates an object.
    public init(href: String, etag: String, data: [UInt8]) {
        self.href = href
        self.etag = etag
        self.data = data
    }
}

/// The answer to `sync-collection` (RFC 6578 §3.2): changed members, removed hrefs, new token.
public struct RemoteChanges: Sendable, Hashable {
    /// Members created or changed since the token.
    public var changed: [RemoteMember]
    /// Hrefs of members removed since the token (404 responses, RFC 6578 §3.5).
    public var deleted: [String]
    /// The new `DAV:sync-token`.
    public var token: String
    /// Whether the remote truncated the answer (a `507` response for the request-URI, RFC 6578
    /// §3.6): more changes are to be asked for from `token`.
    public var truncated: Bool

    /// Creates an answer.
    public init(changed: [RemoteMember], deleted: [String], token: String, truncated: Bool = false)
    {
        self.changed = changed
        self.deleted = deleted
        self.token = token
        self.truncated = truncated
    }

    /// This answer followed by `later` (the answer from this one's token): a member's latest
    /// report wins, so one changed and then removed is removed, and one removed and then
    /// created again is changed.
    public func followed(by later: RemoteChanges) -> RemoteChanges {
        var etags: [String: String] = [:]
        var order: [String] = []
        for member in changed {
            if etags.updateValue(member.etag, forKey: member.href) == nil {
                order.append(member.href)
            }
        }
        var removed = Set(deleted)
        for href in later.deleted {
            etags[href] = nil
            removed.insert(href)
        }
        for member in later.changed {
            removed.remove(member.href)
            if etags.updateValue(member.etag, forKey: member.href) == nil {
                order.append(member.href)
            }
        }
        let members = order.compactMap { href in
            etags[href].map { RemoteMember(href: href, etag: $0) }
        }
        return RemoteChanges(
            changed: members, deleted: removed.sorted(), token: later.token,
            truncated: later.truncated)
    }
}

extension RemoteCollection {
    /// `syncCollection(token:)` followed through truncated answers (RFC 6578 §3.6): asks again
    /// from each returned token until an answer is complete, at most `maximumPages` requests.
    /// `.badResponse` when the remote is still truncating after that, or repeats a token while
    /// truncating (it would never finish).
    public func completeSyncCollection(token: String?, maximumPages: Int = 1000)
        async throws(RemoteError) -> RemoteChanges
    {
        var changes = try await syncCollection(token: token)
        var pages = 1
        while changes.truncated {
            guard pages < maximumPages else {
                throw RemoteError(
                    .badResponse, "sync-collection still truncated after \(pages) answers")
            }
            let next = try await syncCollection(token: changes.token)
            if next.truncated && next.token == changes.token {
                throw RemoteError(.badResponse, "sync-collection truncated without progress")
            }
            changes = changes.followed(by: next)
            pages += 1
        }
        return changes
    }
}

/// The precondition of a remote PUT (RFC 7232 §3.1–3.2).
public enum RemotePrecondition: Sendable, Hashable {
    /// `If-Match: "etag"`: replace exactly this version.
    case ifMatch(String)
    /// `If-None-Match: *`: create only.
    case ifNoneMatchAny
}
