/// One row of a collection's change log, read by `sync-collection` (RFC 6578 §3).
public struct Change: Sendable, Hashable {
    /// The collection the change happened in.
    public var collectionID: Int64
    /// The collection's sync token after this change.
    public var token: Int64
    /// The member's name.
    public var name: String
    /// What happened to it.
    public var kind: ChangeKind

    /// Creates a change row.
    public init(collectionID: Int64, token: Int64, name: String, kind: ChangeKind) {
        self.collectionID = collectionID
        self.token = token
        self.name = name
        self.kind = kind
    }
}

/// What happened to a member (RFC 6578 §3.5: present members vs. removed ones).
public enum ChangeKind: String, Sendable, Hashable, CaseIterable {
    /// The member was created.
    case created
    /// The member's content changed.
    case modified
    /// The member was removed; reported with 404 status.
    case deleted
}

/// The answer to `changes(collection:since:limit:)`: members changed since a token (RFC 6578 §3.2).
public struct ChangeSet: Sendable, Hashable {
    /// One change per name, the latest, ordered by token ascending.
    public var changes: [Change]
    /// The token to hand the client: the collection's current token, or with `isTruncated` the
    /// token of the last change returned.
    public var token: Int64
    /// `true` when `limit` cut the answer; the client asks again from `token` (RFC 6578 §3.6).
    public var isTruncated: Bool

    /// Creates an answer.
    public init(changes: [Change], token: Int64, isTruncated: Bool) {
        self.changes = changes
        self.token = token
        self.isTruncated = isTruncated
    }

    /// The names of the members changed and not deleted.
    public var liveNames: [String] { changes.filter { $0.kind != .deleted }.map(\.name) }

    /// Above this many live names, `SyncStore.changesWithObjects` lists the collection's
    /// metadata instead of looking each name up.
    public static let namedLookupLimit = 64

    /// Builds the answer from the change rows after `since`, in token order (shared by engines).
    ///
    /// Keeps the latest row per name; with `since == 0` (initial sync) drops names whose latest
    /// change is a deletion, since the client never saw them. `currentToken` is the collection's.
    public static func collapsing(
        _ rows: [Change], since: Int64, currentToken: Int64, limit: Int?
    ) -> ChangeSet {
        var latest: [String: Int] = [:]
        latest.reserveCapacity(rows.count)
        for (position, row) in rows.enumerated() { latest[row.name] = position }
        var kept: [Change] = []
        kept.reserveCapacity(latest.count)
        for (position, row) in rows.enumerated() where latest[row.name] == position {
            if since == 0 && row.kind == .deleted { continue }
            kept.append(row)
        }
        if let limit, limit >= 0, kept.count > limit {
            let cut = Array(kept.prefix(limit))
            let token = cut.last?.token ?? since
            return ChangeSet(changes: cut, token: token, isTruncated: true)
        }
        return ChangeSet(changes: kept, token: currentToken, isTruncated: false)
    }
}
