import Storage
import Testing
import WebDAV

/// Finding colleagues: `DAV:principal-property-search` and `DAV:principal-search-property-set`
/// (RFC 3744 §9.4, §9.5) with the bodies macOS and python caldav send, and what a colleague's
/// principal shows.
@Suite struct PrincipalSearchTests {
    static let users = ["alice", "bob", "carol"]

    /// Gives bob a distinctive name and e-mail address.
    static func renameBob(_ server: TestServer) async throws {
        let bob = try #require(try await server.store.user(named: "bob"))
        _ = try await server.store.updateProfile(
            userID: bob.id, email: "robert.smith@sales.example.com", displayName: "Robert Smith")
    }

    /// macOS Calendar's "add a delegate / invitee" search: `test="anyof"`, `starts-with` over
    /// display name, first and last name and e-mail, on the principal collection.
    static func appleSearch(_ text: String) -> String {
        let searched = [
            #"<A:displayname/>"#, #"<B:first-name/>"#, #"<B:last-name/>"#,
            #"<B:email-address-set/>"#,
        ]
        let criteria = searched.map {
            #"<A:property-search><A:prop>\#($0)</A:prop><A:match match-type="starts-with">\#(text)</A:match></A:property-search>"#
        }.joined()
        return #"""
            <?xml version="1.0" encoding="UTF-8"?>
            <A:principal-property-search xmlns:A="DAV:" xmlns:B="http://calendarserver.org/ns/" xmlns:C="urn:ietf:params:xml:ns:caldav" test="anyof">\#(criteria)<A:prop><A:displayname/><B:email-address-set/><C:calendar-user-address-set/><C:calendar-user-type/><A:principal-URL/><B:first-name/></A:prop><A:apply-to-principal-collection-set/></A:principal-property-search>
            """#
    }

    @Test(arguments: StoreKind.allCases) func appleSearchFindsByNameAndEmail(store: StoreKind)
        async throws
    {
        try await TestServer.run(store, users: Self.users) { server in
            try await Self.renameBob(server)
            let alice = server.dav("alice")
            for text in ["rob", "SMI", "robert.s"] {
                let reply = try await alice.report(
                    "/caldav/principals/", depth: "0", Self.appleSearch(text))
                #expect(reply.status == 207, "\(text)")
                let found = try reply.multiStatus()
                #expect(found.hrefs == [Paths.principal("bob")], "\(text)")
                let bob = try #require(found.response(Paths.principal("bob")))
                #expect(bob.property(.dav.displayName)?.trimmedText == "Robert Smith")
                #expect(bob.hrefs(.cs("email-address-set")) == ["robert.smith@sales.example.com"])
                #expect(
                    bob.hrefs(.caldav("calendar-user-address-set"))
                        == ["mailto:robert.smith@sales.example.com", Paths.principal("bob")])
                #expect(bob.property(.caldav("calendar-user-type"))?.trimmedText == "INDIVIDUAL")
                #expect(bob.hrefs(.dav.principalURL) == [Paths.principal("bob")])
                #expect(bob.status(of: .cs("first-name")) == 404)
            }
            // starts-with does not match inside a word; nothing matches an unknown name.
            for text in ["obert", "zed"] {
                let reply = try await alice.report(
                    "/caldav/principals/users/", depth: "0", Self.appleSearch(text))
                #expect(try reply.multiStatus().hrefs.isEmpty, "\(text)")
            }
        }
    }

    /// python caldav's `search_principals(name=…)`: sent to the URL the client was given, with
    /// the requested properties directly in the search element beside an empty `DAV:prop`.
    @Test func pythonCaldavSearch() async throws {
        try await TestServer.run(users: Self.users) { server in
            let body = #"""
                <?xml version='1.0' encoding='utf-8'?>
                <D:principal-property-search xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:property-search><D:prop><D:displayname/></D:prop><D:match>aro</D:match></D:property-search><D:prop/><C:calendar-home-set/><D:displayname/></D:principal-property-search>
                """#
            for url in ["/", "/caldav/"] {
                let reply = try await server.dav("alice").report(url, depth: "0", body)
                let found = try reply.multiStatus()
                #expect(found.hrefs == [Paths.principal("carol")], "\(url)")
                let carol = try #require(found.responses.first)
                #expect(carol.property(.dav.displayName)?.trimmedText == "Carol")
                #expect(carol.hrefs(.caldav("calendar-home-set")) == [Paths.home("carol")])
            }
            // Without a property-search: every principal (up to the limit).
            let all = try await server.dav("alice").report(
                "/", depth: "0",
                #"<D:principal-property-search xmlns:D="DAV:"><D:prop><D:displayname/></D:prop></D:principal-property-search>"#
            )
            #expect(try all.multiStatus().hrefs == Self.users.map { Paths.principal($0) })
        }
    }

    /// `allof` (the default): every criterion must match.
    @Test func allOfNeedsEveryCriterion() async throws {
        try await TestServer.run(users: Self.users) { server in
            try await Self.renameBob(server)
            func search(_ name: String, _ email: String) -> String {
                #"<D:principal-property-search xmlns:D="DAV:" xmlns:CS="http://calendarserver.org/ns/"><D:property-search><D:prop><D:displayname/></D:prop><D:match>\#(name)</D:match></D:property-search><D:property-search><D:prop><CS:email-address-set/></D:prop><D:match>\#(email)</D:match></D:property-search><D:prop><D:displayname/></D:prop></D:principal-property-search>"#
            }
            let alice = server.dav("alice")
            let both = try await alice.report(
                "/caldav/principals/", depth: "0", search("smith", "sales"))
            #expect(try both.multiStatus().hrefs == [Paths.principal("bob")])
            let one = try await alice.report(
                "/caldav/principals/", depth: "0", search("smith", "carol"))
            #expect(try one.multiStatus().hrefs.isEmpty)
        }
    }

    /// At most the client's `DAV:limit` (and never more than the server's 50): the rest is
    /// announced by a `507` for the request-URI with `DAV:number-of-matches-within-limits`.
    @Test func resultsAreLimited() async throws {
        let many = (1...55).map { "user\($0)" }
        try await TestServer.run(users: many) { server in
            let client = server.dav("user1")
            let limited = try await client.report(
                "/caldav/principals/", depth: "0",
                #"<D:principal-property-search xmlns:D="DAV:"><D:property-search><D:prop><D:displayname/></D:prop><D:match>user</D:match></D:property-search><D:prop><D:displayname/></D:prop><D:limit><D:nresults>2</D:nresults></D:limit></D:principal-property-search>"#
            )
            let found = try limited.multiStatus()
            #expect(found.responses.filter { $0.status == nil }.count == 2)
            let more = try #require(found.response("/caldav/principals/"))
            #expect(more.status == 507)
            #expect(more.errors == [.dav.numberOfMatchesWithinLimits])
            let capped = try await client.report(
                "/caldav/principals/", depth: "0",
                #"<D:principal-property-search xmlns:D="DAV:"><D:property-search><D:prop><D:displayname/></D:prop><D:match>user</D:match></D:property-search><D:prop><D:displayname/></D:prop></D:principal-property-search>"#
            )
            #expect(try capped.multiStatus().responses.filter { $0.status == nil }.count == 50)
        }
    }

    @Test func malformedSearchesAre400AndOtherPlacesRefuseIt() async throws {
        try await TestServer.run { server in
            let alice = server.dav("alice")
            let badType = try await alice.report(
                "/caldav/principals/", depth: "0",
                #"<D:principal-property-search xmlns:D="DAV:"><D:property-search><D:prop><D:displayname/></D:prop><D:match match-type="regex">.*</D:match></D:property-search></D:principal-property-search>"#
            )
            #expect(badType.status == 400)
            let noMatch = try await alice.report(
                "/caldav/principals/", depth: "0",
                #"<D:principal-property-search xmlns:D="DAV:"><D:property-search><D:prop><D:displayname/></D:prop></D:property-search></D:principal-property-search>"#
            )
            #expect(noMatch.status == 400)
            // A calendar is not a principal collection (RFC 3253 §3.6: 403 supported-report).
            let onCalendar = try await alice.report(
                Paths.calendar("alice"), depth: "0",
                #"<D:principal-property-search xmlns:D="DAV:"><D:prop><D:displayname/></D:prop></D:principal-property-search>"#
            )
            #expect(onCalendar.status == 403)
            #expect(onCalendar.errorConditions == [.dav.name("supported-report")])
        }
    }

    @Test func searchPropertySetAndSupportedReports() async throws {
        try await TestServer.run { server in
            let alice = server.dav("alice")
            let reply = try await alice.report(
                "/caldav/principals/", depth: "0",
                #"<D:principal-search-property-set xmlns:D="DAV:"/>"#)
            #expect(reply.status == 200)
            let root = try #require(reply.xml)
            #expect(root.name == .dav.name("principal-search-property-set"))
            let names = root.all(.dav.name("principal-search-property")).compactMap {
                $0.first(.dav.prop)?.elements.first?.name
            }
            #expect(
                names == [
                    .dav.displayName, .cs("email-address-set"),
                    .caldav("calendar-user-address-set"),
                    .caldav("calendar-user-type"),
                ])
            #expect(
                root.all(.dav.name("principal-search-property")).allSatisfy {
                    !($0.first(.dav.name("description"))?.trimmedText.isEmpty ?? true)
                })
            let reports = try await alice.propfind(
                "/caldav/principals/", props: [.dav.supportedReportSet])
            let text = reports.text
            #expect(text.contains("principal-property-search"))
            #expect(text.contains("principal-search-property-set"))
        }
    }

    /// A colleague's principal: readable with the properties that find and address them;
    /// their home, address book, quota and delegations stay private, and nothing is writable.
    @Test(arguments: StoreKind.allCases) func colleaguePrincipalIsReadOnlyAndDiscreet(
        store: StoreKind
    ) async throws {
        try await TestServer.run(store) { server in
            let bob = server.dav("bob")
            let alicePrincipal = Paths.principal("alice")
            let reply = try await bob.propfind(
                alicePrincipal,
                props: [
                    .dav.displayName, .dav.resourceType, .caldav("calendar-home-set"),
                    .cs("email-address-set"), .dav.currentUserPrivilegeSet,
                    XMLName(XMLNamespace.cardDAV, "addressbook-home-set"), .dav.quotaUsedBytes,
                    .cs("calendar-proxy-write-for"), .dav.groupMembership,
                ])
            #expect(reply.status == 207)
            let alice = try #require(try reply.multiStatus().response(alicePrincipal))
            #expect(alice.property(.dav.displayName)?.trimmedText == "Alice")
            #expect(alice.hrefs(.caldav("calendar-home-set")) == [Paths.home("alice")])
            #expect(alice.hrefs(.cs("email-address-set")) == ["alice@example.com"])
            let privilegeElements =
                alice.property(.dav.currentUserPrivilegeSet)?.all(.dav.privilege) ?? []
            let privileges: [XMLName] = privilegeElements.flatMap(\.elements).map(\.name)
            #expect(privileges.contains(.dav.name("read")))
            #expect(!privileges.contains(.dav.name("write")))
            for hidden in [
                XMLName(XMLNamespace.cardDAV, "addressbook-home-set"), .dav.quotaUsedBytes,
                .cs("calendar-proxy-write-for"), .dav.groupMembership,
            ] {
                #expect(alice.status(of: hidden) == 404, "\(hidden)")
            }
            // The home it names is not bob's to see; the proxy groups neither.
            #expect(
                try await bob.propfind(Paths.home("alice"), props: [.dav.displayName]).status == 404
            )
            #expect(
                try await bob.propfind(
                    alicePrincipal + "calendar-proxy-write/", props: [.dav.groupMemberSet]
                ).status == 404)
            // Depth 1 on alice's principal shows no children to bob.
            let listing = try await bob.propfind(
                alicePrincipal, depth: "1", props: [.dav.displayName])
            #expect(try listing.multiStatus().hrefs == [alicePrincipal])
            // Writes are refused.
            let patch = try await bob.proppatch(
                alicePrincipal, set: [XMLElement(.dav.displayName, text: "pwned")])
            #expect(try patch.multiStatus().responses.first?.status(of: .dav.displayName) == 403)
            #expect(try await server.store.user(named: "alice")?.displayName == "Alice")
            // An unknown user's principal is still a 404.
            #expect(
                try await bob.propfind(Paths.principal("nobody"), props: [.dav.displayName]).status
                    == 404)
        }
    }
}
