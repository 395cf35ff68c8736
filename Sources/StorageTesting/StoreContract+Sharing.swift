import Storage
import Testing

extension StoreContract {
    static let sharingChecks: [Check] = [
        Check(description: "sharing: share, change, list, unshare", run: shareLifecycle),
        Check(description: "sharing: validation", run: shareValidation),
        Check(description: "sharing: teams and effective access", run: teamSharing),
        Check(description: "sharing: sharee's own view", run: shareViews),
        Check(description: "sharing: user, collection and team delete cascade", run: shareCascades),
    ]

    @Sendable static func shareLifecycle(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let bob = try await makeUser(store, "bob")
        let calendar = try await makeCalendar(store, alice)
        #expect(try await store.sharedCollections(userID: bob.id).isEmpty)
        let share = try await store.share(
            collectionID: calendar.id, with: .user(bob.id), access: .read)
        #expect(share.collectionID == calendar.id)
        #expect(share.ownerID == alice.id)
        #expect(share.grantee == .user(bob.id))
        #expect(share.access == .read)
        #expect(share.createdAt == now)
        #expect(try await store.shares(collectionID: calendar.id) == [share])
        #expect(try await store.shares(ownerID: alice.id) == [share])
        #expect(try await store.shares(ownerID: bob.id).isEmpty)
        let shared = try await store.sharedCollections(userID: bob.id)
        #expect(shared.count == 1)
        #expect(shared.first?.collection == calendar)
        #expect(shared.first?.ownerName == "alice")
        #expect(shared.first?.access == .read)
        #expect(shared.first?.directShareID == share.id)
        #expect(shared.first?.view == ShareView())
        #expect(shared.first?.homePath == "calendar_shared_by_alice")
        // The owner does not see their own calendar as shared.
        #expect(try await store.sharedCollections(userID: alice.id).isEmpty)
        // Sharing again changes the access of the same share.
        let again = try await store.share(
            collectionID: calendar.id, with: .user(bob.id), access: .readWrite)
        #expect(again.id == share.id)
        #expect(again.access == .readWrite)
        #expect(try await store.shares(collectionID: calendar.id).map(\.access) == [.readWrite])
        #expect(try await store.sharedCollections(userID: bob.id).first?.access == .readWrite)
        try await store.unshare(collectionID: calendar.id, with: .user(bob.id))
        #expect(try await store.shares(collectionID: calendar.id).isEmpty)
        #expect(try await store.sharedCollections(userID: bob.id).isEmpty)
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.unshare(collectionID: calendar.id, with: .user(bob.id))
        }
    }

    @Sendable static func shareValidation(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let bob = try await makeUser(store, "bob")
        let calendar = try await makeCalendar(store, alice)
        let plain = try await makePlain(store, alice, "files")
        await expectError(.notFound) { () async throws(StorageError) in
            _ = try await store.share(collectionID: 9_999, with: .user(bob.id), access: .read)
        }
        await expectError(.notFound) { () async throws(StorageError) in
            _ = try await store.share(collectionID: calendar.id, with: .user(9_999), access: .read)
        }
        await expectError(.notFound) { () async throws(StorageError) in
            _ = try await store.share(collectionID: calendar.id, with: .team(9_999), access: .read)
        }
        await expectError(.invalidName) { () async throws(StorageError) in
            _ = try await store.share(collectionID: plain.id, with: .user(bob.id), access: .read)
        }
        await expectError(.invalidName) { () async throws(StorageError) in
            _ = try await store.share(
                collectionID: calendar.id, with: .user(alice.id), access: .read)
        }
        await expectError(.invalidName) { () async throws(StorageError) in
            _ = try await store.share(
                collectionID: calendar.id, with: .user(bob.id), access: .owner)
        }
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.updateShareView(
                userID: bob.id, collectionID: calendar.id, view: ShareView(displayName: "x"))
        }
        #expect(try await store.shares(collectionID: calendar.id).isEmpty)
    }

    @Sendable static func teamSharing(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let bob = try await makeUser(store, "bob")
        let carol = try await makeUser(store, "carol")
        let calls = try await makeCalendar(store, alice, "team-calls")
        let sales = try await store.createTeam(name: "sales", displayName: "Sales")
        #expect(sales.name == "sales")
        #expect(sales.displayName == "Sales")
        #expect(sales.createdAt == now)
        #expect(try await store.team(named: "sales") == sales)
        #expect(try await store.team(id: sales.id) == sales)
        #expect(try await store.team(named: "support") == nil)
        await expectError(.conflict) { () async throws(StorageError) in
            _ = try await store.createTeam(name: "sales", displayName: "Again")
        }
        await expectError(.invalidName) { () async throws(StorageError) in
            _ = try await store.createTeam(name: "no/slash", displayName: "")
        }
        let support = try await store.createTeam(name: "support", displayName: "Support")
        #expect(try await store.teams() == [sales, support])
        _ = try await store.setTeamMember(teamID: sales.id, userID: alice.id, access: .readWrite)
        let bobMember = try await store.setTeamMember(
            teamID: sales.id, userID: bob.id, access: .readWrite)
        #expect(bobMember == TeamMember(teamID: sales.id, userID: bob.id, access: .readWrite))
        _ = try await store.setTeamMember(teamID: sales.id, userID: carol.id, access: .read)
        #expect(
            try await store.teamMembers(teamID: sales.id).map(\.userID) == [
                alice.id, bob.id, carol.id,
            ])
        await expectError(.notFound) { () async throws(StorageError) in
            _ = try await store.setTeamMember(teamID: 9_999, userID: bob.id, access: .read)
        }
        await expectError(.notFound) { () async throws(StorageError) in
            _ = try await store.setTeamMember(teamID: sales.id, userID: 9_999, access: .read)
        }
        await expectError(.invalidName) { () async throws(StorageError) in
            _ = try await store.setTeamMember(teamID: sales.id, userID: bob.id, access: .owner)
        }
        let teamShare = try await store.share(
            collectionID: calls.id, with: .team(sales.id), access: .readWrite)
        #expect(teamShare.grantee == .team(sales.id))
        // The lesser of the share's and the membership's access.
        let bobView = try await store.sharedCollections(userID: bob.id)
        #expect(bobView.map(\.collection.id) == [calls.id])
        #expect(bobView.first?.access == .readWrite)
        #expect(bobView.first?.directShareID == nil)
        #expect(try await store.sharedCollections(userID: carol.id).first?.access == .read)
        // The owner, a member too, is not a sharee of their own calendar.
        #expect(try await store.sharedCollections(userID: alice.id).isEmpty)
        // A direct share and a team share: the most either grants, once.
        let direct = try await store.share(
            collectionID: calls.id, with: .user(carol.id), access: .readWrite)
        let carolView = try await store.sharedCollections(userID: carol.id)
        #expect(carolView.count == 1)
        #expect(carolView.first?.access == .readWrite)
        #expect(carolView.first?.directShareID == direct.id)
        // A read-only team share limits every member.
        _ = try await store.share(collectionID: calls.id, with: .team(sales.id), access: .read)
        #expect(try await store.sharedCollections(userID: bob.id).first?.access == .read)
        // Leaving the team ends access through it.
        try await store.removeTeamMember(teamID: sales.id, userID: bob.id)
        #expect(try await store.sharedCollections(userID: bob.id).isEmpty)
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.removeTeamMember(teamID: sales.id, userID: bob.id)
        }
        try await store.unshare(collectionID: calls.id, with: .team(sales.id))
        #expect(try await store.shares(collectionID: calls.id) == [direct])
    }

    @Sendable static func shareViews(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let bob = try await makeUser(store, "bob")
        let calendar = try await makeCalendar(store, alice)
        _ = try await store.share(collectionID: calendar.id, with: .user(bob.id), access: .read)
        let view = ShareView(displayName: "Alice's", color: "#00FF00FF", order: 3)
        try await store.updateShareView(userID: bob.id, collectionID: calendar.id, view: view)
        let shared = try #require(try await store.sharedCollections(userID: bob.id).first)
        #expect(shared.view == view)
        #expect(shared.viewRecord.displayName == "Alice's")
        #expect(shared.viewRecord.color == "#00FF00FF")
        #expect(shared.viewRecord.order == 3)
        #expect(shared.viewRecord.path == "calendar_shared_by_alice")
        // The owner's collection is unchanged.
        #expect(try await store.collection(id: calendar.id) == calendar)
        try await store.updateShareView(
            userID: bob.id, collectionID: calendar.id, view: ShareView(color: "#FF0000FF"))
        #expect(
            try await store.sharedCollections(userID: bob.id).first?.view
                == ShareView(color: "#FF0000FF"))
        // Unsharing forgets the view: a new share starts from the owner's values.
        try await store.unshare(collectionID: calendar.id, with: .user(bob.id))
        _ = try await store.share(collectionID: calendar.id, with: .user(bob.id), access: .read)
        #expect(try await store.sharedCollections(userID: bob.id).first?.view == ShareView())
    }

    @Sendable static func shareCascades(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let bob = try await makeUser(store, "bob")
        let carol = try await makeUser(store, "carol")
        let first = try await makeCalendar(store, alice, "first")
        let second = try await makeCalendar(store, alice, "second")
        let team = try await store.createTeam(name: "sales", displayName: "Sales")
        _ = try await store.setTeamMember(teamID: team.id, userID: bob.id, access: .readWrite)
        _ = try await store.setTeamMember(teamID: team.id, userID: carol.id, access: .readWrite)
        _ = try await store.share(collectionID: first.id, with: .user(bob.id), access: .read)
        _ = try await store.share(collectionID: second.id, with: .user(bob.id), access: .read)
        _ = try await store.share(collectionID: second.id, with: .team(team.id), access: .read)
        try await store.updateShareView(
            userID: bob.id, collectionID: first.id, view: ShareView(displayName: "Mine"))
        // A collection deleted: its shares go.
        try await store.deleteCollection(id: first.id)
        #expect(try await store.shares(collectionID: first.id).isEmpty)
        #expect(
            try await store.sharedCollections(userID: bob.id).map(\.collection.id) == [second.id])
        // A sharee deleted: their shares and memberships go.
        try await store.deleteUser(id: bob.id)
        #expect(try await store.shares(collectionID: second.id).map(\.grantee) == [.team(team.id)])
        #expect(try await store.teamMembers(teamID: team.id).map(\.userID) == [carol.id])
        // A team deleted: its memberships and shares go.
        try await store.deleteTeam(id: team.id)
        #expect(try await store.team(id: team.id) == nil)
        #expect(try await store.shares(collectionID: second.id).isEmpty)
        #expect(try await store.sharedCollections(userID: carol.id).isEmpty)
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.deleteTeam(id: team.id)
        }
        // The owner deleted: the shares of their calendars go.
        _ = try await store.share(collectionID: second.id, with: .user(carol.id), access: .read)
        try await store.deleteUser(id: alice.id)
        #expect(try await store.sharedCollections(userID: carol.id).isEmpty)
        #expect(try await store.shares(ownerID: alice.id).isEmpty)
    }
}
