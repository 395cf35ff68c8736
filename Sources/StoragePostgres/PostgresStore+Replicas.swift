import Logging
import PostgresNIO
import Storage
import Synchronization

/// Whether a connection was leased (set once, from the lease's task).
final class LeaseFlag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}

/// How a replica read's race against its lease timeout ended.
enum LeaseOutcome<T: Sendable>: Sendable {
    case value(T)
    /// The timer ran out after the connection was leased: the read goes on.
    case leasedInTime
    case timedOut
}

/// Read replicas and read-your-writes (issue 9; ARCHITECTURE.md "Scale" step 3).
///
/// A request that only reads (`ReadRouting.allowsReplicas`) has its reads served by a usable
/// replica that has replayed the signed-in user's last write; its first routed read pins the
/// request to that server. Writes, reads inside a write transaction, reads of background work
/// (no `ReadRouting`) and the user and app-password lookups of authentication run on the
/// primary.
///
/// Each user's last write position lives in the primary's `write_positions` (one row per user,
/// the WAL insert position after the write's `COMMIT`, so past its commit record even under
/// `synchronous_commit = off`), so every instance of a cluster knows it; the user lookup that
/// authenticates each request reads it in the same statement (a `LEFT JOIN`), so routing costs
/// no round trip of its own.
extension PostgresStore: ReplicaReading {
    /// See `ReplicaReading.hasReplicas`.
    public var hasReplicas: Bool { replicaSet != nil }

    /// See `ReplicaReading.replicaStatistics()`.
    public func replicaStatistics() -> ReplicaStatistics {
        replicaSet?.statistics ?? ReplicaStatistics(primaryReads: 0, replicas: [])
    }

    /// See `ReplicaReading.waitForReplicas(timeout:)`: the end of the primary's last inserted
    /// WAL record now is past every change committed before the call; waits (polling the replicas' known positions
    /// every 10 ms) until each usable replica has replayed it.
    public func waitForReplicas(timeout: Duration) async -> Bool {
        guard let replicaSet else { return true }
        let logger = logger
        guard
            let target = try? await ReplicaSet.position(
                client, ReplicaSet.insertSQL, logger: logger)
        else { return false }
        let deadline = ContinuousClock.now + timeout
        while !replicaSet.haveReplayed(target) {
            guard ContinuousClock.now < deadline, !Task.isCancelled else { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    /// The replica this read may run on, or `nil` for the primary; pins the request's routing.
    func replicaForRead() async -> Int? {
        guard let replicaSet, let routing = ReadRouting.current, routing.allowsReplicas else {
            return nil
        }
        switch routing.pinned {
        case .primary: return nil
        case .replica(let index):
            if replicaSet.isUsable(index) { return index }
            // Out of use since: the primary is ahead of it, so reads still go forward in time.
            routing.pinPrimary()
            return nil
        case nil: break
        }
        let required: Int64
        switch routing.requirement {
        case .none: required = 0
        case .position(let position): required = position
        case .unknown(let userID):
            guard let position = try? await writePosition(userID: userID) else {
                routing.pin(.primary)
                return nil
            }
            routing.noteWritePosition(position, of: userID)
            required = position
        }
        guard let index = replicaSet.choose(atLeast: required) else {
            routing.pin(.primary)
            return nil
        }
        if case .replica(let pinned) = routing.pin(.replica(index)) { return pinned }
        return nil
    }

    /// Runs `body` on replica `index` (one statement, or a REPEATABLE READ READ ONLY
    /// transaction), or answers `nil` when the replica failed the read (lost connection, a
    /// query cancelled by a recovery conflict): then the caller runs it on the primary and the
    /// request stays there. A `StorageError` of `body` is its answer.
    func onReplica<T: Sendable>(
        _ index: Int, statement: Bool, _ body: @escaping @Sendable (PGDatabase) async throws -> T
    ) async throws(StorageError) -> T? {
        guard let replicaSet else { return nil }
        let logger = logger
        let channel = channel
        let client = replicaSet.replicas[index].client
        do {
            let value = try await Self.leased(client, within: replicaSet.leaseTimeout) {
                connection in
                let db = PGDatabase(connection: connection, logger: logger, channel: channel)
                if statement {
                    db.statementBudget = 1
                    return try await body(db)
                }
                try await db.execute(sql: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                do {
                    let value = try await body(db)
                    try await db.execute(sql: "COMMIT")
                    return value
                } catch {
                    try? await db.execute(sql: "ROLLBACK")
                    throw error
                }
            }
            replicaSet.countRead(index)
            return value
        } catch let error as StorageError {
            replicaSet.countRead(index)
            throw error
        } catch {
            // A server's error (SQLSTATE) leaves the replica in use; anything else is the
            // connection, and the replica waits for the poller to hear from it again.
            if Self.sqlState(error) == nil { replicaSet.markUnanswered(index) }
            logger.warning(
                "read replica \(replicaSet.replicas[index].name) failed a read, the primary serves it: \(Self.storageError(error).reason)"
            )
            ReadRouting.current?.pinPrimary()
            return nil
        }
    }

    /// A replica's connection could not be leased in time (the replica stopped answering, or
    /// its pool is busy): the read goes to the primary.
    struct ReplicaLeaseTimeout: Error {}

    /// `client.withConnection(body)`, or `ReplicaLeaseTimeout` when no connection was leased
    /// within `timeout` (the lease is then cancelled): a pool whose server went away keeps lease
    /// requests waiting while it retries to connect, and a request must not wait with them.
    static func leased<T: Sendable>(
        _ client: PostgresClient, within timeout: Duration,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let leased = LeaseFlag()
        return try await withThrowingTaskGroup(of: LeaseOutcome<T>.self) { group in
            group.addTask {
                .value(
                    try await client.withConnection { connection in
                        leased.set()
                        return try await body(connection)
                    })
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return leased.isSet ? .leasedInTime : .timedOut
            }
            while let outcome = try await group.next() {
                switch outcome {
                case .value(let value):
                    group.cancelAll()
                    return value
                case .leasedInTime: continue
                case .timedOut:
                    group.cancelAll()
                    throw ReplicaLeaseTimeout()
                }
            }
            throw ReplicaLeaseTimeout()
        }
    }

    /// After a committed write: records the signed-in user's write position in the primary
    /// (never lowering it), and keeps the rest of the request on the primary.
    func recordWrite(_ routing: ReadRouting) async {
        routing.pinPrimary()
        guard let userID = routing.userID else { return }
        let logger = logger
        let channel = channel
        let position = try? await client.withConnection { connection in
            let db = PGDatabase(connection: connection, logger: logger, channel: channel)
            return try await Int64.fetchOne(
                db,
                sql: """
                    INSERT INTO write_positions (owner_id, lsn)
                    VALUES (?, (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint)
                    ON CONFLICT (owner_id)
                    DO UPDATE SET lsn = GREATEST(write_positions.lsn, excluded.lsn)
                    RETURNING lsn
                    """,
                arguments: [userID])
        }
        if let position { routing.noteWritePosition(position, of: userID) }
    }

    /// A user's last write position (0 when none is recorded), read on the primary.
    func writePosition(userID: Int64) async throws(StorageError) -> Int64 {
        try await primaryStatement { db in
            try await Int64.fetchOne(
                db, sql: "SELECT lsn FROM write_positions WHERE owner_id = ?",
                arguments: [userID]) ?? 0
        }
    }

    /// A user by `name` or `id`, with their write position noted in the request's routing: one
    /// statement on the primary.
    func userWithWritePosition(where column: String, _ value: some PGBindable)
        async throws(StorageError) -> UserRecord?
    {
        precondition(column == "name" || column == "id")
        let found = try await primaryStatement { db in
            try await Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT \(PGRows.userColumns), COALESCE(w.lsn, 0) AS write_lsn
                        FROM users LEFT JOIN write_positions w ON w.owner_id = users.id
                        WHERE users.\(column) = ?
                        """),
                arguments: [value]
            ).map { row in (PGRows.user(row), row["write_lsn"] as Int64) }
        }
        guard let (user, position) = found else { return nil }
        ReadRouting.current?.noteWritePosition(position, of: user.id)
        return user
    }
}
