import Testing
import WebDAV

/// Object names as real clients pick them (Google's `…@google.com`, spaces, non-ASCII) travel
/// percent-encoded and come back as the same hrefs; absolute-URL hrefs are accepted in multiget.
@Suite struct ResourceNamingTests {
    @Test(arguments: StoreKind.allCases) func encodedNamesRoundTrip(store: StoreKind) async throws {
        try await TestServer.run(store) { server in
            let alice = server.dav("alice")
            let names = [
                ("a%20b.ics", "a b.ics"), ("x@google.com.ics", "x@google.com.ics"),
                ("caf%C3%A9.ics", "café.ics"),
            ]
            var hrefs: [String] = []
            for (index, (encoded, _)) in names.enumerated() {
                let href = Paths.object("alice", "crm-tasks", encoded)
                let reply = try await alice.put(href, ICS.event(uid: "name-\(index)"))
                #expect(reply.status == 201, "\(encoded)")
                hrefs.append(href)
            }
            #expect(
                try await server.objectNames("alice", "crm-tasks") == names.map(\.1).sorted())
            let sync = try await alice.syncCollection(Paths.calendar("alice"), token: "")
            #expect(try sync.multiStatus().hrefs.sorted() == hrefs.sorted())
            let listing = try await alice.propfind(
                Paths.calendar("alice"), depth: "1", props: [.dav.getETag])
            #expect(
                try listing.multiStatus().hrefs.sorted()
                    == (hrefs + [Paths.calendar("alice")]).sorted())
            let absolute = try await alice.multiget(
                Paths.calendar("alice"), hrefs: ["http://localhost" + hrefs[0]])
            let answer = try #require(try absolute.multiStatus().responses.first)
            #expect(answer.href == hrefs[0])
            #expect(
                answer.property(.caldav("calendar-data"))?.text == ICS.event(uid: "name-0"))
            #expect(try await alice.get(hrefs[2]).text == ICS.event(uid: "name-2"))
        }
    }
}
