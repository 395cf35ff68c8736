import CRM
import Foundation
import Storage
import Testing

@testable import CadenceServer

/// `cadence migrate-store` (issue 9): a SQLite installation copied into PostgreSQL and verified
/// by every object's ETag. Needs `CADENCE_TEST_POSTGRES_URL` (scripts/test sets it).
/// The PostgreSQL server of the migrate-store tests, if any.
let migrationTestPostgresURL = ProcessInfo.processInfo.environment["CADENCE_TEST_POSTGRES_URL"]
    .flatMap { $0.isEmpty ? nil : $0 }

@Suite(
    .enabled(
        if: migrationTestPostgresURL != nil,
        "CADENCE_TEST_POSTGRES_URL is unset: the migrate-store tests did NOT run"))
struct StoreMigrationTests {
    static var postgresURL: String? { migrationTestPostgresURL }

    static func freshURL() -> String {
        let base = postgresURL ?? ""
        let schema = "m_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        return base + (base.contains("?") ? "&" : "?") + "schema=" + schema
    }

    static func event(_ uid: String, _ summary: String) -> ObjectWrite {
        let text =
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:\(uid)\r\n"
            + "DTSTAMP:20260101T000000Z\r\nDTSTART:20260102T100000Z\r\nSUMMARY:\(summary)\r\n"
            + "END:VEVENT\r\nEND:VCALENDAR\r\n"
        return ObjectWrite(
            name: uid + ".ics", data: Array(text.utf8), contentType: "text/calendar",
            index: ObjectIndex(componentType: "VEVENT", uid: uid, firstStart: 10, lastEnd: 20))
    }

    /// An installation with two users, app passwords, calendars, objects (one deleted to the
    /// trash), a dead property and a contact.
    static func populate(_ store: any CadenceStore) async throws -> (UserRecord, CollectionRecord) {
        let alice = try await store.createUser(
            NewUser(name: "alice", email: "a@example.com", displayName: "A", passwordHash: "$2b$x"))
        let bob = try await store.createUser(
            NewUser(name: "bob", email: "b@example.com", displayName: "B", passwordHash: "$2b$y"))
        _ = try await store.addAppPassword(userID: alice.id, label: "phone", tokenHash: "t1")
        let calendar = try await store.createCollection(
            ownerID: alice.id,
            NewCollection(path: "work", kind: .calendar, supportedComponents: ["VEVENT"]))
        let other = try await store.createCollection(
            ownerID: bob.id,
            NewCollection(path: "home", kind: .calendar, supportedComponents: ["VEVENT"]))
        for index in 0..<30 {
            _ = try await store.putObject(
                event("e\(index)", "event \(index)"), collectionID: calendar.id,
                precondition: .none)
        }
        _ = try await store.putObject(
            event("e3", "edited"), collectionID: calendar.id, precondition: .none)
        try await store.deleteObject(collectionID: calendar.id, name: "e4.ics", ifMatch: nil)
        _ = try await store.putObject(
            event("b1", "bob's"), collectionID: other.id, precondition: .none)
        try await store.updateDeadProperties(
            ownerID: alice.id, path: "work",
            changes: [.set(namespace: "urn:x", name: "p", value: "<p>kept</p>")])
        _ = try await store.createContact(
            Contact(id: "c1", ownerID: alice.id, name: "Carol", emails: [.init(value: "c@x.org")]))
        return (alice, calendar)
    }

    @Test func copiesAWholeInstallationAndVerifiesEveryETag() async throws {
        let folder = NSTemporaryDirectory() + "cadence-migrate-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = try CadenceService.openStore(dataDirectory: folder)
        let (alice, calendar) = try await Self.populate(source)
        let url = Self.freshURL()

        let report = try await StoreMigration.copy(sqliteFolder: folder, postgresURL: url)
        #expect(report.mismatches == [])
        #expect(report.users == 2)
        #expect(report.objects == 30)
        #expect(report.rows["objects"] == 30)
        #expect(report.rows["trash"] == 1)
        #expect(report.rows["app_passwords"] == 1)
        #expect(report.rows["contacts"] == 1)

        let target = try await CadenceService.openStore(databaseURL: url, dataDirectory: folder)
        #expect(try await target.user(named: "alice")?.passwordHash == "$2b$x")
        #expect(try await target.appPassword(tokenHash: "t1")?.userID == alice.id)
        #expect(try await target.collection(id: calendar.id)?.syncToken == 32)
        #expect(
            try await target.deadProperties(ownerID: alice.id, path: "work").map(\.value)
                == ["<p>kept</p>"])
        // A client's token from before the copy still syncs incrementally.
        let changes = try await target.changes(collectionID: calendar.id, since: 30, limit: nil)
        #expect(changes.changes.map(\.name) == ["e3.ics", "e4.ics"])
        // The identity sequences moved past the copied ids: new rows get fresh ids.
        let carol = try await target.createUser(
            NewUser(name: "carol", email: "", displayName: "", passwordHash: "h"))
        #expect(carol.id > alice.id)
        let put = try await target.putObject(
            Self.event("new", "after"), collectionID: calendar.id, precondition: .none)
        #expect(put.created)

        // The verification finds a difference: an object changed on one side only.
        _ = try await target.putObject(
            Self.event("e5", "tampered"), collectionID: calendar.id, precondition: .none)
        var again = StoreMigration.Report()
        let mismatches = try await StoreMigration.verify(
            source: source, target: target, report: &again)
        #expect(mismatches.contains { $0.contains("ETags in alice/work differ") })

        // A database that holds users is refused.
        await #expect(throws: StorageError.self) {
            _ = try await StoreMigration.copy(sqliteFolder: folder, postgresURL: url)
        }
    }
}
