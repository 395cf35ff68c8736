import Foundation
import GRDB
import Storage

/// The embedded SQLite engine (GRDB): a `DatabasePool` in WAL mode over `<data>/cadence.sqlite`.
///
/// One writer and concurrent readers; every method is one transaction (writes are `BEGIN
/// IMMEDIATE`, so a precondition read and the write that depends on it cannot interleave with
/// another writer). Other processes (the CLI adding users while the server runs) may use the
/// same file: a busy timeout makes writers wait for each other instead of failing. Foreign keys
/// cascade deletes. SQL goes only through bound arguments.
public final class SQLiteStore: CadenceStore, CollectionMoving, Sendable {
    /// The schema version this engine migrates to (the number of migrations).
    public static let schemaVersion = SQLiteSchema.migrationIdentifiers.count
    /// The database file's name inside the data folder.
    public static let fileName = "cadence.sqlite"

    let pool: DatabasePool
    /// Where reads run (the pool is for writes, migrations and backups).
    let readers: SQLiteReaders
    /// Recently read user rows, for the sign-in of every request (`SQLiteUserCache`).
    let userCache: SQLiteUserCache
    let clock: StoreClock

    /// Opens (creating if needed) `<directory>/cadence.sqlite` and migrates it to the current
    /// schema. `busyTimeout` is how long a write waits for another process's write, in seconds.
    public init(directory: String, clock: StoreClock = .system, busyTimeout: Double = 10)
        throws(StorageError)
    {
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.foreignKeysEnabled = true
            configuration.busyMode = .timeout(busyTimeout)
            configuration.label = "cadence"
            configuration.prepareDatabase { db in
                // WAL with synchronous=NORMAL: a commit is durable once the WAL is synced at the
                // next checkpoint, the file never corrupts, and a PUT costs no fsync of its own.
                // A page cache of 8 MiB per connection keeps the hot index pages of a large
                // calendar (SQLite's default is 2 MiB).
                try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -8192")
            }
            let path = (directory as NSString).appendingPathComponent(Self.fileName)
            pool = try DatabasePool(path: path, configuration: configuration)
            try SQLiteSchema.migrator.migrate(pool)
            readers = try SQLiteReaders(
                path: path, configuration: configuration,
                count: configuration.maximumReaderCount)
            userCache = SQLiteUserCache(databasePath: path)
        } catch {
            throw Self.storageError(error)
        }
        self.clock = clock
    }

    /// The SQLite journal mode in force (`wal`).
    public func journalMode() async throws(StorageError) -> String {
        try await read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// The identifiers of the migrations applied to the file, in order.
    public func appliedMigrations() async throws(StorageError) -> [String] {
        // In the order of the list (sorting names would put `v10-…` before `v2-…`).
        try await read { db in
            let applied = try SQLiteSchema.migrator.appliedIdentifiers(db)
            return SQLiteSchema.migrationIdentifiers.filter(applied.contains)
                + applied.subtracting(SQLiteSchema.migrationIdentifiers).sorted()
        }
    }

    // MARK: Transactions

    /// Runs `body` in a read transaction (a consistent snapshot).
    ///
    /// On the calling thread: a read of the local database file takes microseconds, and GRDB's
    /// asynchronous read costs a hop to its queue and back — two thread switches, which were
    /// most of a small request's CPU on two cores (issue 4's profile). A reader connection
    /// (`SQLiteReaders`) is held only while `body` runs, so a blocked caller always waits on one
    /// that finishes.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T)
        async throws(StorageError) -> T
    {
        do {
            return try await readNow(body)
        } catch {
            throw Self.storageError(error)
        }
    }

    private func readNow<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T)
        async throws -> T
    {
        if let value = try readers.readIfFree(transaction: true, body) { return value }
        return try await waitForReader { [readers] in try readers.read(transaction: true, body) }
    }

    /// Runs `body`, which must run exactly one statement, outside a transaction: one statement
    /// reads a consistent snapshot by itself, and BEGIN/COMMIT would double the cost of the
    /// lookups every request makes (its user). On the calling thread, as `read`.
    func readOneStatement<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T)
        async throws(StorageError) -> T
    {
        do {
            return try await readNowWithoutTransaction(body)
        } catch {
            throw Self.storageError(error)
        }
    }

    private func readNowWithoutTransaction<T: Sendable>(
        _ body: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        if let value = try readers.readIfFree(transaction: false, body) { return value }
        return try await waitForReader { [readers] in try readers.read(transaction: false, body) }
    }

    /// Runs `read`, which may block until a reader connection is free, on the global executor:
    /// the calling task may be on one of the server's event loops, which must never block (the
    /// other connections of the loop would wait with it).
    private func waitForReader<T: Sendable>(_ read: @Sendable () throws -> T) async throws -> T {
        try await withTaskExecutorPreference(globalConcurrentExecutor) { try read() }
    }

    /// Runs `body` in one immediate write transaction; any thrown error rolls it back.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T)
        async throws(StorageError) -> T
    {
        // Whatever it wrote and however it ended, rows read before it may be stale now.
        defer { userCache.invalidate() }
        do {
            return try await pool.write(body)
        } catch {
            throw Self.storageError(error)
        }
    }

    /// Maps an engine error onto a `StorageError`: unique violations are conflicts.
    static func storageError(_ error: any Error) -> StorageError {
        if let error = error as? StorageError { return error }
        if let error = error as? DatabaseError {
            if error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
                || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
            {
                return StorageError(.conflict, "already exists")
            }
            return StorageError(.engineFailure, "SQLite: \(error.message ?? "\(error.resultCode)")")
        }
        return StorageError(.engineFailure, "\(error)")
    }

    // MARK: UserStore

    /// See `UserStore.createUser`.
    public func createUser(_ user: NewUser) async throws(StorageError) -> UserRecord {
        try ResourceName.validateUserName(user.name)
        let now = clock.now()
        return try await write { db in
            if try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT 1 FROM users WHERE name = ?"),
                arguments: [user.name]) != nil
            {
                throw StorageError(.conflict, "user \(user.name) exists")
            }
            try db.execute(
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
                id: db.lastInsertedRowID, name: user.name, email: user.email,
                displayName: user.displayName, passwordHash: user.passwordHash,
                credentialVersion: 1, passwordChangedAt: now, createdAt: now,
                isAdmin: user.isAdmin)
        }
    }

    /// See `UserStore.user(named:)`.
    public func user(named name: String) async throws(StorageError) -> UserRecord? {
        let stamp = userCache.stamp()
        if let cached = userCache.user(named: name, current: stamp) { return cached }
        let user = try await readOneStatement { db in
            try db.firstRow(
                db.cachedStatement(
                    sql: "SELECT \(SQLiteRows.userColumns) FROM users WHERE name = ?"),
                arguments: [name], SQLiteRows.user)
        }
        if let user { userCache.remember(user, name: name, stamp: stamp) }
        return user
    }

    /// See `UserStore.user(id:)`.
    public func user(id: Int64) async throws(StorageError) -> UserRecord? {
        try await read { db in try Self.user(db, id: id) }
    }

    static func user(_ db: Database, id: Int64) throws -> UserRecord? {
        try db.firstRow(
            db.cachedStatement(sql: "SELECT \(SQLiteRows.userColumns) FROM users WHERE id = ?"),
            arguments: [id], SQLiteRows.user)
    }

    static func requireUser(_ db: Database, id: Int64) throws {
        guard
            try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT 1 FROM users WHERE id = ?"), arguments: [id])
                != nil
        else { throw StorageError(.notFound, "no user \(id)") }
    }

    /// See `UserStore.users()`.
    public func users() async throws(StorageError) -> [UserRecord] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT \(SQLiteRows.userColumns) FROM users ORDER BY name")
            )
            .map { row throws(StorageError) in try SQLiteRows.user(row) }
        }
    }

    /// See `UserStore.deleteUser(id:)`; foreign keys cascade to everything the user owns.
    public func deleteUser(id: Int64) async throws(StorageError) {
        let now = clock.now()
        try await write { db in
            try Self.removeAssignedCopies(db, sourcesWhere: "c.owner_id = ?", [id], now: now)
            try db.execute(sql: "DELETE FROM users WHERE id = ?", arguments: [id])
            guard db.changesCount == 1 else { throw StorageError(.notFound, "no user \(id)") }
        }
    }

    /// See `UserStore.updatePasswordHash(userID:passwordHash:)`.
    public func updatePasswordHash(userID: Int64, passwordHash: String)
        async throws(StorageError) -> UserRecord
    {
        let now = clock.now()
        return try await write { db in
            try db.execute(
                sql: """
                    UPDATE users SET password_hash = ?, credential_version = credential_version + 1,
                        password_changed_at = ?
                    WHERE id = ?
                    """,
                arguments: [passwordHash, now, userID])
            guard let user = try Self.user(db, id: userID) else {
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
            try db.execute(
                sql: "UPDATE users SET email = ?, display_name = ? WHERE id = ?",
                arguments: [email, displayName, userID])
            guard let user = try Self.user(db, id: userID) else {
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
            try Self.requireUser(db, id: userID)
            if try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT 1 FROM app_passwords WHERE token_hash = ?"),
                arguments: [tokenHash]) != nil
            {
                throw StorageError(.conflict, "token hash exists")
            }
            try db.execute(
                sql: """
                    INSERT INTO app_passwords (owner_id, label, token_hash, created_at, kind)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [userID, label, tokenHash, now, kind.rawValue])
            return AppPasswordRecord(
                id: db.lastInsertedRowID, userID: userID, label: label, tokenHash: tokenHash,
                createdAt: now, lastUsedAt: nil, kind: kind)
        }
    }

    /// See `UserStore.appPasswords(userID:)`.
    public func appPasswords(userID: Int64) async throws(StorageError) -> [AppPasswordRecord] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT \(SQLiteRows.appPasswordColumns) FROM app_passwords
                        WHERE owner_id = ? ORDER BY id
                        """),
                arguments: [userID]
            ).map { row throws(StorageError) in try SQLiteRows.appPassword(row) }
        }
    }

    /// See `UserStore.appPassword(tokenHash:)`.
    public func appPassword(tokenHash: String) async throws(StorageError) -> AppPasswordRecord? {
        try await readOneStatement { db in
            try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT \(SQLiteRows.appPasswordColumns) FROM app_passwords
                        WHERE token_hash = ?
                        """),
                arguments: [tokenHash]
            ).map { row throws(StorageError) in try SQLiteRows.appPassword(row) }
        }
    }

    /// See `UserStore.revokeAppPassword(id:userID:)`.
    public func revokeAppPassword(id: Int64, userID: Int64) async throws(StorageError) {
        try await write { db in
            try db.execute(
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
            try db.execute(
                sql: "UPDATE users SET is_admin = ? WHERE id = ?", arguments: [isAdmin, userID])
            guard let user = try Self.user(db, id: userID) else {
                throw StorageError(.notFound, "no user \(userID)")
            }
            return user
        }
    }

    /// See `UserStore.touchAppPassword(id:)`.
    public func touchAppPassword(id: Int64) async throws(StorageError) {
        let now = clock.now()
        try await write { db in
            try db.execute(
                sql: "UPDATE app_passwords SET last_used_at = ? WHERE id = ?", arguments: [now, id])
            guard db.changesCount == 1 else {
                throw StorageError(.notFound, "no app password \(id)")
            }
        }
    }
}
