import Foundation
import Storage
import Testing
import WebDAV

/// The notification collection of CalendarServer sharing (caldav-notifications.txt,
/// caldav-sharing.txt §5.3–5.4) as macOS Calendar uses it: the owner's `CS:share` POST puts an
/// invitation in the sharee's collection (found through `CS:notification-URL`), the sharee
/// lists and reads it and answers with `CS:invite-reply` to their home; unsharing turns the
/// invitation into `CS:invite-deleted`.
@Suite struct SharingNotificationTests {
    static let xml = [("Content-Type", "text/xml; charset=utf-8")]

    /// Calendar.app's share of alice's calendar with bob, read-only.
    static let share = """
        <?xml version="1.0" encoding="UTF-8"?>
        <C:share xmlns:C="http://calendarserver.org/ns/">
          <C:set>
            <D:href xmlns:D="DAV:">mailto:bob@example.com</D:href>
            <C:summary>CRM Tasks</C:summary>
            <C:read/>
          </C:set>
        </C:share>
        """

    static let unshare = """
        <?xml version="1.0" encoding="UTF-8"?>
        <C:share xmlns:C="http://calendarserver.org/ns/">
          <C:remove><D:href xmlns:D="DAV:">mailto:bob@example.com</D:href></C:remove>
        </C:share>
        """

    /// Calendar.app's answer to an invitation, as it POSTs it to the sharee's home.
    static func reply(
        accepted: Bool, host: String = Paths.calendar("alice"), inReplyTo: String? = nil
    ) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <C:invite-reply xmlns:C="http://calendarserver.org/ns/">
          <A:href xmlns:A="DAV:">mailto:alice@example.com</A:href>
          <C:\(accepted ? "invite-accepted" : "invite-declined")/>
          <C:hosturl><A:href xmlns:A="DAV:">\(host)</A:href></C:hosturl>
          \(inReplyTo.map { "<C:in-reply-to>\($0)</C:in-reply-to>" } ?? "")
          <C:summary>CRM Tasks</C:summary>
        </C:invite-reply>
        """
    }

    static let sharedView = Paths.calendar("bob", "crm-tasks_shared_by_alice")

    static func notifications(_ user: String) -> String { "/caldav/notifications/\(user)/" }

    /// alice shares `crm-tasks` with bob through Calendar.app's POST.
    static func withInvitation(
        _ kind: StoreKind = .memory, _ body: @escaping @Sendable (TestServer) async throws -> Void
    ) async throws {
        try await TestServer.run(kind, users: ["alice", "bob", "carol"]) { server in
            let post = try await server.dav("alice").request(
                "POST", Paths.calendar("alice"), headers: Self.xml, text: Self.share)
            #expect(post.status == 200, "\(post.text)")
            try await body(server)
        }
    }

    /// The notifications in `user`'s collection: href, `CS:notificationtype` child, ETag.
    static func listing(_ server: TestServer, _ user: String) async throws -> [(
        href: String, type: XMLElement?, etag: String?
    )] {
        let reply = try await server.dav(user).propfind(
            Self.notifications(user), depth: "1",
            props: [.dav.resourceType, .cs("notificationtype"), .dav.getETag])
        #expect(reply.status == 207)
        return try reply.multiStatus().responses.filter { $0.href != Self.notifications(user) }
            .map {
                (
                    $0.href, $0.property(.cs("notificationtype"))?.elements.first,
                    $0.property(.dav.getETag)?.trimmedText
                )
            }
    }

    @Test(arguments: StoreKind.allCases) func shareeFindsAndReadsTheInvitation(store: StoreKind)
        async throws
    {
        try await Self.withInvitation(store) { server in
            let bob = server.dav("bob")
            // macOS reads notification-URL from the principal.
            let principal = try await bob.propfind(
                Paths.principal("bob"), props: [.cs("notification-URL")])
            let url = try #require(
                try principal.multiStatus().response(Paths.principal("bob")))
            #expect(url.hrefs(.cs("notification-URL")) == [Self.notifications("bob")])

            let collection = try await bob.propfind(
                Self.notifications("bob"),
                props: [.dav.resourceType, .cs("getctag"), .dav.currentUserPrivilegeSet])
            let own = try #require(try collection.multiStatus().response(Self.notifications("bob")))
            #expect(own.childNames(.dav.resourceType) == [.dav.collection, .cs("notification")])
            let ctag = try #require(own.property(.cs("getctag"))?.trimmedText)

            let items = try await Self.listing(server, "bob")
            #expect(items.count == 1)
            let item = try #require(items.first)
            #expect(item.type?.name == .cs("invite-notification"))
            #expect(item.type?.attributes[XMLName("", "shared-type")] == "calendar")

            let get = try await bob.get(item.href)
            #expect(get.status == 200)
            #expect(get.header("Content-Type")?.hasPrefix("application/xml") == true)
            #expect(get.header("ETag") == item.etag)
            let document = try #require(get.xml)
            #expect(document.name == .cs("notification"))
            #expect(document.first(.cs("dtstamp"))?.trimmedText.hasSuffix("Z") == true)
            let invite = try #require(document.first(.cs("invite-notification")))
            let uid = try #require(invite.first(.cs("uid"))?.trimmedText)
            #expect(item.href == Self.notifications("bob") + uid + ".xml")
            #expect(invite.first(.dav.href)?.trimmedText == "mailto:bob@example.com")
            #expect(invite.first(.cs("invite-noresponse")) != nil)
            #expect(
                invite.first(.cs("hosturl"))?.first(.dav.href)?.trimmedText
                    == Paths.calendar("alice"))
            #expect(
                invite.first(.cs("organizer"))?.first(.dav.href)?.trimmedText
                    == "mailto:alice@example.com")
            #expect(
                invite.first(.cs("organizer"))?.first(.cs("common-name"))?.trimmedText == "Alice")
            #expect(invite.first(.cs("access"))?.elements.map(\.name) == [.cs("read")])
            #expect(invite.first(.cs("summary"))?.trimmedText == "CRM Tasks")

            // Changing the access replaces the invitation: same name, new ETag and ctag.
            let upgrade = try await server.dav("alice").request(
                "POST", Paths.calendar("alice"), headers: Self.xml,
                text: Self.share.replacingOccurrences(of: "<C:read/>", with: "<C:read-write/>"))
            #expect(upgrade.status == 200)
            let again = try await Self.listing(server, "bob")
            #expect(again.map(\.href) == [item.href])
            #expect(again.first?.etag != item.etag)
            let changed = try await bob.get(item.href)
            #expect(
                changed.xml?.first(.cs("invite-notification"))?.first(.cs("access"))?.elements
                    .map(\.name) == [.cs("read-write")])
            let after = try await bob.propfind(Self.notifications("bob"), props: [.cs("getctag")])
            #expect(
                try after.multiStatus().responses.first?.property(.cs("getctag"))?.trimmedText
                    != ctag)
            // The same share again is no new invitation: bob, having dismissed it, keeps a
            // quiet collection.
            #expect(try await bob.delete(item.href).status == 204)
            let repeated = try await server.dav("alice").request(
                "POST", Paths.calendar("alice"), headers: Self.xml,
                text: Self.share.replacingOccurrences(of: "<C:read/>", with: "<C:read-write/>"))
            #expect(repeated.status == 200)
            try await server.admin.share(
                owner: "alice", calendar: "crm-tasks", withUser: "bob", team: nil,
                readOnly: false)
            #expect(try await Self.listing(server, "bob").isEmpty)
            // alice has no invitation of her own.
            #expect(try await Self.listing(server, "alice").isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases) func acceptingAnswersTheCalendarInTheHome(
        store: StoreKind
    ) async throws {
        try await Self.withInvitation(store) { server in
            let bob = server.dav("bob")
            let invitation = try #require(try await Self.listing(server, "bob").first)
            let uid = String(
                invitation.href.dropFirst(Self.notifications("bob").count).dropLast(4))
            let reply = try await bob.request(
                "POST", Paths.home("bob"), headers: Self.xml,
                text: Self.reply(accepted: true, inReplyTo: uid))
            #expect(reply.status == 200, "\(reply.text)")
            let sharedAs = try #require(reply.xml)
            #expect(sharedAs.name == .cs("shared-as"))
            #expect(sharedAs.first(.dav.href)?.trimmedText == Self.sharedView)
            // The calendar stays; the invitation goes.
            #expect(
                try await bob.propfind(Self.sharedView, props: [.dav.displayName]).status == 207)
            #expect(try await Self.listing(server, "bob").isEmpty)
            #expect(try await bob.get(invitation.href).status == 404)
            // alice is told.
            let told = try await Self.listing(server, "alice")
            #expect(told.count == 1)
            #expect(told.first?.type?.name == .cs("invite-reply"))
            let document = try #require(try await server.dav("alice").get(told[0].href).xml)
            let answer = try #require(document.first(.cs("invite-reply")))
            #expect(answer.first(.dav.href)?.trimmedText == "mailto:bob@example.com")
            #expect(answer.first(.cs("invite-accepted")) != nil)
            #expect(
                answer.first(.cs("hosturl"))?.first(.dav.href)?.trimmedText
                    == Paths.calendar("alice"))
            #expect(answer.first(.cs("in-reply-to"))?.trimmedText == uid)
            // Answering again is harmless: the same calendar.
            let twice = try await bob.request(
                "POST", Paths.home("bob"), headers: Self.xml, text: Self.reply(accepted: true))
            #expect(twice.status == 200)
            #expect(twice.xml?.first(.dav.href)?.trimmedText == Self.sharedView)
        }
    }

    @Test(arguments: StoreKind.allCases) func decliningRemovesTheCalendar(store: StoreKind)
        async throws
    {
        try await Self.withInvitation(store) { server in
            let bob = server.dav("bob")
            // The sharee may name the calendar by its place in their home as well.
            let reply = try await bob.request(
                "POST", Paths.home("bob"), headers: Self.xml,
                text: Self.reply(accepted: false, host: Self.sharedView))
            #expect(reply.status == 200, "\(reply.text)")
            #expect(reply.body.isEmpty)
            #expect(try await bob.get(Self.sharedView).status == 404)
            let home = try await bob.propfind(
                Paths.home("bob"), depth: "1", props: [.dav.displayName])
            #expect(try !home.multiStatus().hrefs.contains(Self.sharedView))
            #expect(try await Self.listing(server, "bob").isEmpty)
            // alice's calendar is no longer shared, and she is told.
            let invite = try await server.dav("alice").propfind(
                Paths.calendar("alice"), props: [.cs("invite")])
            #expect(try invite.multiStatus().responses.first?.status(of: .cs("invite")) == 404)
            let told = try await Self.listing(server, "alice")
            let document = try #require(try await server.dav("alice").get(told[0].href).xml)
            #expect(document.first(.cs("invite-reply"))?.first(.cs("invite-declined")) != nil)
            // There is nothing left to answer.
            let again = try await bob.request(
                "POST", Paths.home("bob"), headers: Self.xml, text: Self.reply(accepted: true))
            #expect(again.status == 403)
        }
    }

    @Test(arguments: StoreKind.allCases) func unsharingWithdrawsTheInvitation(store: StoreKind)
        async throws
    {
        try await Self.withInvitation(store) { server in
            let before = try #require(try await Self.listing(server, "bob").first)
            let removed = try await server.dav("alice").request(
                "POST", Paths.calendar("alice"), headers: Self.xml, text: Self.unshare)
            #expect(removed.status == 200)
            let after = try await Self.listing(server, "bob")
            #expect(after.map(\.href) == [before.href])
            #expect(after.first?.etag != before.etag)
            let document = try #require(try await server.dav("bob").get(before.href).xml)
            let invite = try #require(document.first(.cs("invite-notification")))
            #expect(invite.first(.cs("invite-deleted")) != nil)
            #expect(invite.first(.cs("invite-noresponse")) == nil)
            // bob dismisses it.
            #expect(try await server.dav("bob").delete(before.href).status == 204)
            #expect(try await Self.listing(server, "bob").isEmpty)
        }
    }

    /// `sync-collection` on the notification collection: an initial sync lists the
    /// invitation; the token it answers reports no change until the collection changes; then
    /// it is invalid (RFC 6578 §3.2 `valid-sync-token`) and the client starts over.
    @Test func notificationCollectionSyncs() async throws {
        try await Self.withInvitation { server in
            let bob = server.dav("bob")
            let initial = try await bob.syncCollection(Self.notifications("bob"), token: "")
            #expect(initial.status == 207)
            let first = try initial.multiStatus()
            #expect(first.responses.count == 1)
            let token = try #require(first.syncToken)
            let same = try await bob.syncCollection(Self.notifications("bob"), token: token)
            #expect(try same.multiStatus().responses.isEmpty)
            #expect(try same.multiStatus().syncToken == token)
            _ = try await server.dav("alice").request(
                "POST", Paths.calendar("alice"), headers: Self.xml, text: Self.unshare)
            let stale = try await bob.syncCollection(Self.notifications("bob"), token: token)
            #expect(stale.status == 403)
            #expect(stale.errorCondition(.dav.name("valid-sync-token")) != nil)
        }
    }

    /// Deleting the shared calendar withdraws its invitations too.
    @Test func deletingTheCalendarWithdrawsTheInvitation() async throws {
        try await Self.withInvitation { server in
            let alice = server.dav("alice")
            #expect(try await alice.mkcalendar(Paths.calendar("alice", "trip")).status == 201)
            let share = Self.share.replacingOccurrences(of: "<C:read/>", with: "<C:read-write/>")
            #expect(
                try await alice.request(
                    "POST", Paths.calendar("alice", "trip"), headers: Self.xml, text: share
                ).status == 200)
            #expect(try await alice.delete(Paths.calendar("alice", "trip")).status == 204)
            let items = try await Self.listing(server, "bob")
            #expect(items.count == 2)
            var states: [String: XMLName] = [:]
            for item in items {
                let invite = try #require(
                    try await server.dav("bob").get(item.href).xml?.first(
                        .cs("invite-notification")))
                let host = invite.first(.cs("hosturl"))?.first(.dav.href)?.trimmedText ?? ""
                states[host] = invite.elements.first { $0.name.name.hasPrefix("invite-") }?.name
            }
            #expect(states[Paths.calendar("alice")] == .cs("invite-noresponse"))
            #expect(states[Paths.calendar("alice", "trip")] == .cs("invite-deleted"))
        }
    }

    /// The owner's account goes: the invitation turns `CS:invite-deleted`, the calendar goes.
    @Test func deletingTheOwnerWithdrawsTheInvitation() async throws {
        try await Self.withInvitation { server in
            try await server.admin.deleteUser(name: "alice")
            let item = try #require(try await Self.listing(server, "bob").first)
            let document = try #require(try await server.dav("bob").get(item.href).xml)
            #expect(
                document.first(.cs("invite-notification"))?.first(.cs("invite-deleted")) != nil)
            #expect(try await server.dav("bob").get(Self.sharedView).status == 404)
        }
    }

    @Test func theCommandLineAndTheAPINotifyToo() async throws {
        try await TestServer.run(.memory, users: ["alice", "bob", "carol"]) { server in
            try await server.admin.share(
                owner: "alice", calendar: "crm-tasks", withUser: "bob", team: nil, readOnly: true)
            let created = try await server.api("alice").post(
                "/calendars/crm-tasks/shares", #"{"user": "carol", "access": "read"}"#)
            #expect(created.status == 201)
            #expect(try await Self.listing(server, "bob").count == 1)
            #expect(try await Self.listing(server, "carol").count == 1)
            try await server.admin.unshare(
                owner: "alice", calendar: "crm-tasks", withUser: "bob", team: nil)
            #expect(
                try await server.api("alice").delete("/calendars/crm-tasks/shares/user:carol")
                    .status == 204)
            for user in ["bob", "carol"] {
                let item = try #require(try await Self.listing(server, user).first)
                let document = try #require(try await server.dav(user).get(item.href).xml)
                #expect(
                    document.first(.cs("invite-notification"))?.first(.cs("invite-deleted")) != nil)
            }
        }
    }

    @Test func shareeDeletingTheCalendarTellsTheOwner() async throws {
        try await Self.withInvitation { server in
            #expect(try await server.dav("bob").delete(Self.sharedView).status == 204)
            let told = try await Self.listing(server, "alice")
            #expect(told.first?.type?.name == .cs("invite-reply"))
            let document = try #require(try await server.dav("alice").get(told[0].href).xml)
            #expect(document.first(.cs("invite-reply"))?.first(.cs("invite-declined")) != nil)
        }
    }

    /// Nobody reads, changes or answers another user's notifications; a bad reply is 400.
    @Test func notificationsStayTheirOwners() async throws {
        try await Self.withInvitation { server in
            let item = try #require(try await Self.listing(server, "bob").first)
            let carol = server.dav("carol")
            #expect(
                try await carol.propfind(
                    Self.notifications("bob"), depth: "1", props: [.dav.resourceType]
                )
                .status == 404)
            #expect(try await carol.get(item.href).status == 404)
            #expect(try await carol.delete(item.href).status == 404)
            #expect(
                try await carol.request(
                    "PUT", Self.notifications("bob") + "x.xml", headers: Self.xml, text: "<x/>"
                ).status == 404)
            // Nor does a delegate of bob's.
            try await server.admin.addDelegate(owner: "bob", delegate: "carol", readOnly: false)
            #expect(try await carol.get(item.href).status == 404)
            // A colleague's principal shows no notification-URL.
            let colleague = try await carol.propfind(
                Paths.principal("bob"), props: [.cs("notification-URL")])
            #expect(
                try colleague.multiStatus().responses.first?.status(of: .cs("notification-URL"))
                    == 404)
            // carol cannot answer bob's invitation: the calendar is not shared with her,
            // whether or not it exists.
            for host in [Paths.calendar("alice"), Paths.calendar("alice", "nothing-here")] {
                let reply = try await carol.request(
                    "POST", Paths.home("carol"), headers: Self.xml,
                    text: Self.reply(accepted: false, host: host))
                #expect(reply.status == 403)
            }
            // Nor answer into bob's home: not as his delegate (403), not as anyone else (404).
            let asDelegate = try await carol.request(
                "POST", Paths.home("bob"), headers: Self.xml, text: Self.reply(accepted: false))
            #expect(asDelegate.status == 403)
            #expect(asDelegate.errorCondition(.dav.name("need-privileges")) != nil)
            #expect(
                try await server.dav("alice").request(
                    "POST", Paths.home("bob"), headers: Self.xml, text: Self.reply(accepted: false)
                ).status == 404)
            #expect(try await server.dav("bob").get(Self.sharedView).status == 200)

            // bob's own collection: the server alone adds to it.
            let bob = server.dav("bob")
            let put = try await bob.request(
                "PUT", Self.notifications("bob") + "x.xml", headers: Self.xml, text: "<x/>")
            #expect(put.status == 403)
            #expect(put.errorCondition(.dav.name("need-privileges")) != nil)
            #expect(
                try await bob.proppatch(
                    item.href, set: [XMLElement(.dav.displayName, text: "x")]
                ).status == 207)
            #expect(try await bob.get(item.href).status == 200)
            // Bad replies.
            let noHost = try await bob.request(
                "POST", Paths.home("bob"), headers: Self.xml,
                text: """
                    <C:invite-reply xmlns:C="http://calendarserver.org/ns/"><C:invite-accepted/></C:invite-reply>
                    """)
            #expect(noHost.status == 400)
            let both = try await bob.request(
                "POST", Paths.home("bob"), headers: Self.xml,
                text: Self.reply(accepted: true).replacingOccurrences(
                    of: "<C:invite-accepted/>", with: "<C:invite-accepted/><C:invite-declined/>"))
            #expect(both.status == 400)
            let other = try await bob.request(
                "POST", Paths.home("bob"), headers: Self.xml, text: Self.share)
            #expect(other.status == 405)
            // Deleting with a stale ETag fails; with the current one it goes.
            let stale = try await bob.delete(item.href, headers: [("If-Match", "\"stale\"")])
            #expect(stale.status == 412)
            let gone = try await bob.delete(
                item.href, headers: [("If-Match", try #require(item.etag))])
            #expect(gone.status == 204)
            #expect(try await bob.delete(item.href).status == 404)
            // Dismissing the invitation does not decline it.
            #expect(try await bob.get(Self.sharedView).status == 200)
        }
    }

    /// `CS:shared-owner` on the owner's shared calendar, `CS:shared` and `CS:shared-url` on the
    /// sharee's (caldav-sharing.txt §5.1–5.2); neither on a calendar nobody shares.
    @Test(arguments: StoreKind.allCases) func sharedResourceTypes(store: StoreKind) async throws {
        try await Self.withInvitation(store) { server in
            _ = try await server.dav("alice").mkcalendar(Paths.calendar("alice", "private"))
            let owner = try await server.dav("alice").propfind(
                Paths.home("alice"), depth: "1", props: [.dav.resourceType, .cs("shared-url")])
            let shared = try #require(try owner.multiStatus().response(Paths.calendar("alice")))
            #expect(
                shared.childNames(.dav.resourceType) == [
                    .dav.collection, .caldav("calendar"), .cs("shared-owner"),
                ])
            #expect(shared.status(of: .cs("shared-url")) == 404)
            let alone = try #require(
                try owner.multiStatus().response(Paths.calendar("alice", "private")))
            #expect(alone.childNames(.dav.resourceType) == [.dav.collection, .caldav("calendar")])
            // Depth 0 on the calendar says the same.
            let single = try await server.dav("alice").propfind(
                Paths.calendar("alice"), props: [.dav.resourceType])
            #expect(
                try single.multiStatus().responses.first?.childNames(.dav.resourceType).contains(
                    .cs("shared-owner")) == true)

            let sharee = try await server.dav("bob").propfind(
                Paths.home("bob"), depth: "1", props: [.dav.resourceType, .cs("shared-url")])
            let view = try #require(try sharee.multiStatus().response(Self.sharedView))
            #expect(
                view.childNames(.dav.resourceType) == [
                    .dav.collection, .caldav("calendar"), .cs("shared"),
                ])
            #expect(view.hrefs(.cs("shared-url")) == [Paths.calendar("alice")])
        }
    }
}
