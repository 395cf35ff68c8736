import Foundation
import Groupware
import Storage
import SyncConnector
import Testing

@testable import SyncConnector

/// Truncated `sync-collection` answers, `Retry-After`, runs that cannot start, concurrent pushes
/// and a remote that changes (issue 6).
@Suite struct SyncRobustnessTests {
    @Test func truncatedSyncCollectionAnswersAreFollowedToTheEnd() async throws {
        let f = try await SyncFixture.make()
        for i in 0..<95 { await f.remote.write("r\(i).ics", event("r\(i)", "Remote \(i)")) }
        await f.remote.setPageSize(20)
        let first = try await f.sync()
        #expect(first.pulled == 95)
        #expect(try await f.localNames().count == 95)
        // 95 members in pages of 20: five answers, the last one complete.
        #expect(await f.remote.requests.filter { $0 == "sync" }.count == 5)

        // Changes and removals spread over several pages, one member changed then removed.
        for i in 0..<30 { await f.remote.write("r\(i).ics", event("r\(i)", "Edited \(i)")) }
        for i in 30..<40 { await f.remote.remove("r\(i).ics") }
        await f.remote.write("late.ics", event("late", "Late"))
        await f.remote.remove("late.ics")
        await f.remote.write("r0.ics", event("r0", "Edited twice"))
        let second = try await f.sync()
        #expect(second.pulled == 30)
        #expect(second.deletedLocally == 10)
        #expect(try await f.localNames().count == 85)
        #expect(try await f.local("r0.ics") == event("r0", "Edited twice"))
        #expect(try await f.local("r29.ics") == event("r29", "Edited 29"))
        #expect(try await f.local("late.ics") == nil)
        #expect(try await f.sync() == SyncReport())
    }

    /// A local object the remote refuses (423 while it is locked) is pushed by a later pass: a
    /// pass that failed it does not move past its change. Here both passes of the first run are
    /// refused, and the next run pushes it.
    @Test func aPushTheRemoteRefusesIsRetriedByTheNextRun() async throws {
        let f = try await SyncFixture.make()
        try await f.putLocal("a.ics", event("a", "A"))
        try await f.putLocal("b.ics", event("b", "B"))
        await f.remote.refusePuts(to: "b.ics", status: 423, times: 2)
        let first = try await f.sync()
        #expect(first.pushed == 1)
        #expect(first.failed == 2)
        #expect(await f.remote.names == ["a.ics"])
        let second = try await f.sync()
        #expect(second.pushed == 1)
        #expect(second.failed == 0)
        #expect(await f.remote.names == ["a.ics", "b.ics"])
        #expect(await f.remote.data("b.ics") == event("b", "B"))
        #expect(try await f.sync() == SyncReport())
    }

    @Test func pagesAreMergedLatestFirst() {
        let first = RemoteChanges(
            changed: [
                RemoteMember(href: "/c/a", etag: "1"), RemoteMember(href: "/c/b", etag: "1"),
            ],
            deleted: ["/c/x"], token: "t1", truncated: true)
        let second = RemoteChanges(
            changed: [
                RemoteMember(href: "/c/x", etag: "2"), RemoteMember(href: "/c/a", etag: "2"),
            ],
            deleted: ["/c/b"], token: "t2")
        let merged = first.followed(by: second)
        #expect(
            merged.changed == [
                RemoteMember(href: "/c/a", etag: "2"), RemoteMember(href: "/c/x", etag: "2"),
            ])
        #expect(merged.deleted == ["/c/b"])
        #expect(merged.token == "t2")
        #expect(!merged.truncated)
    }

    @Test func aRemoteThatTruncatesForeverFailsTheRunInBoundedRequests() async throws {
        let f = try await SyncFixture.make()
        await f.remote.write("a.ics", event("a", "A"))
        await f.remote.setTruncatesForever(true)
        await #expect(throws: SyncError.remote(RemoteError(.badResponse, ""))) {
            try await f.sync()
        }
        // The repeated token is caught at the second answer.
        #expect(await f.remote.requests.filter { $0 == "sync" }.count == 2)
        let connector = try await f.connector()
        #expect(connector.failures == 1)
        #expect(connector.lastError?.contains("truncated") == true)
    }

    @Test func the507OfTheRequestURIMarksTheAnswerTruncated() throws {
        let body = Array(
            """
            <D:multistatus xmlns:D="DAV:"><D:response><D:href>/dav/cal/a.ics</D:href><D:propstat>\
            <D:prop><D:getetag>"1"</D:getetag></D:prop><D:status>HTTP/1.1 200 OK</D:status>\
            </D:propstat></D:response><D:response><D:href>/dav/cal/</D:href>\
            <D:status>HTTP/1.1 507 Insufficient Storage</D:status></D:response>\
            <D:sync-token>urn:t:5</D:sync-token></D:multistatus>
            """.utf8)
        let changes = try CalDAVRemote.changes(
            from: RemoteMultiStatus(parsing: body), collectionPath: "/dav/cal/")
        #expect(changes.truncated)
        #expect(changes.changed == [RemoteMember(href: "/dav/cal/a.ics", etag: "\"1\"")])
        #expect(changes.deleted.isEmpty)
        #expect(changes.token == "urn:t:5")
        let complete = try CalDAVRemote.changes(
            from: RemoteMultiStatus(
                parsing: Array(
                    """
                    <D:multistatus xmlns:D="DAV:"><D:sync-token>urn:t:6</D:sync-token>\
                    </D:multistatus>
                    """.utf8)),
            collectionPath: "/dav/cal/")
        #expect(!complete.truncated)
    }

    @Test func retryAfterIsReadAsSecondsOrAnHTTPDateAndCapped() {
        let now: Int64 = 1_700_000_000
        #expect(CalDAVRemote.retryAfter("120", now: now) == 120)
        #expect(CalDAVRemote.retryAfter(" 5 ", now: now) == 5)
        #expect(CalDAVRemote.retryAfter("Tue, 14 Nov 2023 23:13:20 GMT", now: now) == 3600)
        #expect(CalDAVRemote.retryAfter("Tue, 14 Nov 2023 22:12:20 GMT", now: now) == 0)
        #expect(CalDAVRemote.retryAfter("99999999", now: now) == CalDAVRemote.maximumRetryAfter)
        #expect(CalDAVRemote.retryAfter("soon", now: now) == nil)
    }

    @Test func aLongRetryAfterStretchesTheBackoff() async throws {
        let f = try await SyncFixture.make()
        await f.remote.setFailure(
            RemoteError(.unavailable, "503", status: 503, retryAfter: 7200))
        let before = Int64(Date().timeIntervalSince1970)
        await #expect(throws: SyncError.self) { try await f.sync() }
        var connector = try await f.connector()
        let last = try #require(connector.lastSyncAt)
        let notBefore = try #require(connector.retryNotBefore)
        #expect(notBefore >= before + 7200 && notBefore <= last + 7200)
        #expect(SyncSchedule.nextRun(of: connector) == notBefore)

        // Far beyond the longest back-off: capped.
        await f.remote.setFailure(
            RemoteError(.unavailable, "429", status: 429, retryAfter: 90 * 86_400))
        await #expect(throws: SyncError.self) { try await f.sync() }
        connector = try await f.connector()
        #expect(
            try #require(connector.retryNotBefore) - (connector.lastSyncAt ?? 0)
                == CalDAVRemote.maximumRetryAfter)

        await f.remote.setFailure(nil)
        try await f.sync()
        connector = try await f.connector()
        #expect(connector.retryNotBefore == nil)
        #expect(connector.failures == 0)
        #expect(connector.lastSuccessAt == connector.lastSyncAt)
    }

    @Test func aRunThatCannotStartIsRecordedAndBacksOff() async throws {
        let f = try await SyncFixture.make()  // its sealed password [1] opens with no key
        let runner = SyncRunner(
            store: f.store, dataDirectory: "/nonexistent",
            environment: ["CADENCE_SECRET_KEY": "test key"])
        await #expect(throws: SyncError.self) { try await runner.run(connectorID: f.connectorID) }
        var connector = try await f.connector()
        #expect(connector.failures == 1)
        #expect(connector.lastError?.contains("unauthorized") == true)
        let first = try #require(SyncSchedule.nextRun(of: connector))
        #expect(first >= (connector.lastSyncAt ?? 0) + connector.interval)
        let log = try await f.store.connectorLog(connectorID: f.connectorID, limit: 10)
        #expect(log.first?.action == "error")

        // A URL that is not http(s), with a password that opens: recorded too, backing off more.
        connector.remoteURL = "ftp://127.0.0.1/cal/"
        connector.sealedPassword = try SecretKey(text: "test key").seal("secret")
        try await f.store.updateConnector(connector)
        await #expect(throws: SyncError.self) { try await runner.run(connectorID: f.connectorID) }
        connector = try await f.connector()
        #expect(connector.failures == 2)
        #expect(connector.lastError?.contains("http(s)") == true)
        #expect(
            try #require(SyncSchedule.nextRun(of: connector)) - (connector.lastSyncAt ?? 0) == 120)
        connector.failures = 4
        #expect(
            try #require(SyncSchedule.nextRun(of: connector)) - (connector.lastSyncAt ?? 0) == 480)
        await runner.shutdown()
    }

    @Test func pushesRunFourAtATimeAndRecordEveryObject() async throws {
        let f = try await SyncFixture.make()
        for i in 0..<40 { try await f.putLocal("p\(i).ics", event("p\(i)", "Push \(i)")) }
        await f.remote.setPutLatency(.milliseconds(5))
        let report = try await f.sync()
        #expect(report.pushed == 40)
        #expect(await f.remote.mostPutsInFlight == 4)
        #expect(await f.remote.names.count == 40)
        let states = try await f.store.connectorStates(connectorID: f.connectorID)
        #expect(states.count == 40)
        for state in states {
            #expect(await f.remote.etag(at: state.remoteHref) == state.remoteETag)
        }
        // Edits of some, with the others untouched: only those are written, each once.
        for i in 0..<8 { try await f.putLocal("p\(i).ics", event("p\(i)", "Edited \(i)")) }
        let puts = await f.remote.requests.filter { $0 == "put" }.count
        #expect(try await f.sync().pushed == 8)
        #expect(await f.remote.requests.filter { $0 == "put" }.count == puts + 8)
        #expect(await f.remote.data("p7.ics") == event("p7", "Edited 7"))
        #expect(try await f.sync() == SyncReport())
    }

    /// The first push of 500 objects to a remote answering each PUT in 4 ms, one at a time and
    /// four at a time.
    @Test func concurrentPushesCutTheFirstSyncTime() async throws {
        var seconds: [Int: Double] = [:]
        for width in [1, 4] {
            let f = try await SyncFixture.make()
            for i in 0..<500 { try await f.putLocal("o\(i).ics", event("o\(i)", "Object \(i)")) }
            await f.remote.setPutLatency(.milliseconds(4))
            var engine = SyncEngine(store: f.store)
            engine.pushConcurrency = width
            let clock = ContinuousClock()
            let start = clock.now
            let report = try await engine.run(connectorID: f.connectorID, remote: f.remote)
            let elapsed = clock.now - start
            #expect(report.pushed == 500)
            seconds[width] =
                Double(elapsed.components.seconds)
                + Double(elapsed.components.attoseconds) / 1e18
        }
        print(
            "first push of 500 objects at 4 ms a PUT: 1 in flight \(seconds[1] ?? 0) s, 4 in flight \(seconds[4] ?? 0) s"
        )
        #expect((seconds[4] ?? 0) < (seconds[1] ?? 0) * 0.6)
    }

    /// The URL changed behind the engine's back (another process edited it, or a run raced the
    /// edit): the first run against the new remote starts over instead of reading the old
    /// remote's state, so nothing is taken for deleted.
    @Test func aRunFindingTheURLChangedStartsOverAndDeletesNothing() async throws {
        let f = try await SyncFixture.make()
        try await f.putLocal("a.ics", event("a", "A"))
        await f.remote.write("b.ics", event("b", "B"))
        try await f.sync()
        var connector = try await f.connector()
        #expect(connector.syncedURL == "https://remote/cal/")
        connector.remoteURL = "https://elsewhere/cal/"
        try await f.store.updateConnector(connector)

        let other = FakeRemote()
        await other.write("c.ics", event("c", "C"))
        // A remote made for the old URL is not used against the new one.
        #expect(
            try await SyncEngine(store: f.store).run(
                connectorID: f.connectorID, remote: other, remoteURL: "https://remote/cal/")
                == SyncReport())
        let report = try await SyncEngine(store: f.store).run(
            connectorID: f.connectorID, remote: other, remoteURL: "https://elsewhere/cal/")
        #expect(report.deletedLocally == 0)
        #expect(report.deletedRemotely == 0)
        #expect(try await f.localNames() == ["a.ics", "b.ics", "c.ics"])
        #expect(await other.names == ["a.ics", "b.ics", "c.ics"])
        #expect(try await f.store.trash(ownerID: f.user.id).isEmpty)
        connector = try await f.connector()
        #expect(connector.syncedURL == "https://elsewhere/cal/")
        let again = try await SyncEngine(store: f.store).run(
            connectorID: f.connectorID, remote: other)
        #expect(again == SyncReport())
    }

    @Test func forgettingTheRemoteLeadsToAFirstSyncThatDeletesNothing() async throws {
        let f = try await SyncFixture.make()
        try await f.putLocal("a.ics", event("a", "A"))
        await f.remote.write("b.ics", event("b", "B"))
        try await f.sync()
        #expect(try await f.store.connectorStates(connectorID: f.connectorID).count == 2)

        // The connector now points at another collection holding one object of the same name.
        let other = FakeRemote()
        await other.write("a.ics", event("a", "A elsewhere", modified: 9))
        await other.write("c.ics", event("c", "C"))
        try await SyncEngine(store: f.store).forgetRemote(connectorID: f.connectorID)
        var connector = try await f.connector()
        #expect(connector.localToken == 0)
        #expect(connector.remoteSyncToken == nil)
        #expect(try await f.store.connectorStates(connectorID: f.connectorID).isEmpty)
        #expect(
            try await f.store.connectorLog(connectorID: f.connectorID, limit: 1).first?.action
                == "reset")

        let report = try await SyncEngine(store: f.store).run(
            connectorID: f.connectorID, remote: other)
        #expect(report.deletedLocally == 0)
        #expect(report.deletedRemotely == 0)
        #expect(report.conflicts == 1)
        #expect(try await f.localNames() == ["a.ics", "b.ics", "c.ics"])
        #expect(await other.names == ["a.ics", "b.ics", "c.ics"])
        // The newer remote a.ics won; the local one is in the trash.
        #expect(try await f.local("a.ics") == event("a", "A elsewhere", modified: 9))
        #expect(try await f.store.trash(ownerID: f.user.id).count == 1)
        connector = try await f.connector()
        #expect(connector.failures == 0)
    }
}

@Suite struct HTTPClientPoolTests {
    @Test func oneClientPerCAFileAndTheDefaultForNone() async throws {
        let pool = HTTPClientPool(trustedCAFile: nil)
        let standard = await pool.client(trusting: nil)
        let first = await pool.client(trusting: "/etc/cadence/a.pem")
        let again = await pool.client(trusting: "/etc/cadence/a.pem")
        let other = await pool.client(trusting: "/etc/cadence/b.pem")
        #expect(first === again)
        #expect(first !== standard)
        #expect(other !== first)
        #expect(await pool.client(trusting: nil) === standard)
        await pool.shutdown()
    }
}
