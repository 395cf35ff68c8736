import Storage
import Testing
import WebDAV

/// Delegation through CalendarServer proxy groups (caldav-proxy.txt): the groups below a
/// principal, their `group-member-set` as macOS PROPPATCHes it, and the `-for` properties and
/// `group-membership` a delegate's client (iOS, macOS, DAVx5) reads on its own principal.
@Suite struct DelegationTests {
    static let proxyProps: [XMLName] = [
        .dav.resourceType, .dav.displayName, .dav.groupMemberSet, .dav.principalURL,
    ]

    /// macOS's PROPPATCH of a proxy group: the delegates' principal URLs, absolute.
    static func setMembers(_ hrefs: [String]) -> String {
        let items = hrefs.map { "<A:href>\($0)</A:href>" }.joined()
        return #"<?xml version="1.0" encoding="UTF-8"?><A:propertyupdate xmlns:A="DAV:"><A:set><A:prop><A:group-member-set>\#(items)</A:group-member-set></A:prop></A:set></A:propertyupdate>"#
    }

    @Test(arguments: StoreKind.allCases) func ownerListsAndSetsProxyGroups(store: StoreKind)
        async throws
    {
        try await TestServer.run(store, users: ["alice", "bob", "carol"]) { server in
            let alice = server.dav("alice")
            let principal = Paths.principal("alice")
            let write = principal + "calendar-proxy-write/"
            let read = principal + "calendar-proxy-read/"
            // macOS lists the principal at Depth 1 to find its proxy groups.
            let listing = try await alice.propfind(principal, depth: "1", props: Self.proxyProps)
            let found = try listing.multiStatus()
            #expect(Set(found.hrefs) == [principal, read, write])
            #expect(
                Set(try #require(found.response(write)).childNames(.dav.resourceType))
                    == [.dav.collection, .dav.principal, .cs("calendar-proxy-write")])
            #expect(
                Set(try #require(found.response(read)).childNames(.dav.resourceType))
                    == [.dav.collection, .dav.principal, .cs("calendar-proxy-read")])
            #expect(try #require(found.response(write)).hrefs(.dav.groupMemberSet).isEmpty)
            #expect(try #require(found.response(principal)).hrefs(.dav.groupMemberSet).isEmpty)
            #expect(listing.header("DAV")?.contains("calendar-proxy") ?? true)
            let options = try await alice.request("OPTIONS", principal)
            #expect(options.header("DAV")?.contains("calendar-proxy") == true)

            // Bob becomes a write proxy, carol a read proxy.
            let patch = try await alice.request(
                "PROPPATCH", write, headers: [("Content-Type", "application/xml")],
                text: Self.setMembers(["http://localhost:8080" + Paths.principal("bob")]))
            #expect(patch.status == 207)
            #expect(try patch.multiStatus().responses.first?.status(of: .dav.groupMemberSet) == 200)
            let readPatch = try await alice.request(
                "PROPPATCH", read, headers: [("Content-Type", "application/xml")],
                text: Self.setMembers([Paths.principal("carol")]))
            #expect(try readPatch.multiStatus().responses.first?.status(of: .dav.groupMemberSet) == 200)
            let aliceRecord = try #require(try await server.store.user(named: "alice"))
            let grants = try await server.store.proxyGrants(ownerID: aliceRecord.id)
            #expect(grants.map(\.access) == [.write, .read])
            let members = try await alice.propfind(write, props: [.dav.groupMemberSet])
            #expect(
                try members.multiStatus().responses.first?.hrefs(.dav.groupMemberSet)
                    == [Paths.principal("bob")])

            // The delegates' own principals say whom they act for (DAVx5, iOS).
            let forProps: [XMLName] = [
                .cs("calendar-proxy-write-for"), .cs("calendar-proxy-read-for"),
                .dav.groupMembership,
            ]
            let bobView = try await server.dav("bob").propfind(
                Paths.principal("bob"), props: forProps)
            let bob = try #require(try bobView.multiStatus().responses.first)
            #expect(bob.hrefs(.cs("calendar-proxy-write-for")) == [principal])
            #expect(bob.hrefs(.cs("calendar-proxy-read-for")).isEmpty)
            #expect(bob.hrefs(.dav.groupMembership) == [write])
            let carolView = try await server.dav("carol").propfind(
                Paths.principal("carol"), props: forProps)
            let carol = try #require(try carolView.multiStatus().responses.first)
            #expect(carol.hrefs(.cs("calendar-proxy-read-for")) == [principal])
            #expect(carol.hrefs(.dav.groupMembership) == [read])

            // Removing the property empties the group.
            let remove = try await alice.request(
                "PROPPATCH", write, headers: [("Content-Type", "application/xml")],
                text: #"<A:propertyupdate xmlns:A="DAV:"><A:remove><A:prop><A:group-member-set/></A:prop></A:remove></A:propertyupdate>"#
            )
            #expect(try remove.multiStatus().responses.first?.status(of: .dav.groupMemberSet) == 200)
            #expect(try await server.store.proxyGrants(ownerID: aliceRecord.id).map(\.access) == [.read])
        }
    }

    @Test func badMembersAndOtherPropertiesChangeNothing() async throws {
        try await TestServer.run { server in
            let alice = server.dav("alice")
            let write = Paths.principal("alice") + "calendar-proxy-write/"
            for hrefs in [
                [Paths.principal("nobody")], ["/caldav/calendars/bob/"], [Paths.principal("alice")],
                [Paths.principal("bob"), "mailto:x@example.com"],
            ] {
                let reply = try await alice.request(
                    "PROPPATCH", write, headers: [("Content-Type", "application/xml")],
                    text: Self.setMembers(hrefs))
                #expect(
                    try reply.multiStatus().responses.first?.status(of: .dav.groupMemberSet) == 409,
                    "\(hrefs)")
            }
            let protected = try await alice.proppatch(
                write, set: [XMLElement(.dav.displayName, text: "x")])
            #expect(try protected.multiStatus().responses.first?.status(of: .dav.displayName) == 403)
            let aliceRecord = try #require(try await server.store.user(named: "alice"))
            #expect(try await server.store.proxyGrants(ownerID: aliceRecord.id).isEmpty)
        }
    }

    /// Nobody but the owner sees or changes a principal's proxy groups.
    @Test func othersCannotReachProxyGroups() async throws {
        try await TestServer.run(users: ["alice", "bob"]) { server in
            let write = Paths.principal("alice") + "calendar-proxy-write/"
            let bob = server.dav("bob")
            #expect(try await bob.propfind(write, props: [.dav.groupMemberSet]).status == 404)
            let patch = try await bob.request(
                "PROPPATCH", write, headers: [("Content-Type", "application/xml")],
                text: Self.setMembers([Paths.principal("bob")]))
            #expect(patch.status == 404)
            #expect(
                try await server.anonymous.propfind(write, props: [.dav.groupMemberSet]).status
                    == 401)
            let aliceRecord = try #require(try await server.store.user(named: "alice"))
            #expect(try await server.store.proxyGrants(ownerID: aliceRecord.id).isEmpty)
            // Unknown group names are no resource at all.
            #expect(
                try await server.dav("alice").propfind(
                    Paths.principal("alice") + "calendar-proxy-admin/", props: [.dav.displayName]
                ).status == 404)
        }
    }
}
