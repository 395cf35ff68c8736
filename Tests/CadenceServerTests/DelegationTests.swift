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
        return
            #"<?xml version="1.0" encoding="UTF-8"?><A:propertyupdate xmlns:A="DAV:"><A:set><A:prop><A:group-member-set>\#(items)</A:group-member-set></A:prop></A:set></A:propertyupdate>"#
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
            #expect(
                try readPatch.multiStatus().responses.first?.status(of: .dav.groupMemberSet) == 200)
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
                text:
                    #"<A:propertyupdate xmlns:A="DAV:"><A:remove><A:prop><A:group-member-set/></A:prop></A:remove></A:propertyupdate>"#
            )
            #expect(
                try remove.multiStatus().responses.first?.status(of: .dav.groupMemberSet) == 200)
            #expect(
                try await server.store.proxyGrants(ownerID: aliceRecord.id).map(\.access) == [.read]
            )
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
            #expect(
                try protected.multiStatus().responses.first?.status(of: .dav.displayName) == 403)
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

    /// macOS in a delegate's account: `expand-property` of `calendar-proxy-write-for` and
    /// `calendar-proxy-read-for` on the delegate's principal, to show each owner by name.
    @Test(arguments: StoreKind.allCases) func appleExpandsProxyForToOwners(store: StoreKind)
        async throws
    {
        try await TestServer.run(store, users: ["alice", "bob", "carol", "dave"]) { server in
            let alice = try #require(try await server.store.user(named: "alice"))
            let bob = try #require(try await server.store.user(named: "bob"))
            let carol = try #require(try await server.store.user(named: "carol"))
            _ = try await server.store.grantProxy(
                ownerID: alice.id, delegateID: bob.id, access: .write)
            _ = try await server.store.grantProxy(
                ownerID: carol.id, delegateID: bob.id, access: .read)
            let body = #"""
                <?xml version="1.0" encoding="UTF-8"?>
                <A:expand-property xmlns:A="DAV:">
                  <A:property name="calendar-proxy-write-for" namespace="http://calendarserver.org/ns/">
                    <A:property name="displayname" namespace="DAV:"/>
                    <A:property name="calendar-user-address-set" namespace="urn:ietf:params:xml:ns:caldav"/>
                    <A:property name="email-address-set" namespace="http://calendarserver.org/ns/"/>
                  </A:property>
                  <A:property name="calendar-proxy-read-for" namespace="http://calendarserver.org/ns/">
                    <A:property name="displayname" namespace="DAV:"/>
                  </A:property>
                </A:expand-property>
                """#
            let reply = try await server.dav("bob").report(Paths.principal("bob"), depth: "0", body)
            #expect(reply.status == 207)
            let root = try #require(reply.xml)
            let top = try #require(root.first(.dav.response))
            let props = top.all(.dav.propstat).first?.first(.dav.prop)
            let writeFor = try #require(props?.first(.cs("calendar-proxy-write-for")))
            let owner = try #require(writeFor.first(.dav.response))
            #expect(owner.first(.dav.href)?.trimmedText == Paths.principal("alice"))
            let ownerProps = owner.first(.dav.propstat)?.first(.dav.prop)
            #expect(ownerProps?.first(.dav.displayName)?.trimmedText == "Alice")
            #expect(
                ownerProps?.first(.cs("email-address-set"))?.first(.dav.href)?.trimmedText
                    == "alice@example.com")
            let readFor = try #require(props?.first(.cs("calendar-proxy-read-for")))
            #expect(
                readFor.first(.dav.response)?.first(.dav.propstat)?.first(.dav.prop)?.first(
                    .dav.displayName)?.trimmedText == "Carol")
            // The owner expands a group's members the same way.
            let members = try await server.dav("alice").report(
                Paths.principal("alice") + "calendar-proxy-write/", depth: "0",
                #"<A:expand-property xmlns:A="DAV:"><A:property name="group-member-set"><A:property name="displayname"/></A:property></A:expand-property>"#
            )
            #expect(members.text.contains("<D:displayname>Bob</D:displayname>"))
            // Expanding into a home that is not bob's to see answers 404 for it, nothing more.
            let home = try await server.dav("bob").report(
                Paths.principal("dave"), depth: "0",
                #"<A:expand-property xmlns:A="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><A:property name="calendar-home-set" namespace="urn:ietf:params:xml:ns:caldav"><A:property name="displayname"/></A:property></A:expand-property>"#
            )
            #expect(home.status == 207)
            #expect(home.text.contains("404"))
        }
    }
}
