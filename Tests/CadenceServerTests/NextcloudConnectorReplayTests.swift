import Testing
import WebDAV

/// Nextcloud's DAV Connector: no well-known, a PROPFIND on the typed URL, the owner's ACE with
/// write, sync-collection with `Depth: 0`, a sync from the newest token reporting nothing,
/// `application/vcalendar` PUTs without `If-Match` (STANDARDS.md "Nextcloud, as it really is").
@Suite struct NextcloudConnectorReplayTests {
    @Test(arguments: StoreKind.allCases) func connectorFromServerRootToSync(store: StoreKind)
        async throws
    {
        try await TestServer.run(store) { server in
            let nextcloud = server.dav("alice")
            let root = try await nextcloud.propfind("/", props: [.dav.currentUserPrincipal])
            #expect(root.status == 207)
            #expect(
                try root.multiStatus().responses.first?.hrefs(.dav.currentUserPrincipal)
                    == [Paths.principal("alice")])

            let principal = try await nextcloud.propfind(
                Paths.principal("alice"),
                props: [.dav.principalURL, .caldav("calendar-home-set")])
            let me = try #require(try principal.multiStatus().responses.first)
            #expect(me.hrefs(.dav.principalURL) == [Paths.principal("alice")])
            #expect(me.hrefs(.caldav("calendar-home-set")) == [Paths.home("alice")])

            let home = try await nextcloud.propfind(
                Paths.home("alice"), depth: "1",
                props: [
                    .dav.resourceType, .dav.displayName, .dav.owner, .dav.acl, .dav.syncToken,
                    .cs("getctag"), .apple("calendar-color"), .apple("calendar-order"),
                ])
            let calendar = try #require(try home.multiStatus().response(Paths.calendar("alice")))
            let owner = try #require(calendar.hrefs(.dav.owner).first)
            #expect(owner == Paths.principal("alice"))
            let aces = calendar.property(.dav.acl)?.all(.dav.name("ace")) ?? []
            let ownerACE = aces.first {
                $0.first(.dav.principal)?.first(.dav.href)?.trimmedText == owner
            }
            let granted =
                ownerACE?.first(.dav.name("grant"))?.all(.dav.privilege)
                .flatMap(\.elements).map(\.name) ?? []
            #expect(granted.contains(.dav.name("all")) || granted.contains(.dav.name("write")))

            let first = try await nextcloud.syncCollection(
                Paths.calendar("alice"), token: "", props: [.dav.resourceType, .dav.getETag],
                depth: "0")
            #expect(first.status == 207)
            let newest = try #require(try first.multiStatus().syncToken)
            let again = try await nextcloud.syncCollection(
                Paths.calendar("alice"), token: newest, props: [.dav.resourceType, .dav.getETag],
                depth: "0")
            #expect(try again.multiStatus().responses.isEmpty)
            #expect(try again.multiStatus().syncToken == newest)

            let href = Paths.object("alice", "crm-tasks", "nc-1.ics")
            let created = try await nextcloud.put(
                href, ICS.event(uid: "nc-1", summary: "v1"), contentType: "application/vcalendar",
                headers: [("If-None-Match", "*")])
            #expect(created.status == 201)
            let updated = try await nextcloud.put(
                href, ICS.event(uid: "nc-1", summary: "v2"), contentType: "application/vcalendar")
            #expect(updated.status == 204)

            let changes = try await nextcloud.syncCollection(
                Paths.calendar("alice"), token: newest, props: [.dav.resourceType, .dav.getETag],
                depth: "0")
            let changed = try changes.multiStatus()
            #expect(changed.hrefs == [href])
            let member = try #require(changed.responses.first)
            // A 404 propstat would read as "deleted" to the connector.
            #expect(member.propStats.map(\.status) == [200])
            #expect(member.childNames(.dav.resourceType) == [])
            #expect(member.property(.dav.getETag)?.text == updated.header("ETag"))
            let latest = try #require(changed.syncToken)
            let quiet = try await nextcloud.syncCollection(
                Paths.calendar("alice"), token: latest, depth: "0")
            #expect(try quiet.multiStatus().responses.isEmpty)

            // Multiget with Depth: 1, then a plain delete that the next sync reports.
            let multiget = try await nextcloud.multiget(
                Paths.calendar("alice"), hrefs: [href], depth: "1")
            #expect(
                try multiget.multiStatus().response(href)?.property(.caldav("calendar-data"))?.text
                    == ICS.event(uid: "nc-1", summary: "v2"))
            #expect(try await nextcloud.delete(href).status == 204)
            let deleted = try await nextcloud.syncCollection(
                Paths.calendar("alice"), token: latest, props: [.dav.resourceType, .dav.getETag],
                depth: "0")
            #expect(try deleted.multiStatus().hrefs == [href])
            #expect(try deleted.multiStatus().responses.first?.status == 404)
        }
    }
}
