import Logging
import Storage
import Testing

@testable import CadenceServer

/// The background trash purge: entries older than the retention go, younger ones stay.
@Suite struct TrashCleanupTests {
    @Test func purgesOnlyEntriesOlderThanTheRetention() async throws {
        let store = InMemoryStore()
        let user = try await store.createUser(
            NewUser(
                name: "alice", email: "alice@example.com", displayName: "Alice", passwordHash: "x"))
        let calendar = try await store.createCollection(
            ownerID: user.id,
            NewCollection(path: "crm-tasks", kind: .calendar, supportedComponents: ["VEVENT"]))
        let body = Array(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:t-1\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260101T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
                .utf8)
        _ = try await store.putObject(
            ObjectWrite(
                name: "t-1.ics", data: body, contentType: "text/calendar",
                index: ObjectIndex(componentType: "VEVENT", uid: "t-1")),
            collectionID: calendar.id, precondition: .none)
        try await store.deleteObject(collectionID: calendar.id, name: "t-1.ics", ifMatch: nil)
        #expect(try await store.trash(ownerID: user.id).count == 1)

        let logger = Logger(label: "test")
        // A day's retention keeps an entry deleted just now.
        await TrashCleanupService(
            store: store, retentionSeconds: 86_400, interval: 3_600, logger: logger
        ).purgeOnce()
        #expect(try await store.trash(ownerID: user.id).count == 1)
        // A retention that ends in the future (negative) empties it.
        await TrashCleanupService(
            store: store, retentionSeconds: -60, interval: 3_600, logger: logger
        ).purgeOnce()
        #expect(try await store.trash(ownerID: user.id).isEmpty)
    }
}
