import Foundation
import Storage
import Testing
import WebDAV

/// Calendars shared with users and teams (issue 13): the sharee's view in their home, the
/// access it reports, enforcement at every write path, one object and one sync token for
/// owner and sharees, and unsharing.
@Suite struct SharingTests {
    /// Where alice's `crm-tasks` appears in a sharee's home.
    static func shared(
        _ sharee: String, _ owner: String = "alice", _ calendar: String = "crm-tasks"
    )
        -> String
    {
        Paths.calendar(sharee, "\(calendar)_shared_by_\(owner)")
    }

    static func sharedObject(_ sharee: String, _ name: String) -> String {
        shared(sharee) + name
    }

    /// alice owns `crm-tasks` with `a.ics`; bob reads it, carol reads and writes it.
    static func withShares(
        _ kind: StoreKind = .memory, _ body: @escaping @Sendable (TestServer) async throws -> Void
    ) async throws {
        try await TestServer.run(kind, users: ["alice", "bob", "carol", "dave"]) { server in
            #expect(
                try await server.dav("alice").put(
                    Paths.object("alice", "crm-tasks", "a.ics"),
                    ICS.event(uid: "a", summary: "Kickoff")
                ).status == 201)
            try await server.admin.share(
                owner: "alice", calendar: "crm-tasks", withUser: "bob", team: nil, readOnly: true)
            try await server.admin.share(
                owner: "alice", calendar: "crm-tasks", withUser: "carol", team: nil,
                readOnly: false)
            try await body(server)
        }
    }

    static func privileges(_ reply: DAVReply, _ href: String) throws -> Set<String> {
        let response = try #require(try reply.multiStatus().response(href))
        let set = try #require(response.property(.dav.currentUserPrivilegeSet))
        return Set(set.all(.dav.privilege).flatMap { $0.elements.map(\.name.name) })
    }

    @Test(arguments: StoreKind.allCases) func shareeSeesTheCalendarInTheirHome(store: StoreKind)
        async throws
    {
        try await Self.withShares(store) { server in
            let listing = try await server.dav("bob").propfind(
                Paths.home("bob"), depth: "1",
                props: [
                    .dav.displayName, .dav.owner, .dav.currentUserPrivilegeSet, .dav.acl,
                    .dav.resourceType,
                ])
            #expect(listing.status == 207)
            let shared = try #require(try listing.multiStatus().response(Self.shared("bob")))
            #expect(shared.property(.dav.displayName)?.trimmedText == "CRM Tasks")
            #expect(shared.hrefs(.dav.owner) == [Paths.principal("alice")])
            #expect(shared.childNames(.dav.resourceType).contains(.caldav("calendar")))
            let readOnly = try Self.privileges(listing, Self.shared("bob"))
            #expect(readOnly.contains("read"))
            #expect(!readOnly.contains("write"))
            #expect(!readOnly.contains("write-content"))
            #expect(!readOnly.contains("bind"))
            #expect(!readOnly.contains("all"))
            // DAV:acl: the grant to bob, nothing of alice's.
            let acl = try #require(shared.property(.dav.acl))
            let grantees = acl.all(.dav.name("ace")).compactMap {
                $0.first(.dav.principal)?.first(.dav.href)?.trimmedText
            }
            #expect(grantees == [Paths.principal("bob")])
            // carol's view says read-write.
            let carol = try await server.dav("carol").propfind(
                Self.shared("carol"), props: [.dav.currentUserPrivilegeSet, .dav.acl, .dav.owner])
            let readWrite = try Self.privileges(carol, Self.shared("carol"))
            #expect(readWrite.isSuperset(of: ["read", "write", "write-content", "bind", "unbind"]))
            #expect(!readWrite.contains("all"))
            // Her DAV:acl also lists the owner's grant of all to the `DAV:owner` principal, which
            // Nextcloud's DAV connector needs to show the calendar writable.
            let carolsView = try #require(try carol.multiStatus().response(Self.shared("carol")))
            #expect(carolsView.hrefs(.dav.owner) == [Paths.principal("alice")])
            let carolsACL = try #require(carolsView.property(.dav.acl))
            let carolsGrants = carolsACL.all(.dav.name("ace")).map { ace in
                (
                    ace.first(.dav.principal)?.first(.dav.href)?.trimmedText,
                    ace.first(.dav.name("grant")).map {
                        Set($0.all(.dav.privilege).flatMap { $0.elements.map(\.name.name) })
                    } ?? []
                )
            }
            #expect(carolsGrants.map(\.0) == [Paths.principal("alice"), Paths.principal("carol")])
            #expect(carolsGrants.first?.1 == ["all"])
            #expect(carolsGrants.last?.1.contains("all") == false)
            // The owner keeps everything.
            let alice = try await server.dav("alice").propfind(
                Paths.calendar("alice"), props: [.dav.currentUserPrivilegeSet])
            #expect(try Self.privileges(alice, Paths.calendar("alice")).contains("all"))
            // dave, with no share, sees nothing of alice's.
            let dave = try await server.dav("dave").propfind(
                Paths.home("dave"), depth: "1", props: [.dav.displayName])
            #expect(!dave.text.contains("alice"))
            #expect(try await server.dav("dave").get(Self.shared("dave")).status == 404)
            // bob reaches the calendar only through his home, never at alice's path.
            #expect(
                try await server.dav("bob").get(Paths.object("alice", "crm-tasks", "a.ics")).status
                    == 404)
        }
    }

    @Test func readsWorkForReaders() async throws {
        try await Self.withShares { server in
            let bob = server.dav("bob")
            let object = Self.sharedObject("bob", "a.ics")
            let get = try await bob.get(object)
            #expect(get.status == 200)
            #expect(get.text.contains("SUMMARY:Kickoff"))
            let multiget = try await bob.multiget(Self.shared("bob"), hrefs: [object])
            #expect(multiget.status == 207)
            #expect(multiget.text.contains("SUMMARY:Kickoff"))
            let query = try await bob.report(
                Self.shared("bob"),
                #"<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/></D:prop><C:filter><C:comp-filter name="VCALENDAR"/></C:filter></C:calendar-query>"#
            )
            #expect(try query.multiStatus().hrefs == [object])
            let sync = try await bob.syncCollection(Self.shared("bob"), token: "")
            #expect(try sync.multiStatus().hrefs == [object])
            let objectProps = try await bob.propfind(
                object, props: [.dav.currentUserPrivilegeSet, .dav.owner])
            #expect(
                try Self.privileges(objectProps, object) == [
                    "read", "read-current-user-privilege-set",
                ])
        }
    }

    /// Every write path of a read-only sharee: 403 with DAV:need-privileges, nothing written.
    @Test(arguments: StoreKind.allCases) func readOnlyShareeCannotWrite(store: StoreKind)
        async throws
    {
        try await Self.withShares(store) { server in
            let bob = server.dav("bob")
            let object = Self.sharedObject("bob", "a.ics")
            let before = try await server.dav("alice").get(
                Paths.object("alice", "crm-tasks", "a.ics"))
            func expectDenied(_ reply: DAVReply, _ what: String, privilege: String? = nil) {
                #expect(reply.status == 403, "\(what): \(reply.status) \(reply.text)")
                let condition = reply.errorCondition(.dav.name("need-privileges"))
                #expect(condition != nil, "\(what): \(reply.text)")
                if let privilege {
                    let names = condition?.all(.dav.name("resource")).flatMap {
                        $0.all(.dav.privilege).flatMap { $0.elements.map(\.name.name) }
                    }
                    #expect(names == [privilege], "\(what)")
                }
            }
            expectDenied(
                try await bob.put(object, ICS.event(uid: "a", summary: "Changed")), "PUT update",
                privilege: "write-content")
            expectDenied(
                try await bob.put(Self.sharedObject("bob", "new.ics"), ICS.event(uid: "n")),
                "PUT create", privilege: "bind")
            expectDenied(try await bob.delete(object), "DELETE", privilege: "unbind")
            expectDenied(
                try await bob.request(
                    "PROPPATCH", object, headers: [("Content-Type", "application/xml")],
                    text:
                        #"<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><X:x xmlns:X="urn:x">1</X:x></D:prop></D:set></D:propertyupdate>"#
                ), "PROPPATCH object", privilege: "write-properties")
            // MOVE out of the shared calendar into bob's own.
            expectDenied(
                try await bob.request(
                    "MOVE", object,
                    headers: [("Destination", Paths.object("bob", "crm-tasks", "stolen.ics"))]),
                "MOVE out", privilege: "unbind")
            // MOVE and COPY into it from bob's own calendar.
            let mine = Paths.object("bob", "crm-tasks", "mine.ics")
            #expect(try await bob.put(mine, ICS.event(uid: "mine")).status == 201)
            expectDenied(
                try await bob.request(
                    "MOVE", mine, headers: [("Destination", Self.sharedObject("bob", "mine.ics"))]),
                "MOVE into", privilege: "bind")
            expectDenied(
                try await bob.request(
                    "COPY", mine, headers: [("Destination", Self.sharedObject("bob", "mine.ics"))]),
                "COPY into", privilege: "bind")
            // COPY out (a read) is fine: the copy is bob's.
            #expect(
                try await bob.request(
                    "COPY", object,
                    headers: [("Destination", Paths.object("bob", "crm-tasks", "copy.ics"))]
                ).status == 201)
            // Creating a collection inside it.
            #expect(try await bob.request("MKCOL", Self.shared("bob") + "sub/").status == 403)
            #expect(try await bob.mkcalendar(Self.shared("bob") + "sub/").status == 403)
            // Nothing of alice's changed.
            #expect(try await server.objectNames("alice", "crm-tasks") == ["a.ics"])
            let after = try await server.dav("alice").get(
                Paths.object("alice", "crm-tasks", "a.ics"))
            #expect(after.header("ETag") == before.header("ETag"))
            #expect(try await server.objectNames("bob", "crm-tasks") == ["copy.ics", "mine.ics"])
        }
    }

    @Test(arguments: StoreKind.allCases) func readWriteShareeWritesTheOwnersObjects(
        store: StoreKind
    ) async throws {
        try await Self.withShares(store) { server in
            let alice = server.dav("alice")
            let carol = server.dav("carol")
            let start = try #require(
                try await alice.syncCollection(Paths.calendar("alice"), token: "").multiStatus()
                    .syncToken)
            let put = try await carol.put(
                Self.sharedObject("carol", "c.ics"), ICS.event(uid: "c", summary: "From Carol"))
            #expect(put.status == 201)
            // One object, one ETag: alice sees carol's write, with the same ETag.
            let owner = try await alice.get(Paths.object("alice", "crm-tasks", "c.ics"))
            #expect(owner.text.contains("SUMMARY:From Carol"))
            #expect(owner.header("ETag") == put.header("ETag"))
            // One sync token: alice's sync reports it.
            let sync = try await alice.syncCollection(Paths.calendar("alice"), token: start)
            #expect(try sync.multiStatus().hrefs == [Paths.object("alice", "crm-tasks", "c.ics")])
            // bob (read-only) sees it as well.
            #expect(
                try await server.dav("bob").get(Self.sharedObject("bob", "c.ics")).status == 200)
            // Update with If-Match, then a stale If-Match is 412.
            let etag = try #require(put.header("ETag"))
            let update = try await carol.put(
                Self.sharedObject("carol", "c.ics"), ICS.event(uid: "c", summary: "Again"),
                headers: [("If-Match", etag)])
            #expect(update.status == 204)
            #expect(
                try await carol.put(
                    Self.sharedObject("carol", "c.ics"), ICS.event(uid: "c", summary: "Stale"),
                    headers: [("If-Match", etag)]
                ).status == 412)
            // A UID clash inside alice's calendar is still refused.
            #expect(
                try await carol.put(Self.sharedObject("carol", "dup.ics"), ICS.event(uid: "a"))
                    .status == 403)
            #expect(try await carol.delete(Self.sharedObject("carol", "c.ics")).status == 204)
            #expect(try await server.objectNames("alice", "crm-tasks") == ["a.ics"])
            // MOVE from carol's own calendar into the shared one: alice's now.
            let mine = Paths.object("carol", "crm-tasks", "m.ics")
            #expect(try await carol.put(mine, ICS.event(uid: "m")).status == 201)
            #expect(
                try await carol.request(
                    "MOVE", mine, headers: [("Destination", Self.sharedObject("carol", "m.ics"))]
                ).status == 201)
            #expect(try await server.objectNames("alice", "crm-tasks") == ["a.ics", "m.ics"])
            #expect(try await server.objectNames("carol", "crm-tasks") == [])
            // A sharee's PROPPATCH of the owner's other live properties is refused.
            let description = try await carol.proppatch(
                Self.shared("carol"),
                set: [XMLElement(.caldav("calendar-description"), text: "mine now")])
            #expect(
                try description.multiStatus().responses.first?.status(
                    of: .caldav("calendar-description")) == 403)
        }
    }

    @Test func shareeRenamesTheirOwnView() async throws {
        try await Self.withShares { server in
            let bob = server.dav("bob")
            let patch = try await bob.proppatch(
                Self.shared("bob"),
                set: [
                    XMLElement(.dav.displayName, text: "Alice's tasks"),
                    XMLElement(.apple("calendar-color"), text: "#00FF00FF"),
                ])
            #expect(patch.status == 207)
            #expect(
                try patch.multiStatus().responses.first?.statuses.values.allSatisfy { $0 == 200 }
                    == true)
            let mine = try await bob.propfind(
                Self.shared("bob"), props: [.dav.displayName, .apple("calendar-color")])
            let response = try #require(try mine.multiStatus().responses.first)
            #expect(response.property(.dav.displayName)?.trimmedText == "Alice's tasks")
            #expect(response.property(.apple("calendar-color"))?.trimmedText == "#00FF00FF")
            // alice's and carol's names are untouched.
            let owner = try await server.dav("alice").propfind(
                Paths.calendar("alice"), props: [.dav.displayName])
            #expect(
                try owner.multiStatus().responses.first?.property(.dav.displayName)?.trimmedText
                    == "CRM Tasks")
            let carol = try await server.dav("carol").propfind(
                Self.shared("carol"), props: [.dav.displayName])
            #expect(
                try carol.multiStatus().responses.first?.property(.dav.displayName)?.trimmedText
                    == "CRM Tasks")
        }
    }

    @Test(arguments: StoreKind.allCases) func unsharingRemovesItFromTheShareesHome(
        store: StoreKind
    ) async throws {
        try await Self.withShares(store) { server in
            let bob = server.dav("bob")
            let token = try #require(
                try await bob.syncCollection(Self.shared("bob"), token: "").multiStatus().syncToken)
            try await server.admin.unshare(
                owner: "alice", calendar: "crm-tasks", withUser: "bob", team: nil)
            let listing = try await bob.propfind(
                Paths.home("bob"), depth: "1", props: [.dav.displayName])
            #expect(try !listing.multiStatus().hrefs.contains(Self.shared("bob")))
            #expect(try await bob.syncCollection(Self.shared("bob"), token: token).status == 404)
            #expect(try await bob.get(Self.sharedObject("bob", "a.ics")).status == 404)
            #expect(
                try await bob.put(Self.sharedObject("bob", "x.ics"), ICS.event(uid: "x")).status
                    == 409)
            // carol still has hers.
            #expect(
                try await server.dav("carol").get(Self.sharedObject("carol", "a.ics")).status == 200
            )
        }
    }

    @Test func shareeDeletingTheCalendarDeclinesTheShare() async throws {
        try await Self.withShares { server async throws in
            #expect(try await server.dav("bob").delete(Self.shared("bob")).status == 204)
            #expect(try await server.dav("bob").get(Self.shared("bob")).status == 404)
            // alice's calendar and object stay.
            #expect(try await server.objectNames("alice", "crm-tasks") == ["a.ics"])
            #expect(
                try await server.admin.shares(user: "alice").made.map(\.sharee) == ["user carol"])
        }
    }

    @Test(arguments: StoreKind.allCases) func teamMembersSeeTheTeamCalendar(store: StoreKind)
        async throws
    {
        try await TestServer.run(store, users: ["alice", "bob", "carol", "dave"]) { server in
            try await server.admin.createTeam(name: "sales", displayName: "Sales", owner: "alice")
            try await server.admin.addTeamMember(team: "sales", user: "bob", readOnly: false)
            try await server.admin.addTeamMember(team: "sales", user: "carol", readOnly: true)
            let team = Paths.calendar("bob", "team-sales_shared_by_alice")
            let bob = server.dav("bob")
            let home = try await bob.propfind(
                Paths.home("bob"), depth: "1", props: [.dav.displayName])
            #expect(
                try home.multiStatus().response(team)?.property(.dav.displayName)?.trimmedText
                    == "Team Calls")
            #expect(try await bob.put(team + "call.ics", ICS.event(uid: "call")).status == 201)
            #expect(try await server.objectNames("alice", "team-sales") == ["call.ics"])
            let carolTeam = Paths.calendar("carol", "team-sales_shared_by_alice")
            let carol = server.dav("carol")
            #expect(try await carol.get(carolTeam + "call.ics").status == 200)
            #expect(try await carol.put(carolTeam + "c.ics", ICS.event(uid: "c")).status == 403)
            #expect(try await carol.delete(carolTeam + "call.ics").status == 403)
            // A team share cannot be declined by one member.
            #expect(try await carol.delete(carolTeam).status == 403)
            // dave is not in the team.
            #expect(
                try await server.dav("dave").get(
                    Paths.calendar("dave", "team-sales_shared_by_alice")
                ).status == 404)
            // Leaving the team removes it.
            try await server.admin.removeTeamMember(team: "sales", user: "bob")
            #expect(try await bob.get(team + "call.ics").status == 404)
        }
    }

    static let privateEvent = ICS.calendar([
        "BEGIN:VEVENT", "UID:secret", "DTSTAMP:20260301T000000Z", "DTSTART:20260302T100000Z",
        "DTEND:20260302T110000Z", "CLASS:PRIVATE", "SUMMARY:Salary talk with Mallory",
        "DESCRIPTION:Raise to 90k", "LOCATION:Room 4", "ATTENDEE:mailto:mallory@example.com",
        "X-CADENCE-CONTACT-ID:c-42", "BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:Remind",
        "TRIGGER:-PT15M", "END:VALARM", "END:VEVENT",
    ])

    static let hidden = ["Salary", "Mallory", "mallory", "Raise", "Room 4", "c-42", "VALARM"]

    @Test(arguments: StoreKind.allCases) func privateEventsShowAsBusyToSharees(store: StoreKind)
        async throws
    {
        try await Self.withShares(store) { server in
            let owner = Paths.object("alice", "crm-tasks", "secret.ics")
            #expect(try await server.dav("alice").put(owner, Self.privateEvent).status == 201)
            let bob = server.dav("bob")
            let object = Self.sharedObject("bob", "secret.ics")
            let answers = [
                try await bob.get(object),
                try await bob.multiget(Self.shared("bob"), hrefs: [object]),
                try await bob.get(Self.shared("bob")),
                try await bob.report(
                    Self.shared("bob"),
                    #"<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><C:calendar-data/></D:prop><C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/></C:comp-filter></C:filter></C:calendar-query>"#
                ),
            ]
            for answer in answers {
                #expect([200, 207].contains(answer.status))
                #expect(answer.text.contains("SUMMARY:Busy"), "\(answer.text)")
                #expect(answer.text.contains("UID:secret"))
                #expect(answer.text.contains("DTSTART:20260302T100000Z"))
                for word in Self.hidden {
                    #expect(!answer.text.contains(word), "\(word) in \(answer.text)")
                }
            }
            // A text-match finds nothing in what bob cannot see.
            let query = try await bob.report(
                Self.shared("bob"),
                #"<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/></D:prop><C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"><C:prop-filter name="SUMMARY"><C:text-match>Salary</C:text-match></C:prop-filter></C:comp-filter></C:comp-filter></C:filter></C:calendar-query>"#
            )
            #expect(try query.multiStatus().hrefs.isEmpty)
            // A read-write sharee cannot overwrite or delete it; the owner sees everything.
            let carol = server.dav("carol")
            let overwrite = try await carol.put(
                Self.sharedObject("carol", "secret.ics"), ICS.event(uid: "secret", summary: "Busy"))
            #expect(overwrite.status == 403)
            #expect(overwrite.errorCondition(.dav.name("need-privileges")) != nil)
            #expect(try await carol.delete(Self.sharedObject("carol", "secret.ics")).status == 403)
            let mine = try await server.dav("alice").get(owner)
            #expect(mine.text.contains("SUMMARY:Salary talk with Mallory"))
            #expect(mine.text.contains("BEGIN:VALARM"))
        }
    }

    @Test func ownCollectionsCannotTakeSharedNames() async throws {
        try await TestServer.run { server async throws in
            #expect(
                try await server.dav("bob").mkcalendar(
                    Paths.calendar("bob", "x_shared_by_alice")
                ).status == 403)
        }
    }
}
