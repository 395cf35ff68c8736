import Storage
import Testing

extension StoreContract {
    /// The checks of `ConnectorStore`; engines that do not implement it fail them.
    static let connectorChecks: [Check] = [
        Check(description: "connectors: create, update, list, delete", run: connectorLifecycle),
        Check(description: "connectors: state, log and trash copies", run: connectorState),
    ]

    static func connectorStore(_ store: any CadenceStore) throws -> any ConnectorStore {
        try #require(store as? any ConnectorStore, "the engine must implement ConnectorStore")
    }

    @Sendable static func connectorLifecycle(_ cadence: any CadenceStore) async throws {
        let store = try connectorStore(cadence)
        let alice = try await makeUser(cadence)
        let bob = try await makeUser(cadence, "bob")
        let calendar = try await makeCalendar(cadence, alice)
        let plain = try await makePlain(cadence, alice, "files")
        let new = NewConnector(
            ownerID: alice.id, collectionID: calendar.id,
            remoteURL: "https://cloud.example.com/dav/calendars/alice/work/", userName: "alice",
            sealedPassword: [1, 2, 3, 0, 255], direction: .pullOnly, policy: .remoteWins,
            interval: 120, trustedCAFile: "/etc/cadence/cloud-ca.pem")
        let created = try await store.createConnector(new)
        #expect(created.trustedCAFile == "/etc/cadence/cloud-ca.pem")
        #expect(created.enabled)
        #expect(created.retryNotBefore == nil)
        #expect(created.lastSuccessAt == nil)
        #expect(created.syncedURL == nil)
        #expect(created.ownerID == alice.id)
        #expect(created.collectionID == calendar.id)
        #expect(created.sealedPassword == [1, 2, 3, 0, 255])
        #expect(created.direction == .pullOnly)
        #expect(created.policy == .remoteWins)
        #expect(created.interval == 120)
        #expect(created.localToken == 0)
        #expect(created.remoteSyncToken == nil)
        #expect(created.counts == ConnectorCounts())
        #expect(created.createdAt == now)
        #expect(try await store.connector(id: created.id) == created)

        var other = new
        other.ownerID = bob.id
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.createConnector(other)
        }
        var notCalendar = new
        notCalendar.collectionID = plain.id
        await expectError(.invalidName) { () async throws(StorageError) in
            try await store.createConnector(notCalendar)
        }

        var updated = created
        updated.localToken = 42
        updated.remoteSyncToken = "http://radicale.org/ns/sync/abc"
        updated.remoteCTag = "ctag-1"
        updated.lastSyncAt = now + 5
        updated.lastError = "HTTP 503"
        updated.failures = 3
        updated.counts = ConnectorCounts(pushed: 1, pulled: 2, deleted: 3, conflicts: 4)
        updated.direction = .twoWay
        updated.policy = .newestWins
        updated.interval = 60
        updated.enabled = false
        updated.trustedCAFile = nil
        updated.retryNotBefore = now + 3600
        updated.lastSuccessAt = now + 2
        updated.syncedURL = "https://cloud.example.com/dav/calendars/alice/work/"
        updated.ownerID = bob.id  // ignored
        try await store.updateConnector(updated)
        var expected = updated
        expected.ownerID = alice.id
        #expect(try await store.connector(id: created.id) == expected)

        let second = try await store.createConnector(new)
        #expect(try await store.connectors(ownerID: alice.id).map(\.id) == [created.id, second.id])
        #expect(try await store.connectors(ownerID: nil).map(\.id) == [created.id, second.id])
        #expect(try await store.connectors(ownerID: bob.id).isEmpty)

        try await store.deleteConnector(id: second.id)
        #expect(try await store.connector(id: second.id) == nil)
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.deleteConnector(id: second.id)
        }
        var missing = updated
        missing.id = second.id
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.updateConnector(missing)
        }
        try await cadence.deleteUser(id: alice.id)
        #expect(try await store.connectors(ownerID: nil).isEmpty)
    }

    @Sendable static func connectorState(_ cadence: any CadenceStore) async throws {
        let store = try connectorStore(cadence)
        let alice = try await makeUser(cadence)
        let calendar = try await makeCalendar(cadence, alice)
        let connector = try await store.createConnector(
            NewConnector(
                ownerID: alice.id, collectionID: calendar.id, remoteURL: "https://r/c/",
                userName: "a", sealedPassword: [9]))
        let a = ConnectorObjectState(
            localName: "a.ics", localETag: "\"1\"", remoteHref: "/c/a.ics", remoteETag: "\"x\"")
        let b = ConnectorObjectState(
            localName: "b.ics", localETag: "\"2\"", remoteHref: "/c/b.ics", remoteETag: "\"y\"")
        try await store.saveConnectorStates(connectorID: connector.id, [b, a], removing: [])
        #expect(try await store.connectorStates(connectorID: connector.id) == [a, b])
        var a2 = a
        a2.remoteETag = "\"x2\""
        try await store.saveConnectorStates(connectorID: connector.id, [a2], removing: ["b.ics"])
        #expect(try await store.connectorStates(connectorID: connector.id) == [a2])
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.saveConnectorStates(connectorID: 999_999, [a], removing: [])
        }

        let first = ConnectorLogEntry(at: now, action: "push", object: "a.ics", detail: "created")
        let second = ConnectorLogEntry(at: now + 1, action: "pull", object: "/c/b.ics", detail: "")
        try await store.appendConnectorLog(connectorID: connector.id, [first, second])
        #expect(
            try await store.connectorLog(connectorID: connector.id, limit: 10) == [second, first])
        #expect(try await store.connectorLog(connectorID: connector.id, limit: 1) == [second])

        let index = ObjectIndex(componentType: "VEVENT", uid: "u1")
        let entry = try await store.fileInTrash(
            collectionID: calendar.id, name: "a.ics", contentType: "text/calendar",
            data: event("u1"), index: index)
        #expect(entry.ownerID == alice.id)
        #expect(entry.collectionPath == calendar.path)
        #expect(entry.deletedAt == now)
        #expect(try await cadence.trash(ownerID: alice.id) == [entry])
        let restored = try await cadence.restoreTrashEntry(
            ownerID: alice.id, id: entry.id, into: nil)
        #expect(restored.object.data == event("u1"))

        try await store.deleteConnector(id: connector.id)
        #expect(try await store.connectorStates(connectorID: connector.id).isEmpty)
        #expect(try await store.connectorLog(connectorID: connector.id, limit: 10).isEmpty)
    }
}
