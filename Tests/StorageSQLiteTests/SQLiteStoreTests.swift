import Foundation
import Storage
import StorageTesting
import Testing

@testable import StorageSQLite

/// A fresh temporary data folder, removed by `remove()`.
struct TemporaryFolder {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "cadence-store-tests-" + UUID().uuidString
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

@Suite struct SQLiteStoreContractTests {
    @Test(arguments: StoreContract.checks)
    func contract(_ check: StoreContract.Check) async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        try await check.run(SQLiteStore(directory: folder.path, clock: StoreContract.clock))
    }
}

@Suite struct SQLiteStoreTests {
    @Test func createsTheFileInTheDataFolderInWALMode() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let store = try SQLiteStore(directory: folder.path + "/nested/data")
        #expect(FileManager.default.fileExists(atPath: folder.path + "/nested/data/cadence.sqlite"))
        #expect(try await store.journalMode() == "wal")
        #expect(SQLiteStore.schemaVersion == 18)
        #expect(
            try await store.appliedMigrations() == [
                "v1-initial", "v2-usage", "v3-crm", "v4-links", "v5-perf", "v6-ops", "v7-connector",
                "v8-ops-sync-retention",
                "v9-conn", "v10-carddav", "v11-push", "v12-sharing", "v13-proxy", "v14-assignment",
                "v15-notifications", "v16-write-positions", "v17-object-listing",
                "v18-time-range-instances",
            ])
    }

    @Test func reopeningPersistsAndMigrationIsIdempotent() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let (userID, collectionID, etag) = try await {
            let store = try SQLiteStore(directory: folder.path, clock: .fixed(42))
            let user = try await store.createUser(
                NewUser(name: "alice", email: "a@example.com", displayName: "A", passwordHash: "h"))
            let calendar = try await store.createCollection(
                ownerID: user.id,
                NewCollection(path: "crm-tasks", kind: .calendar, supportedComponents: ["VTODO"]))
            let put = try await store.putObject(
                ObjectWrite(
                    name: "a.ics", data: Array("BEGIN:VCALENDAR\r\n".utf8),
                    contentType: "text/calendar",
                    index: ObjectIndex(
                        componentType: "VTODO", uid: "u", firstStart: 1, lastEnd: nil)),
                collectionID: calendar.id, precondition: .ifNoneMatchAny)
            try await store.updateDeadProperties(
                ownerID: user.id, path: "crm-tasks",
                changes: [.set(namespace: "urn:x", name: "p", value: "<p/>")])
            return (user.id, calendar.id, put.object.etag)
        }()
        let reopened = try SQLiteStore(directory: folder.path, clock: .fixed(43))
        #expect(
            try await reopened.appliedMigrations() == [
                "v1-initial", "v2-usage", "v3-crm", "v4-links", "v5-perf", "v6-ops", "v7-connector",
                "v8-ops-sync-retention",
                "v9-conn", "v10-carddav", "v11-push", "v12-sharing", "v13-proxy", "v14-assignment",
                "v15-notifications", "v16-write-positions", "v17-object-listing",
                "v18-time-range-instances",
            ])
        let user = try #require(try await reopened.user(named: "alice"))
        #expect(user.id == userID)
        #expect(user.createdAt == 42)
        let calendar = try #require(try await reopened.collection(id: collectionID))
        #expect(calendar.syncToken == 1)
        #expect(calendar.supportedComponents == ["VTODO"])
        let object = try #require(
            try await reopened.object(collectionID: collectionID, name: "a.ics"))
        #expect(object.etag == etag)
        #expect(object.data == Array("BEGIN:VCALENDAR\r\n".utf8))
        #expect(
            object.index
                == ObjectIndex(componentType: "VTODO", uid: "u", firstStart: 1, lastEnd: nil))
        #expect(try await reopened.deadProperties(ownerID: userID, path: "crm-tasks").count == 1)
        let changes = try await reopened.changes(collectionID: collectionID, since: 0, limit: nil)
        #expect(changes.changes.map(\.name) == ["a.ics"])
        let third = try SQLiteStore(directory: folder.path)
        #expect(try await third.users().count == 1)
    }

    @Test func twoStoresOnOneFileSerialiseTheirWrites() async throws {
        // Two pools on one file behave like two processes: each has its own connections and
        // SQLite's file locks arbitrate; the busy timeout makes writers wait, not fail.
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let server = try SQLiteStore(directory: folder.path, clock: StoreContract.clock)
        let cli = try SQLiteStore(directory: folder.path, clock: StoreContract.clock)
        let owner = try await server.createUser(
            NewUser(name: "owner", email: "o@example.com", displayName: "O", passwordHash: "h"))
        let calendar = try await server.createCollection(
            ownerID: owner.id, NewCollection(path: "cal", kind: .calendar))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                group.addTask {
                    _ = try await cli.createUser(
                        NewUser(
                            name: "user\(index)", email: "u@example.com", displayName: "U",
                            passwordHash: "h"))
                }
                group.addTask {
                    _ = try await server.putObject(
                        ObjectWrite(name: "\(index).ics", data: [UInt8(index)], contentType: "x"),
                        collectionID: calendar.id, precondition: .ifNoneMatchAny)
                }
            }
            try await group.waitForAll()
        }
        #expect(try await server.users().count == 21)
        #expect(try await cli.collection(id: calendar.id)?.syncToken == 20)
        #expect(try await cli.objects(collectionID: calendar.id).count == 20)
    }

    @Test func anAbortedWriteLeavesNothingBehind() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let store = try SQLiteStore(directory: folder.path)
        let owner = try await store.createUser(
            NewUser(name: "owner", email: "o@example.com", displayName: "O", passwordHash: "h"))
        let source = try await store.createCollection(
            ownerID: owner.id, NewCollection(path: "a", kind: .calendar))
        let target = try await store.createCollection(
            ownerID: owner.id, NewCollection(path: "b", kind: .calendar))
        let write = ObjectWrite(
            name: "x.ics", data: [1], contentType: "x", index: ObjectIndex(uid: "same"))
        _ = try await store.putObject(write, collectionID: source.id, precondition: .none)
        var other = write
        other.name = "y.ics"
        _ = try await store.putObject(other, collectionID: target.id, precondition: .none)
        // The move deletes the source row and bumps its token before the UID check at the
        // destination fails: the rollback must undo both.
        await #expect(throws: StorageError(.uidConflict, "")) {
            try await store.moveObject(
                from: source.id, name: "x.ics", to: target.id, as: "z.ics", overwrite: false)
        }
        #expect(try await store.object(collectionID: source.id, name: "x.ics") != nil)
        #expect(try await store.collection(id: source.id)?.syncToken == 1)
        #expect(try await store.changes(collectionID: source.id, since: 0, limit: nil).token == 1)
    }
}

@Suite struct SQLiteQueryPlanTests {
    @Test func everyHotLookupSearchesAnIndex() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let plans = try await SQLiteStore(directory: folder.path).queryPlans()
        let expected = [
            // A range of the index for the objects with a start, and those without one.
            "timeRange":
                "INDEX objects_time_range (collection_id=? AND component_type=? AND first_start<?)",
            // The names and instances of a time-range query from the index alone.
            "eventMatches":
                "COVERING INDEX objects_time_range (collection_id=? AND component_type=? AND first_start<?)",
            "uid": "INDEX objects_uid (collection_id=? AND uid=?)",
            "changes": "INDEX changes_token (collection_id=? AND token>?)",
            // The metadata of a listing from the index alone, never a row with its body.
            "listing": "COVERING INDEX objects_listing (collection_id=? AND name>?)",
            "objectByName": "INDEX sqlite_autoindex_objects_1 (collection_id=? AND name=?)",
            "userByName": "INDEX sqlite_autoindex_users_1 (name=?)",
            "tokenHash": "INDEX sqlite_autoindex_app_passwords_1 (token_hash=?)",
            "collectionByPath":
                "INDEX sqlite_autoindex_collections_1 (owner_id=? AND path=?)",
            "taskByObject": "INDEX sqlite_autoindex_tasks_2 (collection_id=? AND object_name=?)",
            "taskByID": "INDEX sqlite_autoindex_tasks_1 (id=?)",
            "tasksByDue": "INDEX tasks_owner_due (owner_id=? AND due>?)",
            "tasksByContact": "INDEX tasks_owner_contact (owner_id=? AND contact_id=?)",
            "contactKeys": "INDEX contact_keys_lookup (owner_id=? AND kind=? AND key=?)",
            "contactsByName": "INDEX contacts_owner_name (owner_id=? AND name_key>?)",
            "trashByOwner": "INDEX trash_owner (owner_id=?)",
            "trashPurge": "INDEX trash_deleted (deleted_at<?)",
        ]
        #expect(Set(plans.keys) == Set(expected.keys))
        // The objects without a start are the UNION ALL's second half, from the index too.
        #expect(plans["timeRange"]?.contains("AND first_start=?)") == true)
        for (name, fragment) in expected {
            let plan = try #require(plans[name])
            #expect(plan.contains(fragment), "\(name): \(plan)")
            #expect(!plan.contains("SCAN"), "\(name): \(plan)")
        }
    }
}

@Suite struct SQLiteCrossProcessTests {
    /// Another process (here python's sqlite3, standing in for the `cadence user` CLI) holds the
    /// write lock for a while; the server's writes wait for it instead of failing, and each
    /// sees the other's rows afterwards.
    @Test func writesWaitForAnotherProcessHoldingTheLock() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let store = try SQLiteStore(directory: folder.path, clock: StoreContract.clock)
        let owner = try await store.createUser(
            NewUser(name: "owner", email: "o@example.com", displayName: "O", passwordHash: "h"))
        let script = """
            import sqlite3, sys, time
            db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
            db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT INTO users (name, email, display_name, password_hash, "
                "credential_version, password_changed_at, created_at) "
                "VALUES ('fromcli', 'c@example.com', 'C', 'h', 1, 0, 0)")
            print("locked", flush=True)
            time.sleep(0.8)
            db.execute("COMMIT")
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, folder.path + "/cadence.sqlite"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let line = output.fileHandleForReading.availableData
        #expect(String(decoding: line, as: UTF8.self).hasPrefix("locked"))
        let started = ContinuousClock.now
        let calendar = try await store.createCollection(
            ownerID: owner.id, NewCollection(path: "cal", kind: .calendar))
        let waited = ContinuousClock.now - started
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(waited > .milliseconds(300))
        #expect(calendar.path == "cal")
        #expect(try await store.users().map(\.name) == ["fromcli", "owner"])
    }

    /// The remembered user rows (`SQLiteUserCache`) never hide a change: a password changed by
    /// this store counts at once, and so does one changed by another process (python's sqlite3,
    /// as the `cadence user` CLI would), each read back at once, milliseconds after the last.
    @Test func rememberedUserRowsFollowEveryChange() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let store = try SQLiteStore(directory: folder.path, clock: StoreContract.clock)
        let user = try await store.createUser(
            NewUser(name: "ann", email: "a@example.com", displayName: "A", passwordHash: "h0"))
        #expect(try await store.user(named: "ann")?.passwordHash == "h0")
        // Answered from memory now (the second read), then changed here.
        #expect(try await store.user(named: "ann")?.passwordHash == "h0")
        _ = try await store.updatePasswordHash(userID: user.id, passwordHash: "h1")
        #expect(try await store.user(named: "ann")?.passwordHash == "h1")
        // Another process changes it five times, reading each change back between them.
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
            for line in sys.stdin:
                db.execute("UPDATE users SET password_hash = ?, "
                    "credential_version = credential_version + 1 WHERE name = 'ann'",
                    (line.strip(),))
                print("done", flush=True)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, folder.path + "/cadence.sqlite"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var version = try #require(try await store.user(named: "ann")).credentialVersion
        for round in 2..<7 {
            input.fileHandleForWriting.write(Data("h\(round)\n".utf8))
            var answer = Data()
            while !answer.contains(UInt8(ascii: "\n")) {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }  // the script ended: fail below, do not spin
                answer += chunk
            }
            try #require(answer.contains(UInt8(ascii: "\n")), "the script stopped answering")
            let seen = try #require(try await store.user(named: "ann"))
            #expect(seen.passwordHash == "h\(round)")
            #expect(seen.credentialVersion == version + 1)
            version = seen.credentialVersion
        }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        // A deleted user is gone at once too.
        try await store.deleteUser(id: user.id)
        #expect(try await store.user(named: "ann") == nil)
    }
}
