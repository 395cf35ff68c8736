import Foundation
import Storage
import Testing
import WebDAV

@testable import CadenceServer

/// WebDAV-Push registrations of sharees and delegates (issue 13): DAVx5 subscribes to a shared
/// calendar at its place in the sharee's home and to a delegated calendar in the owner's home;
/// each registration ends with the access that allowed it, however that ends (the owner's
/// `CS:share` remove, the sharee's decline, the proxy group PROPPATCH, the API, the CLI).
@Suite struct PushAccessTests {
    static let xml = [("Content-Type", "application/xml; charset=utf-8")]
    static let sharedView = Paths.calendar("bob", "crm-tasks_shared_by_alice")

    static func run(_ body: @escaping @Sendable (TestServer) async throws -> Void) async throws {
        let (configuration, directory) = PushRegistrationTests.configuration()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await TestServer.run(
            .sqlite, users: ["alice", "bob", "carol"], configuration: configuration, body)
    }

    /// Registers `user`'s push subscription on `path`: the status.
    static func register(_ server: TestServer, _ user: String, _ path: String) async throws -> Int {
        try await server.dav(user).request(
            "POST", path, headers: Self.xml,
            text: PushRegistrationTests.register(resource: "https://push.example.net/\(user)")
        ).status
    }

    static func registrations(_ server: TestServer, _ user: String) async throws -> [Int64?] {
        let id = try #require(try await server.store.user(named: user)).id
        let push = try #require(server.store as? any PushStore)
        return try await push.pushRegistrations(ownerID: id).map(\.collectionID)
    }

    @Test func shareeRegistrationEndsWithTheShare() async throws {
        try await Self.run { server in
            let alice = try #require(try await server.store.user(named: "alice"))
            let calendar = try #require(
                try await server.store.collection(ownerID: alice.id, path: "crm-tasks"))
            // Not shared yet: bob's request for alice's calendar finds nothing.
            #expect(try await Self.register(server, "bob", Paths.calendar("alice")) == 404)
            try await server.admin.share(
                owner: "alice", calendar: "crm-tasks", withUser: "bob", team: nil, readOnly: true)
            #expect(try await Self.register(server, "bob", Self.sharedView) == 201)
            #expect(try await Self.registrations(server, "bob") == [calendar.id])
            // The shared view's topic is the owner's calendar's: one topic per calendar.
            let topics = try await [
                server.dav("alice").propfind(Paths.calendar("alice"), props: [PushName.topic]),
                server.dav("bob").propfind(Self.sharedView, props: [PushName.topic]),
            ].map { try $0.multiStatus().responses.first?.property(PushName.topic)?.trimmedText }
            #expect(topics[0] != nil && topics[0] == topics[1])

            // alice removes bob through Calendar.app's POST: his registration goes.
            let removed = try await server.dav("alice").request(
                "POST", Paths.calendar("alice"), headers: [("Content-Type", "text/xml")],
                text: SharingNotificationTests.unshare)
            #expect(removed.status == 200)
            #expect(try await Self.registrations(server, "bob").isEmpty)

            // Shared again; bob declines through his home: gone too.
            try await server.admin.share(
                owner: "alice", calendar: "crm-tasks", withUser: "bob", team: nil, readOnly: true)
            #expect(try await Self.register(server, "bob", Self.sharedView) == 201)
            let declined = try await server.dav("bob").request(
                "POST", Paths.home("bob"), headers: [("Content-Type", "text/xml")],
                text: SharingNotificationTests.reply(accepted: false))
            #expect(declined.status == 200)
            #expect(try await Self.registrations(server, "bob").isEmpty)

            // Through the API.
            _ = try await server.api("alice").post(
                "/calendars/crm-tasks/shares", #"{"user": "bob", "access": "read"}"#)
            #expect(try await Self.register(server, "bob", Self.sharedView) == 201)
            #expect(
                try await server.api("alice").delete("/calendars/crm-tasks/shares/user:bob").status
                    == 204)
            #expect(try await Self.registrations(server, "bob").isEmpty)
        }
    }

    @Test func teamMemberRegistrationEndsWithTheMembership() async throws {
        try await Self.run { server in
            try await server.admin.createTeam(name: "sales", displayName: nil, owner: "alice")
            try await server.admin.addTeamMember(team: "sales", user: "bob", readOnly: true)
            let teamView = Paths.calendar("bob", "team-sales_shared_by_alice")
            #expect(try await Self.register(server, "bob", teamView) == 201)
            try await server.admin.removeTeamMember(team: "sales", user: "bob")
            #expect(try await Self.registrations(server, "bob").isEmpty)
            // The owner's own registration on the team calendar stays.
            #expect(
                try await Self.register(server, "alice", Paths.calendar("alice", "team-sales"))
                    == 201)
            try await server.admin.deleteTeam(name: "sales")
            #expect(try await Self.registrations(server, "alice").count == 1)
        }
    }

    @Test func delegateRegistrationEndsWithTheDelegation() async throws {
        try await Self.run { server in
            try await server.admin.addDelegate(owner: "alice", delegate: "carol", readOnly: false)
            // carol subscribes to alice's calendar, never to alice's home.
            #expect(try await Self.register(server, "carol", Paths.calendar("alice")) == 201)
            let home = try await server.dav("carol").request(
                "POST", Paths.home("alice"), headers: Self.xml,
                text: PushRegistrationTests.register())
            #expect(home.status == 403)
            #expect(home.errorConditions == [PushName.name("push-not-available")])
            #expect(try await Self.registrations(server, "carol").count == 1)
            // alice empties her write-proxy group as macOS does.
            let patch = try await server.dav("alice").request(
                "PROPPATCH", Paths.principal("alice") + "calendar-proxy-write/",
                headers: [("Content-Type", "text/xml")],
                text: DelegationTests.setMembers([]))
            #expect(patch.status == 207)
            #expect(try await Self.registrations(server, "carol").isEmpty)
            // Through the CLI and the API.
            try await server.admin.addDelegate(owner: "alice", delegate: "carol", readOnly: true)
            #expect(try await Self.register(server, "carol", Paths.calendar("alice")) == 201)
            try await server.admin.removeDelegate(owner: "alice", delegate: "carol")
            #expect(try await Self.registrations(server, "carol").isEmpty)
            _ = try await server.api("alice").put("/delegates/carol", #"{"access": "read"}"#)
            #expect(try await Self.register(server, "carol", Paths.calendar("alice")) == 201)
            #expect(try await server.api("alice").delete("/delegates/carol").status == 204)
            #expect(try await Self.registrations(server, "carol").isEmpty)
        }
    }
}
