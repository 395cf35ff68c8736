import Testing
import WebDAV

/// DAVx5 and Thunderbird on a calendar shared with them (issue 13): the requests they send to
/// discover it and decide whether it is writable (STANDARDS.md), against a read-only sharee (bob)
/// and a read-write one (carol) of alice's `crm-tasks`.
@Suite struct ClientSharingReplayTests {
    /// Where alice's `crm-tasks` appears in the sharee's home.
    static func shared(_ sharee: String) -> String { SharingTests.shared(sharee) }

    /// The privileges a response grants, by local name.
    static func privileges(_ response: ParsedMultiStatus.Response) -> Set<String> {
        Set(
            (response.property(.dav.currentUserPrivilegeSet)?.all(.dav.privilege) ?? []).flatMap {
                $0.elements.map(\.name.name)
            })
    }

    /// DAVx5's home listing (`DavResourceFinder`): the shared calendar is a calendar, read-only
    /// for bob (no `write-content`, DAVx5's test) and writable for carol; then its sync probe
    /// and a sync-collection; bob's conditional update is refused with `need-privileges`.
    @Test(arguments: StoreKind.allCases) func davx5FindsTheShareWithItsAccess(store: StoreKind)
        async throws
    {
        try await SharingTests.withShares(store) { server in
            for (user, writable) in [("bob", false), ("carol", true)] {
                let davx5 = server.dav(user)
                let principal = try await davx5.propfind(
                    Paths.principal(user),
                    props: [
                        .caldav("calendar-home-set"), .dav.groupMembership, .dav.displayName,
                        .cs("calendar-proxy-read-for"), .cs("calendar-proxy-write-for"),
                    ])
                #expect(principal.status == 207)
                let home = try #require(
                    try principal.multiStatus().responses.first?.property(
                        .caldav("calendar-home-set")
                    )?.first(.dav.href)?.text)
                #expect(home == Paths.home(user))
                let listing = try await davx5.propfind(
                    home, depth: "1",
                    props: [
                        .dav.resourceType, .dav.displayName, .apple("calendar-color"),
                        .caldav("calendar-description"),
                        .caldav("supported-calendar-component-set"), .dav.currentUserPrivilegeSet,
                        .cs("source"), .caldav("calendar-timezone"), .dav.owner,
                    ])
                #expect(listing.status == 207)
                let calendar = try #require(
                    try listing.multiStatus().response(Self.shared(user)))
                #expect(
                    calendar.property(.dav.resourceType)?.elements.map(\.name).contains(
                        .caldav("calendar")) == true)
                #expect(
                    calendar.property(.dav.owner)?.first(.dav.href)?.text
                        == Paths.principal("alice"))
                let granted = Self.privileges(calendar)
                #expect(granted.contains("read"))
                #expect(granted.contains("write-content") == writable)
                #expect(granted.contains("bind") == writable)
                #expect(granted.contains("unbind") == writable)

                let probe = try await davx5.propfind(
                    Self.shared(user),
                    props: [
                        .dav.supportedReportSet, .dav.syncToken, .cs("getctag"),
                        .caldav("max-resource-size"),
                    ])
                let probed = try #require(try probe.multiStatus().responses.first)
                #expect(probed.propStats.map(\.status) == [200])
                let synced = try await davx5.syncCollection(Self.shared(user), token: "")
                #expect(synced.status == 207)
                let member = try #require(
                    try synced.multiStatus().response(Self.shared(user) + "a.ics"))
                let etag = try #require(member.property(.dav.getETag)?.text)
                let update = try await davx5.put(
                    Self.shared(user) + "a.ics", ICS.event(uid: "a", summary: "Edited by \(user)"),
                    headers: [("If-Match", etag)])
                if writable {
                    #expect(update.status == 204)
                } else {
                    #expect(update.status == 403)
                    #expect(update.errorConditions == [.dav.name("need-privileges")])
                }
            }
            // Carol's edit is alice's object.
            #expect(
                try await server.dav("alice").get(Paths.object("alice", "crm-tasks", "a.ics")).text
                    .contains("SUMMARY:Edited by carol"))
        }
    }

    /// Thunderbird's first request on a calendar (any 4xx disables it), then its read-only
    /// decision: writable only when the privileges include `write`.
    @Test(arguments: StoreKind.allCases) func thunderbirdProbesTheShare(store: StoreKind)
        async throws
    {
        try await SharingTests.withShares(store) { server in
            for (user, writable) in [("bob", false), ("carol", true)] {
                let thunderbird = server.dav(user)
                let reply = try await thunderbird.propfind(
                    Self.shared(user),
                    props: [
                        .dav.resourceType, .dav.owner, .dav.currentUserPrincipal,
                        .dav.currentUserPrivilegeSet, .dav.supportedReportSet,
                        .caldav("supported-calendar-component-set"), .cs("getctag"),
                    ])
                #expect(reply.status == 207)
                let response = try #require(try reply.multiStatus().responses.first)
                #expect(response.propStats.map(\.status) == [200])
                #expect(Self.privileges(response).contains("write") == writable)
                #expect(
                    response.property(.dav.currentUserPrincipal)?.first(.dav.href)?.text
                        == Paths.principal(user))
            }
            // Unshared: bob's next probe of the calendar is a 404, and his home no longer
            // lists it (both clients then drop the calendar).
            try await server.admin.unshare(
                owner: "alice", calendar: "crm-tasks", withUser: "bob", team: nil)
            #expect(
                try await server.dav("bob").propfind(
                    Self.shared("bob"), props: [.dav.resourceType]
                ).status == 404)
            let home = try await server.dav("bob").propfind(
                Paths.home("bob"), depth: "1", props: [.dav.resourceType])
            #expect(try home.multiStatus().response(Self.shared("bob")) == nil)
        }
    }
}
