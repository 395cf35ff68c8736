import Testing
import WebDAV

/// DAVx5 (and Tasks.org, jtx Board, Etar through it): events by sync-collection with paging,
/// to-dos by calendar-query + multiget in batches of ten, conditional writes (STANDARDS.md).
@Suite struct DAVx5ReplayTests {
    @Test(arguments: StoreKind.allCases) func collectionProbe(store: StoreKind) async throws {
        try await TestServer.run(store) { server in
            let davx5 = server.dav("alice")
            let reply = try await davx5.propfind(
                Paths.calendar("alice"),
                props: [
                    .dav.supportedReportSet, .dav.syncToken, .cs("getctag"),
                    .caldav("max-resource-size"),
                ])
            #expect(reply.status == 207)
            let calendar = try #require(try reply.multiStatus().responses.first)
            #expect(calendar.propStats.map(\.status) == [200])
            #expect(calendar.property(.caldav("max-resource-size"))?.text == "65536")
            #expect(calendar.property(.dav.syncToken)?.text.hasPrefix("urn:") == true)
            let reports = calendar.property(.dav.supportedReportSet)?.elements.compactMap {
                $0.first(.dav.name("report"))?.elements.first?.name
            }
            #expect(reports?.contains(.dav.syncCollection) == true)
        }
    }

    @Test(arguments: StoreKind.allCases) func eventsBySyncCollectionWithPaging(store: StoreKind)
        async throws
    {
        try await TestServer.run(store) { server in
            let davx5 = server.dav("alice")
            #expect(
                try await davx5.mkcalendar(
                    Paths.calendar("alice", "events"), components: ["VEVENT"]
                )
                .status == 201)
            var etags: [String: String] = [:]
            for index in 1...5 {
                let href = Paths.object("alice", "events", "e\(index).ics")
                let reply = try await davx5.put(
                    href, ICS.event(uid: "e\(index)"), headers: [("If-None-Match", "*")])
                #expect(reply.status == 201)
                etags[href] = reply.header("ETag")
            }
            var token = ""
            var pages: [[String]] = []
            var seen: [String: String] = [:]
            while pages.count < 10 {
                let reply = try await davx5.syncCollection(
                    Paths.calendar("alice", "events"), token: token, limit: 2)
                #expect(reply.status == 207)
                let page = try reply.multiStatus()
                let more = page.response(Paths.calendar("alice", "events"))
                let members = page.responses.filter { $0.href != Paths.calendar("alice", "events") }
                pages.append(members.map(\.href))
                for member in members { seen[member.href] = member.property(.dav.getETag)?.text }
                token = try #require(page.syncToken)
                guard let more else { break }
                #expect(more.status == 507)
                #expect(more.errors == [.dav.name("number-of-matches-within-limits")])
            }
            #expect(pages.map(\.count) == [2, 2, 1])
            #expect(seen == etags)

            let nothing = try await davx5.syncCollection(
                Paths.calendar("alice", "events"), token: token, limit: 2)
            #expect(try nothing.multiStatus().responses.isEmpty)

            let invalid = try await davx5.syncCollection(
                Paths.calendar("alice", "events"), token: "urn:cadence:sync:999:1")
            #expect(invalid.status == 403)
            #expect(invalid.errorConditions == [.dav.validSyncToken])
            let garbage = try await davx5.syncCollection(
                Paths.calendar("alice", "events"), token: "http://example.com/not-ours")
            #expect(garbage.status == 403)
            #expect(garbage.errorConditions == [.dav.validSyncToken])
        }
    }

    @Test(arguments: StoreKind.allCases) func todosByQueryThenMultigetInBatchesOfTen(
        store: StoreKind
    ) async throws {
        try await TestServer.run(store) { server in
            let davx5 = server.dav("alice")
            var expected: [String: String] = [:]
            for index in 1...12 {
                let href = Paths.object("alice", "crm-tasks", "t\(index).ics")
                let reply = try await davx5.put(
                    href, ICS.todo(uid: "t\(index)", summary: "Task \(index)"),
                    headers: [("If-None-Match", "*")])
                #expect(reply.status == 201)
                expected[href] = reply.header("ETag") ?? "missing"
            }
            #expect(
                try await davx5.put(
                    Paths.object("alice", "crm-tasks", "ev.ics"), ICS.event(uid: "ev")
                ).status == 201)

            let query = """
                <?xml version="1.0" encoding="utf-8"?>
                <CAL:calendar-query xmlns="DAV:" xmlns:CAL="urn:ietf:params:xml:ns:caldav">
                  <prop><getetag/></prop>
                  <CAL:filter><CAL:comp-filter name="VCALENDAR">
                    <CAL:comp-filter name="VTODO"/>
                  </CAL:comp-filter></CAL:filter>
                </CAL:calendar-query>
                """
            let listing = try await davx5.report(Paths.calendar("alice"), query)
            #expect(listing.status == 207)
            let found = try listing.multiStatus()
            var etags: [String: String] = [:]
            for response in found.responses {
                #expect(response.propStats.map(\.status) == [200])
                #expect(response.statuses.keys.sorted() == [.dav.getETag])
                etags[response.href] = response.property(.dav.getETag)?.text
            }
            #expect(etags == expected)

            let hrefs = etags.keys.sorted()
            var fetched: [String: String] = [:]
            for batch in stride(from: 0, to: hrefs.count, by: 10) {
                let slice = Array(hrefs[batch..<min(batch + 10, hrefs.count)])
                let reply = try await davx5.multiget(
                    Paths.calendar("alice"), hrefs: slice, depth: nil)
                #expect(reply.status == 207)
                let answer = try reply.multiStatus()
                #expect(answer.hrefs.sorted() == slice)
                for response in answer.responses {
                    #expect(response.property(.dav.getETag)?.text == expected[response.href])
                    fetched[response.href] = response.property(.caldav("calendar-data"))?.text
                }
            }
            #expect(fetched.count == 12)
            let t7 = Paths.object("alice", "crm-tasks", "t7.ics")
            #expect(fetched[t7] == ICS.todo(uid: "t7", summary: "Task 7"))
        }
    }

    @Test(arguments: StoreKind.allCases) func conditionalWrites(store: StoreKind) async throws {
        try await TestServer.run(store) { server in
            let davx5 = server.dav("alice")
            let href = Paths.object("alice", "crm-tasks", "w.ics")
            let created = try await davx5.put(
                href, ICS.event(uid: "w", summary: "v1"), headers: [("If-None-Match", "*")])
            #expect(created.status == 201)
            let v1 = try #require(created.header("ETag"))

            let again = try await davx5.put(
                href, ICS.event(uid: "w", summary: "v1 again"), headers: [("If-None-Match", "*")])
            #expect(again.status == 412)

            let updated = try await davx5.put(
                href, ICS.event(uid: "w", summary: "v2"), headers: [("If-Match", v1)])
            #expect(updated.status == 204)
            let v2 = try #require(updated.header("ETag"))
            #expect(v2 != v1)

            let stale = try await davx5.put(
                href, ICS.event(uid: "w", summary: "v3"), headers: [("If-Match", v1)])
            #expect(stale.status == 412)
            let current = try await davx5.get(href)
            #expect(current.text == ICS.event(uid: "w", summary: "v2"))
            #expect(current.header("ETag") == v2)

            let missing = try await davx5.put(
                Paths.object("alice", "crm-tasks", "gone.ics"), ICS.event(uid: "gone"),
                headers: [("If-Match", v2)])
            #expect(missing.status == 412)
            let staleDelete = try await davx5.delete(href, headers: [("If-Match", v1)])
            #expect(staleDelete.status == 412)
            #expect(try await davx5.delete(href, headers: [("If-Match", v2)]).status == 204)
            #expect(try await server.objectNames("alice", "crm-tasks") == [])
        }
    }

    @Test(arguments: StoreKind.allCases) func deletionsSyncAsResponseLevel404(store: StoreKind)
        async throws
    {
        try await TestServer.run(store) { server in
            let davx5 = server.dav("alice")
            let kept = Paths.object("alice", "crm-tasks", "kept.ics")
            let removed = Paths.object("alice", "crm-tasks", "removed.ics")
            #expect(try await davx5.put(kept, ICS.event(uid: "kept")).status == 201)
            #expect(try await davx5.put(removed, ICS.event(uid: "removed")).status == 201)
            let initial = try await davx5.syncCollection(Paths.calendar("alice"), token: "")
            #expect(try initial.multiStatus().hrefs.sorted() == [kept, removed])
            let token = try #require(try initial.multiStatus().syncToken)

            #expect(try await davx5.delete(removed).status == 204)
            let reply = try await davx5.syncCollection(Paths.calendar("alice"), token: token)
            let changes = try reply.multiStatus()
            #expect(changes.hrefs == [removed])
            #expect(changes.responses.first?.status == 404)
            #expect(changes.responses.first?.propStats.isEmpty == true)
            #expect(changes.syncToken != token)
        }
    }
}
