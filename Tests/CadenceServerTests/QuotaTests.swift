import CadenceServer
import Testing
import WebDAV

/// RFC 4331 quota: the properties, and a PUT over quota refused with `DAV:quota-not-exceeded`.
@Suite struct QuotaTests {
    @Test(arguments: [StoreKind.memory, .sqlite])
    func quotaPropertiesAndRefusal(_ kind: StoreKind) async throws {
        var configuration = TestServer.configuration
        configuration.quotaBytes = 2_000
        try await TestServer.run(kind, configuration: configuration) { server in
            let alice = server.dav("alice")
            let calendar = "/caldav/calendars/alice/crm-tasks/"
            let first = ICS.event(uid: "q-1")
            #expect(try await alice.put(calendar + "q-1.ics", first).status == 201)
            let reply = try await alice.propfind(
                calendar, props: [.dav.quotaUsedBytes, .dav.quotaAvailableBytes])
            let response = try #require(try reply.multiStatus().responses.first)
            #expect(response.property(.dav.quotaUsedBytes)?.text == String(first.utf8.count))
            #expect(
                response.property(.dav.quotaAvailableBytes)?.text
                    == String(2_000 - first.utf8.count))
            // Replacing an object with one of the same size stays within quota.
            #expect(try await alice.put(calendar + "q-1.ics", first).status == 204)
            let big = ICS.event(uid: "q-2", summary: String(repeating: "x", count: 2_000))
            let refused = try await alice.put(calendar + "q-2.ics", big)
            #expect(refused.status == 507)
            #expect(refused.errorConditions == [.dav.name("quota-not-exceeded")])
            #expect(try await alice.get(calendar + "q-2.ics").status == 404)
            // Freeing space lets the write through.
            #expect(try await alice.delete(calendar + "q-1.ics").status == 204)
            let fits = ICS.event(uid: "q-3", summary: String(repeating: "y", count: 1_200))
            #expect(try await alice.put(calendar + "q-3.ics", fits).status == 201)
        }
    }
}
