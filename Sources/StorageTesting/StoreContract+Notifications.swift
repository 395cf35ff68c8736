import Storage
import Testing

extension StoreContract {
    static let notificationChecks: [Check] = [
        Check(description: "notifications: put, replace, list, delete", run: notificationLifecycle),
        Check(
            description: "notifications: validation and user delete", run: notificationValidation),
    ]

    @Sendable static func notificationLifecycle(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let bob = try await makeUser(store, "bob")
        #expect(try await store.notifications(ownerID: bob.id).isEmpty)
        let invite = Array("<invite/>".utf8)
        let first = try await store.putNotification(
            ownerID: bob.id, name: "a.xml", type: "invite-notification", data: invite)
        #expect(first.ownerID == bob.id && first.name == "a.xml")
        #expect(first.type == "invite-notification" && first.data == invite)
        #expect(first.etag == ETag.strong(for: invite) && first.createdAt == now)
        let second = try await store.putNotification(
            ownerID: bob.id, name: "b.xml", type: "invite-reply", data: Array("<reply/>".utf8))
        #expect(try await store.notifications(ownerID: bob.id) == [first, second])
        // Each user's collection is their own.
        #expect(try await store.notifications(ownerID: alice.id).isEmpty)
        #expect(try await store.notification(ownerID: alice.id, name: "a.xml") == nil)
        // The same name replaces the document and keeps the id (and so the order).
        let changed = Array("<invite changed=\"1\"/>".utf8)
        let replaced = try await store.putNotification(
            ownerID: bob.id, name: "a.xml", type: "invite-deleted", data: changed)
        #expect(replaced.id == first.id && replaced.type == "invite-deleted")
        #expect(replaced.etag == ETag.strong(for: changed) && replaced.etag != first.etag)
        #expect(try await store.notification(ownerID: bob.id, name: "a.xml") == replaced)
        #expect(try await store.notifications(ownerID: bob.id) == [replaced, second])
        // Alice's delete of Bob's name finds nothing of hers.
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.deleteNotification(ownerID: alice.id, name: "a.xml")
        }
        try await store.deleteNotification(ownerID: bob.id, name: "a.xml")
        #expect(try await store.notifications(ownerID: bob.id) == [second])
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.deleteNotification(ownerID: bob.id, name: "a.xml")
        }
    }

    @Sendable static func notificationValidation(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let bob = try await makeUser(store, "bob")
        for name in ["", "a/b.xml", ".."] {
            await expectError(.invalidName) { () async throws(StorageError) in
                _ = try await store.putNotification(
                    ownerID: alice.id, name: name, type: "invite-notification", data: [])
            }
        }
        await expectError(.invalidName) { () async throws(StorageError) in
            _ = try await store.putNotification(
                ownerID: alice.id, name: "a.xml", type: "", data: [])
        }
        await expectError(.notFound) { () async throws(StorageError) in
            _ = try await store.putNotification(
                ownerID: 999_999, name: "a.xml", type: "invite-notification", data: [])
        }
        #expect(try await store.notifications(ownerID: alice.id).isEmpty)
        _ = try await store.putNotification(
            ownerID: alice.id, name: "a.xml", type: "invite-notification", data: [1])
        let kept = try await store.putNotification(
            ownerID: bob.id, name: "a.xml", type: "invite-notification", data: [2])
        try await store.deleteUser(id: alice.id)
        #expect(try await store.notifications(ownerID: alice.id).isEmpty)
        #expect(try await store.notifications(ownerID: bob.id) == [kept])
    }
}
