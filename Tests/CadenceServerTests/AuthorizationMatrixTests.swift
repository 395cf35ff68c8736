import Foundation
import Storage
import Testing
import WebDAV

/// Every method × resource kind × actor (issue 8): alice owns a principal, a home, a calendar
/// with one object, a CRM contact, a subscription link and a revoked app password; bob is the
/// other user; carol, dave and erin are sharees of alice's `crm-tasks` (read-only, read-write,
/// and read-write through the team `sales`), who reach it only in their own homes: at alice's
/// paths they get exactly what bob gets. Each cell runs on a fresh server and checks the answer,
/// and for every actor but the owner that alice's data is exactly as it was: nothing was read
/// into the answer, nothing written. (The sharees' own view is the matrix of
/// `AuthorizationMatrixTests+Sharing.swift`.)
@Suite struct AuthorizationMatrixTests {
    enum Actor: String, CaseIterable, Sendable {
        case owner, otherUser, anonymous, revokedAppPassword, wrongPassword
        case readOnlySharee, readWriteSharee, teamMember

        /// The signed-in user of a sharee actor.
        var shareeName: String? {
            switch self {
            case .readOnlySharee: "carol"
            case .readWriteSharee: "dave"
            case .teamMember: "erin"
            default: nil
            }
        }
    }

    /// The users of every cell.
    static let users = ["alice", "bob", "carol", "dave", "erin"]

    enum Resource: String, CaseIterable, Sendable {
        case principal, home, calendar, object, addressBook, apiContact, apiTasks
        case subscriptionLink, metrics
        /// alice's notification collection and one notification in it.
        case notifications, notification
    }

    /// One cell of the matrix.
    struct Cell: Sendable, CustomTestStringConvertible {
        var method: String
        var resource: Resource
        var actor: Actor
        var testDescription: String { "\(actor.rawValue) \(method) \(resource.rawValue)" }
    }

    static let davMethods = [
        "OPTIONS", "PROPFIND", "PROPPATCH", "GET", "HEAD", "PUT", "DELETE", "MKCOL", "MKCALENDAR",
        "COPY", "MOVE", "REPORT-sync", "REPORT-multiget", "REPORT-query", "POST",
    ]
    static let apiMethods = ["GET", "PATCH", "DELETE", "POST", "PUT"]
    static let linkMethods = ["GET", "HEAD", "PUT", "DELETE", "PROPFIND"]

    static var cells: [Cell] {
        var cells: [Cell] = []
        for actor in Actor.allCases {
            for resource in Resource.allCases {
                let methods: [String]
                switch resource {
                case .principal, .home, .calendar, .object, .addressBook, .notifications,
                    .notification:
                    methods = davMethods
                case .apiContact, .apiTasks: methods = apiMethods
                case .subscriptionLink: methods = linkMethods
                case .metrics: methods = ["GET"]
                }
                cells += methods.map { Cell(method: $0, resource: resource, actor: actor) }
            }
        }
        return cells
    }

    /// What alice's data looks like, read through the store (not through the server).
    struct Snapshot: Equatable {
        var objects: [String: String]
        var calendars: [String]
        var displayName: String?
        var contacts: [String]
        var links: Int
        var notifications: [String]
    }

    static func snapshot(_ server: TestServer) async throws -> Snapshot {
        let alice = try #require(try await server.store.user(named: "alice"))
        let calendar = try #require(
            try await server.store.collection(ownerID: alice.id, path: "crm-tasks"))
        var objects: [String: String] = [:]
        for object in try await server.store.objects(collectionID: calendar.id) {
            objects[object.name] = object.etag
        }
        let calendars = try await server.admin.calendars(user: "alice").map(\.path).sorted()
        let contacts = try await server.api("alice").get("/contacts")
        let notifications = try await server.store.notifications(ownerID: alice.id).map {
            "\($0.name) \($0.etag)"
        }
        return Snapshot(
            objects: objects, calendars: calendars, displayName: calendar.displayName,
            contacts: [contacts.text], links: try await server.admin.links(user: "alice").count,
            notifications: notifications)
    }

    /// The fixture of one cell: alice's resources and the actor's client.
    struct Fixture {
        var contactID: String
        var linkPath: String
        var client: DAVTestClient
    }

    static let metricsToken = "matrix-metrics-secret"

    static func fixture(_ server: TestServer, actor: Actor) async throws -> Fixture {
        let alice = server.dav("alice")
        let put = try await alice.put(
            Paths.object("alice", "crm-tasks", "m.ics"), ICS.event(uid: "matrix", summary: "M"))
        #expect(put.status == 201)
        let contact = try await server.api("alice").post(
            "/contacts",
            #"{"name": "Carol Customer", "emails": [{"label": "work", "value": "carol@example.com"}]}"#
        )
        let contactID = try #require(contact.string("id"))
        let link = try await server.admin.createLink(
            user: "alice", calendar: "crm-tasks", mode: "full", label: "matrix",
            publicBaseURL: nil)
        try await shareAlicesCalendar(server)
        // A notification in alice's collection, carrying the secret the leak check looks for.
        let aliceID = try #require(try await server.store.user(named: "alice")).id
        _ = try await server.store.putNotification(
            ownerID: aliceID, name: "matrix-note.xml", type: "invite-reply",
            data: Array(
                "<C:notification xmlns:C=\"http://calendarserver.org/ns/\">matrix</C:notification>"
                    .utf8))
        let appPassword = try await server.admin.addAppPassword(name: "alice", label: "phone")
        let record = try #require(try await server.admin.appPasswords(name: "alice").first)
        try await server.admin.revokeAppPassword(name: "alice", id: record.id)
        let client: DAVTestClient
        switch actor {
        case .owner: client = alice
        case .otherUser: client = server.dav("bob")
        case .anonymous: client = server.anonymous
        case .revokedAppPassword: client = server.signedIn("alice", appPassword)
        case .wrongPassword: client = server.signedIn("alice", "not-the-password")
        case .readOnlySharee, .readWriteSharee, .teamMember:
            client = server.dav(actor.shareeName ?? "")
        }
        return Fixture(contactID: contactID, linkPath: link.url, client: client)
    }

    /// alice's `crm-tasks` shared with carol (read-only), dave (read-write) and the team
    /// `sales` (erin, read-write).
    static func shareAlicesCalendar(_ server: TestServer) async throws {
        try await server.admin.share(
            owner: "alice", calendar: "crm-tasks", withUser: "carol", team: nil, readOnly: true)
        try await server.admin.share(
            owner: "alice", calendar: "crm-tasks", withUser: "dave", team: nil, readOnly: false)
        try await server.admin.createTeam(name: "sales", displayName: "Sales", owner: nil)
        try await server.admin.addTeamMember(team: "sales", user: "erin", readOnly: false)
        try await server.admin.share(
            owner: "alice", calendar: "crm-tasks", withUser: nil, team: "sales", readOnly: false)
    }

    static func path(_ resource: Resource, _ fixture: Fixture) -> String {
        switch resource {
        case .principal: Paths.principal("alice")
        case .home: Paths.home("alice")
        case .calendar: Paths.calendar("alice")
        case .object: Paths.object("alice", "crm-tasks", "m.ics")
        case .addressBook: "/caldav/addressbooks/alice/contacts/"
        case .apiContact: "/api/v1/contacts/\(fixture.contactID)"
        case .apiTasks: "/api/v1/tasks"
        case .subscriptionLink: fixture.linkPath
        case .metrics: "/metrics"
        case .notifications: "/caldav/notifications/alice/"
        case .notification: "/caldav/notifications/alice/matrix-note.xml"
        }
    }

    /// The request of a cell: method, headers and body.
    static func request(_ method: String, _ resource: Resource, path: String)
        -> (String, [(String, String)], String?)
    {
        let xml = ("Content-Type", "application/xml; charset=utf-8")
        let json = ("Content-Type", "application/json")
        let object = Paths.object("alice", "crm-tasks", "m.ics")
        switch (method, resource) {
        case ("PROPFIND", _):
            return (
                method, [("Depth", "1"), xml],
                #"<D:propfind xmlns:D="DAV:"><D:prop><D:getetag/><D:displayname/></D:prop></D:propfind>"#
            )
        case ("PROPPATCH", _):
            return (
                method, [xml],
                #"<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><D:displayname>pwned</D:displayname></D:prop></D:set></D:propertyupdate>"#
            )
        case ("PUT", .apiContact), ("PUT", .apiTasks):
            return (method, [json], #"{"name": "pwned"}"#)
        case ("PUT", _):
            return (
                method, [("Content-Type", "text/calendar")],
                ICS.event(uid: "matrix", summary: "pwned")
            )
        case ("PATCH", _):
            return (method, [json], #"{"name": "pwned", "title": "pwned"}"#)
        case ("POST", .apiTasks):
            return (method, [json], #"{"title": "planted", "type": "call"}"#)
        case ("POST", _):
            return (method, [json], #"{"name": "planted"}"#)
        case ("COPY", _), ("MOVE", _):
            return (
                method, [("Destination", Paths.object("alice", "crm-tasks", "moved.ics"))], nil
            )
        case ("REPORT-sync", _):
            return (
                "REPORT", [("Depth", "1"), xml],
                #"<D:sync-collection xmlns:D="DAV:"><D:sync-token/><D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>"#
            )
        case ("REPORT-multiget", _):
            return (
                "REPORT", [("Depth", "1"), xml],
                #"<C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><C:calendar-data/></D:prop><D:href>\#(object)</D:href></C:calendar-multiget>"#
            )
        case ("REPORT-query", _):
            return (
                "REPORT", [("Depth", "1"), xml],
                #"<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><C:calendar-data/></D:prop><C:filter><C:comp-filter name="VCALENDAR"/></C:filter></C:calendar-query>"#
            )
        default:
            return (method, [], nil)
        }
    }

    /// The answer each cell must get.
    static func expected(_ cell: Cell) -> Set<Int> {
        let writes = ["PUT", "DELETE", "PROPPATCH", "POST", "PATCH", "MKCOL", "MKCALENDAR"]
        switch (cell.resource, cell.actor) {
        case (.subscriptionLink, _):
            // Public and read-only: the secret URL is the credential, whoever else asks. Other
            // methods are ordinary DAV requests on a path outside every home: credentials
            // first, then nothing there (PUT: no parent collection).
            if ["GET", "HEAD"].contains(cell.method) { return [200] }
            if [.anonymous, .revokedAppPassword, .wrongPassword].contains(cell.actor) {
                return [401]
            }
            return cell.method == "PUT" ? [409] : [404]
        case (.metrics, _):
            return [401]  // only the metrics token opens it
        case (.apiContact, _) where !["GET", "PATCH", "DELETE"].contains(cell.method),
            (.apiTasks, _) where !["GET", "POST"].contains(cell.method):
            // The route table answers an operation it does not have before sign-in; it says
            // nothing about the resource (the OpenAPI document is public).
            return [405]
        case (_, .anonymous), (_, .revokedAppPassword), (_, .wrongPassword):
            return [401]
        case (.principal, .otherUser):
            // A colleague's principal is readable (principal-property-search finds it, RFC 3744
            // §9.4) and answers as the owner's does; its properties refuse every change (403
            // inside the PROPPATCH's 207, checked in `PrincipalSearchTests`).
            // A COPY or MOVE of it names a destination outside the caller's tree: 404 too.
            let owner = ownerExpected(cell.method, .principal)
            return ["COPY", "MOVE"].contains(cell.method) ? owner.union([404]) : owner
        case (_, .readOnlySharee), (_, .readWriteSharee), (_, .teamMember):
            // At alice's own paths a sharee is any other user.
            return expected(Cell(method: cell.method, resource: cell.resource, actor: .otherUser))
        case (.apiTasks, .otherUser):
            // bob's own task list and task: allowed, and none of alice's (checked below).
            return cell.method == "GET" ? [200] : [201]
        case (_, .otherUser):
            // The same answer as for a path where nothing exists: OPTIONS answers every path,
            // PUT on a collection path is not supported anywhere; everything else (POST, which
            // shares a calendar, included) is 404, never 403 (which would tell that the
            // resource exists).
            if cell.method == "OPTIONS" { return [200] }
            if cell.method == "PUT"
                && [.principal, .home, .calendar, .addressBook, .notifications].contains(
                    cell.resource)
            {
                return [405]
            }
            if cell.resource == .addressBook && writes.contains(cell.method) { return [404, 409] }
            return [404]
        case (_, .owner):
            return ownerExpected(cell.method, cell.resource)
        }
    }

    /// The owner's answers: what the RFCs give for each method on each kind of resource.
    static func ownerExpected(_ method: String, _ resource: Resource) -> Set<Int> {
        switch resource {
        case .principal, .home, .calendar, .object:
            let collection = resource != .object
            let calendarOrObject = resource == .calendar || resource == .object
            switch method {
            case "OPTIONS": return [200]
            case "PROPFIND", "PROPPATCH": return [207]
            // Calendar REPORTs run on a calendar or an object (RFC 4791 §7.8, §7.9),
            // sync-collection on a calendar (RFC 6578); elsewhere 403 supported-report.
            case "REPORT-query", "REPORT-multiget": return calendarOrObject ? [207] : [403]
            case "REPORT-sync": return resource == .calendar ? [207] : [403]
            // A calendar answers its export; principal and home have no GET representation.
            case "GET", "HEAD": return calendarOrObject ? [200] : [405]
            case "PUT": return collection ? [405, 409] : [204]
            case "DELETE": return resource == .principal || resource == .home ? [403, 405] : [204]
            case "MKCOL", "MKCALENDAR": return [405]
            // A copy beside the original repeats its UID: 403 no-uid-conflict (RFC 4791 §5.3.2.1).
            case "COPY": return resource == .object ? [403] : [403, 405, 409]
            case "MOVE": return resource == .object ? [201] : [403, 405, 409]
            case "POST": return [405, 415]
            default: return []
            }
        case .addressBook:
            // The owner's address-book home holds no book `contacts`: it answers 404, a
            // plain MKCOL or MKCALENDAR there is 403 (only address books live in that home,
            // RFC 6352 §6.3.1), a PUT of a collection path 409.
            switch method {
            case "OPTIONS": return [200]
            case "PUT": return [405, 409]
            // POST shares a calendar: nothing is there to share (404).
            case "POST": return [404]
            case "MKCOL", "MKCALENDAR": return [403]
            default: return [404]
            }
        case .apiContact:
            switch method {
            case "GET", "PATCH": return [200]
            case "DELETE": return [204]
            default: return [405]
            }
        case .apiTasks:
            return method == "GET" ? [200] : [201]
        case .notifications, .notification:
            // The server alone adds notifications (PUT 403 need-privileges); the owner reads
            // and dismisses them; the collection itself stays.
            let collection = resource == .notifications
            switch method {
            case "OPTIONS": return [200]
            case "PROPFIND", "PROPPATCH": return [207]
            case "REPORT-query", "REPORT-multiget": return [403]
            case "REPORT-sync": return collection ? [207] : [403]
            case "GET", "HEAD": return collection ? [405] : [200]
            case "PUT": return collection ? [405] : [403]
            case "DELETE": return collection ? [403] : [204]
            case "MKCOL", "MKCALENDAR": return [403, 405]
            case "COPY", "MOVE": return [403, 405, 409, 415]
            case "POST": return [405, 415]
            default: return []
            }
        case .subscriptionLink, .metrics: return []
        }
    }

    @Test(arguments: cells) func cell(_ cell: Cell) async throws {
        var configuration = TestServer.configuration
        configuration.metricsToken = Self.metricsToken
        configuration.signInDelaySeconds = 0
        try await TestServer.run(.memory, users: Self.users, configuration: configuration) {
            server in
            let fixture = try await Self.fixture(server, actor: cell.actor)
            let before = try await Self.snapshot(server)
            let path = Self.path(cell.resource, fixture)
            let (method, headers, body) = Self.request(cell.method, cell.resource, path: path)
            let reply = try await fixture.client.request(
                method, path, headers: headers, body: body.map { Array($0.utf8) })
            #expect(
                Self.expected(cell).contains(reply.status),
                "\(cell.testDescription): \(reply.status) \(reply.text.prefix(300))")
            guard cell.actor != .owner else { return }
            // Nothing of alice's leaks into the answer…
            for secret in ["SUMMARY:M", "Carol Customer", "carol@example.com", "matrix"]
            where cell.resource != .subscriptionLink {
                #expect(!reply.text.contains(secret), "\(cell.testDescription) shows \(secret)")
            }
            // …and nothing of alice's changed.
            #expect(try await Self.snapshot(server) == before, "\(cell.testDescription) wrote")
        }
    }

    /// Hrefs of another user inside REPORT bodies and Destination headers into another user's
    /// tree: alice's own requests that name bob's resources get nothing of bob's and write
    /// nothing there.
    @Test(arguments: StoreKind.allCases) func foreignHrefsAndDestinations(store: StoreKind)
        async throws
    {
        try await TestServer.run(store) { server in
            let bobObject = Paths.object("bob", "crm-tasks", "b.ics")
            #expect(
                try await server.dav("bob").put(bobObject, ICS.event(uid: "b", summary: "Bob"))
                    .status == 201)
            let alice = server.dav("alice")
            let mine = Paths.object("alice", "crm-tasks", "a.ics")
            #expect(try await alice.put(mine, ICS.event(uid: "a")).status == 201)
            for path in [Paths.calendar("alice"), Paths.home("alice")] {
                let multiget = try await alice.multiget(path, hrefs: [bobObject, mine])
                #expect(!multiget.text.contains("SUMMARY:Bob"))
                let sync = try await alice.report(
                    path,
                    #"<D:sync-collection xmlns:D="DAV:"><D:sync-token>\#(bobObject)</D:sync-token><D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>"#
                )
                #expect(!sync.text.contains("b.ics"))
            }
            for method in ["COPY", "MOVE"] {
                for destination in [
                    Paths.object("bob", "crm-tasks", "planted.ics"),
                    "http://localhost/caldav/calendars/bob/crm-tasks/planted.ics",
                    Paths.calendar("bob"), Paths.object("bob", "crm-tasks", "b.ics"),
                ] {
                    let reply = try await alice.request(
                        method, mine, headers: [("Destination", destination), ("Overwrite", "T")])
                    #expect(
                        [403, 404, 409, 502].contains(reply.status), "\(method) → \(destination)")
                }
            }
            #expect(try await server.objectNames("bob", "crm-tasks") == ["b.ics"])
            #expect(try await server.objectNames("alice", "crm-tasks") == ["a.ics"])
            #expect(
                try await server.dav("bob").get(bobObject).text.contains("SUMMARY:Bob"))
        }
    }
}
