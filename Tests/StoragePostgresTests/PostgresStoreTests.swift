import Foundation
import Storage
import StorageTesting
import Testing

@testable import StoragePostgres
@testable import StorageSQLite

/// The PostgreSQL server the tests use: `CADENCE_TEST_POSTGRES_URL` (scripts/test starts a
/// throw-away cluster with scripts/pg-throwaway and sets it). Each store gets a fresh schema.
enum TestDatabase {
    static let url = ProcessInfo.processInfo.environment["CADENCE_TEST_POSTGRES_URL"]
        .flatMap { $0.isEmpty ? nil : $0 }

    static let unsetMessage =
        "CADENCE_TEST_POSTGRES_URL is unset: the PostgreSQL suites did NOT run "
        + "(run scripts/test, or: eval \"$(scripts/pg-throwaway start)\")"

    /// A new, empty schema's URL.
    static func freshURL() -> String {
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let base = url ?? ""
        return base + (base.contains("?") ? "&" : "?") + "schema=" + schema
    }

    /// A store on a fresh schema; `body` runs, then the schema is dropped.
    static func withStore(
        poolSize: Int = 4, migrate: Bool = true,
        _ body: (PostgresStore, String) async throws -> Void
    ) async throws {
        let url = freshURL()
        let store = try await PostgresStore(
            url: url, poolSize: poolSize, clock: StoreContract.clock, migrate: migrate)
        do {
            try await body(store, url)
        } catch {
            await drop(store)
            throw error
        }
        await drop(store)
    }

    static func drop(_ store: PostgresStore) async {
        try? await store.dropSchema()
        store.close()
    }
}

@Suite struct PostgresSchemaTests {
    @Test func placeholdersAreNumberedOutsideQuotedText() {
        #expect(
            PGDatabase.numbered("SELECT '?', \"a?\" FROM t WHERE a = ? AND b LIKE ? ESCAPE '\\'")
                == "SELECT '?', \"a?\" FROM t WHERE a = $1 AND b LIKE $2 ESCAPE '\\'")
    }

    @Test func urlsAreParsed() throws {
        let location = try PostgresLocation(
            "postgres://u%40x:p%3Aw@db.example:6543/cadence?schema=s1&sslmode=require")
        #expect(location.user == "u@x")
        #expect(location.password == "p:w")
        #expect(location.host == "db.example")
        #expect(location.port == 6543)
        #expect(location.database == "cadence")
        #expect(location.schema == "s1")
        #expect(location.requireTLS)
        #expect(!location.redacted.contains("p:w"))
        #expect(throws: StorageError.self) { try PostgresLocation("sqlite:/tmp/x") }
        #expect(throws: StorageError.self) {
            try PostgresLocation("postgres://u@h/db?schema=a;drop")
        }
    }
}

/// Says loudly, in every run without a database, that the PostgreSQL suites were skipped.
@Suite struct PostgresAvailability {
    @Test func postgresURLIsSet() {
        if TestDatabase.url == nil {
            let banner = String(repeating: "!", count: 78)
            FileHandle.standardError.write(
                Data("\n\(banner)\n!!! \(TestDatabase.unsetMessage)\n\(banner)\n\n".utf8))
        }
    }
}

@Suite(.enabled(if: TestDatabase.url != nil, Comment(rawValue: TestDatabase.unsetMessage)))
struct PostgresStoreContractTests {
    @Test(arguments: StoreContract.checks)
    func contract(_ check: StoreContract.Check) async throws {
        try await TestDatabase.withStore { store, _ in try await check.run(store) }
    }
}

@Suite(.enabled(if: TestDatabase.url != nil, Comment(rawValue: TestDatabase.unsetMessage)))
struct PostgresStoreTests {
    static func write(_ name: String, uid: String) -> ObjectWrite {
        let text = """
            BEGIN:VCALENDAR\r
            VERSION:2.0\r
            PRODID:-//test//EN\r
            BEGIN:VEVENT\r
            UID:\(uid)\r
            DTSTAMP:20240101T000000Z\r
            DTSTART:20240101T100000Z\r
            SUMMARY:\(name)\r
            END:VEVENT\r
            END:VCALENDAR\r

            """
        return ObjectWrite(
            name: name, data: Array(text.utf8), contentType: "text/calendar",
            index: ObjectIndex(componentType: "VEVENT", uid: uid, firstStart: 10, lastEnd: 20))
    }

    static func user(_ store: PostgresStore, _ name: String = "alice") async throws -> UserRecord {
        try await store.createUser(
            NewUser(name: name, email: "\(name)@example.com", displayName: name, passwordHash: "h"))
    }

    /// The engine applies exactly the one list of steps (`StoreSchema`), recorded by name at
    /// its position in the list.
    @Test func migratesOnceAndRecordsEveryStep() async throws {
        try await TestDatabase.withStore { store, url in
            #expect(try await store.appliedMigrations() == StoreSchema.names)
            #expect(PostgresStore.schemaVersion == StoreSchema.steps.count)
            let positions = try await store.read { db in
                try await Int64.fetchAll(
                    db, sql: "SELECT position FROM cadence_migrations ORDER BY identifier")
            }
            #expect(positions.sorted() == Array(1...Int64(StoreSchema.steps.count)))
            // A second instance on the same database finds nothing to do.
            let second = try await PostgresStore(url: url, migrate: false)
            #expect(try await second.migrate() == [])
            second.close()
        }
    }

    /// A database at version 11 made by the old per-engine list (`SchemaV11Fixture`) is
    /// recognised as up to date to `v11-push`: migrating applies only the steps after it (each
    /// earlier one would fail on its existing tables), and every column, index and constraint it
    /// has is exactly what the list makes.
    @Test func aVersion11DatabaseOfTheOldListIsRecognised() async throws {
        try await TestDatabase.withStore { fresh, _ in
            try await TestDatabase.withStore(migrate: false) { old, _ in
                try await old.write { db in
                    try await db.executeScript(SchemaV11Fixture.script)
                    try await db.execute(
                        sql: """
                            CREATE TABLE cadence_migrations (
                                position BIGINT PRIMARY KEY,
                                identifier TEXT NOT NULL UNIQUE,
                                applied_at BIGINT NOT NULL
                            )
                            """)
                    for (position, name) in SchemaV11Fixture.names.enumerated() {
                        try await db.execute(
                            sql: """
                                INSERT INTO cadence_migrations (position, identifier, applied_at)
                                VALUES (?, ?, 1)
                                """,
                            arguments: [position + 1, name])
                    }
                    try await db.execute(
                        sql: """
                            INSERT INTO users (name, email, display_name, password_hash,
                                credential_version, password_changed_at, created_at)
                            VALUES ('alice', 'a@example.com', 'A', 'h', 1, 1, 1)
                            """)
                }
                let before = try await Self.schema(old)
                #expect(try await old.migrate() == Array(StoreSchema.names.dropFirst(11)))
                #expect(try await old.appliedMigrations() == StoreSchema.names)
                #expect(try await old.user(named: "alice") != nil)
                let made = try await Self.schema(fresh)
                #expect(before.count > 100)
                #expect(before.subtracting(made).isEmpty, "\(before.subtracting(made).sorted())")
                if StoreSchema.steps.count == 11 { #expect(before == made) }
            }
        }
    }

    /// Every column (type, collation, nullability, default, identity, position), index and
    /// constraint of the store's schema.
    static func schema(_ store: PostgresStore) async throws -> Set<String> {
        try await store.read { db in
            let columns = try await String.fetchAll(
                db,
                sql: """
                    SELECT concat_ws(' ', table_name, column_name, ordinal_position, data_type,
                        collation_name, is_nullable, column_default, is_identity)
                    FROM information_schema.columns
                    WHERE table_schema = current_schema() AND table_name <> 'cadence_migrations'
                    """)
            let indexes = try await String.fetchAll(
                db,
                sql: """
                    SELECT indexname || ' ' || replace(indexdef, current_schema() || '.', '')
                    FROM pg_indexes
                    WHERE schemaname = current_schema() AND tablename <> 'cadence_migrations'
                    """)
            let constraints = try await String.fetchAll(
                db,
                sql: """
                    SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
                    WHERE connamespace = current_schema()::regnamespace
                        AND conname NOT LIKE 'cadence_migrations%'
                    """)
            return Set(columns + indexes + constraints)
        }
    }

    /// A one-statement read runs without `BEGIN`/`COMMIT`; a second statement there would read
    /// another snapshot, so it is refused.
    @Test func aOneStatementReadRefusesASecondStatement() async throws {
        try await TestDatabase.withStore { store, _ in
            let seven = try await store.readStatement { db in
                try await Int64.fetchOne(db, sql: "SELECT 7")
            }
            #expect(seven == 7)
            await #expect(throws: StorageError.self) {
                try await store.readStatement { db in
                    try await db.execute(sql: "SELECT 1")
                    try await db.execute(sql: "SELECT 2")
                }
            }
        }
    }

    /// Two transactions commit out of change-id order (issue 9): the one that drew the lower id
    /// commits after a reader has read the higher one. Reading by id from there (the old push
    /// poller, `committedChanges(after:)`) skips it; the change-log cursor reads it once it has
    /// committed, and only once.
    @Test func aChangeCommittedOutOfIdOrderIsRead() async throws {
        try await TestDatabase.withStore { store, _ in
            let owner = try await Self.user(store)
            let slowCalendar = try await store.createCollection(
                ownerID: owner.id,
                NewCollection(path: "slow", kind: .calendar, supportedComponents: ["VEVENT"]))
            let fastCalendar = try await store.createCollection(
                ownerID: owner.id,
                NewCollection(path: "fast", kind: .calendar, supportedComponents: ["VEVENT"]))
            let start = try await store.newestChangeLogCursor()
            let (drawn, drew) = AsyncStream.makeStream(of: Void.self)
            let (release, released) = AsyncStream.makeStream(of: Void.self)
            // Draws its change id, then waits, uncommitted, until released.
            let slow = Task {
                try await store.write { db in
                    try await PostgresStore.logChange(
                        db, collection: slowCalendar, name: "slow.ics", kind: .created, now: 1)
                    drew.yield()
                    var waiting = release.makeAsyncIterator()
                    _ = await waiting.next()
                }
            }
            var waitingForDraw = drawn.makeAsyncIterator()
            _ = await waitingForDraw.next()
            _ = try await store.putObject(
                Self.write("fast.ics", uid: "fast"), collectionID: fastCalendar.id,
                precondition: .none)
            let early = try await store.changes(after: start, limit: 100)
            #expect(early.changes.map(\.collectionID) == [fastCalendar.id])
            let fastSequence = try #require(early.changes.first).sequence

            released.yield()
            try await slow.value
            let late = try await store.changes(after: early.cursor, limit: 100)
            #expect(late.changes.map(\.collectionID) == [slowCalendar.id])
            #expect(late.changes.map(\.token) == [1])
            #expect(try #require(late.changes.first).sequence < fastSequence)
            // What the poller read before: by id after the newest one read, the change is lost.
            #expect(try await store.committedChanges(after: fastSequence, limit: 100).isEmpty)
            // Nothing is read twice, and the cursor settles once no older transaction runs
            // (other suites' transactions on the server may hold it back a little).
            var cursor = late.cursor
            for _ in 0..<200 where cursor.settled < fastSequence {
                let again = try await store.changes(after: cursor, limit: 100)
                #expect(again.changes.isEmpty)
                cursor = again.cursor
                try await Task.sleep(for: .milliseconds(25))
            }
            #expect(cursor.settled >= fastSequence)
            #expect(cursor.read.isEmpty)
        }
    }

    /// Writers on two stores (two pools, as two instances) hammer one collection: the tokens of
    /// the change log are exactly 1…N, each once, and match the collection's token.
    @Test func tokensAreStrictlyOrderedUnderConcurrentWritersOfTwoInstances() async throws {
        try await TestDatabase.withStore(poolSize: 8) { first, url in
            let second = try await PostgresStore(url: url, poolSize: 8, migrate: false)
            defer { second.close() }
            let owner = try await Self.user(first)
            let calendar = try await first.createCollection(
                ownerID: owner.id,
                NewCollection(path: "cal", kind: .calendar, supportedComponents: ["VEVENT"]))
            let writers = 8
            let perWriter = 15
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<writers {
                    let store = writer.isMultiple(of: 2) ? first : second
                    group.addTask {
                        for index in 0..<perWriter {
                            let name = "w\(writer)-\(index % 5).ics"
                            if index % 7 == 6 {
                                try? await store.deleteObject(
                                    collectionID: calendar.id, name: name, ifMatch: nil)
                            } else {
                                _ = try await store.putObject(
                                    Self.write(name, uid: name), collectionID: calendar.id,
                                    precondition: .none)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let tokens = try await first.read { db in
                try await Int64.fetchAll(
                    db, sql: "SELECT token FROM changes WHERE collection_id = ? ORDER BY id",
                    arguments: [calendar.id])
            }
            let final = try #require(try await second.collection(id: calendar.id)).syncToken
            #expect(tokens == Array(1...final))
            #expect(tokens.count > writers * perWriter / 2)
            // Every instance reads the same complete state.
            let names = try await first.objects(collectionID: calendar.id).map(\.name)
            #expect(try await second.objects(collectionID: calendar.id).map(\.name) == names)
            let changes = try await second.changes(collectionID: calendar.id, since: 0, limit: nil)
            #expect(changes.changes.map(\.name).sorted() == names)
        }
    }

    @Test func committedChangesReachTheOtherInstance() async throws {
        try await TestDatabase.withStore { first, url in
            let second = try await PostgresStore(url: url, migrate: false)
            defer { second.close() }
            let feed = second.committedChanges()
            let owner = try await Self.user(first)
            let calendar = try await first.createCollection(
                ownerID: owner.id,
                NewCollection(path: "cal", kind: .calendar, supportedComponents: ["VEVENT"]))
            // The listener connects in the background: write until a change arrives, at most
            // 50 times; then closing the store ends the feed, so the wait below is bounded.
            let writer = Task {
                for attempt in 0..<50 where !Task.isCancelled {
                    _ = try await first.putObject(
                        Self.write("a\(attempt).ics", uid: "a\(attempt)"),
                        collectionID: calendar.id, precondition: .none)
                    try await Task.sleep(nanoseconds: 100_000_000)
                }
                second.close()
            }
            var changes = feed.makeAsyncIterator()
            let change = await changes.next()
            writer.cancel()
            _ = try? await writer.value
            #expect(change?.collectionID == calendar.id)
            #expect(change?.ownerID == owner.id)
            #expect((change?.token ?? 0) >= 1)
        }
    }

    @Test func clusterLocksRunOncePerCluster() async throws {
        try await TestDatabase.withStore { first, url in
            let second = try await PostgresStore(url: url, migrate: false)
            defer { second.close() }
            let inner = try await first.withClusterLock("cleanup") {
                try await second.withClusterLock("cleanup") { "ran twice" }
            }
            #expect(inner == .some(nil))
            // Released afterwards: the other instance takes it.
            #expect(try await second.withClusterLock("cleanup") { 1 } == 1)
        }
    }

    /// Lock holders and the listener run for as long as their services do; they hold no
    /// connection of the request pool. With the smallest pool (2) and more lock holders than
    /// that, every lock is taken and a request still reads. (When the locks were sessions of
    /// the request pool, two holders took the whole pool: `--db-pool 4` served no request.)
    @Test func clusterLocksTakeNoConnectionRequestsNeed() async throws {
        try await TestDatabase.withStore(poolSize: 2) { store, _ in
            let alice = try await PostgresStoreTests.user(store)
            let holders = 4
            let held = AsyncStream<Void>.makeStream()
            let releases = (0..<holders).map { _ in AsyncStream<Void>.makeStream() }
            let tasks = (0..<holders).map { index in
                Task {
                    try await store.withClusterLock("job-\(index)") {
                        held.continuation.yield()
                        for await _ in releases[index].stream { break }
                        return index
                    }
                }
            }
            // Bounded: if the holders cannot all start, or the read below cannot run, the
            // watchdog lets them go after 20 s (so the test fails instead of hanging).
            let watchdog = Task {
                try? await Task.sleep(for: .seconds(20))
                guard !Task.isCancelled else { return }
                Issue.record("lock holders or a read waited 20 s for a connection")
                for release in releases { release.continuation.finish() }
                held.continuation.finish()
            }
            var holding = 0
            for await _ in held.stream {
                holding += 1
                if holding == holders { break }
            }
            #expect(holding == holders)
            // Every lock is held: a request still reads.
            #expect(try await store.user(named: "alice")?.id == alice.id)
            watchdog.cancel()
            for release in releases { release.continuation.finish() }
            for (index, task) in tasks.enumerated() { #expect(try await task.value == index) }
        }
    }
}
