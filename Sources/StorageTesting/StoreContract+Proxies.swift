import Storage
import Testing

extension StoreContract {
    static let proxyChecks: [Check] = [
        Check(description: "proxies: grant, change, list, revoke", run: proxyLifecycle),
        Check(description: "proxies: replace a group's members", run: proxyReplace),
        Check(description: "proxies: validation and user delete cascade", run: proxyValidation),
    ]

    @Sendable static func proxyLifecycle(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let bob = try await makeUser(store, "bob")
        let carol = try await makeUser(store, "carol")
        #expect(try await store.proxyGrants(ownerID: alice.id).isEmpty)
        let read = try await store.grantProxy(ownerID: alice.id, delegateID: bob.id, access: .read)
        #expect(
            read == ProxyGrant(ownerID: alice.id, delegateID: bob.id, access: .read, createdAt: now)
        )
        let write = try await store.grantProxy(
            ownerID: alice.id, delegateID: carol.id, access: .write)
        #expect(try await store.proxyGrants(ownerID: alice.id) == [read, write])
        #expect(try await store.proxyGrants(delegateID: bob.id) == [read])
        #expect(try await store.proxyGrant(ownerID: alice.id, delegateID: carol.id) == write)
        #expect(try await store.proxyGrant(ownerID: bob.id, delegateID: alice.id) == nil)
        // One grant per pair: granting again changes the access.
        let upgraded = try await store.grantProxy(
            ownerID: alice.id, delegateID: bob.id, access: .write)
        #expect(upgraded.access == .write)
        #expect(try await store.proxyGrants(ownerID: alice.id).map(\.access) == [.write, .write])
        // Grants are directed: Bob's delegation to Alice is a separate row.
        let reverse = try await store.grantProxy(
            ownerID: bob.id, delegateID: alice.id, access: .read)
        #expect(try await store.proxyGrants(delegateID: alice.id) == [reverse])
        try await store.revokeProxy(ownerID: alice.id, delegateID: bob.id)
        #expect(try await store.proxyGrant(ownerID: alice.id, delegateID: bob.id) == nil)
        #expect(try await store.proxyGrants(ownerID: alice.id) == [write])
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.revokeProxy(ownerID: alice.id, delegateID: bob.id)
        }
    }

    @Sendable static func proxyReplace(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let bob = try await makeUser(store, "bob")
        let carol = try await makeUser(store, "carol")
        let dave = try await makeUser(store, "dave")
        _ = try await store.grantProxy(ownerID: alice.id, delegateID: bob.id, access: .read)
        _ = try await store.grantProxy(ownerID: alice.id, delegateID: dave.id, access: .write)
        // The read group becomes exactly Carol and Dave: Bob leaves it, Dave moves from write.
        try await store.replaceProxies(
            ownerID: alice.id, access: .read, delegateIDs: [carol.id, dave.id])
        var grants = try await store.proxyGrants(ownerID: alice.id)
        #expect(grants.map(\.delegateID) == [carol.id, dave.id])
        #expect(grants.allSatisfy { $0.access == .read })
        // Emptying the write group leaves the read group alone.
        try await store.replaceProxies(ownerID: alice.id, access: .write, delegateIDs: [])
        #expect(try await store.proxyGrants(ownerID: alice.id) == grants)
        try await store.replaceProxies(ownerID: alice.id, access: .write, delegateIDs: [bob.id])
        grants = try await store.proxyGrants(ownerID: alice.id)
        #expect(grants.map(\.delegateID) == [bob.id, carol.id, dave.id])
        #expect(grants.map(\.access) == [.write, .read, .read])
        // A bad member changes nothing.
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.replaceProxies(
                ownerID: alice.id, access: .read, delegateIDs: [carol.id, 999_999])
        }
        await expectError(.invalidName) { () async throws(StorageError) in
            try await store.replaceProxies(
                ownerID: alice.id, access: .read, delegateIDs: [alice.id])
        }
        #expect(try await store.proxyGrants(ownerID: alice.id) == grants)
    }

    @Sendable static func proxyValidation(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let bob = try await makeUser(store, "bob")
        let carol = try await makeUser(store, "carol")
        await expectError(.invalidName) { () async throws(StorageError) in
            _ = try await store.grantProxy(ownerID: alice.id, delegateID: alice.id, access: .read)
        }
        await expectError(.notFound) { () async throws(StorageError) in
            _ = try await store.grantProxy(ownerID: alice.id, delegateID: 999_999, access: .read)
        }
        await expectError(.notFound) { () async throws(StorageError) in
            _ = try await store.grantProxy(ownerID: 999_999, delegateID: bob.id, access: .read)
        }
        _ = try await store.grantProxy(ownerID: alice.id, delegateID: bob.id, access: .write)
        _ = try await store.grantProxy(ownerID: bob.id, delegateID: carol.id, access: .read)
        _ = try await store.grantProxy(ownerID: carol.id, delegateID: alice.id, access: .read)
        try await store.deleteUser(id: bob.id)
        #expect(try await store.proxyGrants(ownerID: alice.id).isEmpty)
        #expect(try await store.proxyGrants(delegateID: carol.id).isEmpty)
        #expect(try await store.proxyGrants(ownerID: carol.id).map(\.delegateID) == [alice.id])
    }
}
