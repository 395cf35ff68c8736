/// A sync connector: one Cadence calendar kept in step with one remote CalDAV collection
/// (RFC 4791 §5.2; changes read with `sync-collection`, RFC 6578, or by ETag comparison).
///
/// The password is stored sealed (`sealedPassword`); the store never sees it in clear.
public struct ConnectorRecord: Sendable, Hashable {
    /// The store-assigned id.
    public var id: Int64
    /// The owning user's id.
    public var ownerID: Int64
    /// The local calendar's collection id.
    public var collectionID: Int64
    /// The remote collection's URL, ending in `/`.
    public var remoteURL: String
    /// The user name sent with HTTP Basic authentication (RFC 7617).
    public var userName: String
    /// The app password, sealed by the server key (nonce, ciphertext and tag).
    public var sealedPassword: [UInt8]
    /// Which way changes flow.
    public var direction: ConnectorDirection
    /// How a conflict (both sides changed since the last sync) is resolved.
    public var policy: ConflictPolicy
    /// Seconds between scheduled syncs.
    public var interval: Int64
    /// The local change-log token the last successful sync read up to (`SyncStore`).
    public var localToken: Int64
    /// The remote `DAV:sync-token` of the last successful sync (RFC 6578 §4), if any.
    public var remoteSyncToken: String?
    /// The remote `CS:getctag` of the last successful sync, if any.
    public var remoteCTag: String?
    /// When the last sync finished (UTC seconds), successful or not.
    public var lastSyncAt: Int64?
    /// The last sync's error, `nil` after a success.
    public var lastError: String?
    /// Failed syncs since the last success; drives the exponential back-off.
    public var failures: Int
    /// Totals since creation.
    public var counts: ConnectorCounts
    /// When it was created (UTC seconds).
    public var createdAt: Int64
    /// Whether it syncs on its schedule; a disabled connector only runs on demand.
    public var enabled: Bool
    /// A PEM file of CA certificates trusted for this remote instead of the system roots (a
    /// self-hosted server); `nil` uses the server-wide setting.
    public var trustedCAFile: String?
    /// No scheduled run before this UTC second: a remote's `Retry-After` (RFC 9110 §10.2.3)
    /// longer than a request waits.
    public var retryNotBefore: Int64?
    /// When the last successful sync finished (UTC seconds), for the lag metric.
    public var lastSuccessAt: Int64?
    /// The remote URL the per-object state and tokens belong to; a run finding `remoteURL`
    /// different starts over (`SyncEngine.forgetRemote`), so state of one remote is never
    /// applied to another.
    public var syncedURL: String?

    /// Creates a record; stores build these, callers use `NewConnector`.
    public init(
        id: Int64, ownerID: Int64, collectionID: Int64, remoteURL: String, userName: String,
        sealedPassword: [UInt8], direction: ConnectorDirection, policy: ConflictPolicy,
        interval: Int64, localToken: Int64 = 0, remoteSyncToken: String? = nil,
        remoteCTag: String? = nil, lastSyncAt: Int64? = nil, lastError: String? = nil,
        failures: Int = 0, counts: ConnectorCounts = ConnectorCounts(), createdAt: Int64,
        enabled: Bool = true, trustedCAFile: String? = nil, retryNotBefore: Int64? = nil,
        lastSuccessAt: Int64? = nil, syncedURL: String? = nil
    ) {
        self.id = id
        self.ownerID = ownerID
        self.collectionID = collectionID
        self.remoteURL = remoteURL
        self.userName = userName
        self.sealedPassword = sealedPassword
        self.direction = direction
        self.policy = policy
        self.interval = interval
        self.localToken = localToken
        self.remoteSyncToken = remoteSyncToken
        self.remoteCTag = remoteCTag
        self.lastSyncAt = lastSyncAt
        self.lastError = lastError
        self.failures = failures
        self.counts = counts
        self.createdAt = createdAt
        self.enabled = enabled
        self.trustedCAFile = trustedCAFile
        self.retryNotBefore = retryNotBefore
        self.lastSuccessAt = lastSuccessAt
        self.syncedURL = syncedURL
    }
}

/// The configuration of a new connector (`ConnectorStore.createConnector`).
public struct NewConnector: Sendable, Hashable {
    /// The owning user's id.
    public var ownerID: Int64
    /// The local calendar's collection id; it must be the owner's calendar.
    public var collectionID: Int64
    /// The remote collection's URL.
    public var remoteURL: String
    /// The Basic-auth user name.
    public var userName: String
    /// The sealed app password.
    public var sealedPassword: [UInt8]
    /// Which way changes flow.
    public var direction: ConnectorDirection
    /// The conflict policy.
    public var policy: ConflictPolicy
    /// Seconds between scheduled syncs.
    public var interval: Int64
    /// A PEM file of CA certificates trusted for this remote, if any.
    public var trustedCAFile: String?

    /// Creates a configuration.
    public init(
        ownerID: Int64, collectionID: Int64, remoteURL: String, userName: String,
        sealedPassword: [UInt8], direction: ConnectorDirection = .twoWay,
        policy: ConflictPolicy = .newestWins, interval: Int64 = 60, trustedCAFile: String? = nil
    ) {
        self.ownerID = ownerID
        self.collectionID = collectionID
        self.remoteURL = remoteURL
        self.userName = userName
        self.sealedPassword = sealedPassword
        self.direction = direction
        self.policy = policy
        self.interval = interval
        self.trustedCAFile = trustedCAFile
    }
}

/// Which way a connector moves changes.
public enum ConnectorDirection: String, Sendable, Hashable, CaseIterable {
    /// Both ways (the default).
    case twoWay = "two-way"
    /// Local changes go to the remote; remote changes are never written locally.
    case pushOnly = "push-only"
    /// Remote changes come in; local changes are never written remotely.
    case pullOnly = "pull-only"
}

/// How a connector resolves an object changed on both sides since the last sync.
///
/// The loser is never dropped: its text goes to the owner's trash with a sync-log entry.
public enum ConflictPolicy: String, Sendable, Hashable, CaseIterable {
    /// The version with the later `LAST-MODIFIED` (else `DTSTAMP`) wins; a tie keeps the local one.
    case newestWins = "newest-wins"
    /// The Cadence version wins.
    case localWins = "local-wins"
    /// The remote version wins.
    case remoteWins = "remote-wins"
}

/// A connector's running totals.
public struct ConnectorCounts: Sendable, Hashable {
    /// Objects written to the remote (created or updated).
    public var pushed: Int
    /// Objects written locally from the remote.
    public var pulled: Int
    /// Objects deleted on either side.
    public var deleted: Int
    /// Conflicts resolved.
    public var conflicts: Int

    /// Creates totals.
    public init(pushed: Int = 0, pulled: Int = 0, deleted: Int = 0, conflicts: Int = 0) {
        self.pushed = pushed
        self.pulled = pulled
        self.deleted = deleted
        self.conflicts = conflicts
    }
}

/// What a connector knows about one object present on both sides after its last sync.
public struct ConnectorObjectState: Sendable, Hashable {
    /// The local object's name in the calendar.
    public var localName: String
    /// The local ETag last seen or written.
    public var localETag: String
    /// The remote member's href (an absolute path, as the remote reports it).
    public var remoteHref: String
    /// The remote ETag last seen or written (RFC 7232 §2.3, quoted).
    public var remoteETag: String

    /// Creates a state row.
    public init(localName: String, localETag: String, remoteHref: String, remoteETag: String) {
        self.localName = localName
        self.localETag = localETag
        self.remoteHref = remoteHref
        self.remoteETag = remoteETag
    }
}

/// One line of a connector's sync log.
public struct ConnectorLogEntry: Sendable, Hashable {
    /// When it happened (UTC seconds).
    public var at: Int64
    /// What happened: `push`, `pull`, `delete-local`, `delete-remote`, `conflict`, `error`, ….
    public var action: String
    /// The object concerned (local name or remote href), empty for the whole run.
    public var object: String
    /// Details for humans.
    public var detail: String

    /// Creates a log line.
    public init(at: Int64, action: String, object: String, detail: String) {
        self.at = at
        self.action = action
        self.object = object
        self.detail = detail
    }
}
