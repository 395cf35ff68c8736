import Testing
import WebDAV

/// Thunderbird: the first PROPFIND on a calendar must be all 200 (a 4xx disables the calendar),
/// write must be among the privileges, sync-collection polling, a GET after each PUT.
@Suite struct ThunderbirdReplayTests {
    @Test(arguments: StoreKind.allCases) func calendarProbeSyncAndRefetch(store: StoreKind)
        async throws
    {
        try await TestServer.run(store) { server in
            let thunderbird = server.dav("alice")
            let probe = try await thunderbird.propfind(
                Paths.calendar("alice"),
                props: [
                    .dav.resourceType, .dav.owner, .dav.currentUserPrincipal,
                    .dav.currentUserPrivilegeSet, .dav.supportedReportSet,
                    .caldav("supported-calendar-component-set"), .cs("getctag"),
                ])
            #expect(probe.status == 207)
            let calendar = try #require(try probe.multiStatus().responses.first)
            #expect(calendar.href == Paths.calendar("alice"))
            #expect(calendar.propStats.map(\.status) == [200])
            #expect(calendar.statuses.count == 7)
            #expect(
                calendar.childNames(.dav.resourceType) == [.dav.collection, .caldav("calendar")])
            #expect(calendar.hrefs(.dav.owner) == [Paths.principal("alice")])
            #expect(calendar.hrefs(.dav.currentUserPrincipal) == [Paths.principal("alice")])
            let privileges =
                calendar.property(.dav.currentUserPrivilegeSet)?.elements
                .flatMap(\.elements).map(\.name) ?? []
            #expect(privileges.contains(.dav.name("write")))
            let ctag = try #require(calendar.property(.cs("getctag"))?.text)

            let empty = try await thunderbird.syncCollection(Paths.calendar("alice"), token: "")
            let token = try #require(try empty.multiStatus().syncToken)
            #expect(try empty.multiStatus().responses.isEmpty)

            let href = Paths.object("alice", "crm-tasks", "tb-1.ics")
            let body = ICS.event(uid: "tb-1", summary: "From Thunderbird")
            let put = try await thunderbird.put(href, body, headers: [("If-None-Match", "*")])
            #expect(put.status == 201)
            let etag = try #require(put.header("ETag"))
            let get = try await thunderbird.get(href)
            #expect(get.status == 200)
            #expect(get.text == body)
            #expect(get.header("ETag") == etag)
            #expect(get.header("Content-Type")?.hasPrefix("text/calendar") == true)

            let changes = try await thunderbird.syncCollection(
                Paths.calendar("alice"), token: token)
            #expect(try changes.multiStatus().hrefs == [href])
            let after = try await thunderbird.propfind(
                Paths.calendar("alice"), props: [.cs("getctag")])
            #expect(try after.multiStatus().responses.first?.property(.cs("getctag"))?.text != ctag)
        }
    }
}
