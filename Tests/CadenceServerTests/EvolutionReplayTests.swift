import Testing
import WebDAV

/// Evolution: getctag, calendar-query with a partial calendar-data (UID only), multiget, ETag on
/// GET, and a DELETE of a missing object answered 404 (it treats that as success).
@Suite struct EvolutionReplayTests {
    @Test(arguments: StoreKind.allCases) func ctagQueryMultigetAndDelete(store: StoreKind)
        async throws
    {
        try await TestServer.run(store) { server in
            let evolution = server.dav("alice")
            let first = Paths.object("alice", "crm-tasks", "evo-1.ics")
            let second = Paths.object("alice", "crm-tasks", "evo-2.ics")
            let put1 = try await evolution.put(first, ICS.event(uid: "evo-1", summary: "One"))
            let put2 = try await evolution.put(second, ICS.event(uid: "evo-2", summary: "Two"))
            #expect([put1.status, put2.status] == [201, 201])
            #expect(
                try await evolution.put(
                    Paths.object("alice", "crm-tasks", "todo.ics"), ICS.todo(uid: "todo")
                ).status == 201)

            let ctag = try await evolution.propfind(
                Paths.calendar("alice"), props: [.cs("getctag")])
            #expect(try ctag.multiStatus().responses.first?.status(of: .cs("getctag")) == 200)

            let query = """
                <?xml version="1.0" encoding="utf-8"?>
                <C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
                  <D:prop>
                    <D:getetag/>
                    <C:calendar-data>
                      <C:comp name="VCALENDAR"><C:comp name="VEVENT"><C:prop name="UID"/></C:comp></C:comp>
                    </C:calendar-data>
                  </D:prop>
                  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/>
                  </C:comp-filter></C:filter>
                </C:calendar-query>
                """
            let listing = try await evolution.report(Paths.calendar("alice"), query)
            #expect(listing.status == 207)
            let found = try listing.multiStatus()
            #expect(found.hrefs.sorted() == [first, second])
            let data = try #require(found.response(first)?.property(.caldav("calendar-data"))?.text)
            #expect(data.contains("BEGIN:VEVENT\r\nUID:evo-1\r\nEND:VEVENT\r\n"))
            #expect(!data.contains("SUMMARY"))
            #expect(!data.contains("DTSTART"))
            #expect(found.response(second)?.property(.dav.getETag)?.text == put2.header("ETag"))

            let multiget = try await evolution.multiget(
                Paths.calendar("alice"), hrefs: [first, second])
            let objects = try multiget.multiStatus()
            #expect(objects.hrefs == [first, second])
            #expect(
                objects.response(first)?.property(.caldav("calendar-data"))?.text
                    == ICS.event(uid: "evo-1", summary: "One"))

            let get = try await evolution.get(first)
            #expect(get.header("ETag") == put1.header("ETag"))

            let missing = try await evolution.delete(Paths.object("alice", "crm-tasks", "nope.ics"))
            #expect(missing.status == 404)
            #expect(try await evolution.delete(first).status == 204)
            #expect(try await evolution.delete(first).status == 404)
            #expect(
                try await server.objectNames("alice", "crm-tasks") == ["evo-2.ics", "todo.ics"])
        }
    }
}
