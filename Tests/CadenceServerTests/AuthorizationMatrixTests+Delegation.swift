import Foundation
import Storage
import Testing
import WebDAV

/// The authorization matrix for delegates (issue 13): alice's read proxy and write proxy
/// against every method on every kind of alice's resources. Read proxies read alice's home,
/// calendar and object and are refused every write with `403` (and nothing changes); write
/// proxies get the owner's answers there; the principal is the colleague's read-only view and
/// address books, notifications, the API and links are as for any other user.
@Suite struct DelegationAuthorizationMatrixTests {
    typealias Matrix = AuthorizationMatrixTests

    enum Proxy: String, CaseIterable, Sendable {
        case readProxy, writeProxy
    }

    struct Cell: Sendable, CustomTestStringConvertible {
        var method: String
        var resource: Matrix.Resource
        var proxy: Proxy
        var testDescription: String { "\(proxy.rawValue) \(method) \(resource.rawValue)" }
    }

    static var cells: [Cell] {
        var cells: [Cell] = []
        for proxy in Proxy.allCases {
            for resource in Matrix.Resource.allCases where resource != .metrics {
                let methods: [String]
                switch resource {
                case .principal, .home, .calendar, .object, .addressBook, .notifications,
                    .notification:
                    methods = Matrix.davMethods
                case .apiContact, .apiTasks: methods = Matrix.apiMethods
                case .subscriptionLink: methods = Matrix.linkMethods
                case .metrics: methods = []
                }
                cells += methods.map { Cell(method: $0, resource: resource, proxy: proxy) }
            }
        }
        return cells
    }

    static let writes = ["PUT", "DELETE", "PROPPATCH", "MKCOL", "MKCALENDAR", "COPY", "MOVE"]

    /// The answer each cell must get.
    static func expected(_ cell: Cell) -> Set<Int> {
        let other = Matrix.expected(
            Matrix.Cell(method: cell.method, resource: cell.resource, actor: .otherUser))
        switch cell.resource {
        case .home, .calendar, .object:
            let owner = Matrix.ownerExpected(cell.method, cell.resource)
            if cell.proxy == .writeProxy { return owner }
            // A read proxy: reads as the owner; writes 403 need-privileges, except where the
            // method has nothing to act on for anyone (405 on the home or calendar itself, 409
            // for a COPY or MOVE the owner could not make either); the snapshot below checks
            // that nothing changed.
            if writes.contains(cell.method) {
                return owner.filter { $0 == 405 || $0 == 409 }.union([403])
            }
            return owner
        default:
            return other
        }
    }

    /// Whether a cell may change alice's data: a write proxy's writes in her calendars.
    static func mayWrite(_ cell: Cell) -> Bool {
        cell.proxy == .writeProxy && [.home, .calendar, .object].contains(cell.resource)
    }

    /// Whether a cell may read alice's data: either proxy in her calendars.
    static func mayRead(_ cell: Cell) -> Bool {
        [.home, .calendar, .object].contains(cell.resource)
    }

    @Test(arguments: cells) func cell(_ cell: Cell) async throws {
        var configuration = TestServer.configuration
        configuration.metricsToken = Matrix.metricsToken
        configuration.signInDelaySeconds = 0
        try await TestServer.run(.memory, users: Matrix.users, configuration: configuration) {
            server in
            let fixture = try await Matrix.fixture(server, actor: .otherUser)
            _ = try await server.admin.addDelegate(
                owner: "alice", delegate: "bob", readOnly: cell.proxy == .readProxy)
            let before = try await Matrix.snapshot(server)
            let path = Matrix.path(cell.resource, fixture)
            let (method, headers, body) = Matrix.request(cell.method, cell.resource, path: path)
            let reply = try await fixture.client.request(
                method, path, headers: headers, body: body.map { Array($0.utf8) })
            #expect(
                Self.expected(cell).contains(reply.status),
                "\(cell.testDescription): \(reply.status) \(reply.text.prefix(300))")
            // (A REPORT the resource does not support is 403 supported-report for everyone.)
            if reply.status == 403 && cell.proxy == .readProxy && Self.mayRead(cell)
                && Self.writes.contains(cell.method)
            {
                #expect(
                    reply.errorConditions == [.dav.name("need-privileges")],
                    "\(cell.testDescription)")
            }
            if !Self.mayRead(cell) {
                for secret in ["SUMMARY:M", "Carol Customer", "carol@example.com", "matrix"]
                where cell.resource != .subscriptionLink {
                    #expect(!reply.text.contains(secret), "\(cell.testDescription) shows \(secret)")
                }
            }
            if !Self.mayWrite(cell) {
                #expect(
                    try await Matrix.snapshot(server) == before, "\(cell.testDescription) wrote")
            }
        }
    }
}
