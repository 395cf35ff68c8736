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
}
