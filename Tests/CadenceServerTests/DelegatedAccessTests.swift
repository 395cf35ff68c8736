import Storage
import Testing
import WebDAV

/// Delegated access (caldav-proxy.txt): alice's write proxy bob and read proxy carol reach her
/// calendar home at her URLs; dave, who is neither, gets 404 as before.
@Suite struct DelegatedAccessTests {
    static let users = ["alice", "bob", "carol", "dave"]

    static func delegate(_ server: TestServer) async throws {
        _ = try await server.admin.addDelegate(owner: "alice", delegate: "bob", readOnly: false)
        _ = try await server.admin.addDelegate(owner: "alice", delegate: "carol", readOnly: true)
    }

    static func privileges(_ reply: DAVReply, _ href: String) throws -> Set<String> {
        let response = try #require(try reply.multiStatus().response(href))
        return Set(
            response.property(.dav.currentUserPrivilegeSet)?.all(.dav.privilege).flatMap(\.elements)
                .map(\.name.name) ?? [])
    }

    @Test(arguments: StoreKind.allCases) func readProxyReadsEverythingAndWritesNothing(
        store: StoreKind
    ) async throws {
        try await TestServer.run(store, users: Self.users) { server in
            try await Self.delegate(server)
            let object = Paths.object("alice", "crm-tasks", "a.ics")
            let put = try await server.dav("alice").put(
                object, ICS.event(uid: "a", summary: "Alice's call"))
            #expect(put.status == 201)
            let etag = try #require(put.header("ETag"))
            let carol = server.dav("carol")
            // Reads: the home listing, privileges, the object, multiget, sync.
            let home = try await carol.propfind(
                Paths.home("alice"), depth: "1",
                props: [.dav.displayName, .dav.currentUserPrivilegeSet, .dav.owner])
            #expect(home.status == 207)
            #expect(try home.multiStatus().hrefs.contains(Paths.calendar("alice")))
            let calendarPrivileges = try Self.privileges(home, Paths.calendar("alice"))
            #expect(calendarPrivileges.contains("read"))
            #expect(
                calendarPrivileges.isDisjoint(with: [
                    "write", "write-content", "bind", "unbind", "all",
                ]))
            #expect(
                try home.multiStatus().response(Paths.calendar("alice"))?.hrefs(.dav.owner)
                    == [Paths.principal("alice")])
            let get = try await carol.get(object)
            #expect(get.status == 200)
            #expect(get.header("ETag") == etag)
            #expect(get.text.contains("Alice's call"))
            let multiget = try await carol.multiget(Paths.calendar("alice"), hrefs: [object])
            #expect(multiget.text.contains("Alice's call"))
            let sync = try await carol.syncCollection(Paths.calendar("alice"), token: "")
            #expect(try sync.multiStatus().hrefs.contains(object))
            // Writes: every path is 403 need-privileges, and nothing changes.
            let before = try await server.objectNames("alice", "crm-tasks")
            let xml = [("Content-Type", "application/xml")]
            let writes: [(String, String, [(String, String)], String?)] = [
                (
                    "PUT", object, [("Content-Type", "text/calendar")],
                    ICS.event(uid: "a", summary: "x")
                ),
                (
                    "PUT", Paths.object("alice", "crm-tasks", "new.ics"),
                    [("Content-Type", "text/calendar")], ICS.event(uid: "new", summary: "x")
                ),
                ("DELETE", object, [], nil),
                ("DELETE", Paths.calendar("alice"), [], nil),
                (
                    "PROPPATCH", Paths.calendar("alice"), xml,
                    #"<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><D:displayname>x</D:displayname></D:prop></D:set></D:propertyupdate>"#
                ),
                (
                    "PROPPATCH", object, xml,
                    #"<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><D:displayname>x</D:displayname></D:prop></D:set></D:propertyupdate>"#
                ),
                ("MKCALENDAR", Paths.calendar("alice", "planted"), [], nil),
                ("MKCOL", Paths.calendar("alice", "planted"), [], nil),
                (
                    "MOVE", object, [("Destination", Paths.object("alice", "crm-tasks", "b.ics"))],
                    nil
                ),
                (
                    "COPY", object, [("Destination", Paths.object("alice", "crm-tasks", "c.ics"))],
                    nil
                ),
            ]
            for (method, path, headers, body) in writes {
                let reply = try await carol.request(
                    method, path, headers: headers, body: body.map { Array($0.utf8) })
                #expect(reply.status == 403, "\(method) \(path): \(reply.status) \(reply.text)")
                #expect(
                    reply.errorConditions == [.dav.name("need-privileges")], "\(method) \(path)")
            }
            #expect(try await server.objectNames("alice", "crm-tasks") == before)
            #expect(try await server.dav("alice").get(object).header("ETag") == etag)
            let calendars = try await server.admin.calendars(user: "alice").map(\.path)
            #expect(!calendars.contains("planted"))
        }
    }

    @Test(arguments: StoreKind.allCases) func writeProxyWritesTheOwnersObjects(store: StoreKind)
        async throws
    {
        try await TestServer.run(store, users: Self.users) { server in
            try await Self.delegate(server)
            let alice = server.dav("alice")
            let bob = server.dav("bob")
            let first = try await alice.syncCollection(Paths.calendar("alice"), token: "")
            let token = try #require(try first.multiStatus().syncToken)
            let home = try await bob.propfind(
                Paths.home("alice"), depth: "1", props: [.dav.currentUserPrivilegeSet])
            let privileges = try Self.privileges(home, Paths.calendar("alice"))
            #expect(
                privileges.isSuperset(of: ["read", "write", "write-content", "bind", "unbind"]))
            // Bob creates a to-do in alice's calendar: it is alice's object and alice's task.
            let object = Paths.object("alice", "crm-tasks", "by-bob.ics")
            let created = try await bob.put(
                object, ICS.todo(uid: "by-bob", summary: "Call the client"),
                headers: [("If-None-Match", "*")])
            #expect(created.status == 201)
            let etag = try #require(created.header("ETag"))
            let seen = try await alice.get(object)
            #expect(seen.header("ETag") == etag)
            let sync = try await alice.syncCollection(Paths.calendar("alice"), token: token)
            #expect(try sync.multiStatus().hrefs == [object])
            let tasks = try await server.api("alice").get("/tasks")
            #expect(tasks.text.contains("Call the client"))
            // Updates need the current ETag, as for anyone: 412 when stale, then 204.
            let stale = try await bob.put(
                object, ICS.todo(uid: "by-bob", summary: "Stale"),
                headers: [("If-Match", "\"stale\"")])
            #expect(stale.status == 412)
            let updated = try await bob.put(
                object, ICS.todo(uid: "by-bob", summary: "Call the client again"),
                headers: [("If-Match", etag)])
            #expect(updated.status == 204)
            #expect(try await alice.get(object).text.contains("Call the client again"))
            // Nothing landed in bob's own home.
            #expect(try await server.objectNames("bob", "crm-tasks").isEmpty)
            let deleted = try await bob.delete(object)
            #expect(deleted.status == 204)
            #expect(try await alice.get(object).status == 404)
            // The principal stays the colleague's read-only view.
            let principal = try await bob.proppatch(
                Paths.principal("alice"), set: [XMLElement(.dav.displayName, text: "x")])
            #expect(
                try principal.multiStatus().responses.first?.status(of: .dav.displayName) == 403)
        }
    }

    /// Only the owner's calendar home is delegated; ending the delegation closes it again.
    @Test func othersAndFormerDelegatesGet404() async throws {
        try await TestServer.run(users: Self.users) { server in
            try await Self.delegate(server)
            let object = Paths.object("alice", "crm-tasks", "a.ics")
            #expect(try await server.dav("alice").put(object, ICS.event(uid: "a")).status == 201)
            #expect(try await server.dav("dave").get(object).status == 404)
            #expect(
                try await server.dav("dave").propfind(
                    Paths.home("alice"), depth: "1", props: [.dav.displayName]
                ).status == 404)
            // Address books are not delegated.
            #expect(
                try await server.dav("bob").propfind(
                    "/caldav/addressbooks/alice/", depth: "1", props: [.dav.displayName]
                ).status == 404)
            // Delegation is not transitive nor mutual.
            #expect(
                try await server.dav("alice").propfind(
                    Paths.home("bob"), depth: "1", props: [.dav.displayName]
                ).status == 404)
            try await server.admin.removeDelegate(owner: "alice", delegate: "bob")
            #expect(try await server.dav("bob").get(object).status == 404)
            #expect(try await server.dav("carol").get(object).status == 200)
        }
    }
}
