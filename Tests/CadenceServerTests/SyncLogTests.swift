import Foundation
import Logging
import Storage
import Testing
import WebDAV

@testable import CadenceServer

/// The sync log (issue 7): DAV and API writes are recorded with who, which client, what, where,
/// the status and the time; `GET /api/v1/log` reads a user's own entries, administrators anyone's.
@Suite struct SyncLogTests {
    static let calendar = "/caldav/calendars/alice/crm-tasks/"

    /// `(action, collection, object, destination, status, client)` of each item.
    static func summary(_ items: [JSONValue]) -> [String] {
        items.map { item in
            func text(_ key: String) -> String {
                if case .string(let value)? = item[key] { return value }
                return "-"
            }
            var status = "-"
            if case .number(let value)? = item["status"] { status = String(Int(value)) }
            return [
                text("action"), text("collection"), text("object"), text("destination"), status,
                text("client"),
            ].joined(separator: " ")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func davWritesAreLogged(_ kind: StoreKind) async throws {
        try await TestServer.run(kind) { server in
            let dav = server.dav("alice")
            let agent = [("User-Agent", "DAVx5/4.4.1 (Android)")]
            let path = Self.calendar + "a.ics"
            #expect(try await dav.put(path, ICS.event(uid: "a"), headers: agent).status == 201)
            #expect(
                try await dav.put(path, ICS.event(uid: "a", summary: "2"), headers: agent).status
                    == 204)
            #expect(
                try await dav.put(
                    path, ICS.event(uid: "a"), headers: agent + [("If-Match", "\"stale\"")]
                ).status == 412)
            let moved = try await dav.request(
                "MOVE", path,
                headers: [("Destination", "http://localhost" + Self.calendar + "b.ics")])
            #expect(moved.status == 201)
            #expect(try await dav.delete(Self.calendar + "b.ics").status == 204)
            // A read is not logged, nor is anyone's request without credentials.
            #expect(try await dav.get(Self.calendar + "a.ics").status == 404)
            #expect(try await server.anonymous.delete(path).status == 401)

            let log = try await server.api("alice").get("/log")
            #expect(log.status == 200)
            let c = Self.calendar
            #expect(
                Self.summary(log.items) == [
                    "delete \(c) b.ics - 204 unknown",
                    "move \(c) a.ics \(c)b.ics 201 unknown",
                    "update \(c) a.ics - 412 DAVx5/4.4.1 (Android)",
                    "update \(c) a.ics - 204 DAVx5/4.4.1 (Android)",
                    "create \(c) a.ics - 201 DAVx5/4.4.1 (Android)",
                ])
            #expect(log.items.allSatisfy { $0["user"] == .string("alice") })
            let now = Int64(Date().timeIntervalSince1970)
            if case .string(let time)? = log.items.first?["time"] {
                let parsed = try #require(APITime.parse(time, timeZone: nil))
                #expect(abs(parsed.utc - now) <= 5)
            } else {
                Issue.record("no time")
            }
            // Bob sees only his own (none) and may not read Alice's.
            #expect(try await server.api("bob").get("/log").items.isEmpty)
            #expect(try await server.api("bob").get("/log?user=alice").status == 403)
            // The store has them too, for `cadence log`.
            let stored = try await server.admin.syncLog(user: "alice", since: "1h", limit: 2)
            #expect(stored.map(\.action) == [.delete, .move])
        }
    }

    @Test func apiTaskWritesAndRestoresAreLogged() async throws {
        try await TestServer.run { server in
            let api = server.api("alice")
            let created = try await api.post(
                "/tasks", #"{"type":"to-do","title":"Send offer","due":"2026-12-03"}"#)
            #expect(created.status == 201)
            let id = try #require(created.string("id"))
            #expect(try await api.post("/tasks/\(id)/complete").status == 200)
            #expect(try await api.delete("/tasks/\(id)").status == 204)
            #expect(try await api.delete("/tasks/\(id)").status == 404)
            let trash = try await api.get("/trash")
            guard case .number(let trashID)? = trash.items.first?["id"] else {
                Issue.record("no trash entry")
                return
            }
            #expect(try await api.post("/trash/\(Int(trashID))/restore").status == 200)

            let log = try await api.get("/log?limit=10")
            let c = Self.calendar
            #expect(
                Self.summary(log.items) == [
                    "restore \(c) \(id).ics - 200 api",
                    "delete  - - 404 api",
                    "delete  - - 204 api",
                    "update \(c) \(id).ics - 200 api",
                    "create \(c) \(id).ics - 201 api",
                ])
            #expect(log.items.allSatisfy { $0["taskId"] == .string(id) })
            #expect(Self.summary(try await api.get("/log?limit=2").items).count == 2)
            #expect(try await api.get("/log?since=2000-01-01").items.count == 5)
            #expect(try await api.get("/log?since=2999-01-01").items.isEmpty)
            #expect(try await api.get("/log?since=yesterday").status == 400)
            #expect(try await api.get("/log?limit=0").status == 400)
        }
    }

    @Test func davWritesOfTasksCarryTheTaskID() async throws {
        try await TestServer.run { server in
            #expect(
                try await server.dav("alice").put(Self.calendar + "t1.ics", ICS.todo(uid: "t1"))
                    .status == 201)
            let tasks = try await server.api("alice").get("/tasks")
            let id = try #require(tasks.items.first?["id"])
            let log = try await server.api("alice").get("/log")
            #expect(log.items.count == 1)
            #expect(log.items.first?["taskId"] == id)
            #expect(log.items.first?["object"] == .string("t1.ics"))
        }
    }

    /// A PUT's entry carries the task id its write left, not one looked up at the flush: an
    /// object deleted before the flush is still named by the PUT's entry, and an update names
    /// the task the object kept.
    @Test(arguments: StoreKind.allCases)
    func davPutsNameTheTaskTheirWriteLeft(_ kind: StoreKind) async throws {
        try await TestServer.run(kind) { server in
            let dav = server.dav("alice")
            let path = Self.calendar + "t1.ics"
            #expect(try await dav.put(path, ICS.todo(uid: "t1")).status == 201)
            let id = try #require(try await server.api("alice").get("/tasks").items.first?["id"])
            #expect(try await dav.put(path, ICS.todo(uid: "t1", summary: "2")).status == 204)
            #expect(try await dav.delete(path).status == 204)
            let log = try await server.api("alice").get("/log")
            #expect(
                log.items.map { $0["action"] } == [
                    .string("delete"), .string("update"), .string("create"),
                ])
            #expect(log.items.map { $0["taskId"] } == [id, id, id])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func davDeletesOfTasksCarryTheTaskID(_ kind: StoreKind) async throws {
        try await TestServer.run(kind) { server in
            let dav = server.dav("alice")
            #expect(try await dav.put(Self.calendar + "t1.ics", ICS.todo(uid: "t1")).status == 201)
            let tasks = try await server.api("alice").get("/tasks")
            let id = try #require(tasks.items.first?["id"])
            #expect(try await dav.delete(Self.calendar + "t1.ics").status == 204)
            #expect(try await dav.delete(Self.calendar + "t1.ics").status == 404)
            let log = try await server.api("alice").get("/log")
            #expect(log.items.count == 3)
            // Newest first: the failed delete names no task, the real one names it.
            #expect([nil, .null].contains(log.items[0]["taskId"]))
            #expect(log.items[1]["action"] == .string("delete"))
            #expect(log.items[1]["taskId"] == id)
        }
    }

    @Test func administratorsReadAnyonesLog() async throws {
        try await TestServer.run { server in
            try await server.admin.addUser(
                name: "root", password: TestServer.password("root"), isAdmin: true)
            #expect(
                try await server.dav("alice").put(Self.calendar + "a.ics", ICS.event(uid: "a"))
                    .status == 201)
            let root = server.api("root")
            #expect(try await root.get("/log").items.isEmpty)
            let alices = try await root.get("/log?user=alice")
            #expect(Self.summary(alices.items) == ["create \(Self.calendar) a.ics - 201 unknown"])
        }
    }

    @Test func recorderBuffersBoundedAndFlushesInOneBatch() async throws {
        let store: any CadenceStore = InMemoryStore()
        let recorder = SyncLogRecorder(store: store, capacity: 2, clock: .fixed(1_000))
        let entry = SyncLogEntry(
            time: 0, ownerID: 1, userName: "alice", client: "api", action: .create,
            collectionPath: "/c/", objectName: "a.ics", status: 201)
        await recorder.record(entry)
        await recorder.record(entry)
        await recorder.record(entry)
        #expect(await recorder.pendingCount == 2)
        #expect(await recorder.droppedCount == 1)
        #expect(try await store.syncLog(SyncLogQuery()).isEmpty)
        await recorder.flush()
        #expect(await recorder.pendingCount == 0)
        #expect(await recorder.writtenCount == 2)
        let stored = try await store.syncLog(SyncLogQuery())
        #expect(stored.map(\.time) == [1_000, 1_000])
        #expect(stored.map(\.objectName) == ["a.ics", "a.ics"])
    }

    @Test func serviceFlushesAndPurges() async throws {
        let store: any CadenceStore = InMemoryStore()
        let now = Int64(Date().timeIntervalSince1970)
        try await store.appendSyncLog([
            SyncLogEntry(
                time: now - 86_400 * 31, ownerID: 1, userName: "alice", client: "api",
                action: .delete, collectionPath: "/c/", status: 204),
            SyncLogEntry(
                time: now - 60, ownerID: 1, userName: "alice", client: "api", action: .update,
                collectionPath: "/c/", status: 200),
        ])
        let recorder = SyncLogRecorder(store: store)
        let service = SyncLogService(
            recorder: recorder, store: store, retentionSeconds: 30 * 86_400, flushInterval: 1,
            purgeInterval: 3_600, logger: Logger(label: "test"))
        #expect(await service.purgeOnce() == 1)
        #expect(try await store.syncLog(SyncLogQuery()).map(\.action) == [.update])
    }

    @Test func sinceAcceptsAgesAndISOInstants() {
        let now: Int64 = 1_764_000_000
        #expect(SyncLogQueryText.since("90s", now: now) == now - 90)
        #expect(SyncLogQueryText.since("30m", now: now) == now - 1_800)
        #expect(SyncLogQueryText.since("2h", now: now) == now - 7_200)
        #expect(SyncLogQueryText.since("7d", now: now) == now - 604_800)
        #expect(SyncLogQueryText.since("2025-11-24", now: now) == 1_763_942_400)
        #expect(SyncLogQueryText.since("2025-11-24T10:00:00Z", now: now) == 1_763_978_400)
        #expect(SyncLogQueryText.since("2025-11-24T10:00:00+01:00", now: now) == 1_763_974_800)
        #expect(SyncLogQueryText.since("h", now: now) == nil)
        #expect(SyncLogQueryText.since("5w", now: now) == nil)
        #expect(SyncLogQueryText.since("yesterday", now: now) == nil)
    }

    @Test func davEntryNamesCollectionsAndDestinations() throws {
        let user = UserRecord(
            id: 7, name: "alice", email: "", displayName: "", passwordHash: "",
            credentialVersion: 1, passwordChangedAt: 0, createdAt: 0)
        let collection = try #require(DAVPath("/caldav/calendars/alice/old/"))
        let entry = try #require(
            SyncLogRecorder.davEntry(
                method: "MOVE", path: collection,
                destination: "https://crm.example.com/caldav/calendars/alice/new/", user: user,
                userAgent: nil, status: 201))
        #expect(entry.collectionPath == "/caldav/calendars/alice/old/")
        #expect(entry.objectName == nil)
        #expect(entry.destination == "/caldav/calendars/alice/new/")
        #expect(entry.ownerID == 7)
        #expect(entry.action == .move)
        #expect(
            SyncLogRecorder.davEntry(
                method: "COPY", path: collection, destination: "/x/", user: user, userAgent: "",
                status: 201)?.action == .create)
        #expect(
            SyncLogRecorder.davEntry(
                method: "PROPPATCH", path: collection, destination: nil, user: user,
                userAgent: nil, status: 207) == nil)
    }
}
