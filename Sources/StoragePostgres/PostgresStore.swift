import Foundation
import Logging
import NIOCore
import PostgresNIO
import Storage

/// The PostgreSQL engine (postgres-nio): a pool of connections to one database that several
/// Cadence instances may share (issue 9).
///
/// Every method is one transaction. Writes run SERIALIZABLE and are retried when PostgreSQL
/// reports a serialization failure or a deadlock, so a precondition read and the write that
/// depends on it behave as under SQLite's single writer, whichever instance runs them; reads run
/// in one REPEATABLE READ snapshot. Sync tokens are bumped with `UPDATE … RETURNING` in the
/// write transaction, so the writers of one collection serialise on its row and tokens are
/// neither duplicated nor skipped. Every committed change is published with `pg_notify`
/// (`committedChanges()`). SQL goes only through bound parameters.
public final class PostgresStore: CadenceStore, CollectionMoving, Sendable {
    /// The schema version this engine migrates to (the number of migrations).
    public static let schemaVersion = StoreSchema.steps.count

    let client: PostgresClient
    let runner: Task<Void, Never>
    /// Connections held for as long as a background service runs: the LISTEN of the change feed
    /// and the session of each cluster lock (`withClusterLock`), at most
    /// `serviceConnections`. Apart from `client`, so that they never take the connections
    /// requests need: with both in one pool, a `--db-pool` of 4 was used up by the listener and
    /// the lock holders of push and the periodic jobs (whose bodies then waited for a connection
    /// too), and every request waited forever.
    let serviceClient: PostgresClient
    let serviceRunner: Task<Void, Never>
    let clock: StoreClock
    let logger: Logger
    /// The schema (search path) the tables live in, `nil` for the server's default.
    let schema: String?
    /// The NOTIFY channel of committed changes, per schema.
    let channel: String
    let feed: ChangeFeedHub

    /// Read replicas (`replicas` of `init`), `nil` without: then every read runs on the primary
    /// and nothing about replicas costs anything.
    let replicaSet: ReplicaSet?

    /// Connects to the database at `url` (see `PostgresLocation`) with up to `poolSize`
    /// connections, and migrates it to the current schema unless `migrate` is false.
    ///
    /// `replicas` are hot standbys of that database (streaming replication), each with a pool of
    /// `poolSize` of its own: the reads of requests that only read may run there (see
    /// `ReadRouting`) while a replica lags at most `replicaMaximumLag` seconds and has replayed
    /// the signed-in user's last write. A replica URL without `schema=` reads the primary's.
    public init(
        url: String, poolSize: Int = 16, clock: StoreClock = .system, migrate: Bool = true,
        replicas: [String] = [], replicaMaximumLag: Double = 5,
        logger: Logger = Logger(label: "cadence.postgres")
    ) async throws(StorageError) {
        let location = try PostgresLocation(url)
        let client = PostgresClient(
            configuration: Self.clientConfiguration(location, poolSize: poolSize),
            backgroundLogger: logger)
        let serviceClient = PostgresClient(
            configuration: Self.clientConfiguration(
                location, poolSize: Self.serviceConnections),
            backgroundLogger: logger)
        var replicaSet: ReplicaSet?
        if !replicas.isEmpty {
            replicaSet = try ReplicaSet.make(
                urls: replicas, poolSize: poolSize, schema: location.schema,
                maximumLag: .milliseconds(Int64(max(0.1, replicaMaximumLag) * 1000)),
                logger: logger)
        }
        self.client = client
        self.runner = Task { await client.run() }
        self.serviceClient = serviceClient
        self.serviceRunner = Task { await serviceClient.run() }
        self.replicaSet = replicaSet
        self.clock = clock
        self.logger = logger
        self.schema = location.schema
        self.channel = "cadence_changes" + (location.schema.map { "_" + $0 } ?? "")
        self.feed = ChangeFeedHub()
        do {
            if let schema = location.schema {
                try await client.withConnection { connection in
                    _ = try await connection.query(
                        PostgresQuery(
                            unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(Self.quoted(schema))"),
                        logger: logger
                    ).get()
                }
            }
            if migrate { try await self.migrate() }
        } catch {
            runner.cancel()
            serviceRunner.cancel()
            replicaSet?.close()
            throw Self.storageError(error)
        }
        feed.start(store: self)
        replicaSet?.start(primary: client)
    }

    /// The most connections the background services hold at once (`serviceClient`): the
    /// listener, push's change reader and home watcher, and the four periodic jobs, plus one.
    static let serviceConnections = 8

    /// The pool's configuration for a database at `location`.
    static func clientConfiguration(_ location: PostgresLocation, poolSize: Int)
        -> PostgresClient.Configuration
    {
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.user,
            password: location.password, database: location.database,
            tls: location.requireTLS ? .require(.makeClientConfiguration()) : .disable)
        configuration.options.maximumConnections = max(2, poolSize)
        configuration.options.minimumConnections = 0
        if let schema = location.schema {
            configuration.options.additionalStartupParameters = [("search_path", schema)]
        }
        return configuration
    }

    deinit {
        runner.cancel()
        serviceRunner.cancel()
        replicaSet?.close()
    }

    /// Stops the pools and the change listener; the store must not be used afterwards.
    public func close() {
        feed.stop()
        runner.cancel()
        serviceRunner.cancel()
        replicaSet?.close()
    }

    /// An SQL identifier, double-quoted.
    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    // MARK: Migrations

    /// The identifiers of the migrations applied to the database, in order.
    public func appliedMigrations() async throws(StorageError) -> [String] {
        try await read { db in
            try await String.fetchAll(
                db, sql: "SELECT identifier FROM cadence_migrations ORDER BY position")
        }
    }

    /// Applies the missing steps of `StoreSchema` in order, in one transaction under an advisory
    /// lock, so that instances starting together migrate once. Returns the identifiers applied.
    @discardableResult
    public func migrate() async throws(StorageError) -> [String] {
        let now = clock.now()
        let lockKey = "cadence-migrate:" + (schema ?? "")
        return try await transaction(isolation: "READ COMMITTED") { db in
            try await db.execute(
                sql: "SELECT pg_advisory_xact_lock(hashtext(?))", arguments: [lockKey])
            try await db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS cadence_migrations (
                        position BIGINT PRIMARY KEY,
                        identifier TEXT NOT NULL UNIQUE,
                        applied_at BIGINT NOT NULL
                    )
                    """)
            let applied = Set(
                try await String.fetchAll(db, sql: "SELECT identifier FROM cadence_migrations"))
            var done: [String] = []
            for (position, step) in StoreSchema.steps.enumerated()
            where !applied.contains(step.name) {
                let sql = step.sql(for: .postgres)
                if !sql.isEmpty { try await db.executeScript(sql) }
                try await db.execute(
                    sql: """
                        INSERT INTO cadence_migrations (position, identifier, applied_at)
                        VALUES (?, ?, ?)
                        """,
                    arguments: [position + 1, step.name, now])
                done.append(step.name)
            }
            return done
        }
    }

    // MARK: Transactions

    /// Runs `body` in a REPEATABLE READ, READ ONLY transaction (a consistent snapshot): on a
    /// replica when the request's `ReadRouting` allows it (see `replicaForRead`), else on the
    /// primary.
    func read<T: Sendable>(_ body: @escaping @Sendable (PGDatabase) async throws -> T)
        async throws(StorageError) -> T
    {
        if replicaSet != nil {
            if let index = await replicaForRead(),
                let value = try await onReplica(index, statement: false, body)
            {
                return value
            }
            replicaSet?.countRead(nil)
        }
        return try await transaction(isolation: "REPEATABLE READ READ ONLY", body)
    }

    /// Runs `body`, which reads with one statement, on a pooled connection without `BEGIN` and
    /// `COMMIT`: the statement is a transaction of its own and reads one snapshot, as in `read`,
    /// in one round trip to the server instead of three. A second statement throws. Routed as
    /// `read` is.
    func readStatement<T: Sendable>(_ body: @escaping @Sendable (PGDatabase) async throws -> T)
        async throws(StorageError) -> T
    {
        if replicaSet != nil {
            if let index = await replicaForRead(),
                let value = try await onReplica(index, statement: true, body)
            {
                return value
            }
            replicaSet?.countRead(nil)
        }
        return try await primaryStatement(body)
    }

    /// `readStatement` on the primary, whatever the routing.
    func primaryStatement<T: Sendable>(_ body: @escaping @Sendable (PGDatabase) async throws -> T)
        async throws(StorageError) -> T
    {
        let logger = logger
        let channel = channel
        do {
            return try await client.withConnection { connection in
                let db = PGDatabase(connection: connection, logger: logger, channel: channel)
                db.statementBudget = 1
                return try await body(db)
            }
        } catch {
            throw Self.storageError(error)
        }
    }

    /// Runs `body` in one SERIALIZABLE write transaction; any thrown error rolls it back. A
    /// serialization failure or deadlock runs it again (up to 40 times, with a growing random
    /// pause), so the caller sees either its commit or a `StorageError`.
    ///
    /// `queueingOn` names collections whose writers should wait for each other before the
    /// transaction starts (a session advisory lock per collection, taken in id order before
    /// `BEGIN` and released after `COMMIT`): concurrent writers of one collection then run one
    /// after another instead of failing and retrying, since each one's snapshot starts after
    /// the previous commit. SERIALIZABLE still guards everything else.
    ///
    /// With read replicas, a write in a request (`ReadRouting`) records the signed-in user's
    /// write position and keeps the request's further reads on the primary (`recordWrite`);
    /// `recordingPosition` false leaves both alone (authentication's bookkeeping).
    func write<T: Sendable>(
        queueingOn collections: [Int64] = [], recordingPosition: Bool = true,
        _ body: @escaping @Sendable (PGDatabase) async throws -> T
    ) async throws(StorageError) -> T {
        let value = try await transaction(
            isolation: "SERIALIZABLE", queueingOn: collections, body)
        if replicaSet != nil, recordingPosition, let routing = ReadRouting.current {
            await recordWrite(routing)
        }
        return value
    }

    /// `read` on the primary, whatever the routing (sign-in checks: failed attempts, known
    /// addresses).
    func primaryRead<T: Sendable>(_ body: @escaping @Sendable (PGDatabase) async throws -> T)
        async throws(StorageError) -> T
    {
        try await transaction(isolation: "REPEATABLE READ READ ONLY", body)
    }

    func transaction<T: Sendable>(
        isolation: String, queueingOn collections: [Int64] = [],
        _ body: @escaping @Sendable (PGDatabase) async throws -> T
    ) async throws(StorageError) -> T {
        // Two int4 keys: a key space apart from the one-bigint keys of `withClusterLock`.
        let keys = Array(Set(collections)).sorted().map { Int64(Int32(truncatingIfNeeded: $0)) }
        let namespace = "cadence-collection:" + (schema ?? "")
        let logger = logger
        let channel = channel
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await client.withConnection { connection in
                    let db = PGDatabase(connection: connection, logger: logger, channel: channel)
                    for key in keys {
                        try await db.execute(
                            sql: "SELECT pg_advisory_lock(hashtext(?), ?::integer)",
                            arguments: [namespace, key])
                    }
                    // Session locks outlive the transaction: released before the connection
                    // goes back to the pool (or by the server if the connection is lost).
                    let unlock = { () async in
                        for key in keys.reversed() {
                            try? await db.execute(
                                sql: "SELECT pg_advisory_unlock(hashtext(?), ?::integer)",
                                arguments: [namespace, key])
                        }
                    }
                    do {
                        try await db.execute(sql: "BEGIN ISOLATION LEVEL " + isolation)
                    } catch {
                        await unlock()
                        throw error
                    }
                    do {
                        let value = try await body(db)
                        try await db.execute(sql: "COMMIT")
                        await unlock()
                        return value
                    } catch {
                        try? await db.execute(sql: "ROLLBACK")
                        await unlock()
                        throw error
                    }
                }
            } catch {
                // A unique violation in a race: the winner has committed, so running again lets
                // the method's own check see its row and answer as it would have.
                let raced = Self.sqlState(error) == "23505" && attempt < 4
                if attempt < 40, raced || Self.isRetryable(error) {
                    let pause = UInt64.random(in: 1...(UInt64(min(attempt, 10)) * 2_000_000))
                    try? await Task.sleep(nanoseconds: pause)
                    continue
                }
                throw Self.storageError(error)
            }
        }
    }

    /// The SQLSTATE of a server error, if `error` is one.
    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// Serialization failures and deadlocks: the transaction may succeed when run again.
    static func isRetryable(_ error: any Error) -> Bool {
        guard let state = sqlState(error) else { return false }
        return state == "40001" || state == "40P01"
    }

    /// Maps an engine error onto a `StorageError`: unique violations are conflicts.
    static func storageError(_ error: any Error) -> StorageError {
        if let error = error as? StorageError { return error }
        if let error = error as? PSQLError {
            if let state = error.serverInfo?[.sqlState], state == "23505" {
                return StorageError(.conflict, "already exists")
            }
            let message = error.serverInfo?[.message] ?? "\(error.code)"
            return StorageError(.engineFailure, "PostgreSQL: \(message)")
        }
        return StorageError(.engineFailure, "\(error)")
    }

    // MARK: Cluster-wide locks

    /// Runs `body` only if no other holder (in any instance on this database) holds the
    /// advisory lock `name`; returns `nil` without running it otherwise. The lock is a session
    /// lock on a connection of `serviceClient` leased for the duration, released afterwards (and
    /// by PostgreSQL if the connection dies); `body`'s own reads and writes use the request pool.
    public func withClusterLock<T: Sendable>(
        _ name: String, _ body: @Sendable () async throws -> T
    ) async throws -> T? {
        let key = "cadence:" + (schema ?? "") + ":" + name
        let logger = logger
        return try await serviceClient.withConnection { connection in
            let db = PGDatabase(connection: connection, logger: logger, channel: channel)
            let taken =
                try await Bool.fetchOne(
                    db, sql: "SELECT pg_try_advisory_lock(hashtext(?))", arguments: [key])
                ?? false
            guard taken else { return nil }
            do {
                let value = try await body()
                try await db.execute(
                    sql: "SELECT pg_advisory_unlock(hashtext(?))", arguments: [key])
                return value
            } catch {
                try? await db.execute(
                    sql: "SELECT pg_advisory_unlock(hashtext(?))", arguments: [key])
                throw error
            }
        }
    }

    // MARK: UserStore

    /// See `UserStore.createUser`.
    public func createUser(_ user: NewUser) async throws(StorageError) -> UserRecord {
        try ResourceName.validateUserName(user.name)
        let now = clock.now()
        return try await write { db in
            if try await Bool.fetchOne(
                db, sql: "SELECT 1 FROM users WHERE name = ?", arguments: [user.name]) != nil
            {
                throw StorageError(.conflict, "user \(user.name) exists")
            }
            try await db.execute(
                sql: """
                    INSERT INTO users (name, email, display_name, password_hash,
                        credential_version, password_changed_at, created_at, is_admin)
                    VALUES (?, ?, ?, ?, 1, ?, ?, ?)
                    """,
                arguments: [
                    user.name, user.email, user.displayName, user.passwordHash, now, now,
                    user.isAdmin,
                ])
            return UserRecord(
                id: (try await db.lastInsertedRowID), name: user.name, email: user.email,
                displayName: user.displayName, passwordHash: user.passwordHash,
                credentialVersion: 1, passwordChangedAt: now, createdAt: now,
                isAdmin: user.isAdmin)
        }
    }

    /// See `UserStore.user(named:)`. On the primary (authentication: a changed password counts
    /// at once); with replicas it also reads the user's last write position for `ReadRouting`.
    public func user(named name: String) async throws(StorageError) -> UserRecord? {
        if replicaSet != nil { return try await userWithWritePosition(where: "name", name) }
        return try await primaryStatement { db in
            try await Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT \(PGRows.userColumns) FROM users WHERE name = ?"),
                arguments: [name]
            ).map(PGRows.user)
        }
    }

    /// See `UserStore.user(id:)`. On the primary, as `user(named:)`.
    public func user(id: Int64) async throws(StorageError) -> UserRecord? {
        if replicaSet != nil { return try await userWithWritePosition(where: "id", id) }
        return try await primaryStatement { db in try await Self.user(db, id: id) }
    }

    static func user(_ db: PGDatabase, id: Int64) async throws -> UserRecord? {
        try await Row.fetchOne(
            db.cachedStatement(sql: "SELECT \(PGRows.userColumns) FROM users WHERE id = ?"),
            arguments: [id]
        ).map(PGRows.user)
    }

    static func requireUser(_ db: PGDatabase, id: Int64) async throws {
        guard
            try await Bool.fetchOne(db, sql: "SELECT 1 FROM users WHERE id = ?", arguments: [id])
                != nil
        else { throw StorageError(.notFound, "no user \(id)") }
    }

    /// See `UserStore.users()`.
    public func users() async throws(StorageError) -> [UserRecord] {
        try await read { db in
            try await Row.fetchAll(db, sql: "SELECT \(PGRows.userColumns) FROM users ORDER BY name")
                .map(PGRows.user)
        }
    }

    /// See `UserStore.deleteUser(id:)`; foreign keys cascade to everything the user owns.
    public func deleteUser(id: Int64) async throws(StorageError) {
        let now = clock.now()
        try await write { db in
            try await Self.removeAssignedCopies(db, sourcesWhere: "c.owner_id = ?", [id], now: now)
            try await db.execute(sql: "DELETE FROM users WHERE id = ?", arguments: [id])
            guard db.changesCount == 1 else { throw StorageError(.notFound, "no user \(id)") }
        }
    }

    /// See `UserStore.updatePasswordHash(userID:passwordHash:)`.
    public func updatePasswordHash(userID: Int64, passwordHash: String)
        async throws(StorageError) -> UserRecord
    {
        let now = clock.now()
        return try await write { db in
            try await db.execute(
                sql: """
                    UPDATE users SET password_hash = ?, credential_version = credential_version + 1,
                        password_changed_at = ?
                    WHERE id = ?
                    """,
                arguments: [passwordHash, now, userID])
            guard let user = try await Self.user(db, id: userID) else {
                throw StorageError(.notFound, "no user \(userID)")
            }
            return user
        }
    }

    /// See `UserStore.updateProfile(userID:email:displayName:)`.
    public func updateProfile(userID: Int64, email: String, displayName: String)
        async throws(StorageError) -> UserRecord
    {
        try await write { db in
            try await db.execute(
                sql: "UPDATE users SET email = ?, display_name = ? WHERE id = ?",
                arguments: [email, displayName, userID])
            guard let user = try await Self.user(db, id: userID) else {
                throw StorageError(.notFound, "no user \(userID)")
            }
            return user
        }
    }

    /// See `UserStore.addAppPassword(userID:label:tokenHash:kind:)`.
    public func addAppPassword(
        userID: Int64, label: String, tokenHash: String, kind: CredentialKind
    ) async throws(StorageError) -> AppPasswordRecord {
        let now = clock.now()
        return try await write { db in
            try await Self.requireUser(db, id: userID)
            if try await Bool.fetchOne(
                db, sql: "SELECT 1 FROM app_passwords WHERE token_hash = ?",
                arguments: [tokenHash]) != nil
            {
                throw StorageError(.conflict, "token hash exists")
            }
            try await db.execute(
                sql: """
                    INSERT INTO app_passwords (owner_id, label, token_hash, created_at, kind)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [userID, label, tokenHash, now, kind.rawValue])
            return AppPasswordRecord(
                id: (try await db.lastInsertedRowID), userID: userID, label: label,
                tokenHash: tokenHash,
                createdAt: now, lastUsedAt: nil, kind: kind)
        }
    }

    /// See `UserStore.appPasswords(userID:)`.
    public func appPasswords(userID: Int64) async throws(StorageError) -> [AppPasswordRecord] {
        try await read { db in
            try await Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT \(PGRows.appPasswordColumns) FROM app_passwords
                        WHERE owner_id = ? ORDER BY id
                        """),
                arguments: [userID]
            ).map { row throws(StorageError) in try PGRows.appPassword(row) }
        }
    }

    /// See `UserStore.appPassword(tokenHash:)`.
    public func appPassword(tokenHash: String) async throws(StorageError) -> AppPasswordRecord? {
        // On the primary: a revoked app password stops working at once.
        try await primaryStatement { db in
            try await Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT \(PGRows.appPasswordColumns) FROM app_passwords
                        WHERE token_hash = ?
                        """),
                arguments: [tokenHash]
            ).map { row throws(StorageError) in try PGRows.appPassword(row) }
        }
    }

    /// See `UserStore.revokeAppPassword(id:userID:)`.
    public func revokeAppPassword(id: Int64, userID: Int64) async throws(StorageError) {
        try await write { db in
            try await db.execute(
                sql: "DELETE FROM app_passwords WHERE id = ? AND owner_id = ?",
                arguments: [id, userID])
            guard db.changesCount == 1 else {
                throw StorageError(.notFound, "no app password \(id) for user \(userID)")
            }
        }
    }

    /// See `UserStore.setAdmin(userID:isAdmin:)`.
    public func setAdmin(userID: Int64, isAdmin: Bool) async throws(StorageError) -> UserRecord {
        try await write { db in
            try await db.execute(
                sql: "UPDATE users SET is_admin = ? WHERE id = ?", arguments: [isAdmin, userID])
            guard let user = try await Self.user(db, id: userID) else {
                throw StorageError(.notFound, "no user \(userID)")
            }
            return user
        }
    }

    /// See `UserStore.touchAppPassword(id:)`.
    public func touchAppPassword(id: Int64) async throws(StorageError) {
        let now = clock.now()
        // Bookkeeping of authentication, not the user's data: no write position, no routing.
        try await write(recordingPosition: false) { db in
            try await db.execute(
                sql: "UPDATE app_passwords SET last_used_at = ? WHERE id = ?", arguments: [now, id])
            guard db.changesCount == 1 else {
                throw StorageError(.notFound, "no app password \(id)")
            }
        }
    }
}

extension PostgresStore {
    /// Drops this store's schema with everything in it (tests; a store without a schema of its
    /// own refuses).
    func dropSchema() async throws(StorageError) {
        guard let schema else { throw StorageError(.invalidName, "no schema of its own") }
        try await transaction(isolation: "READ COMMITTED") { db in
            try await db.execute(sql: "DROP SCHEMA IF EXISTS \(Self.quoted(schema)) CASCADE")
        }
    }
}

extension PostgresStore: ClusterLocking {
    /// See `ClusterLocking.runOncePerCluster(_:_:)`: `pg_try_advisory_lock` on the job's name.
    public func runOncePerCluster(_ name: String, _ body: @Sendable () async -> Void)
        async throws -> Bool
    {
        try await withClusterLock(name) { await body() } != nil
    }
}
