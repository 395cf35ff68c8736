import Storage
import Testing

extension StoreContract {
    @Sendable static func usersLifecycle(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store, "alice")
        #expect(alice.name == "alice")
        #expect(alice.email == "alice@example.com")
        #expect(alice.displayName == "User alice")
        #expect(alice.passwordHash == "$2b$12$hash-of-alice")
        #expect(alice.credentialVersion == 1)
        #expect(alice.createdAt == now)
        #expect(alice.passwordChangedAt == now)
        let bob = try await makeUser(store, "bob")
        #expect(bob.id != alice.id)
        #expect(try await store.user(named: "alice") == alice)
        #expect(try await store.user(named: "Alice") == nil)
        #expect(try await store.user(id: bob.id) == bob)
        #expect(try await store.user(id: 999_999) == nil)
        #expect(try await store.users().map(\.name) == ["alice", "bob"])
        await expectError(.conflict) { () async throws(StorageError) in
            try await makeUserTyped(store, "alice")
        }
        try await store.deleteUser(id: alice.id)
        #expect(try await store.user(named: "alice") == nil)
        #expect(try await store.user(id: alice.id) == nil)
        #expect(try await store.users() == [bob])
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.deleteUser(id: alice.id)
        }
        let again = try await makeUser(store, "alice")
        #expect(again.credentialVersion == 1)
    }

    /// `makeUser` with a typed error, for `expectError`.
    static func makeUserTyped(_ store: any CadenceStore, _ name: String)
        async throws(StorageError) -> UserRecord
    {
        try await store.createUser(
            NewUser(name: name, email: "x@example.com", displayName: "X", passwordHash: "h"))
    }

    @Sendable static func userNameValidation(_ store: any CadenceStore) async throws {
        for bad in [
            "", "Alice", "a/b", "a b", ".", "..", "über", "a:b", String(repeating: "a", count: 65),
        ] {
            await expectError(.invalidName) { () async throws(StorageError) in
                try await makeUserTyped(store, bad)
            }
        }
        for good in ["a", "a.b-c_d", "0", String(repeating: "z", count: 64), "..."] {
            let user = try await makeUserTyped(store, good)
            #expect(user.name == good)
        }
        #expect(try await store.users().count == 5)
    }

    @Sendable static func passwordAndProfile(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let changed = try await store.updatePasswordHash(userID: alice.id, passwordHash: "new")
        #expect(changed.passwordHash == "new")
        #expect(changed.credentialVersion == 2)
        #expect(changed.passwordChangedAt == now)
        let again = try await store.updatePasswordHash(userID: alice.id, passwordHash: "newer")
        #expect(again.credentialVersion == 3)
        #expect(try await store.user(id: alice.id)?.credentialVersion == 3)
        #expect(try await store.user(id: alice.id)?.passwordHash == "newer")
        let profile = try await store.updateProfile(
            userID: alice.id, email: "a@example.org", displayName: "Alice A.")
        #expect(profile.email == "a@example.org")
        #expect(profile.displayName == "Alice A.")
        #expect(profile.credentialVersion == 3)
        #expect(try await store.user(named: "alice") == profile)
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.updatePasswordHash(userID: 424_242, passwordHash: "x")
        }
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.updateProfile(userID: 424_242, email: "x", displayName: "x")
        }
    }

    @Sendable static func appPasswords(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let bob = try await makeUser(store, "bob")
        let phone = try await store.addAppPassword(
            userID: alice.id, label: "iPhone", tokenHash: String(repeating: "a", count: 64))
        let laptop = try await store.addAppPassword(
            userID: alice.id, label: "Thunderbird", tokenHash: String(repeating: "b", count: 64))
        #expect(phone.userID == alice.id)
        #expect(phone.label == "iPhone")
        #expect(phone.createdAt == now)
        #expect(phone.lastUsedAt == nil)
        #expect(try await store.appPasswords(userID: alice.id) == [phone, laptop])
        #expect(try await store.appPasswords(userID: bob.id) == [])
        #expect(
            try await store.appPassword(tokenHash: String(repeating: "b", count: 64)) == laptop)
        #expect(try await store.appPassword(tokenHash: String(repeating: "c", count: 64)) == nil)
        await expectError(.conflict) { () async throws(StorageError) in
            try await store.addAppPassword(
                userID: bob.id, label: "x", tokenHash: String(repeating: "a", count: 64))
        }
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.addAppPassword(userID: 424_242, label: "x", tokenHash: "d")
        }
        try await store.touchAppPassword(id: phone.id)
        #expect(try await store.appPassword(tokenHash: phone.tokenHash)?.lastUsedAt == now)
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.touchAppPassword(id: 424_242)
        }
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.revokeAppPassword(id: phone.id, userID: bob.id)
        }
        try await store.revokeAppPassword(id: phone.id, userID: alice.id)
        #expect(try await store.appPassword(tokenHash: phone.tokenHash) == nil)
        #expect(try await store.appPasswords(userID: alice.id) == [laptop])
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.revokeAppPassword(id: phone.id, userID: alice.id)
        }
        try await store.deleteUser(id: alice.id)
        #expect(try await store.appPassword(tokenHash: laptop.tokenHash) == nil)
    }
}
