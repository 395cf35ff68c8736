import Foundation
import HTTPTypes
import Testing

@testable import CadenceServer

/// `/api/v1/tasks`, `/calendars`, `/routing`, `/trash`: tasks as calendar objects seen from both
/// sides, ETag/If-Match, filters, validation, other users' ids.
@Suite struct APITaskTests {
    static let meeting = #"""
        {"type":"meeting","title":"Quarterly review","timeZone":"Europe/Berlin",
         "start":"2026-12-01T09:00:00Z","end":"2026-12-01T11:00:00+01:00",
         "location":"Room 1","priority":"high","reminderMinutes":15}
        """#

    @Test func createShowsTimesInTheTaskZoneAndTheObjectInCalDAV() async throws {
        try await TestServer.run { server in
            let api = server.api("alice")
            let created = try await api.post("/tasks", Self.meeting)
            #expect(created.status == 201)
            let id = try #require(created.string("id"))
            #expect(created.headers[.location] == "/api/v1/tasks/\(id)")
            #expect(created.string("start") == "2026-12-01T10:00:00+01:00")
            #expect(created.string("end") == "2026-12-01T11:00:00+01:00")
            #expect(created.json?["due"] == .null)
            #expect(created.string("componentType") == "VEVENT")
            #expect(created.string("status") == "open")
            #expect(created.string("priority") == "high")
            #expect(created.json?["reminderMinutes"] == .number(15))
            #expect(created.string("calendar") == "crm-tasks")
            let href = try #require(created.string("caldavHref"))
            #expect(href.hasPrefix("/caldav/calendars/alice/crm-tasks/"))
            let etag = try #require(created.etag)

            let object = try await server.dav("alice").get(href)
            #expect(object.status == 200)
            #expect(object.headers[.eTag] == etag)
            #expect(object.text.contains("SUMMARY:Quarterly review"))
            #expect(object.text.contains("Meeting"))

            let read = try await api.get("/tasks/\(id)")
            #expect(read.etag == etag)
            #expect(read.json == created.json)
        }
    }

    @Test(arguments: StoreKind.allCases) func patchCompleteReopenWithIfMatch(kind: StoreKind)
        async throws
    {
        try await TestServer.run(kind) { server in
            let api = server.api("alice")
            let created = try await api.post(
                "/tasks", #"{"type":"to-do","title":"Send offer","due":"2026-12-03"}"#)
            #expect(created.status == 201)
            #expect(created.json?["allDay"] == .bool(true))
            #expect(created.string("due") == "2026-12-03")
            #expect(created.string("componentType") == "VTODO")
            let id = try #require(created.string("id"))
            let first = try #require(created.etag)

            let patched = try await api.patch(
                "/tasks/\(id)", #"{"title":"Send the offer","notes":"with discount"}"#,
                headers: [("If-Match", first)])
            #expect(patched.status == 200)
            #expect(patched.string("title") == "Send the offer")
            #expect(patched.string("notes") == "with discount")
            #expect(patched.string("due") == "2026-12-03")
            let second = try #require(patched.etag)
            #expect(second != first)

            let stale = try await api.patch(
                "/tasks/\(id)", #"{"title":"x"}"#, headers: [("If-Match", first)])
            #expect(stale.status == 412)
            #expect(
                try await api.post("/tasks/\(id)/complete", headers: [("If-Match", first)]).status
                    == 412)

            let done = try await api.post("/tasks/\(id)/complete", headers: [("If-Match", second)])
            #expect(done.status == 200)
            #expect(done.string("status") == "done")
            #expect(done.string("completedAt") != nil)
            let href = try #require(done.string("caldavHref"))
            #expect(try await server.dav("alice").get(href).text.contains("STATUS:COMPLETED"))

            let reopened = try await api.post("/tasks/\(id)/reopen")
            #expect(reopened.status == 200)
            #expect(reopened.string("status") == "open")

            let cleared = try await api.patch("/tasks/\(id)", #"{"notes":null}"#)
            #expect(cleared.json?["notes"] == .null)

            #expect(
                try await api.delete("/tasks/\(id)", headers: [("If-Match", first)]).status == 412)
            #expect(try await api.delete("/tasks/\(id)").status == 204)
            #expect(try await api.get("/tasks/\(id)").status == 404)
            #expect(try await server.dav("alice").get(href).status == 404)

            let trash = try await api.get("/trash")
            #expect(trash.items.count == 1)
            #expect(trash.items.first?["title"] == .string("Send the offer"))
            guard case .number(let trashID)? = trash.items.first?["id"] else {
                Issue.record("no trash id")
                return
            }
            let restored = try await api.post("/trash/\(Int(trashID))/restore")
            #expect(restored.status == 200)
            #expect(restored.string("id") == id)
            #expect(try await api.get("/tasks/\(id)").status == 200)
            #expect(try await api.get("/trash").items.isEmpty)
            #expect(try await api.post("/trash/\(Int(trashID))/restore").status == 404)
        }
    }

    @Test func validationNamesTheFields() async throws {
        try await TestServer.run { server in
            let api = server.api("alice")
            let missing = try await api.post("/tasks", "{}")
            #expect(missing.status == 422)
            #expect(missing.problemFields == ["type", "title"])
            let bad = try await api.post(
                "/tasks",
                #"{"type":"lunch","title":"x","timeZone":"Mars/Olympus","start":"soon","priority":"urgent"}"#
            )
            #expect(bad.problemFields == ["type", "timeZone", "start", "priority"])
            let backwards = try await api.post(
                "/tasks",
                #"{"type":"meeting","title":"x","start":"2026-12-01T10:00:00Z","end":"2026-12-01T09:00:00Z"}"#
            )
            #expect(backwards.problemFields == ["end"])
            let mixed = try await api.post(
                "/tasks",
                #"{"type":"call","title":"x","start":"2026-12-01","end":"2026-12-01T09:00:00Z"}"#)
            #expect(mixed.problemFields == ["allDay"])
        }
    }

    @Test(arguments: StoreKind.allCases) func filtersAndPaging(kind: StoreKind) async throws {
        try await TestServer.run(kind) { server in
            let api = server.api("alice")
            for (type, day) in [("call", 1), ("email", 2), ("to-do", 3), ("call", 4), ("email", 5)]
            {
                let reply = try await api.post(
                    "/tasks",
                    #"{"type":"\#(type)","title":"\#(type) \#(day)","due":"2026-12-0\#(day)T12:00:00Z"}"#
                )
                #expect(reply.status == 201)
            }
            let calls = try await api.get("/tasks?type=call,email&sort=due")
            #expect(
                calls.items.compactMap { $0["title"]?.stringValue } == [
                    "call 1", "email 2", "call 4", "email 5",
                ])
            let repeated = try await api.get("/tasks?type=call&type=to-do&sort=-due")
            #expect(
                repeated.items.compactMap { $0["title"]?.stringValue } == [
                    "call 4", "to-do 3", "call 1",
                ])
            let window = try await api.get(
                "/tasks?dueFrom=2026-12-02T00:00:00Z&dueBefore=2026-12-04T00:00:00%2B00:00")
            #expect(window.items.compactMap { $0["title"]?.stringValue } == ["email 2", "to-do 3"])
            var titles: [String] = []
            var path = "/tasks?limit=2"
            while true {
                let page = try await api.get(path)
                titles += page.items.compactMap { $0["title"]?.stringValue }
                guard let next = page.string("nextCursor") else { break }
                path = "/tasks?limit=2&cursor=\(CRMAPI.encode(next))"
            }
            #expect(titles == ["call 1", "email 2", "to-do 3", "call 4", "email 5"])
            #expect(try await api.get("/tasks?type=lunch").problemFields == ["type"])
            #expect(try await api.get("/tasks?dueFrom=monday").problemFields == ["dueFrom"])
            #expect(try await server.api("bob").get("/tasks").items.isEmpty)
        }
    }

    @Test func otherUsersTasksAre404() async throws {
        try await TestServer.run { server in
            let id = try #require(
                try await server.api("alice").post("/tasks", Self.meeting).string("id"))
            let bob = server.api("bob")
            #expect(try await bob.get("/tasks/\(id)").status == 404)
            #expect(try await bob.patch("/tasks/\(id)", #"{"title":"x"}"#).status == 404)
            #expect(try await bob.post("/tasks/\(id)/complete").status == 404)
            #expect(try await bob.delete("/tasks/\(id)").status == 404)
            #expect(try await server.api("alice").delete("/tasks/\(id)").status == 204)
            guard
                case .number(let trashID)? = try await server.api("alice").get("/trash").items
                    .first?["id"]
            else {
                Issue.record("no trash entry")
                return
            }
            #expect(try await bob.get("/trash").items.isEmpty)
            #expect(try await bob.post("/trash/\(Int(trashID))/restore").status == 404)
            #expect(try await server.api("alice").get("/trash").items.count == 1)
        }
    }

    @Test(arguments: StoreKind.allCases) func calendarsRoutingAndDefaultTypes(kind: StoreKind)
        async throws
    {
        try await TestServer.run(kind) { server in
            let api = server.api("alice")
            let created = try await api.post(
                "/calendars",
                #"{"path":"emails","displayName":"Email Tasks","defaultType":"email"}"#)
            #expect(created.status == 201)
            #expect(created.headers[.location] == "/caldav/calendars/alice/emails/")
            #expect(created.string("defaultType") == "email")
            #expect(created.string("caldavHref") == "/caldav/calendars/alice/emails/")
            #expect(try await api.post("/calendars", #"{"path":"emails"}"#).status == 409)
            #expect(
                try await api.post("/calendars", #"{"path":"Bad Path"}"#).problemFields == ["path"])
            let listed = try await api.get("/calendars")
            #expect(listed.items.compactMap { $0["path"]?.stringValue } == ["crm-tasks", "emails"])

            let route = try await api.put("/routing/email", #"{"calendar":"emails"}"#)
            #expect(route.status == 200)
            let routes = try await api.get("/routing")
            #expect(
                routes.items == [
                    .object(["type": .string("email"), "calendar": .string("emails")])
                ])
            let task = try await api.post("/tasks", #"{"type":"email","title":"Follow up"}"#)
            #expect(task.string("calendar") == "emails")
            #expect(try await api.put("/routing/lunch", #"{"calendar":"emails"}"#).status == 404)
            #expect(try await api.put("/routing/call", #"{"calendar":"nope"}"#).status == 422)
            #expect(try await api.delete("/routing/email").status == 204)
            #expect(try await api.get("/routing").items.isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases) func unmatchedParticipantBecomesAContact(kind: StoreKind)
        async throws
    {
        try await TestServer.run(kind) { server in
            let ics = """
                BEGIN:VCALENDAR\r
                VERSION:2.0\r
                PRODID:-//test//EN\r
                BEGIN:VEVENT\r
                UID:lunch-1\r
                DTSTAMP:20261101T000000Z\r
                DTSTART:20261201T120000Z\r
                DTEND:20261201T130000Z\r
                SUMMARY:Lunch\r
                ATTENDEE;CN=Grace Hopper:mailto:grace@example.com\r
                END:VEVENT\r
                END:VCALENDAR\r

                """
            let put = try await server.dav("alice").put(
                Paths.object("alice", "crm-tasks", "lunch-1.ics"), ics)
            #expect(put.status == 201)
            let tasks = try await server.api("alice").get("/tasks")
            let task = try #require(tasks.items.first)
            let id = try #require(task["id"]?.stringValue)
            #expect(task["type"] == .string("meeting"))
            #expect(
                task["unmatchedParticipants"]
                    == .array([
                        .object([
                            "name": .string("Grace Hopper"), "email": .string("grace@example.com"),
                            "phone": .null,
                        ])
                    ]))
            let reply = try await server.api("alice").post("/tasks/\(id)/participants/0/contact")
            #expect(reply.status == 201)
            #expect(reply.json?["contact"]?["name"] == .string("Grace Hopper"))
            let contactID = try #require(reply.json?["contact"]?["id"]?.stringValue)
            #expect(reply.json?["task"]?["contactId"] == .string(contactID))
            #expect(reply.headers[.location] == "/api/v1/contacts/\(contactID)")
            #expect(
                try await server.api("alice").post("/tasks/\(id)/participants/5/contact").status
                    == 404)
        }
    }
}
