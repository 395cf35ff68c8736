import Storage
import Testing

/// The change-log cursor as a state machine, without a database: transaction numbers as
/// PostgreSQL's snapshots report them.
@Suite struct ChangeLogCursorTests {
    static func change(_ sequence: Int64) -> CommittedChange {
        CommittedChange(sequence: sequence, collectionID: sequence % 2, ownerID: 1, token: sequence)
    }

    /// Transaction 100 draws id 10, transaction 101 draws 11 and commits first: the first read
    /// sees 11 while 100 still runs, the next one sees 10 once 100 has committed.
    @Test func aChangeCommittedAfterAHigherOneIsRead() {
        var cursor = ChangeLogCursor(after: 9)
        let first = cursor.advance(
            over: [Self.change(11)], complete: true, limit: 10, newest: 11, oldestRunning: 100,
            nextTransaction: 102)
        #expect(first.map(\.sequence) == [11])
        #expect(cursor.settled == 9)
        let second = cursor.advance(
            over: [Self.change(10), Self.change(11)], complete: true, limit: 10, newest: 11,
            oldestRunning: 102, nextTransaction: 102)
        #expect(second.map(\.sequence) == [10])
        #expect(cursor.settled == 11)
        #expect(cursor.read.isEmpty)
        #expect(cursor.fences.isEmpty)
        let third = cursor.advance(
            over: [], complete: true, limit: 10, newest: 11, oldestRunning: 102,
            nextTransaction: 102)
        #expect(third.isEmpty)
    }

    /// An id drawn by a transaction that rolls back never appears: the cursor settles past the
    /// gap once the transaction has ended.
    @Test func aGapLeftByARollbackIsSettled() {
        var cursor = ChangeLogCursor(after: 0)
        _ = cursor.advance(
            over: [Self.change(2)], complete: true, limit: 10, newest: 2, oldestRunning: 50,
            nextTransaction: 52)
        #expect(cursor.settled == 0)
        // Transaction 50 is still running: nothing settles, nothing is read twice.
        let again = cursor.advance(
            over: [Self.change(2), Self.change(3)], complete: true, limit: 10, newest: 3,
            oldestRunning: 50, nextTransaction: 53)
        #expect(again.map(\.sequence) == [3])
        #expect(cursor.settled == 0)
        // 50 rolled back; a newer transaction (53) is running, after both fences' snapshots.
        let after = cursor.advance(
            over: [Self.change(2), Self.change(3)], complete: true, limit: 10, newest: 3,
            oldestRunning: 53, nextTransaction: 54)
        #expect(after.isEmpty)
        #expect(cursor.settled == 3)
    }

    /// A read cut short by its limit settles no further than what it covered.
    @Test func aLimitedReadSettlesOnlyWhatItCovered() {
        var cursor = ChangeLogCursor(after: 0)
        let rows = (1...5).map { Self.change(Int64($0)) }
        let first = cursor.advance(
            over: rows, complete: true, limit: 2, newest: 5, oldestRunning: 10,
            nextTransaction: 10)
        #expect(first.map(\.sequence) == [1, 2])
        #expect(cursor.settled == 2)
        let second = cursor.advance(
            over: Array(rows[2...]), complete: true, limit: 2, newest: 5, oldestRunning: 10,
            nextTransaction: 10)
        #expect(second.map(\.sequence) == [3, 4])
        let third = cursor.advance(
            over: [Self.change(5)], complete: true, limit: 2, newest: 5, oldestRunning: 10,
            nextTransaction: 10)
        #expect(third.map(\.sequence) == [5])
        #expect(cursor.settled == 5)
        // The engine's fetch was cut short (not complete): only up to its last row settles.
        var cut = ChangeLogCursor(after: 0)
        _ = cut.advance(
            over: Array(rows[..<3]), complete: false, limit: 10, newest: 5, oldestRunning: 10,
            nextTransaction: 10)
        #expect(cut.settled == 3)
    }

    /// An engine whose changes commit in order (SQLite): the default reads after `settled`.
    @Test func anInOrderEngineReadsAfterTheSettledSequence() async throws {
        let store = InMemoryStore()
        let owner = try await store.createUser(
            NewUser(name: "alice", email: "a@example.com", displayName: "A", passwordHash: "x"))
        let files = try await store.createCollection(
            ownerID: owner.id, NewCollection(path: "files", kind: .plain))
        let start = try await store.newestChangeLogCursor()
        for name in ["a", "b", "c"] {
            _ = try await store.putObject(
                ObjectWrite(name: name, data: [1], contentType: "text/plain"),
                collectionID: files.id, precondition: .none)
        }
        let read = try await store.changes(after: start, limit: 2)
        #expect(read.changes.map(\.token) == [1, 2])
        let rest = try await store.changes(after: read.cursor, limit: 2)
        #expect(rest.changes.map(\.token) == [3])
        #expect(try await store.changes(after: rest.cursor, limit: 2).changes.isEmpty)
    }
}
