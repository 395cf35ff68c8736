import Foundation
import Logging
import PostgresNIO
import Storage
import Synchronization

/// The read replicas of a `PostgresStore` (issue 9; ARCHITECTURE.md "Scale" step 3): hot standbys
/// fed by PostgreSQL's streaming replication, each with a pool of its own, and what is known of
/// how far each has replayed the primary's write-ahead log.
///
/// A poller asks every `interval` for each replica's replay position (`pg_last_wal_replay_lsn()`)
/// and for the primary's WAL position (`pg_current_wal_lsn()`), each query in a task of its own so
/// that a replica that hangs delays nothing. Positions are LSNs as numbers (`lsn - '0/0'`), which
/// grow with every byte of WAL. A replica's lag is how long ago the primary reached a position the
/// replica has not replayed yet: zero on an idle primary however old its last transaction, and no
/// clock of another machine involved. A replica is usable while it answered within
/// `answerWindow` and lags at most `maximumLag`.
final class ReplicaSet: Sendable {
    /// One replica and its pool.
    struct Replica: Sendable {
        /// The address without the password, for logs and metrics.
        let name: String
        let client: PostgresClient
        let runner: Task<Void, Never>
    }

    struct ReplicaState {
        /// The replay position last answered, `-1` before the first answer.
        var replay: Int64 = -1
        var answeredAt: ContinuousClock.Instant?
        var polling = false
        var reads: Int64 = 0
        /// Whether the last state was usable (to log changes once).
        var wasUsable = false
    }

    struct State {
        var replicas: [ReplicaState]
        /// The primary's positions as first seen, oldest first (only changes are kept).
        var samples: [(at: ContinuousClock.Instant, position: Int64)] = []
        /// The newest position of a sample dropped for its age: a replica below it lags more
        /// than the window kept.
        var floor: Int64 = 0
        var pollingPrimary = false
        var primaryReads: Int64 = 0
        var next = 0
    }

    let replicas: [Replica]
    let maximumLag: Duration
    let interval: Duration
    /// How recent a replica's last answer must be for it to be used.
    let answerWindow: Duration
    /// How long a read waits for a replica's connection before the primary serves it.
    let leaseTimeout: Duration = .seconds(1)
    let logger: Logger
    let state: Mutex<State>
    let poller = Mutex<Task<Void, Never>?>(nil)

    init(
        replicas: [Replica], maximumLag: Duration, interval: Duration = .milliseconds(100),
        logger: Logger
    ) {
        self.replicas = replicas
        self.maximumLag = maximumLag
        self.interval = interval
        self.answerWindow = max(.seconds(1), interval * 10)
        self.logger = logger
        self.state = Mutex(State(replicas: replicas.map { _ in ReplicaState() }))
    }

    /// Makes the pool of each replica URL: same user, pool size and TLS rules as the primary; a
    /// URL without `schema=` reads the primary's schema.
    static func make(
        urls: [String], poolSize: Int, schema: String?, maximumLag: Duration, logger: Logger
    ) throws(StorageError) -> ReplicaSet {
        var replicas: [Replica] = []
        for url in urls {
            var location = try PostgresLocation(url)
            if location.schema == nil { location.schema = schema }
            let client = PostgresClient(
                configuration: PostgresStore.clientConfiguration(location, poolSize: poolSize),
                backgroundLogger: logger)
            replicas.append(
                Replica(
                    name: "\(location.host):\(location.port)/\(location.database)",
                    client: client, runner: Task { await client.run() }))
        }
        return ReplicaSet(replicas: replicas, maximumLag: maximumLag, logger: logger)
    }

    /// Starts polling the replicas and `primary`.
    func start(primary: PostgresClient) {
        let task = Task { [self] in
            while !Task.isCancelled {
                poll(primary: primary)
                try? await Task.sleep(for: interval)
            }
        }
        poller.withLock { $0 = task }
    }

    /// Stops the poller and the replicas' pools.
    func close() {
        poller.withLock { $0?.cancel() }
        for replica in replicas { replica.runner.cancel() }
    }

    // MARK: Polling

    static let replaySQL = "SELECT (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint"
    static let primarySQL = "SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint"
    /// The end of the last record the primary inserted, flushed or not (a commit under
    /// `synchronous_commit = off` is inserted before it is written): the insert position, less
    /// the header of the WAL page it points into when the last record ended at that page's
    /// boundary (the insert position then points past the header — 24 bytes, 40 at a segment's
    /// start — which a standby's replay position, the end of the last record replayed, reaches
    /// only with the next record; no record ends inside or right after a page header).
    static let insertSQL = """
        SELECT p - CASE WHEN p % b = 24 THEN 24 WHEN p % s = 40 THEN 40 ELSE 0 END
        FROM (SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint AS p,
            current_setting('wal_block_size')::bigint AS b,
            (SELECT setting::bigint FROM pg_settings WHERE name = 'wal_segment_size') AS s) AS w
        """

    /// One position, or `nil` (NULL: a replica URL that names a primary has no replay position).
    static func position(_ client: PostgresClient, _ sql: String, logger: Logger) async throws
        -> Int64?
    {
        try await client.withConnection { connection in
            try await position(connection, sql, logger: logger)
        }
    }

    static func position(_ connection: PostgresConnection, _ sql: String, logger: Logger)
        async throws -> Int64?
    {
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            .get().rows
        guard let row = rows.first else { return nil }
        let value = try Row(row).values.first ?? .null
        return value == .null ? nil : Int64.decode(value)
    }

    /// Launches one query per replica and one for the primary, each unless the previous one
    /// still runs.
    private func poll(primary: PostgresClient) {
        let launchPrimary = state.withLock { state in
            guard !state.pollingPrimary else { return false }
            state.pollingPrimary = true
            return true
        }
        if launchPrimary {
            Task { [self] in
                let position = try? await Self.position(primary, Self.primarySQL, logger: logger)
                state.withLock { state in
                    state.pollingPrimary = false
                    if let position { record(&state, primary: position) }
                }
            }
        }
        for index in replicas.indices {
            let launch = state.withLock { state in
                guard !state.replicas[index].polling else { return false }
                state.replicas[index].polling = true
                return true
            }
            guard launch else { continue }
            Task { [self] in
                let position: Int64?
                do {
                    let client = replicas[index].client
                    let logger = logger
                    position = try await PostgresStore.leased(client, within: answerWindow) {
                        connection in
                        try await Self.position(connection, Self.replaySQL, logger: logger)
                    }
                } catch {
                    position = nil
                }
                let now = ContinuousClock.now
                let change = state.withLock { state -> Bool? in
                    state.replicas[index].polling = false
                    if let position {
                        state.replicas[index].replay = position
                        state.replicas[index].answeredAt = now
                    }
                    let usable = isUsable(state, index, now: now)
                    defer { state.replicas[index].wasUsable = usable }
                    return usable == state.replicas[index].wasUsable ? nil : usable
                }
                if let change {
                    logger.notice(
                        "read replica \(replicas[index].name) is \(change ? "in use" : "not used")")
                }
            }
        }
    }

    /// Keeps a new primary position (when it moved) and drops samples older than the window
    /// the lag is judged in.
    private func record(_ state: inout State, primary position: Int64) {
        let now = ContinuousClock.now
        if state.samples.last.map({ position > $0.position }) ?? true {
            state.samples.append((now, position))
        }
        let window = maximumLag + .seconds(2)
        while state.samples.count > 1, now - state.samples[0].at > window {
            state.floor = state.samples[0].position
            state.samples.removeFirst()
        }
    }

    // MARK: State

    /// How far `replay` is behind the primary: the age of the oldest primary position not
    /// replayed yet.
    private func lag(_ state: State, replay: Int64, now: ContinuousClock.Instant) -> Duration {
        if replay < state.floor { return maximumLag + .seconds(2) }
        guard let unreached = state.samples.first(where: { $0.position > replay }) else {
            return .zero
        }
        return now - unreached.at
    }

    private func isUsable(_ state: State, _ index: Int, now: ContinuousClock.Instant) -> Bool {
        let replica = state.replicas[index]
        guard let answeredAt = replica.answeredAt, replica.replay >= 0,
            now - answeredAt <= answerWindow
        else { return false }
        return lag(state, replay: replica.replay, now: now) <= maximumLag
    }

    /// Whether replica `index` may serve reads now.
    func isUsable(_ index: Int) -> Bool {
        state.withLock { isUsable($0, index, now: .now) }
    }

    /// A usable replica that has replayed `position`, taken in turn, or `nil`.
    func choose(atLeast position: Int64) -> Int? {
        let now = ContinuousClock.now
        return state.withLock { state in
            let candidates = replicas.indices.filter {
                isUsable(state, $0, now: now) && state.replicas[$0].replay >= position
            }
            guard !candidates.isEmpty else { return nil }
            state.next &+= 1
            return candidates[Int(UInt(bitPattern: state.next) % UInt(candidates.count))]
        }
    }

    /// Counts a read served by replica `index`, or by the primary for `nil`.
    func countRead(_ index: Int?) {
        state.withLock { state in
            if let index {
                state.replicas[index].reads += 1
            } else {
                state.primaryReads += 1
            }
        }
    }

    /// Takes replica `index` out of use until it answers the poller again (a read on it failed
    /// for want of a connection).
    func markUnanswered(_ index: Int) {
        state.withLock { $0.replicas[index].answeredAt = nil }
    }

    /// Whether every usable replica has replayed `position`.
    func haveReplayed(_ position: Int64) -> Bool {
        let now = ContinuousClock.now
        return state.withLock { state in
            replicas.indices.allSatisfy {
                !isUsable(state, $0, now: now) || state.replicas[$0].replay >= position
            }
        }
    }

    var statistics: ReplicaStatistics {
        let now = ContinuousClock.now
        return state.withLock { state in
            ReplicaStatistics(
                primaryReads: state.primaryReads,
                replicas: replicas.indices.map { index in
                    let replica = state.replicas[index]
                    let lag =
                        replica.replay < 0
                        ? maximumLag : lag(state, replay: replica.replay, now: now)
                    return ReplicaStatistics.Replica(
                        name: replicas[index].name, reads: replica.reads,
                        usable: isUsable(state, index, now: now),
                        lagSeconds: Double(lag.components.seconds)
                            + Double(lag.components.attoseconds) / 1e18)
                })
        }
    }
}
