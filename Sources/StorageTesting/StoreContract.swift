import Storage
import Testing

/// The contract suite every storage engine must pass; engines' test targets call into it.
///
/// An engine's test target runs every check against a fresh, empty store whose clock is
/// `StoreContract.clock`:
///
/// ```swift
/// @Test(arguments: StoreContract.checks)
/// func contract(_ check: StoreContract.Check) async throws {
///     try await check.run(InMemoryStore(clock: StoreContract.clock))
/// }
/// ```
public enum StoreContract {
    /// The error codes every engine must be able to report.
    public static let requiredErrorCodes: [StorageError.Code] = [
        .notFound, .conflict, .preconditionFailed, .invalidSyncToken, .parentMissing,
        .invalidName, .uidConflict,
    ]

    /// The instant (UTC seconds) that the store under test must stamp records with.
    public static let now: Int64 = 1_700_000_000

    /// The clock to create the store under test with.
    public static let clock = StoreClock.fixed(now)

    /// One named behaviour of the contract, run against a fresh empty store.
    public struct Check: Sendable, CustomStringConvertible {
        /// The behaviour, as shown in test output.
        public let description: String
        /// Runs the check; failures are recorded as Swift Testing issues or thrown.
        public let run: @Sendable (any CadenceStore) async throws -> Void
    }

    /// Every check of the contract.
    public static let checks: [Check] =
        [
            Check(description: "users: create, find, list, delete", run: usersLifecycle),
            Check(description: "users: name validation", run: userNameValidation),
            Check(description: "users: password hash and profile", run: passwordAndProfile),
            Check(description: "app passwords", run: appPasswords),
            Check(description: "collections: create, nest, list", run: collectionsCreateAndList),
            Check(description: "collections: path validation", run: collectionPathValidation),
            Check(description: "collections: PROPPATCH live and dead", run: collectionUpdate),
            Check(description: "collections: delete cascades", run: collectionDeleteCascades),
            Check(description: "collections: user delete cascades", run: userDeleteCascades),
            Check(description: "collections: move", run: collectionMove),
            Check(description: "objects: put, get, list", run: objectPutGetList),
            Check(description: "objects: preconditions", run: objectPreconditions),
            Check(description: "objects: delete", run: objectDelete),
            Check(description: "objects: multiget", run: objectMultiget),
            Check(description: "objects: UID uniqueness", run: objectUIDUniqueness),
            Check(
                description: "objects: updates of single indexed columns",
                run: objectColumnUpdates),
            Check(description: "objects: name clashes with collections", run: objectNameClashes),
            Check(description: "objects: time-range pre-filter", run: objectTimeRange),
            Check(description: "objects: pages and exact index", run: objectPaging),
            Check(description: "objects: exact time-range matches", run: eventMatches),
            Check(description: "objects: copy", run: objectCopy),
            Check(description: "objects: move", run: objectMove),
            Check(description: "sync: changes and tokens", run: syncChanges),
            Check(description: "sync: changes with their objects", run: syncChangesWithObjects),
            Check(description: "sync: limit truncates", run: syncLimit),
            Check(description: "sync: invalid tokens", run: syncInvalidTokens),
            Check(description: "dead properties", run: deadProperties),
            Check(description: "usage: bytes per owner", run: usage),
            Check(description: "path lookup: collection and object in one read", run: pathLookup),
            Check(description: "concurrency: one If-None-Match winner", run: concurrentCreate),
            Check(description: "concurrency: distinct tokens", run: concurrentTokens),
        ] + crmChecks + linkChecks + syncLogChecks + authFailureChecks + connectorChecks
        + retentionChecks + pushChecks + cardChecks + sharingChecks + proxyChecks
        + assignmentChecks + notificationChecks

    /// Runs every check, each against a store from `makeStore`.
    public static func runAll(makeStore: () async throws -> any CadenceStore) async throws {
        for check in checks {
            try await check.run(makeStore())
        }
    }

    // MARK: Helpers

    /// Expects `body` to throw a `StorageError` with `code`.
    static func expectError<T>(
        _ code: StorageError.Code, sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () async throws(StorageError) -> T
    ) async {
        do {
            _ = try await body()
            Issue.record("expected StorageError \(code.rawValue)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == code, "\(error.reason)", sourceLocation: sourceLocation)
        }
    }

    /// Creates a user named `name`.
    static func makeUser(_ store: any CadenceStore, _ name: String = "alice") async throws
        -> UserRecord
    {
        try await store.createUser(
            NewUser(
                name: name, email: "\(name)@example.com", displayName: "User \(name)",
                passwordHash: "$2b$12$hash-of-\(name)"))
    }

    /// Creates a calendar collection for `owner` at `path`.
    static func makeCalendar(
        _ store: any CadenceStore, _ owner: UserRecord, _ path: String = "calendar"
    ) async throws -> CollectionRecord {
        try await store.createCollection(
            ownerID: owner.id,
            NewCollection(path: path, kind: .calendar, supportedComponents: ["VEVENT", "VTODO"]))
    }

    /// Creates a plain collection for `owner` at `path`.
    static func makePlain(_ store: any CadenceStore, _ owner: UserRecord, _ path: String)
        async throws -> CollectionRecord
    {
        try await store.createCollection(ownerID: owner.id, NewCollection(path: path, kind: .plain))
    }

    /// Bytes of a small VEVENT with `uid`.
    static func event(_ uid: String, summary: String = "Meeting") -> [UInt8] {
        Array(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:\(uid)\r\nSUMMARY:\(summary)\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
                .utf8)
    }

    /// A calendar object write named `name` with `uid`.
    static func eventWrite(
        _ name: String, uid: String, summary: String = "Meeting", start: Int64? = nil,
        end: Int64? = nil, component: String = "VEVENT"
    ) -> ObjectWrite {
        ObjectWrite(
            name: name, data: event(uid, summary: summary),
            contentType: "text/calendar; charset=utf-8; component=vevent",
            index: ObjectIndex(componentType: component, uid: uid, firstStart: start, lastEnd: end))
    }

    /// A plain file write.
    static func fileWrite(_ name: String, _ text: String) -> ObjectWrite {
        ObjectWrite(name: name, data: Array(text.utf8), contentType: "text/plain")
    }
}
