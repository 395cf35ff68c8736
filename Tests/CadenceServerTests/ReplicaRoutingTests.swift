import Foundation
import Logging
import Storage
import Testing
import WebDAV

@testable import CadenceServer
@testable import StoragePostgres

/// The hot standby of the test cluster: `CADENCE_TEST_POSTGRES_REPLICA_URL` (scripts/test starts
/// it with `scripts/pg-throwaway start --replica`).
let replicaTestURL = ProcessInfo.processInfo.environment["CADENCE_TEST_POSTGRES_REPLICA_URL"]
    .flatMap { $0.isEmpty ? nil : $0 }

/// Read replicas with read-your-writes (issue 9), against a real streaming replica whose replay
/// the tests pause (`pg_wal_replay_pause()`, as the superuser of the test cluster): serialized,
/// since a paused replay would confuse another test of the suite.
@Suite(
    .serialized,
    .enabled(
        if: migrationTestPostgresURL != nil && replicaTestURL != nil,
        "CADENCE_TEST_POSTGRES_URL or CADENCE_TEST_POSTGRES_REPLICA_URL is unset: the read-replica tests did NOT run (scripts/pg-throwaway start --replica)"
    ))
struct ReplicaRoutingTests {
    /// A fresh schema on the primary, and the replica's URL of the same schema.
    static func urls() -> (primary: String, replica: String) {
        let schema = "r_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        return (url(migrationTestPostgresURL, schema: schema), url(replicaTestURL, schema: schema))
    }

    /// `base` with `schema=`.
    static func url(_ base: String?, schema: String) -> String {
        let base = base ?? ""
        return base + (base.contains("?") ? "&" : "?") + "schema=" + schema
    }

    /// A store on a fresh schema with the test replica; `body` runs, then replay is resumed and
    /// the schema dropped, whatever happened.
    static func withStore(
        maximumLag: Double = 60, replica: String? = nil,
        _ body: (PostgresStore) async throws -> Void
    ) async throws {
        let (primary, standby) = urls()
        let store = try await PostgresStore(
            url: primary, poolSize: 4, replicas: [replica ?? standby],
            replicaMaximumLag: maximumLag)
        do {
            try await body(store)
        } catch {
            if replica == nil { try? await setReplay(store, paused: false) }
            try? await store.dropSchema()
            store.close()
            throw error
        }
        if replica == nil { try? await setReplay(store, paused: false) }
        try? await store.dropSchema()
        store.close()
    }

    /// Runs SQL on the (first) replica.
    static func onReplica(_ store: PostgresStore, _ sql: String) async throws -> Int64? {
        let replicas = try #require(store.replicaSet).replicas
        return try await PostgresStore.leased(replicas[0].client, within: .seconds(5)) {
            try await ReplicaSet.position($0, sql, logger: Logger(label: "replica-test"))
        }
    }

    /// Pauses or resumes the replica's replay. A pause requested stops replay before the next
    /// record (PostgreSQL checks the request before applying each one).
    static func setReplay(_ store: PostgresStore, paused: Bool) async throws {
        _ = try await onReplica(
            store, paused ? "SELECT pg_wal_replay_pause()" : "SELECT pg_wal_replay_resume()")
    }

    /// Waits until the replica is in use and has replayed everything the primary holds.
    static func caughtUp(_ store: PostgresStore) async throws {
        for _ in 0..<300 {
            if store.replicaStatistics().replicas.allSatisfy(\.usable),
                await store.waitForReplicas(timeout: .seconds(1))
            {
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the replica did not catch up: \(store.replicaStatistics())")
        throw CancellationError()
    }

    static func newUser(_ store: PostgresStore, _ name: String) async throws -> (
        UserRecord, CollectionRecord
    ) {
        let user = try await store.createUser(
            NewUser(name: name, email: "\(name)@example.com", displayName: name, passwordHash: "x"))
        let files = try await store.createCollection(
            ownerID: user.id, NewCollection(path: "files", kind: .plain))
        return (user, files)
    }

    static func file(_ name: String) -> ObjectWrite {
        ObjectWrite(name: name, data: Array(name.utf8), contentType: "text/plain")
    }

    /// Runs `body` as a request of `method` signed in as `user` (its user lookup first, as the
    /// server's authentication does), and answers where its reads went.
    static func request<T: Sendable>(
        _ store: PostgresStore, _ method: String, as user: UserRecord?,
        _ body: @Sendable () async throws -> T
    ) async throws -> (T, ReadRouting.Target?) {
        let routing = ReadRouting(method: method)
        return try await ReadRouting.$current.withValue(routing) {
            if let user {
                _ = try await store.user(named: user.name)
                routing.signedIn(userID: user.id)
            }
            let value = try await body()
            return (value, routing.pinned)
        }
    }

    /// Alice writes while the replica's replay is paused: her reads go to the primary and see the
    /// write; Bob's reads of his own data are served by the replica (which has not got Alice's
    /// write: an anonymous read there misses it); once replay resumes and the replica caught up,
    /// Alice's reads go back to the replica.
    @Test func readYourWritesWhileTheReplicaIsBehind() async throws {
        try await Self.withStore { store in
            let (alice, aliceFiles) = try await Self.newUser(store, "alice")
            let (bob, bobFiles) = try await Self.newUser(store, "bob")
            _ = try await store.putObject(
                Self.file("b1"), collectionID: bobFiles.id, precondition: .none)
            try await Self.caughtUp(store)
            // Before any write of hers, Alice's reads are the replica's.
            let (_, before) = try await Self.request(store, "PROPFIND", as: alice) {
                try await store.objects(collectionID: aliceFiles.id)
            }
            #expect(before == .replica(0))

            try await Self.setReplay(store, paused: true)
            let (_, writeTarget) = try await Self.request(store, "PUT", as: alice) {
                try await store.putObject(
                    Self.file("a1"), collectionID: aliceFiles.id, precondition: .none)
            }
            #expect(writeTarget == .primary)
            let replicaReads = store.replicaStatistics().replicas[0].reads

            let (seen, aliceTarget) = try await Self.request(store, "GET", as: alice) {
                try await store.object(collectionID: aliceFiles.id, name: "a1")
            }
            #expect(seen != nil)
            #expect(aliceTarget == .primary)
            let (listed, listTarget) = try await Self.request(store, "REPORT", as: alice) {
                try await store.objects(collectionID: aliceFiles.id).map(\.name)
            }
            #expect(listed == ["a1"])
            #expect(listTarget == .primary)
            #expect(store.replicaStatistics().replicas[0].reads == replicaReads)

            let (bobs, bobTarget) = try await Self.request(store, "GET", as: bob) {
                try await store.objects(collectionID: bobFiles.id).map(\.name)
            }
            #expect(bobs == ["b1"])
            #expect(bobTarget == .replica(0))
            #expect(store.replicaStatistics().replicas[0].reads > replicaReads)
            // The replica really is behind: a read that needs no write of anyone misses it.
            let (stale, staleTarget) = try await Self.request(store, "GET", as: nil) {
                try await store.object(collectionID: aliceFiles.id, name: "a1")
            }
            #expect(stale == nil)
            #expect(staleTarget == .replica(0))

            try await Self.setReplay(store, paused: false)
            try await Self.caughtUp(store)
            let (again, againTarget) = try await Self.request(store, "GET", as: alice) {
                try await store.object(collectionID: aliceFiles.id, name: "a1")
            }
            #expect(again != nil)
            #expect(againTarget == .replica(0))
        }
    }

    /// The write position is the primary's, shared by instances: a second store on the same
    /// database (another instance) that never saw Alice's write routes her reads to the primary.
    @Test func anotherInstanceKeepsReadYourWrites() async throws {
        try await Self.withStore { store in
            let (alice, aliceFiles) = try await Self.newUser(store, "alice")
            try await Self.caughtUp(store)
            let schema = try #require(store.schema)
            let other = try await PostgresStore(
                url: Self.url(migrationTestPostgresURL, schema: schema), poolSize: 2,
                migrate: false, replicas: [Self.url(replicaTestURL, schema: schema)],
                replicaMaximumLag: 60)
            defer { other.close() }
            try await Self.caughtUp(other)
            try await Self.setReplay(store, paused: true)
            _ = try await Self.request(store, "PUT", as: alice) {
                try await store.putObject(
                    Self.file("a1"), collectionID: aliceFiles.id, precondition: .none)
            }
            let (seen, target) = try await Self.request(other, "GET", as: alice) {
                try await other.object(collectionID: aliceFiles.id, name: "a1")
            }
            #expect(seen != nil)
            #expect(target == .primary)
            // Signed in without the lookup that reads the position: it is read on demand.
            let routing = ReadRouting(method: "GET")
            routing.signedIn(userID: alice.id)
            let found = try await ReadRouting.$current.withValue(routing) {
                try await other.object(collectionID: aliceFiles.id, name: "a1")
            }
            #expect(found != nil)
            #expect(routing.pinned == .primary)
        }
    }

    /// A replica lagging more than the maximum is not used; reads succeed on the primary; it is
    /// used again once it caught up.
    @Test func aLaggingReplicaIsNotUsed() async throws {
        try await Self.withStore(maximumLag: 0.5) { store in
            let (_, files) = try await Self.newUser(store, "carol")
            try await Self.caughtUp(store)
            try await Self.setReplay(store, paused: true)
            _ = try await store.putObject(
                Self.file("c1"), collectionID: files.id, precondition: .none)
            var lagging = false
            for _ in 0..<100 where !lagging {
                try await Task.sleep(for: .milliseconds(50))
                lagging = store.replicaStatistics().replicas[0].usable == false
            }
            #expect(lagging)
            #expect(store.replicaStatistics().replicas[0].lagSeconds > 0.5)
            let (found, target) = try await Self.request(store, "GET", as: nil) {
                try await store.object(collectionID: files.id, name: "c1")
            }
            #expect(found != nil)
            #expect(target == .primary)
            try await Self.setReplay(store, paused: false)
            try await Self.caughtUp(store)
            let (again, againTarget) = try await Self.request(store, "GET", as: nil) {
                try await store.object(collectionID: files.id, name: "c1")
            }
            #expect(again != nil)
            #expect(againTarget == .replica(0))
        }
    }

    /// A replica that does not answer (nothing listens on its port) is never used; every read
    /// is the primary's and succeeds.
    @Test func aReplicaThatIsDownIsNotUsed() async throws {
        // Port 1 on the loopback: nothing listens, connections are refused.
        let port = 1
        try await Self.withStore(replica: "postgres://cadence:wrong@127.0.0.1:\(port)/postgres") {
            store in
            let (dave, files) = try await Self.newUser(store, "dave")
            _ = try await store.putObject(
                Self.file("d1"), collectionID: files.id, precondition: .none)
            try await Task.sleep(for: .milliseconds(400))
            let (found, target) = try await Self.request(store, "GET", as: dave) {
                try await store.object(collectionID: files.id, name: "d1")
            }
            #expect(found != nil)
            #expect(target == .primary)
            let statistics = store.replicaStatistics()
            #expect(statistics.replicas[0].usable == false)
            #expect(statistics.replicas[0].reads == 0)
            #expect(statistics.primaryReads > 0)
        }
    }

    /// Writes in a request that reads from the replica (a GET that provisions something) go to
    /// the primary, and the request's later reads too, seeing the write.
    @Test func writesNeverGoToTheReplica() async throws {
        try await Self.withStore { store in
            let (erin, files) = try await Self.newUser(store, "erin")
            try await Self.caughtUp(store)
            try await Self.setReplay(store, paused: true)
            let routing = ReadRouting(method: "GET")
            let names = try await ReadRouting.$current.withValue(routing) {
                _ = try await store.user(named: erin.name)
                routing.signedIn(userID: erin.id)
                _ = try await store.objects(collectionID: files.id)
                #expect(routing.pinned == .replica(0))
                _ = try await store.putObject(
                    Self.file("e1"), collectionID: files.id, precondition: .none)
                #expect(routing.pinned == .primary)
                return try await store.objects(collectionID: files.id).map(\.name)
            }
            #expect(names == ["e1"])
        }
    }

    /// A sync token newer than the replica's copy of the collection (handed out by the primary)
    /// is answered by the primary, not refused.
    @Test func aSyncTokenFromTheFutureIsAnsweredByThePrimary() async throws {
        try await Self.withStore { store in
            let (_, files) = try await Self.newUser(store, "frank")
            _ = try await store.putObject(
                Self.file("f1"), collectionID: files.id, precondition: .none)
            try await Self.caughtUp(store)
            try await Self.setReplay(store, paused: true)
            _ = try await store.putObject(
                Self.file("f2"), collectionID: files.id, precondition: .none)
            let token = try #require(try await store.collection(id: files.id)).syncToken
            _ = try await store.putObject(
                Self.file("f3"), collectionID: files.id, precondition: .none)
            let (changes, target) = try await Self.request(store, "REPORT", as: nil) {
                _ = try await store.collection(id: files.id)
                return try await store.changes(collectionID: files.id, since: token, limit: nil)
            }
            #expect(changes.changes.map(\.name) == ["f3"])
            #expect(target == .primary)
        }
    }

    /// Through the HTTP server: PUT, then GET, PROPFIND and sync-collection at once with the
    /// replica's replay paused answer the new state; another user's requests are the replica's.
    @Test func httpReadsAfterAWriteSeeIt() async throws {
        let (primary, standby) = Self.urls()
        // A pool of 16, as served: the application's background services (push leader, cleanup
        // jobs, the change listener) hold connections of their own, and a pool of 4 leaves the
        // first request waiting for one.
        let store = try await PostgresStore(
            url: primary, poolSize: 16, replicas: [standby], replicaMaximumLag: 60)
        do {
            try await TestServer.run(
                store: store, users: ["alice", "bob"], configuration: TestServer.configuration
            ) { server in
                let alice = server.dav("alice")
                let bob = server.dav("bob")
                let calendar = Paths.calendar("alice")
                #expect(
                    try await alice.put(calendar + "a.ics", ICS.event(uid: "a")).status == 201)
                #expect(
                    try await bob.put(Paths.calendar("bob") + "b.ics", ICS.event(uid: "b")).status
                        == 201)
                let token = try #require(
                    try await alice.syncCollection(calendar, token: "").multiStatus().syncToken)
                try await Self.caughtUp(store)
                try await Self.setReplay(store, paused: true)

                #expect(
                    try await alice.put(calendar + "c.ics", ICS.event(uid: "c")).status == 201)
                let replicaReads = store.replicaStatistics().replicas[0].reads
                let get = try await alice.get(calendar + "c.ics")
                #expect(get.status == 200)
                #expect(get.text.contains("UID:c"))
                let listing = try await alice.propfind(
                    calendar, depth: "1", props: [.dav.getETag]
                ).multiStatus()
                #expect(listing.hrefs.contains(calendar + "c.ics"))
                let sync = try await alice.syncCollection(calendar, token: token).multiStatus()
                #expect(sync.hrefs == [calendar + "c.ics"])
                #expect(store.replicaStatistics().replicas[0].reads == replicaReads)

                let bobs = try await bob.get(Paths.calendar("bob") + "b.ics")
                #expect(bobs.status == 200)
                #expect(store.replicaStatistics().replicas[0].reads > replicaReads)

                try await Self.setReplay(store, paused: false)
                try await Self.caughtUp(store)
                let afterwards = store.replicaStatistics().replicas[0].reads
                #expect(try await alice.get(calendar + "c.ics").status == 200)
                #expect(store.replicaStatistics().replicas[0].reads > afterwards)
            }
        } catch {
            try? await Self.setReplay(store, paused: false)
            try? await store.dropSchema()
            store.close()
            throw error
        }
        try? await Self.setReplay(store, paused: false)
        try? await store.dropSchema()
        store.close()
    }

    /// What the push deliverer waits for: the replicas in use having replayed the primary's
    /// last record. Not while replay is paused after a write; at once when it caught up.
    @Test func waitingForReplicasFollowsTheirReplay() async throws {
        try await Self.withStore { store in
            let (_, files) = try await Self.newUser(store, "hank")
            try await Self.caughtUp(store)
            #expect(await store.waitForReplicas(timeout: .seconds(2)))
            try await Self.setReplay(store, paused: true)
            _ = try await store.putObject(
                Self.file("h1"), collectionID: files.id, precondition: .none)
            let started = ContinuousClock.now
            #expect(await store.waitForReplicas(timeout: .milliseconds(300)) == false)
            #expect(ContinuousClock.now - started >= .milliseconds(300))
            try await Self.setReplay(store, paused: false)
            #expect(await store.waitForReplicas(timeout: .seconds(10)))
        }
    }

    /// `/metrics` counts reads by server and shows each replica's state.
    @Test func metricsShowWhereReadsWent() async throws {
        try await Self.withStore { store in
            let (user, files) = try await Self.newUser(store, "gina")
            try await Self.caughtUp(store)
            _ = try await Self.request(store, "GET", as: user) {
                try await store.objects(collectionID: files.id)
            }
            let metrics = ServerMetrics()
            metrics.refreshReplicaMetrics(store: store)
            let text = String(decoding: metrics.registry.emitToBuffer(), as: UTF8.self)
            let name = store.replicaStatistics().replicas[0].name
            #expect(
                text.contains(
                    "cadence_database_reads_total{role=\"replica\",server=\"\(name)\"} "))
            #expect(text.contains("cadence_database_reads_total{role=\"primary\""))
            #expect(text.contains("cadence_database_replica_usable{server=\"\(name)\"} 1"))
            let prefix = "cadence_database_reads_total{role=\"replica\",server=\"\(name)\"} "
            let served = text.split(separator: "\n").first { $0.hasPrefix(prefix) }
                .flatMap { Double($0.dropFirst(prefix.count)) }
            #expect((served ?? 0) >= 1)
        }
    }
}

/// The replica settings (no database needed).
@Suite struct ReplicaConfigurationTests {
    /// Says loudly, in every run without the standby, that the read-replica tests were skipped.
    @Test func replicaURLIsSet() {
        if replicaTestURL == nil {
            let banner = String(repeating: "!", count: 78)
            FileHandle.standardError.write(
                Data(
                    "\n\(banner)\n!!! CADENCE_TEST_POSTGRES_REPLICA_URL is unset: the read-replica tests did NOT run (scripts/pg-throwaway start --replica)\n\(banner)\n\n"
                        .utf8))
        }
    }

    @Test func replicasComeFromTheEnvironment() {
        let configuration = Configuration.fromEnvironment([
            "CADENCE_DATABASE": "postgres://u:p@primary/db",
            "CADENCE_DATABASE_REPLICAS": " postgres://u:p@r1/db , postgres://u:p@r2/db,",
            "CADENCE_REPLICA_MAX_LAG": "2.5",
        ])
        #expect(
            configuration.databaseReplicaURLs == ["postgres://u:p@r1/db", "postgres://u:p@r2/db"])
        #expect(configuration.replicaMaximumLag == 2.5)
        let defaults = Configuration.fromEnvironment(["CADENCE_REPLICA_MAX_LAG": "-1"])
        #expect(defaults.databaseReplicaURLs.isEmpty)
        #expect(defaults.replicaMaximumLag == 5)
    }

    /// SQLite has no replicas: naming some is refused, not ignored.
    @Test func replicasNeedPostgreSQL() async throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("cadence-replica-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        await #expect(throws: StorageError.self) {
            _ = try await CadenceService.openStore(
                databaseURL: nil, dataDirectory: folder, replicas: ["postgres://u:p@r1/db"])
        }
        await #expect(throws: StorageError.self) {
            _ = try await CadenceService.openStore(
                databaseURL: "sqlite:" + folder, dataDirectory: folder,
                replicas: ["postgres://u:p@r1/db"])
        }
        let store = try await CadenceService.openStore(databaseURL: nil, dataDirectory: folder)
        #expect((store as? any ReplicaReading) == nil)
    }
}
