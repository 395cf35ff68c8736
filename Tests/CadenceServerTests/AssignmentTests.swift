import Foundation
import Storage
import Testing
import WebDAV

@testable import CadenceServer

/// Assignment (issue 13): a task assigned to a colleague shows in the calendar their routing
/// rules give it, the owner keeps it, edits from either side are one object (one UID, one
/// ETag), and reassignment moves it between homes with both change logs recording it.
@Suite struct AssignmentTests {
    /// alice, bob (who routes calls to his `calls` calendar) and carol.
    static func withTeam(
        _ kind: StoreKind, _ body: @escaping @Sendable (TestServer) async throws -> Void
    ) async throws {
        try await TestServer.run(kind, users: ["alice", "bob", "carol"]) { server in
            let bob = server.api("bob")
            #expect(
                try await bob.post("/calendars", #"{"path":"calls","displayName":"Calls"}"#).status
                    == 201)
            #expect(try await bob.put("/routing/call", #"{"calendar":"calls"}"#).status == 200)
            try await body(server)
        }
    }

    /// The sync-collection answer's hrefs with their status (200 when present, 404 removed).
    static func synced(_ reply: DAVReply) throws -> [String: Int] {
        var out: [String: Int] = [:]
        for response in try reply.multiStatus().responses {
            out[response.href] = response.status ?? 200
        }
        return out
    }

    @Test(arguments: StoreKind.allCases) func assigneeSeesOneObjectAndEditsIt(kind: StoreKind)
        async throws
    {
        try await Self.withTeam(kind) { server in
            let alice = server.dav("alice")
            let bob = server.dav("bob")
            let aliceStart = try #require(
                try await alice.syncCollection(Paths.calendar("alice"), token: "").multiStatus()
                    .syncToken)
            let bobStart = try #require(
                try await bob.syncCollection(Paths.calendar("bob", "calls"), token: "")
                    .multiStatus().syncToken)

            let created = try await server.api("alice").post(
                "/tasks",
                #"{"type":"call","title":"Call Ann","start":"2026-12-03T09:00:00Z","assignee":"bob"}"#
            )
            #expect(created.status == 201)
            #expect(created.string("assignee") == "bob")
            let id = try #require(created.string("id"))
            let ownHref = try #require(created.string("caldavHref"))
            let copyHref = Paths.object("bob", "calls", "\(id).ics")
            let etag = try #require(created.etag)

            // Bob sees it in the calendar his routing gives calls: the same bytes and ETag.
            let own = try await alice.get(ownHref)
            let copy = try await bob.get(copyHref)
            #expect(copy.status == 200)
            #expect(copy.headers[.eTag] == etag)
            #expect(copy.body == own.body)
            #expect(copy.text.contains("X-CADENCE-ASSIGNEE:bob"))
            #expect(try await bob.get(Paths.object("bob", "crm-tasks", "\(id).ics")).status == 404)
            let listing = try await bob.propfind(
                Paths.calendar("bob", "calls"), depth: "1", props: [.dav.getETag])
            #expect(
                try listing.multiStatus().response(copyHref)?.property(.dav.getETag)?.trimmedText
                    == etag)

            // Bob's CRM lists it among the tasks assigned to him, where his calendar holds it.
            let assigned = try await server.api("bob").get("/assigned-tasks")
            #expect(assigned.status == 200)
            #expect(assigned.items.count == 1)
            let item = try #require(assigned.items.first)
            #expect(item["id"] == .string(id))
            #expect(item["owner"] == .string("alice"))
            #expect(item["calendar"] == .string("calls"))
            #expect(item["caldavHref"] == .string(copyHref))
            #expect(try await server.api("alice").get("/assigned-tasks").items.isEmpty)

            // Bob edits his copy: one object, so alice's changes too, with the same ETag.
            let edited = String(decoding: copy.body, as: UTF8.self).replacingOccurrences(
                of: "SUMMARY:Call Ann", with: "SUMMARY:Call Ann about the offer")
            let put = try await bob.put(copyHref, edited, headers: [("If-Match", etag)])
            #expect(put.status == 204)
            let newETag = try #require(put.headers[.eTag])
            #expect(newETag != etag)
            let aliceView = try await alice.get(ownHref)
            #expect(aliceView.headers[.eTag] == newETag)
            #expect(aliceView.text.contains("SUMMARY:Call Ann about the offer"))
            let task = try await server.api("alice").get("/tasks/\(id)")
            #expect(task.string("title") == "Call Ann about the offer")
            #expect(task.etag == newETag)
            // A stale ETag from either side is refused, on both sides.
            #expect(
                try await bob.put(copyHref, edited, headers: [("If-Match", etag)]).status == 412)
            #expect(
                try await alice.put(ownHref, edited, headers: [("If-Match", etag)]).status == 412)

            // Both change logs record the creation and the edit.
            let aliceSync = try await alice.syncCollection(
                Paths.calendar("alice"), token: aliceStart)
            #expect(try Self.synced(aliceSync)[ownHref] == 200)
            let bobSync = try await bob.syncCollection(
                Paths.calendar("bob", "calls"), token: bobStart)
            #expect(try Self.synced(bobSync)[copyHref] == 200)
            let bobToken = try #require(try bobSync.multiStatus().syncToken)

            // Reassigned to carol: it leaves bob's calendar (his sync reports it removed) and
            // appears in carol's crm-tasks (she routes nothing).
            let reassigned = try await server.api("alice").patch(
                "/tasks/\(id)", #"{"assignee":"carol"}"#)
            #expect(reassigned.status == 200)
            let bobAfter = try await bob.syncCollection(
                Paths.calendar("bob", "calls"), token: bobToken)
            #expect(try Self.synced(bobAfter) == [copyHref: 404])
            #expect(try await bob.get(copyHref).status == 404)
            let carolHref = Paths.object("carol", "crm-tasks", "\(id).ics")
            let carols = try await server.dav("carol").get(carolHref)
            #expect(carols.status == 200)
            #expect(carols.headers[.eTag] == reassigned.etag)
            #expect(try await server.api("bob").get("/assigned-tasks").items.isEmpty)
            #expect(
                try await server.api("carol").get("/assigned-tasks").items.first?["caldavHref"]
                    == .string(carolHref))
            #expect(try await alice.get(ownHref).status == 200)

            // Carol deletes her copy: the task goes, into alice's trash, from both homes.
            #expect(try await server.dav("carol").delete(carolHref).status == 204)
            #expect(try await alice.get(ownHref).status == 404)
            #expect(try await server.api("alice").get("/trash").items.count == 1)
            #expect(try await server.dav("carol").get(carolHref).status == 404)
        }
    }

    @Test(arguments: StoreKind.allCases) func clientWrittenAssigneeAndUnassigning(kind: StoreKind)
        async throws
    {
        try await Self.withTeam(kind) { server in
            let alice = server.dav("alice")
            let href = Paths.object("alice", "crm-tasks", "todo-1.ics")
            func todo(_ assignee: String?) -> String {
                ICS.calendar(
                    ["BEGIN:VTODO", "UID:todo-1", "DTSTAMP:20260101T000000Z", "SUMMARY:Follow up"]
                        + (assignee.map { ["X-CADENCE-ASSIGNEE:\($0)"] } ?? [])
                        + ["X-OTHER-CLIENT;P=1:kept", "END:VTODO"])
            }
            // A client names the assignee: the copy goes to bob's crm-tasks (to-dos are not
            // calls, which he routes elsewhere).
            #expect(try await alice.put(href, todo("bob")).status == 201)
            let bobHref = Paths.object("bob", "crm-tasks", "todo-1.ics")
            let bobs = try await server.dav("bob").get(bobHref)
            #expect(bobs.status == 200)
            #expect(bobs.text.contains("X-OTHER-CLIENT;P=1:kept"))
            // Unknown users and the owner get no copy; the property stays as sent.
            #expect(try await alice.put(href, todo("nobody")).status == 204)
            #expect(try await server.dav("bob").get(bobHref).status == 404)
            #expect(try await alice.get(href).text.contains("X-CADENCE-ASSIGNEE:nobody"))
            #expect(try await alice.put(href, todo("alice")).status == 204)
            #expect(try await server.dav("bob").get(bobHref).status == 404)
            // Assigned again, then the property removed: the copy goes.
            #expect(try await alice.put(href, todo("bob")).status == 204)
            #expect(try await server.dav("bob").get(bobHref).status == 200)
            #expect(try await alice.put(href, todo(nil)).status == 204)
            #expect(try await server.dav("bob").get(bobHref).status == 404)
            // Bob's own object with that UID: assigning it to him is refused, nothing changes.
            #expect(
                try await server.dav("bob").put(
                    Paths.object("bob", "crm-tasks", "mine.ics"),
                    ICS.calendar(["BEGIN:VTODO", "UID:todo-1", "SUMMARY:Mine", "END:VTODO"])
                ).status == 201)
            #expect(try await alice.put(href, todo("bob")).status == 409)
            #expect(try await alice.get(href).text.contains("X-CADENCE-ASSIGNEE") == false)
        }
    }

    @Test func assigneeReachesNothingElseOfTheOwner() async throws {
        try await Self.withTeam(.memory) { server in
            let created = try await server.api("alice").post(
                "/tasks", #"{"type":"to-do","title":"Prepare","assignee":"bob"}"#)
            #expect(created.status == 201)
            let ownHref = try #require(created.string("caldavHref"))
            let bob = server.dav("bob")
            // The owner's object, calendar and task stay alice's alone.
            #expect(try await bob.get(ownHref).status == 404)
            #expect(
                try await bob.propfind(Paths.calendar("alice"), depth: "1", props: [.dav.getETag])
                    .status == 404)
            let id = try #require(created.string("id"))
            #expect(try await server.api("bob").get("/tasks/\(id)").status == 404)
            // Assigning to a user who does not exist is a validation error.
            let unknown = try await server.api("alice").post(
                "/tasks", #"{"type":"to-do","title":"Prepare","assignee":"nobody"}"#)
            #expect(unknown.status == 422)
            #expect(unknown.problemFields == ["assignee"])
        }
    }
}
