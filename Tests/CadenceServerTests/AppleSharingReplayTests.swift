import Foundation
import Testing
import WebDAV

/// macOS Calendar sharing a calendar (CalendarServer sharing, calendarserver-sharing.txt), the
/// requests as Calendar.app sends them: the home's Depth 1 listing with
/// `CS:allowed-sharing-modes` and `CS:invite`, a `POST` of `CS:share` with `mailto:` sharees,
/// the sharee's listing, and a `CS:remove`.
@Suite struct AppleSharingReplayTests {
    static let share = """
        <?xml version="1.0" encoding="UTF-8"?>
        <C:share xmlns:C="http://calendarserver.org/ns/">
          <C:set>
            <D:href xmlns:D="DAV:">mailto:bob@example.com</D:href>
            <C:summary>CRM Tasks</C:summary>
            <C:read/>
          </C:set>
          <C:set>
            <D:href xmlns:D="DAV:">/caldav/principals/users/carol/</D:href>
            <C:summary>CRM Tasks</C:summary>
            <C:read-write/>
          </C:set>
        </C:share>
        """

    static let remove = """
        <?xml version="1.0" encoding="UTF-8"?>
        <C:share xmlns:C="http://calendarserver.org/ns/">
          <C:remove><D:href xmlns:D="DAV:">mailto:bob@example.com</D:href></C:remove>
        </C:share>
        """

    static let xml = [("Content-Type", "text/xml; charset=utf-8")]

    @Test(arguments: StoreKind.allCases) func shareAndUnshare(store: StoreKind) async throws {
        try await TestServer.run(store, users: ["alice", "bob", "carol"]) { server in
            let mac = server.dav("alice")
            let options = try await mac.request("OPTIONS", Paths.calendar("alice"))
            #expect(options.header("DAV")?.contains("calendarserver-sharing") == true)
            let before = try await mac.propfind(
                Paths.home("alice"), depth: "1",
                props: [.cs("allowed-sharing-modes"), .cs("invite"), .dav.resourceType])
            let calendar = try #require(try before.multiStatus().response(Paths.calendar("alice")))
            #expect(calendar.childNames(.cs("allowed-sharing-modes")) == [.cs("can-be-shared")])
            #expect(calendar.status(of: .cs("invite")) == 404)

            let post = try await mac.request(
                "POST", Paths.calendar("alice"), headers: Self.xml, text: Self.share)
            #expect(post.status == 200, "\(post.text)")

            let after = try await mac.propfind(
                Paths.calendar("alice"), props: [.cs("invite")])
            let invite = try #require(
                try after.multiStatus().responses.first?.property(.cs("invite")))
            let users = invite.all(.cs("user"))
            #expect(users.count == 2)
            #expect(
                users.compactMap { $0.first(.dav.href)?.trimmedText }.sorted() == [
                    "mailto:bob@example.com", "mailto:carol@example.com",
                ])
            let bobEntry = try #require(
                users.first { $0.first(.dav.href)?.trimmedText == "mailto:bob@example.com" })
            #expect(bobEntry.first(.cs("access"))?.elements.map(\.name) == [.cs("read")])
            #expect(bobEntry.first(.cs("invite-accepted")) != nil)

            // bob's Calendar sees it in his home, read-only, owned by alice.
            let shared = Paths.calendar("bob", "crm-tasks_shared_by_alice")
            let bobHome = try await server.dav("bob").propfind(
                Paths.home("bob"), depth: "1",
                props: [
                    .dav.owner, .dav.currentUserPrivilegeSet, .cs("invite"),
                    .cs("allowed-sharing-modes"),
                ])
            let bobView = try #require(try bobHome.multiStatus().response(shared))
            #expect(bobView.hrefs(.dav.owner) == [Paths.principal("alice")])
            #expect(bobView.childNames(.cs("allowed-sharing-modes")).isEmpty)
            let bobInvite = try #require(bobView.property(.cs("invite")))
            #expect(
                bobInvite.first(.cs("organizer"))?.first(.dav.href)?.trimmedText
                    == Paths.principal("alice"))
            // A sharee cannot re-share.
            let reshare = try await server.dav("bob").request(
                "POST", shared, headers: Self.xml, text: Self.share)
            #expect(reshare.status == 403)
            #expect(reshare.errorCondition(.dav.name("need-privileges")) != nil)
            // carol may write.
            #expect(
                try await server.dav("carol").put(
                    Paths.calendar("carol", "crm-tasks_shared_by_alice") + "c.ics",
                    ICS.event(uid: "c")
                ).status == 201)

            // An unknown sharee changes nothing.
            let unknown = try await mac.request(
                "POST", Paths.calendar("alice"), headers: Self.xml,
                text: Self.share.replacingOccurrences(
                    of: "mailto:bob@example.com", with: "mailto:nobody@example.com"))
            #expect(unknown.status == 409)

            let removed = try await mac.request(
                "POST", Paths.calendar("alice"), headers: Self.xml, text: Self.remove)
            #expect(removed.status == 200)
            #expect(try await server.dav("bob").get(shared).status == 404)
            let bobAfter = try await server.dav("bob").propfind(
                Paths.home("bob"), depth: "1", props: [.dav.displayName])
            #expect(try !bobAfter.multiStatus().hrefs.contains(shared))
        }
    }

    /// Sharing with a team the way macOS does with a group: found by principal search (a
    /// `calendar-user-type` GROUP principal listing its members), then a `CS:share` naming its
    /// address. Every member sees the calendar with the lesser of the share's and their
    /// membership's access; `CS:invite` lists the team; removing it unshares for all.
    @Test(arguments: StoreKind.allCases) func shareWithATeamFoundBySearch(store: StoreKind)
        async throws
    {
        try await TestServer.run(store, users: ["alice", "bob", "carol"]) { server in
            try await server.admin.createTeam(name: "sales", displayName: "Sales Team", owner: nil)
            try await server.admin.addTeamMember(team: "sales", user: "bob", readOnly: false)
            try await server.admin.addTeamMember(team: "sales", user: "carol", readOnly: true)
            let mac = server.dav("alice")
            let team = "/caldav/principals/teams/sales/"
            let search = try await mac.report(
                "/caldav/principals/", depth: "0", PrincipalSearchTests.appleSearch("Sales"))
            let found = try #require(try search.multiStatus().response(team))
            #expect(found.property(.caldav("calendar-user-type"))?.trimmedText == "GROUP")
            #expect(found.property(.dav.displayName)?.trimmedText == "Sales Team")
            #expect(found.hrefs(.caldav("calendar-user-address-set")) == [team])
            let principal = try await mac.propfind(
                team, props: [.dav.resourceType, .dav.groupMemberSet, .dav.principalURL])
            let group = try #require(try principal.multiStatus().responses.first)
            #expect(group.propStats.map(\.status) == [200])
            #expect(
                group.hrefs(.dav.groupMemberSet) == [
                    Paths.principal("bob"), Paths.principal("carol"),
                ])
            let membership = try await server.dav("bob").propfind(
                Paths.principal("bob"), props: [.dav.groupMembership])
            #expect(
                try membership.multiStatus().responses.first?.hrefs(.dav.groupMembership)
                    .contains(team) == true)

            let share = """
                <?xml version="1.0" encoding="UTF-8"?>
                <C:share xmlns:C="http://calendarserver.org/ns/">
                  <C:set>
                    <D:href xmlns:D="DAV:">\(team)</D:href>
                    <C:summary>CRM Tasks</C:summary>
                    <C:read-write/>
                  </C:set>
                </C:share>
                """
            let post = try await mac.request(
                "POST", Paths.calendar("alice"), headers: Self.xml, text: share)
            #expect(post.status == 200, "\(post.text)")
            let invite = try await mac.propfind(Paths.calendar("alice"), props: [.cs("invite")])
            let sharees = try #require(
                try invite.multiStatus().responses.first?.property(.cs("invite"))
            ).all(.cs("user"))
            #expect(sharees.compactMap { $0.first(.dav.href)?.trimmedText } == [team])
            #expect(
                sharees.first?.first(.cs("access"))?.elements.map(\.name) == [.cs("read-write")])

            for (user, writable) in [("bob", true), ("carol", false)] {
                let shared = Paths.calendar(user, "crm-tasks_shared_by_alice")
                let reply = try await server.dav(user).put(
                    shared + "\(user).ics", ICS.event(uid: user))
                #expect(reply.status == (writable ? 201 : 403), "\(user)")
            }
            let remove = Self.remove.replacingOccurrences(of: "mailto:bob@example.com", with: team)
            #expect(
                try await mac.request(
                    "POST", Paths.calendar("alice"), headers: Self.xml, text: remove
                ).status == 200)
            for user in ["bob", "carol"] {
                #expect(
                    try await server.dav(user).propfind(
                        Paths.calendar(user, "crm-tasks_shared_by_alice"),
                        props: [.dav.resourceType]
                    ).status == 404)
            }
            // An unknown team changes nothing.
            let unknown = try await mac.request(
                "POST", Paths.calendar("alice"), headers: Self.xml,
                text: share.replacingOccurrences(of: team, with: "/caldav/principals/teams/nope/"))
            #expect(unknown.status == 409)
        }
    }
}
