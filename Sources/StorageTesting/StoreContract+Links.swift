import Storage
import Testing

extension StoreContract {
    static let linkChecks: [Check] = [
        Check(description: "links: create, find, list, touch, revoke", run: linkLifecycle),
        Check(description: "links: owner and calendar checks", run: linkValidation),
        Check(description: "links: calendar and user delete cascade", run: linkCascades),
    ]

    @Sendable static func linkLifecycle(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let calendar = try await makeCalendar(store, alice)
        let first = try await store.createSubscriptionLink(
            ownerID: alice.id, collectionID: calendar.id, tokenHash: "hash-1",
            label: "Nextcloud", mode: .events)
        #expect(first.ownerID == alice.id)
        #expect(first.collectionID == calendar.id)
        #expect(first.tokenHash == "hash-1")
        #expect(first.label == "Nextcloud")
        #expect(first.mode == .events)
        #expect(first.createdAt == now)
        #expect(first.lastFetchedAt == nil)
        let second = try await store.createSubscriptionLink(
            ownerID: alice.id, collectionID: calendar.id, tokenHash: "hash-2", label: "Board",
            mode: .busy)
        #expect(second.id != first.id)
        #expect(try await store.subscriptionLinks(ownerID: alice.id) == [first, second])
        #expect(try await store.subscriptionLink(tokenHash: "hash-2") == second)
        #expect(try await store.subscriptionLink(tokenHash: "hash-3") == nil)
        await expectError(.conflict) { () async throws(StorageError) in
            _ = try await store.createSubscriptionLink(
                ownerID: alice.id, collectionID: calendar.id, tokenHash: "hash-1", label: "x",
                mode: .full)
        }
        try await store.touchSubscriptionLink(id: first.id)
        #expect(try await store.subscriptionLink(tokenHash: "hash-1")?.lastFetchedAt == now)
        try await store.revokeSubscriptionLink(id: first.id, ownerID: alice.id)
        #expect(try await store.subscriptionLink(tokenHash: "hash-1") == nil)
        #expect(try await store.subscriptionLinks(ownerID: alice.id) == [second])
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.revokeSubscriptionLink(id: first.id, ownerID: alice.id)
        }
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.touchSubscriptionLink(id: first.id)
        }
    }

    @Sendable static func linkValidation(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let bob = try await makeUser(store, "bob")
        let calendar = try await makeCalendar(store, alice)
        let plain = try await makePlain(store, alice, "files")
        await expectError(.notFound) { () async throws(StorageError) in
            _ = try await store.createSubscriptionLink(
                ownerID: bob.id, collectionID: calendar.id, tokenHash: "h", label: "",
                mode: .full)
        }
        await expectError(.notFound) { () async throws(StorageError) in
            _ = try await store.createSubscriptionLink(
                ownerID: alice.id, collectionID: 999_999, tokenHash: "h", label: "", mode: .full)
        }
        await expectError(.invalidName) { () async throws(StorageError) in
            _ = try await store.createSubscriptionLink(
                ownerID: alice.id, collectionID: plain.id, tokenHash: "h", label: "", mode: .full)
        }
        let link = try await store.createSubscriptionLink(
            ownerID: alice.id, collectionID: calendar.id, tokenHash: "h", label: "", mode: .full)
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.revokeSubscriptionLink(id: link.id, ownerID: bob.id)
        }
        #expect(try await store.subscriptionLinks(ownerID: bob.id) == [])
        #expect(try await store.subscriptionLinks(ownerID: alice.id) == [link])
    }

    @Sendable static func linkCascades(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let bob = try await makeUser(store, "bob")
        let work = try await makeCalendar(store, alice, "work")
        let home = try await makeCalendar(store, alice, "home")
        let bobs = try await makeCalendar(store, bob)
        _ = try await store.createSubscriptionLink(
            ownerID: alice.id, collectionID: work.id, tokenHash: "w", label: "", mode: .full)
        let kept = try await store.createSubscriptionLink(
            ownerID: alice.id, collectionID: home.id, tokenHash: "h", label: "", mode: .events)
        let bobsLink = try await store.createSubscriptionLink(
            ownerID: bob.id, collectionID: bobs.id, tokenHash: "b", label: "", mode: .busy)
        try await store.deleteCollection(id: work.id)
        #expect(try await store.subscriptionLink(tokenHash: "w") == nil)
        #expect(try await store.subscriptionLinks(ownerID: alice.id) == [kept])
        try await store.deleteUser(id: alice.id)
        #expect(try await store.subscriptionLink(tokenHash: "h") == nil)
        #expect(try await store.subscriptionLinks(ownerID: alice.id) == [])
        #expect(try await store.subscriptionLink(tokenHash: "b") == bobsLink)
    }
}
