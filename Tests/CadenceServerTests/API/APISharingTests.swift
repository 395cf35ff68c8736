import Foundation
import Storage
import Testing

@testable import CadenceServer

/// The sharing, team and delegation endpoints of the JSON API (issue 13), through HTTP:
/// `/calendars/{path}/shares`, `/shared`, `/teams…`, `/delegates` and `/delegations`, with
/// who may call them.
@Suite struct APISharingTests {
    @Test(arguments: StoreKind.allCases) func ownerSharesAndUnsharesACalendar(store: StoreKind)
        async throws
    {
        try await TestServer.run(store, users: ["alice", "bob", "carol"]) { server in
            let alice = server.api("alice")
            #expect(try await alice.get("/calendars/crm-tasks/shares").items.isEmpty)
            let created = try await alice.post(
                "/calendars/crm-tasks/shares", #"{"user": "bob", "access": "read"}"#)
            #expect(created.status == 201, "\(created.text)")
            #expect(created.string("user") == "bob")
            #expect(created.string("access") == "read")
            #expect(created.string("id") == "user:bob")
            // Sharing again changes the access.
            let changed = try await alice.post(
                "/calendars/crm-tasks/shares", #"{"user": "bob", "access": "read-write"}"#)
            #expect(changed.string("access") == "read-write")
            let list = try await alice.get("/calendars/crm-tasks/shares")
            #expect(list.items.count == 1)
            #expect(list.items.first?["access"]?.stringValue == "read-write")

            // bob sees it under /shared; carol sees nothing.
            let shared = try await server.api("bob").get("/shared")
            #expect(shared.status == 200)
            let item = try #require(shared.items.first)
            #expect(item["owner"]?.stringValue == "alice")
            #expect(item["calendar"]?.stringValue == "crm-tasks")
            #expect(item["path"]?.stringValue == "crm-tasks_shared_by_alice")
            #expect(item["access"]?.stringValue == "read-write")
            #expect(try await server.api("carol").get("/shared").items.isEmpty)

            // Bad requests.
            let both = try await alice.post(
                "/calendars/crm-tasks/shares", #"{"user": "bob", "team": "sales"}"#)
            #expect(both.status == 422)
            let own = try await alice.post("/calendars/crm-tasks/shares", #"{"user": "alice"}"#)
            #expect(own.status == 422)
            let nobody = try await alice.post("/calendars/crm-tasks/shares", #"{"user": "zed"}"#)
            #expect(nobody.status == 422)
            let owner = try await alice.post(
                "/calendars/crm-tasks/shares", #"{"user": "bob", "access": "owner"}"#)
            #expect(owner.status == 422)
            #expect(
                try await alice.post("/calendars/nothing/shares", #"{"user": "bob"}"#).status
                    == 404)

            // Only the owner lists or changes a calendar's shares: bob's own crm-tasks has
            // none, and alice's is not his to reach.
            #expect(try await server.api("bob").get("/calendars/crm-tasks/shares").items.isEmpty)
            #expect(
                try await server.api("bob").delete("/calendars/crm-tasks/shares/user:bob").status
                    == 404)
            #expect(try await server.api("bob").get("/shared").items.count == 1)

            #expect(try await alice.delete("/calendars/crm-tasks/shares/user:bob").status == 204)
            #expect(try await alice.delete("/calendars/crm-tasks/shares/user:bob").status == 404)
            #expect(try await alice.delete("/calendars/crm-tasks/shares/bob").status == 404)
            #expect(try await server.api("bob").get("/shared").items.isEmpty)
            #expect(try await server.anonymousAPI.get("/shared").status == 401)
        }
    }

    @Test(arguments: StoreKind.allCases) func administratorsManageTeams(store: StoreKind)
        async throws
    {
        try await TestServer.run(store, users: ["alice", "bob", "carol"]) { server in
            let aliceID = try #require(try await server.store.user(named: "alice")).id
            _ = try await server.store.setAdmin(userID: aliceID, isAdmin: true)
            let admin = server.api("alice")
            // Not for everyone.
            #expect(try await server.api("bob").get("/teams").status == 403)
            #expect(try await server.api("bob").post("/teams", #"{"name": "x"}"#).status == 403)

            let created = try await admin.post(
                "/teams", #"{"name": "sales", "displayName": "Sales", "owner": "alice"}"#)
            #expect(created.status == 201, "\(created.text)")
            #expect(created.headers[.location]?.hasSuffix("/teams/sales") == true)
            #expect(try await admin.post("/teams", #"{"name": "sales"}"#).status == 409)

            let member = try await admin.put("/teams/sales/members/bob", #"{"access": "read"}"#)
            #expect(member.status == 200)
            #expect(try await admin.put("/teams/sales/members/zed", "{}").status == 404)
            #expect(try await admin.put("/teams/nope/members/bob", "{}").status == 404)
            let teams = try await admin.get("/teams")
            let sales = try #require(teams.items.first)
            #expect(sales["name"]?.stringValue == "sales")
            guard case .array(let members)? = sales["members"] else {
                Issue.record("no members")
                return
            }
            #expect(
                members.compactMap { $0["user"]?.stringValue }.sorted() == ["alice", "bob"])

            // The team calendar reaches bob read-only.
            let shared = try await server.api("bob").get("/shared")
            #expect(shared.items.first?["calendar"]?.stringValue == "team-sales")
            #expect(shared.items.first?["access"]?.stringValue == "read")
            // A team share through the owner's endpoint.
            let teamShare = try await admin.post(
                "/calendars/crm-tasks/shares", #"{"team": "sales", "access": "read"}"#)
            #expect(teamShare.status == 201)
            #expect(teamShare.string("id") == "team:sales")
            #expect(try await server.api("bob").get("/shared").items.count == 2)

            #expect(try await admin.delete("/teams/sales/members/bob").status == 204)
            #expect(try await admin.delete("/teams/sales/members/bob").status == 404)
            #expect(try await server.api("bob").get("/shared").items.isEmpty)
            #expect(try await server.api("bob").delete("/teams/sales").status == 403)
            #expect(try await admin.delete("/teams/sales").status == 204)
            #expect(try await admin.delete("/teams/sales").status == 404)
            #expect(try await admin.get("/teams").items.isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases) func ownersNameDelegates(store: StoreKind) async throws {
        try await TestServer.run(store, users: ["alice", "bob", "carol"]) { server in
            let alice = server.api("alice")
            #expect(try await alice.get("/delegates").items.isEmpty)
            let created = try await alice.put("/delegates/bob", #"{"access": "write"}"#)
            #expect(created.status == 201, "\(created.text)")
            #expect(created.string("user") == "bob")
            #expect(created.string("access") == "write")
            let changed = try await alice.put("/delegates/bob", #"{"access": "read"}"#)
            #expect(changed.status == 200)
            #expect(changed.string("access") == "read")
            #expect(try await alice.put("/delegates/bob", #"{"access": "all"}"#).status == 422)
            #expect(try await alice.put("/delegates/alice", #"{"access": "read"}"#).status == 422)
            #expect(try await alice.put("/delegates/zed", #"{"access": "read"}"#).status == 404)

            let delegates = try await alice.get("/delegates")
            #expect(delegates.items.map { $0["user"]?.stringValue } == ["bob"])
            let delegations = try await server.api("bob").get("/delegations")
            #expect(delegations.items.map { $0["user"]?.stringValue } == ["alice"])
            #expect(delegations.items.first?["access"]?.stringValue == "read")
            // Each user sees only their own.
            #expect(try await server.api("carol").get("/delegates").items.isEmpty)
            #expect(try await server.api("carol").get("/delegations").items.isEmpty)
            #expect(try await server.api("carol").delete("/delegates/bob").status == 404)
            #expect(try await server.api("bob").get("/delegations").items.count == 1)

            #expect(try await alice.delete("/delegates/bob").status == 204)
            #expect(try await alice.delete("/delegates/bob").status == 404)
            #expect(try await server.api("bob").get("/delegations").items.isEmpty)
            #expect(try await server.anonymousAPI.get("/delegates").status == 401)
        }
    }
}
