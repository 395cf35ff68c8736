import Foundation
import Logging
import Storage
import Testing
import WebDAV

@testable import CadenceServer

/// Change-log pruning (issue 7, RFC 6578 §3.2): after the sync-token retention a token older
/// than the horizon gets `403` with `DAV:valid-sync-token`, the client resyncs from an empty
/// token and gets every member; a token at or after the horizon still gets exactly its changes.
@Suite struct SyncTokenRetentionTests {
    static let calendar = "/caldav/calendars/alice/crm-tasks/"

    @Test(arguments: StoreKind.allCases)
    func anOldTokenResyncsAndARecentOneGetsItsChanges(_ kind: StoreKind) async throws {
        try await TestServer.run(kind) { server in
            let alice = server.dav("alice")
            #expect(try await alice.put(Self.calendar + "a.ics", ICS.event(uid: "a")).status == 201)
            #expect(try await alice.put(Self.calendar + "b.ics", ICS.event(uid: "b")).status == 201)
            let old = try #require(
                try await alice.syncCollection(Self.calendar, token: "").multiStatus().syncToken)
            #expect(try await alice.delete(Self.calendar + "b.ics").status == 204)
            // A checkpoint now; changes after it; a day later the checkpoint is past a
            // retention of an hour, so the horizon is the token as it was at the checkpoint.
            let t0: Int64 = 1_900_000_000
            _ = try await server.store.pruneChangeLog(now: t0, cutoff: t0 - 3_600)
            let horizon = try #require(
                try await alice.syncCollection(Self.calendar, token: old).multiStatus().syncToken)
            #expect(try await alice.put(Self.calendar + "c.ics", ICS.event(uid: "c")).status == 201)
            #expect(try await alice.delete(Self.calendar + "a.ics").status == 204)
            let service = ChangeLogRetentionService(
                store: server.store, retentionSeconds: 3_600, interval: 3_600,
                logger: Logger(label: "test"))
            #expect(
                await service.pruneOnce(now: Date(timeIntervalSince1970: Double(t0 + 86_400))) > 0)

            let refused = try await alice.syncCollection(Self.calendar, token: old)
            #expect(refused.status == 403)
            #expect(refused.errorCondition(XMLName(XMLNamespace.dav, "valid-sync-token")) != nil)
            // The client's resync: an empty token lists every member there is.
            let resync = try await alice.syncCollection(Self.calendar, token: "").multiStatus()
            #expect(resync.responses.map(\.href) == [Self.calendar + "c.ics"])
            // From the horizon: exactly c created and a deleted.
            let recent = try await alice.syncCollection(Self.calendar, token: horizon)
            #expect(recent.status == 207)
            let changes = try recent.multiStatus()
            #expect(
                Set(changes.responses.map(\.href))
                    == [Self.calendar + "a.ics", Self.calendar + "c.ics"])
            #expect(changes.response(Self.calendar + "a.ics")?.status == 404)
            #expect(changes.response(Self.calendar + "c.ics")?.propStats.first?.status == 200)
            #expect(changes.syncToken == resync.syncToken)
        }
    }
}
