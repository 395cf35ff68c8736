import Storage
import Testing

extension StoreContract {
    static let pushChecks: [Check] = [
        Check(description: "push: register, update, find, delete", run: pushLifecycle),
        Check(description: "push: owner checks and cascades", run: pushOwnership),
        Check(description: "push: sharees and delegates, until access ends", run: pushReach),
        Check(description: "push: expiry", run: pushExpiry),
        Check(description: "push: committed-change feed", run: pushChangeFeed),
    ]

    /// The store as a `PushStore`; every engine must implement it.
    static func pushStore(_ store: any CadenceStore) throws -> any PushStore {
        try #require(store as? any PushStore, "the engine does not implement PushStore")
    }

    static func pushRequest(
        _ owner: UserRecord, _ collection: CollectionRecord?, topic: String = "topic-1",
        resource: String = "https://push.example.net/a", expiresAt: Int64 = now + 86_400
    ) -> NewPushRegistration {
        NewPushRegistration(
            ownerID: owner.id, collectionID: collection?.id, topic: topic,
            subscription: PushSubscription(
                pushResource: resource, publicKey: "BPublicKey", authSecret: "secret"),
            triggers: PushTriggers(contentUpdate: .one), expiresAt: expiresAt)
    }

    @Sendable static func pushLifecycle(_ store: any CadenceStore) async throws {
        let push = try pushStore(store)
        let alice = try await makeUser(store)
        let calendar = try await makeCalendar(store, alice)
        let (first, created) = try await push.registerPush(pushRequest(alice, calendar))
        #expect(created)
        #expect(first.ownerID == alice.id)
        #expect(first.collectionID == calendar.id)
        #expect(first.topic == "topic-1")
        #expect(first.subscription.pushResource == "https://push.example.net/a")
        #expect(first.subscription.contentEncoding == "aes128gcm")
        #expect(first.triggers == PushTriggers(contentUpdate: .one))
        #expect(first.createdAt == now)
        #expect(try await push.pushRegistration(id: first.id) == first)

        // The same push resource on the same topic updates (draft, "Subscription Updates").
        var update = pushRequest(alice, calendar, expiresAt: now + 200_000)
        update.subscription.publicKey = "BOtherKey"
        update.triggers = PushTriggers(contentUpdate: .one, propertyUpdate: .zero)
        let (updated, createdAgain) = try await push.registerPush(update)
        #expect(!createdAgain)
        #expect(updated.id == first.id)
        #expect(updated.createdAt == first.createdAt)
        #expect(updated.expiresAt == now + 200_000)
        #expect(updated.subscription.publicKey == "BOtherKey")
        #expect(updated.triggers.propertyUpdate == .zero)
        #expect(try await push.pushRegistration(id: first.id) == updated)

        // Another resource, and a home registration (no collection).
        let (second, _) = try await push.registerPush(
            pushRequest(alice, calendar, resource: "https://push.example.net/b"))
        let (home, _) = try await push.registerPush(pushRequest(alice, nil, topic: "home"))
        #expect(home.collectionID == nil)
        #expect(try await push.pushRegistrations(ownerID: alice.id) == [updated, second, home])
        #expect(try await push.pushRegistrations(topic: "topic-1", at: now) == [updated, second])
        #expect(try await push.pushRegistrations(topic: "home", at: now) == [home])
        #expect(try await push.livePushRegistrations(at: now) == [updated, second, home])

        try await push.deletePushRegistration(id: second.id, ownerID: alice.id)
        #expect(try await push.pushRegistration(id: second.id) == nil)
        await expectError(.notFound) { () async throws(StorageError) in
            try await push.deletePushRegistration(id: second.id, ownerID: alice.id)
        }
        // Without an owner (the push service said 410 Gone).
        try await push.deletePushRegistration(id: home.id, ownerID: nil)
        #expect(try await push.pushRegistrations(ownerID: alice.id) == [updated])
    }

    @Sendable static func pushOwnership(_ store: any CadenceStore) async throws {
        let push = try pushStore(store)
        let alice = try await makeUser(store)
        let bob = try await makeUser(store, "bob")
        let calendar = try await makeCalendar(store, alice)
        let other = try await makeCalendar(store, alice, "other")
        // Bob cannot register on Alice's calendar.
        await expectError(.notFound) { () async throws(StorageError) in
            _ = try await push.registerPush(pushRequest(bob, calendar))
        }
        let (mine, _) = try await push.registerPush(pushRequest(alice, calendar))
        let (kept, _) = try await push.registerPush(pushRequest(alice, other, topic: "topic-2"))
        let (bobs, _) = try await push.registerPush(pushRequest(bob, nil, topic: "bob-home"))
        // Bob cannot delete Alice's registration.
        await expectError(.notFound) { () async throws(StorageError) in
            try await push.deletePushRegistration(id: mine.id, ownerID: bob.id)
        }
        #expect(try await push.pushRegistration(id: mine.id) == mine)
        // Deleting the calendar deletes its registrations, not the others'.
        try await store.deleteCollection(id: calendar.id)
        #expect(try await push.pushRegistration(id: mine.id) == nil)
        #expect(try await push.pushRegistration(id: kept.id) == kept)
        // Deleting the user deletes the rest of theirs.
        try await store.deleteUser(id: alice.id)
        #expect(try await push.pushRegistration(id: kept.id) == nil)
        #expect(try await push.pushRegistration(id: bobs.id) == bobs)
    }

    @Sendable static func pushExpiry(_ store: any CadenceStore) async throws {
        let push = try pushStore(store)
        let alice = try await makeUser(store)
        let calendar = try await makeCalendar(store, alice)
        let (soon, _) = try await push.registerPush(
            pushRequest(
                alice, calendar, resource: "https://push.example.net/soon",
                expiresAt: now + 10))
        let (later, _) = try await push.registerPush(
            pushRequest(
                alice, calendar, resource: "https://push.example.net/later",
                expiresAt: now + 1_000))
        #expect(try await push.pushRegistrations(topic: "topic-1", at: now) == [soon, later])
        // Expired ones are never handed out, even before the purge.
        #expect(try await push.pushRegistrations(topic: "topic-1", at: now + 10) == [later])
        #expect(try await push.livePushRegistrations(at: now + 10) == [later])
        #expect(try await push.purgeExpiredPushRegistrations(at: now + 10) == 1)
        #expect(try await push.pushRegistration(id: soon.id) == nil)
        #expect(try await push.pushRegistration(id: later.id) == later)
        #expect(try await push.purgeExpiredPushRegistrations(at: now + 10) == 0)
    }

    @Sendable static func pushChangeFeed(_ store: any CadenceStore) async throws {
        let push = try pushStore(store)
        let alice = try await makeUser(store)
        let calendar = try await makeCalendar(store, alice)
        let other = try await makeCalendar(store, alice, "other")
        let start = try await push.latestChangeSequence()
        #expect(try await push.committedChanges(after: start, limit: 10) == [])
        _ = try await store.putObject(
            eventWrite("a.ics", uid: "a"), collectionID: calendar.id, precondition: .none)
        _ = try await store.putObject(
            eventWrite("b.ics", uid: "b"), collectionID: other.id, precondition: .none)
        try await store.deleteObject(collectionID: calendar.id, name: "a.ics", ifMatch: nil)
        let changes = try await push.committedChanges(after: start, limit: 10)
        #expect(changes.map(\.collectionID) == [calendar.id, other.id, calendar.id])
        #expect(changes.map(\.token) == [1, 1, 2])
        #expect(changes.allSatisfy { $0.ownerID == alice.id })
        #expect(changes.map(\.sequence) == changes.map(\.sequence).sorted())
        #expect(Set(changes.map(\.sequence)).count == 3)
        #expect(try await push.latestChangeSequence() == changes.last?.sequence)
        #expect(try await push.committedChanges(after: start, limit: 2) == Array(changes.prefix(2)))
        #expect(
            try await push.committedChanges(after: changes[0].sequence, limit: 10)
                == Array(changes.dropFirst()))
    }
}

extension StoreContract {
    /// A sharee (directly or through a team) and a delegate may register on the owner's
    /// calendar; each registration goes with the access that allowed it, in the same
    /// transaction: unshare, team member removal, team deletion, revoked or replaced delegation.
    @Sendable static func pushReach(_ store: any CadenceStore) async throws {
        let push = try pushStore(store)
        let alice = try await makeUser(store)
        let bob = try await makeUser(store, "bob")
        let carol = try await makeUser(store, "carol")
        let dave = try await makeUser(store, "dave")
        let calendar = try await makeCalendar(store, alice)
        let other = try await makeCalendar(store, alice, "other")
        func live() async throws -> Set<Int64> {
            Set(try await push.livePushRegistrations(at: now).map(\.ownerID))
        }
        // Nobody but alice reaches her calendars yet.
        for user in [bob, carol, dave] {
            await expectError(.notFound) { () async throws(StorageError) in
                _ = try await push.registerPush(pushRequest(user, calendar))
            }
        }
        _ = try await push.registerPush(pushRequest(alice, calendar))
        _ = try await store.share(collectionID: calendar.id, with: .user(bob.id), access: .read)
        let team = try await store.createTeam(name: "sales", displayName: "Sales")
        _ = try await store.setTeamMember(teamID: team.id, userID: carol.id, access: .read)
        _ = try await store.share(
            collectionID: calendar.id, with: .team(team.id), access: .readWrite)
        _ = try await store.grantProxy(ownerID: alice.id, delegateID: dave.id, access: .read)
        _ = try await push.registerPush(pushRequest(bob, calendar))
        _ = try await push.registerPush(pushRequest(carol, calendar))
        _ = try await push.registerPush(pushRequest(dave, calendar))
        _ = try await push.registerPush(pushRequest(dave, other, topic: "topic-2"))
        // Sharing one calendar reaches no other.
        await expectError(.notFound) { () async throws(StorageError) in
            _ = try await push.registerPush(pushRequest(bob, other, topic: "topic-2"))
        }
        #expect(try await live() == [alice.id, bob.id, carol.id, dave.id])

        try await store.unshare(collectionID: calendar.id, with: .user(bob.id))
        #expect(try await push.pushRegistrations(ownerID: bob.id).isEmpty)
        try await store.removeTeamMember(teamID: team.id, userID: carol.id)
        #expect(try await push.pushRegistrations(ownerID: carol.id).isEmpty)
        // Back in the team, then the team goes.
        _ = try await store.setTeamMember(teamID: team.id, userID: carol.id, access: .read)
        _ = try await push.registerPush(pushRequest(carol, calendar))
        try await store.deleteTeam(id: team.id)
        #expect(try await push.pushRegistrations(ownerID: carol.id).isEmpty)
        // A delegate's registrations on every calendar of the owner go with the delegation;
        // one still allowed by a share stays.
        _ = try await store.share(collectionID: other.id, with: .user(dave.id), access: .read)
        try await store.revokeProxy(ownerID: alice.id, delegateID: dave.id)
        let kept = try await push.pushRegistrations(ownerID: dave.id)
        #expect(kept.map(\.collectionID) == [other.id])
        _ = try await store.grantProxy(ownerID: alice.id, delegateID: dave.id, access: .write)
        _ = try await push.registerPush(pushRequest(dave, calendar))
        try await store.replaceProxies(ownerID: alice.id, access: .write, delegateIDs: [])
        #expect(
            try await push.pushRegistrations(ownerID: dave.id).map(\.collectionID) == [other.id])
        // The owner's own registration and her home registrations are never swept.
        #expect(try await push.pushRegistrations(ownerID: alice.id).count == 1)
    }
}
