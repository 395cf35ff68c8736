import CadenceServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Storage
import Testing

/// A server over an in-memory store with users `alice` and `bob` (or others), driven through
/// `app.test(.router)`; bcrypt cost 4 keeps sign-ins fast.
struct TestServer: Sendable {
    let store: any CadenceStore
    let admin: Administration
    let client: any TestClientProtocol

    /// The password every test user starts with.
    static func password(_ user: String) -> String { "\(user)-secret-1" }

    /// The configuration of the tests: a 64 KiB object limit, a 16 KiB XML limit.
    static let configuration = Configuration(
        maximumObjectSize: 64 << 10, maximumXMLBodySize: 16 << 10, bcryptCost: 4)

    /// Runs `body` against a fresh server over a fresh store of `kind`.
    static func run(
        _ kind: StoreKind = .memory, users: [String] = ["alice", "bob"],
        configuration: Configuration = configuration,
        _ body: @escaping @Sendable (TestServer) async throws -> Void
    ) async throws {
        switch kind {
        case .memory:
            try await run(store: InMemoryStore(), users: users, configuration: configuration, body)
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("cadence-replay-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let store = try CadenceService.openStore(dataDirectory: directory)
            try await run(store: store, users: users, configuration: configuration, body)
        }
    }

    static func run(
        store: any CadenceStore, users: [String], configuration: Configuration,
        _ body: @escaping @Sendable (TestServer) async throws -> Void
    ) async throws {
        let admin = Administration(store: store, bcryptCost: 4)
        for user in users {
            try await admin.addUser(
                name: user, email: "\(user)@example.com", displayName: user.capitalized,
                password: password(user))
        }
        // Warnings and errors only: the access line of every request would flood the output.
        var logger = Logger(label: "cadence-test")
        logger.logLevel = .warning
        let app = buildApplication(configuration: configuration, store: store, logger: logger)
        try await app.test(.router) { client in
            try await body(TestServer(store: store, admin: admin, client: client))
        }
    }

    /// A client signed in as `user` with the starting password.
    func dav(_ user: String) -> DAVTestClient {
        DAVTestClient(client, user: user, password: Self.password(user))
    }

    /// A client signed in with any credentials.
    func signedIn(_ user: String, _ password: String) -> DAVTestClient {
        DAVTestClient(client, user: user, password: password)
    }

    /// A client without credentials.
    var anonymous: DAVTestClient { DAVTestClient(client) }

    /// The names of the objects stored in a user's collection, sorted.
    func objectNames(_ user: String, _ collection: String) async throws -> [String] {
        guard let owner = try await store.user(named: user),
            let record = try await store.collection(ownerID: owner.id, path: collection)
        else { return [] }
        return try await store.objects(collectionID: record.id).map(\.name).sorted()
    }
}

/// The store engines a test runs against.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case memory, sqlite
    var testDescription: String { rawValue }
}

/// The URL layout of the server (ARCHITECTURE.md), spelled out as clients see it.
enum Paths {
    static func principal(_ user: String) -> String { "/caldav/principals/users/\(user)/" }
    static func home(_ user: String) -> String { "/caldav/calendars/\(user)/" }
    static func calendar(_ user: String, _ name: String = "crm-tasks") -> String {
        "/caldav/calendars/\(user)/\(name)/"
    }
    static func object(_ user: String, _ calendar: String = "crm-tasks", _ name: String) -> String {
        "/caldav/calendars/\(user)/\(calendar)/\(name)"
    }
}
