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
        poolSize: Int = 4, _ body: (PostgresStore, String) async throws -> Void
    ) async throws {
        let url = freshURL()
        let store = try await PostgresStore(
            url: url, poolSize: poolSize, clock: StoreContract.clock)
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

/// The engines' schemas are one list of named steps: a step added for one engine without the
/// other fails here (and `cadence migrate-store` refuses installations whose lists differ).
@Suite struct PostgresSchemaTests {
    @Test func theEnginesHaveTheSameMigrationsInTheSameOrder() {
        #expect(PostgresSchema.migrationIdentifiers == SQLiteSchema.migrationIdentifiers)
        #expect(Set(PostgresSchema.migrationIdentifiers).count == PostgresSchema.migrations.count)
    }

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

    @Test func migratesOnceAndRecordsEveryStep() async throws {
        try await TestDatabase.withStore { store, url in
            #expect(try await store.appliedMigrations() == PostgresSchema.migrationIdentifiers)
            #expect(PostgresStore.schemaVersion == PostgresSchema.migrations.count)
            // A second instance on the same database finds nothing to do.
            let second = try await PostgresStore(url: url, migrate: false)
            #expect(try await second.migrate() == [])
            second.close()
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
}
