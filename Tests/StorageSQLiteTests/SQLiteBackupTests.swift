import Foundation
import Storage
import StorageSQLite
import Testing

/// Online backup and restore (issue 7): a backup taken while writes continue holds every write
/// acknowledged before it began, intact, and restores into an empty folder only.
@Suite struct SQLiteBackupTests {
    /// The names of acknowledged writes, in order.
    actor Acknowledged {
        var names: [String] = []
        var isStopped = false
        func append(_ name: String) { names.append(name) }
        func stop() { isStopped = true }
    }

    static func body(_ index: Int) -> [UInt8] {
        Array(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:e\(index)\r\nSUMMARY:Write \(index)\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
                .utf8)
    }

    @Test func backupDuringWritesHoldsEveryAcknowledgedWrite() async throws {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("cadence-backup-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = try SQLiteStore(directory: root + "/live")
        let user = try await store.createUser(
            NewUser(name: "alice", email: "a@example.com", displayName: "A", passwordHash: "x"))
        let calendar = try await store.createCollection(
            ownerID: user.id,
            NewCollection(path: "work", kind: .calendar, supportedComponents: ["VEVENT"]))
        let acknowledged = Acknowledged()
        let writer = Task {
            for index in 0..<2_000 {
                if await acknowledged.isStopped { break }
                _ = try await store.putObject(
                    ObjectWrite(
                        name: "e\(index).ics", data: Self.body(index), contentType: "text/calendar",
                        index: ObjectIndex(componentType: "VEVENT", uid: "e\(index)")),
                    collectionID: calendar.id, precondition: .none)
                await acknowledged.append("e\(index).ics")
            }
        }
        while await acknowledged.names.count < 50 { try await Task.sleep(for: .milliseconds(5)) }
        let before = await acknowledged.names
        try store.backup(to: root + "/backup.sqlite")
        // Writes went on during and after the backup.
        while await acknowledged.names.count < before.count + 20 {
            try await Task.sleep(for: .milliseconds(5))
        }
        await acknowledged.stop()
        _ = try await writer.value

        let restored = try SQLiteStore.restore(
            from: root + "/backup.sqlite", into: root + "/restored")
        let restoredUser = try #require(try await restored.user(named: "alice"))
        let restoredCalendar = try #require(
            try await restored.collection(ownerID: restoredUser.id, path: "work"))
        let names = Set(try await restored.objects(collectionID: restoredCalendar.id).map(\.name))
        #expect(Set(before).isSubset(of: names))
        let all = await acknowledged.names
        #expect(names.count < all.count)
        for name in before {
            let index = Int(name.dropFirst().dropLast(4))!
            let object = try await restored.object(collectionID: restoredCalendar.id, name: name)
            #expect(object?.data == Self.body(index))
        }
        #expect(try await restored.journalMode() == "wal")
        #expect(try await restored.appliedMigrations().count == SQLiteStore.schemaVersion)

        // Restoring twice into the same folder, or a missing file, fails; backing up onto an
        // existing file too.
        #expect(throws: StorageError(.conflict, "")) {
            _ = try SQLiteStore.restore(from: root + "/backup.sqlite", into: root + "/restored")
        }
        #expect(throws: StorageError(.notFound, "")) {
            _ = try SQLiteStore.restore(from: root + "/missing.sqlite", into: root + "/other")
        }
        #expect(throws: StorageError(.conflict, "")) {
            try store.backup(to: root + "/backup.sqlite")
        }
    }
}
