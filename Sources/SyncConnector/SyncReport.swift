import Storage

/// What one sync run did (also added to the connector's `ConnectorCounts`).
public struct SyncReport: Sendable, Hashable {
    /// Objects written to the remote.
    public var pushed = 0
    /// Objects written locally.
    public var pulled = 0
    /// Local objects deleted (to the trash) because the remote deleted them.
    public var deletedLocally = 0
    /// Remote objects deleted because they were deleted locally.
    public var deletedRemotely = 0
    /// Conflicts resolved.
    public var conflicts = 0
    /// Objects skipped because of an error of their own (logged; the run went on).
    public var failed = 0

    /// An empty report.
    public init() {}

    /// The report added to running totals.
    public func adding(to counts: ConnectorCounts) -> ConnectorCounts {
        ConnectorCounts(
            pushed: counts.pushed + pushed, pulled: counts.pulled + pulled,
            deleted: counts.deleted + deletedLocally + deletedRemotely,
            conflicts: counts.conflicts + conflicts)
    }
}
