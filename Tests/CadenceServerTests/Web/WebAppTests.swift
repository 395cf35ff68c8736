import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Storage
import Testing

@testable import CadenceServer

/// A browser over `app.test(.router)`: keeps cookies, reads the CSRF token of the last page,
/// submits forms.
final class WebTestBrowser: @unchecked Sendable {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    var csrf = ""
    var headers: [(String, String)]

    init(_ client: any TestClientProtocol, headers: [(String, String)] = []) {
        self.client = client
        self.headers = headers
    }

    struct Page {
        var status: Int
        var headers: HTTPFields
        var body: String
        var location: String? { headers[.location] }
        var setCookies: [String] { headers[values: .setCookie] }
    }

    func request(_ method: HTTPRequest.Method, _ uri: String, form: [(String, String)]? = nil)
        async throws -> Page
    {
        var fields = HTTPFields()
        fields[.accept] = "text/html"
        if !cookies.isEmpty {
            fields[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        }
        for (name, value) in headers { fields[HTTPField.Name(name)!] = value }
        var body: ByteBuffer?
        if let form {
            fields[.contentType] = "application/x-www-form-urlencoded"
            body = ByteBuffer(
                string: form.map { CRMAPI.encode($0.0) + "=" + CRMAPI.encode($0.1) }
                    .joined(separator: "&"))
        }
        let page = try await client.execute(uri: uri, method: method, headers: fields, body: body) {
            response in
            Page(
                status: Int(response.status.code), headers: response.headers,
                body: String(buffer: response.body))
        }
        for cookie in page.setCookies {
            let first = cookie.split(separator: ";")[0]
            let parts = first.split(separator: "=", maxSplits: 1)
            let name = String(parts[0])
            let value = parts.count > 1 ? String(parts[1]) : ""
            if value.isEmpty || cookie.contains("Max-Age=0") {
                cookies[name] = nil
            } else {
                cookies[name] = value
            }
        }
        if let range = page.body.range(of: "name=\"_csrf\" value=\"") {
            let rest = page.body[range.upperBound...]
            csrf = String(rest.prefix { $0 != "\"" })
        }
        return page
    }

    func get(_ uri: String) async throws -> Page { try await request(.get, uri) }

    /// POSTs a form with the current CSRF token.
    func post(_ uri: String, _ form: [(String, String)]) async throws -> Page {
        try await request(.post, uri, form: [("_csrf", csrf)] + form)
    }

    /// Signs in through the form; answers the final POST's reply.
    @discardableResult
    func signIn(_ user: String, _ password: String? = nil) async throws -> Page {
        _ = try await get("/web/signin")
        return try await post(
            "/web/signin", [("name", user), ("password", password ?? TestServer.password(user))])
    }
}

@Suite struct WebAppTests {
    @Test func anonymousPagesRedirectToSignIn() async throws {
        try await TestServer.run { server in
            let browser = WebTestBrowser(server.client)
            let page = try await browser.get("/web/tasks?status=open")
            #expect(page.status == 303)
            #expect(page.location == "/web/signin?next=%2Fweb%2Ftasks%3Fstatus%3Dopen")
            let post = try await browser.request(.post, "/web/contacts", form: [("name", "X")])
            #expect(post.status == 303)
            #expect(post.location == "/web/signin")
            #expect(try await server.api("alice").get("/contacts").items.isEmpty)
            // Browsers asking for / land in the application; other clients keep the text.
            let root = try await browser.get("/")
            #expect(root.status == 303)
            #expect(root.location == "/web/")
        }
    }

    @Test func signInSetsAHardenedSessionCookie() async throws {
        try await TestServer.run { server in
            let browser = WebTestBrowser(server.client)
            let form = try await browser.get("/web/signin")
            #expect(form.status == 200)
            #expect(form.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            #expect(form.body.contains("<label for=\"password\">Password</label>"))
            let reply = try await browser.post(
                "/web/signin",
                [
                    ("name", "alice"), ("password", TestServer.password("alice")),
                    ("next", "/web/contacts"),
                ])
            #expect(reply.status == 303)
            #expect(reply.location == "/web/contacts")
            let session = try #require(reply.setCookies.first { $0.hasPrefix("cadence_session=") })
            #expect(session.contains("HttpOnly"))
            #expect(session.contains("SameSite=Lax"))
            #expect(!session.contains("Secure"))
            let page = try await browser.get("/web/tasks")
            #expect(page.status == 200)
            #expect(page.body.contains("Alice"))
        }
    }

    @Test func cookieIsSecureBehindATrustedTLSProxy() async throws {
        var configuration = TestServer.configuration
        configuration.trustProxy = true
        try await TestServer.run(configuration: configuration) { server in
            let browser = WebTestBrowser(
                server.client,
                headers: [("X-Forwarded-Proto", "https"), ("X-Forwarded-For", "192.0.2.7")])
            let reply = try await browser.signIn("alice")
            #expect(reply.status == 303)
            let session = try #require(reply.setCookies.first { $0.hasPrefix("cadence_session=") })
            #expect(session.contains("; Secure"))
        }
    }

    @Test func wrongPasswordOpenRedirectAndForgedSignInAreRefused() async throws {
        try await TestServer.run { server in
            let browser = WebTestBrowser(server.client)
            let wrong = try await browser.signIn("alice", "not-the-password")
            #expect(wrong.status == 401)
            #expect(wrong.body.contains("wrong"))
            #expect(browser.cookies["cadence_session"] == nil)
            // A sign-in form posted from elsewhere carries no valid token.
            let forged = WebTestBrowser(server.client)
            let reply = try await forged.request(
                .post, "/web/signin",
                form: [("name", "alice"), ("password", TestServer.password("alice"))])
            #expect(reply.status == 403)
            #expect(forged.cookies["cadence_session"] == nil)
            // `next` only leads to our own pages.
            _ = try await browser.get("/web/signin")
            let away = try await browser.post(
                "/web/signin",
                [
                    ("name", "alice"), ("password", TestServer.password("alice")),
                    ("next", "//evil.example/"),
                ])
            #expect(away.location == "/web/tasks")
        }
    }

    @Test func postsWithoutTheCSRFTokenAreRefused() async throws {
        try await TestServer.run { server in
            let browser = WebTestBrowser(server.client)
            try await browser.signIn("alice")
            let missing = try await browser.request(
                .post, "/web/contacts", form: [("name", "Mallory's contact")])
            #expect(missing.status == 403)
            let wrong = try await browser.request(
                .post, "/web/contacts",
                form: [("_csrf", String(repeating: "ab", count: 32)), ("name", "Mallory")])
            #expect(wrong.status == 403)
            // bob's token is not alice's.
            let bob = WebTestBrowser(server.client)
            try await bob.signIn("bob")
            _ = try await bob.get("/web/contacts")
            let crossed = try await browser.request(
                .post, "/web/contacts", form: [("_csrf", bob.csrf), ("name", "Mallory")])
            #expect(crossed.status == 403)
            #expect(try await server.api("alice").get("/contacts").items.isEmpty)
        }
    }

    @Test func contactsCreateShowEditDeleteAndStayPrivate() async throws {
        try await TestServer.run { server in
            let alice = WebTestBrowser(server.client)
            try await alice.signIn("alice")
            _ = try await alice.get("/web/contacts/new")
            let created = try await alice.post(
                "/web/contacts",
                [
                    ("name", "Ada <Lovelace>"), ("company", "Analytical Engines"),
                    ("emails", "work: ada@example.com\nada@home.example"),
                    ("phones", "+44 20 1234"),
                    ("tags", "vip, london"), ("notes", "Met at the fair"),
                ])
            #expect(created.status == 303)
            let location = try #require(created.location)
            #expect(location.hasPrefix("/web/contacts/"))
            let api = try await server.api("alice").get("/contacts")
            #expect(api.items.count == 1)
            let contact = try #require(api.items.first)
            #expect(contact["name"] == .string("Ada <Lovelace>"))
            #expect(contact["tags"] == .array([.string("vip"), .string("london")]))

            let detail = try await alice.get(location)
            #expect(detail.status == 200)
            #expect(detail.body.contains("Ada &lt;Lovelace&gt;"))
            #expect(!detail.body.contains("Ada <Lovelace>"))
            #expect(detail.body.contains("Notice") || detail.body.contains("Contact created."))
            #expect(detail.body.contains("mailto:ada@example.com"))

            let list = try await alice.get("/web/contacts?q=lovelace")
            #expect(list.body.contains("Analytical Engines"))
            let tagged = try await alice.get("/web/contacts?tag=london")
            #expect(tagged.body.contains("Analytical Engines"))
            let otherTag = try await alice.get("/web/contacts?tag=paris")
            #expect(!otherTag.body.contains("Analytical Engines"))

            // bob sees neither the contact nor its page.
            let bob = WebTestBrowser(server.client)
            try await bob.signIn("bob")
            #expect(!(try await bob.get("/web/contacts")).body.contains("Lovelace"))
            let stolen = try await bob.get(location)
            #expect(stolen.status == 404)
            #expect(!stolen.body.contains("Lovelace"))
            _ = try await bob.get("/web/contacts")
            #expect(try await bob.post(location + "/delete", []).status == 404)

            // A name is required: the API's validation comes back on the form.
            _ = try await alice.get(location + "/edit")
            let invalid = try await alice.post(location, [("name", "")])
            #expect(invalid.status == 422)
            #expect(invalid.body.contains("aria-invalid=\"true\""))
            let saved = try await alice.post(
                location, [("name", "Ada King"), ("company", "Engines"), ("tags", "vip")])
            #expect(saved.status == 303)
            #expect(
                try await server.api("alice").get("/contacts").items.first?["name"]
                    == .string("Ada King"))
            _ = try await alice.get(location)
            #expect(try await alice.post(location + "/delete", []).status == 303)
            #expect(try await server.api("alice").get("/contacts").items.isEmpty)
        }
    }

    @Test func tasksCreateListCompleteReopenAndDelete() async throws {
        try await TestServer.run { server in
            let alice = WebTestBrowser(server.client)
            try await alice.signIn("alice")
            _ = try await alice.get("/web/contacts/new")
            let contact = try await alice.post("/web/contacts", [("name", "Grace Hopper")])
            let contactID = String(try #require(contact.location).dropFirst("/web/contacts/".count))
            _ = try await alice.get("/web/tasks/new")
            let created = try await alice.post(
                "/web/tasks",
                [
                    ("type", "call"), ("title", "Call Grace about COBOL"), ("status", "open"),
                    ("start", "2026-12-08T10:00"), ("end", "2026-12-08T10:30"),
                    ("timeZone", "Europe/Paris"), ("contactId", contactID), ("calendar", ""),
                    ("priority", ""), ("reminderMinutes", "15"),
                ])
            #expect(created.status == 303)
            let tasks = try await server.api("alice").get("/tasks")
            #expect(tasks.items.count == 1)
            let task = try #require(tasks.items.first)
            #expect(task["start"] == .string("2026-12-08T10:00:00+01:00"))
            #expect(task["contactId"] == .string(contactID))
            let id = try #require(task["id"]?.stringValue)

            // A to-do due the same day (the API lists tasks with a due before events) and one
            // the day before: one heading per day, in date order.
            _ = try await server.api("alice").post(
                "/tasks",
                #"{"type":"to-do","title":"Write up","due":"2026-12-08T17:00:00+01:00"}"#)
            _ = try await server.api("alice").post(
                "/tasks",
                #"{"type":"to-do","title":"Prepare","due":"2026-12-07T17:00:00+01:00"}"#)
            let list = try await alice.get("/web/tasks")
            #expect(list.body.components(separatedBy: "Tuesday 8 December 2026").count == 2)
            let monday = try #require(list.body.range(of: "Monday 7 December 2026"))
            let tuesday = try #require(list.body.range(of: "Tuesday 8 December 2026"))
            #expect(monday.lowerBound < tuesday.lowerBound)
            let call = try #require(list.body.range(of: "Call Grace about COBOL"))
            let writeUp = try #require(list.body.range(of: "Write up"))
            #expect(call.lowerBound < writeUp.lowerBound)
            #expect(list.body.contains("Call Grace about COBOL"))
            #expect(list.body.contains("#i-call"))
            #expect(list.body.contains("10:00–10:30"))
            #expect(list.body.contains("Grace Hopper"))
            let filtered = try await alice.get("/web/tasks?type=email")
            #expect(!filtered.body.contains("Call Grace about COBOL"))
            let week = try await alice.get("/web/week?week=2026-12-09")
            #expect(week.body.contains("Call Grace about COBOL"))
            #expect(week.body.contains("Tuesday 8 December"))
            let contactPage = try await alice.get("/web/contacts/\(contactID)")
            #expect(contactPage.body.contains("Call Grace about COBOL"))

            let complete = try await alice.post(
                "/web/tasks/\(id)/complete", [("back", "/web/week")])
            #expect(complete.status == 303)
            #expect(complete.location == "/web/week")
            #expect(try await server.api("alice").get("/tasks/\(id)").string("status") == "done")
            let done = try await alice.get("/web/tasks?status=done")
            #expect(done.body.contains("Reopen"))
            #expect(try await alice.post("/web/tasks/\(id)/reopen", []).status == 303)
            #expect(try await server.api("alice").get("/tasks/\(id)").string("status") == "open")

            // bob can neither see nor change it.
            let bob = WebTestBrowser(server.client)
            try await bob.signIn("bob")
            #expect(!(try await bob.get("/web/tasks")).body.contains("COBOL"))
            #expect(try await bob.get("/web/tasks/\(id)").status == 404)
            #expect(try await bob.post("/web/tasks/\(id)/complete", []).status == 404)
            #expect(try await server.api("alice").get("/tasks/\(id)").string("status") == "open")

            // The API's validation reaches the form.
            _ = try await alice.get("/web/tasks/\(id)")
            let invalid = try await alice.post(
                "/web/tasks/\(id)",
                [
                    ("type", "call"), ("title", "Call"), ("start", "2026-12-08T10:00"),
                    ("end", "2026-12-08T09:00"), ("timeZone", "Europe/Paris"),
                ])
            #expect(invalid.status == 422)
            #expect(invalid.body.contains("is before start"))
            _ = try await alice.get("/web/tasks/\(id)")
            #expect(try await alice.post("/web/tasks/\(id)/delete", []).status == 303)
            #expect(try await server.api("alice").get("/tasks").items.count == 2)
        }
    }

    @Test func adminPagesAreForAdministratorsOnly() async throws {
        try await TestServer.run { server in
            let alice = WebTestBrowser(server.client)
            try await alice.signIn("alice")
            #expect(try await alice.get("/web/admin").status == 403)
            #expect(try await alice.get("/web/admin/log?user=bob").status == 403)
            #expect(try await alice.post("/web/admin/users", [("name", "eve")]).status == 403)
            #expect(try await server.store.user(named: "eve") == nil)

            let alice2 = try #require(try await server.store.user(named: "alice"))
            _ = try await server.store.setAdmin(userID: alice2.id, isAdmin: true)
            let admin = try await alice.get("/web/admin")
            #expect(admin.status == 200)
            #expect(admin.body.contains("Server errors (5xx)"))
            #expect(admin.body.contains(">bob<"))
            let created = try await alice.post(
                "/web/admin/users",
                [("name", "carol"), ("password", "carol-password-1"), ("email", "c@example.com")])
            #expect(created.status == 303)
            #expect(try await server.store.user(named: "carol") != nil)
            _ = try await server.api("bob").post("/contacts", #"{"name":"Bob's friend"}"#)
            let log = try await alice.get("/web/admin/log?user=bob&action=create")
            #expect(log.status == 200)
            #expect(log.body.contains("/api/v1/contacts"))
        }
    }

    @Test func signOutEverywhereAndPasswordChangesEndSessions() async throws {
        try await TestServer.run { server in
            let first = WebTestBrowser(server.client)
            try await first.signIn("alice")
            let second = WebTestBrowser(server.client)
            try await second.signIn("alice")
            let stolen = try #require(first.cookies["cadence_session"])
            _ = try await first.get("/web/devices")
            #expect(try await first.post("/web/signout-everywhere", []).status == 303)
            #expect(try await second.get("/web/tasks").status == 303)
            let replay = WebTestBrowser(server.client)
            replay.cookies["cadence_session"] = stolen
            #expect(try await replay.get("/web/tasks").status == 303)

            let third = WebTestBrowser(server.client)
            try await third.signIn("alice")
            #expect(try await third.get("/web/tasks").status == 200)
            try await server.admin.setPassword(name: "alice", password: "a-new-password-2")
            #expect(try await third.get("/web/tasks").status == 303)
            // A tampered cookie is no session.
            let fourth = WebTestBrowser(server.client)
            try await fourth.signIn("alice", "a-new-password-2")
            let valid = try #require(fourth.cookies["cadence_session"])
            #expect(try await fourth.get("/web/tasks").status == 200)
            let forged = WebTestBrowser(server.client)
            forged.cookies["cadence_session"] =
                String(valid.dropLast()) + (valid.last == "0" ? "1" : "0")
            #expect(try await forged.get("/web/tasks").status == 303)
            let bobID = try #require(try await server.store.user(named: "bob")).id
            let parts = valid.split(separator: ".")
            forged.cookies["cadence_session"] =
                ([String(bobID)] + parts.dropFirst().map(String.init)).joined(separator: ".")
            #expect(try await forged.get("/web/tasks").status == 303)
        }
    }

    @Test func devicesCreateAppPasswordsThatWorkForCalDAV() async throws {
        try await TestServer.run { server in
            let alice = WebTestBrowser(server.client)
            try await alice.signIn("alice")
            let page = try await alice.get("/web/devices")
            #expect(page.body.contains("DAVx⁵"))
            #expect(page.body.contains("/caldav/"))
            let created = try await alice.post("/web/app-passwords", [("label", "Phone")])
            #expect(created.status == 200)
            let marker = try #require(
                created.body.range(of: "<code class=\"copy\">", options: .backwards))
            let token = String(created.body[marker.upperBound...].prefix { $0 != "<" })
            #expect(token.count == 39)
            let dav = server.signedIn("alice", token)
            #expect(
                try await dav.request(
                    "PROPFIND", Paths.home("alice"), headers: [("Depth", "0")], text: ""
                ).status == 207)
            let records = try await server.store.appPasswords(
                userID: try #require(try await server.store.user(named: "alice")).id)
            let id = try #require(records.first?.id)
            // bob cannot revoke it; alice can.
            let bob = WebTestBrowser(server.client)
            try await bob.signIn("bob")
            _ = try await bob.get("/web/devices")
            #expect(try await bob.post("/web/app-passwords/\(id)/revoke", []).status == 404)
            #expect(try await alice.post("/web/app-passwords/\(id)/revoke", []).status == 303)
            #expect(
                try await dav.request(
                    "PROPFIND", Paths.home("alice"), headers: [("Depth", "0")], text: ""
                ).status == 401)
        }
    }

    @Test func calendarsShowRoutingAndSubscriptionLinks() async throws {
        try await TestServer.run { server in
            let alice = WebTestBrowser(server.client)
            try await alice.signIn("alice")
            let page = try await alice.get("/web/calendars")
            #expect(page.status == 200)
            #expect(page.body.contains("/caldav/calendars/alice/crm-tasks/"))
            let calendar = try await alice.post(
                "/web/calendars",
                [("path", "meetings"), ("displayName", "Meetings"), ("color", "#aa3300")])
            #expect(calendar.status == 303)
            _ = try await alice.get("/web/calendars")
            #expect(
                try await alice.post(
                    "/web/routing", [("type", "meeting"), ("calendar", "meetings")]
                ).status == 303)
            let routes = try await server.api("alice").get("/routing")
            #expect(routes.items.contains { $0["calendar"] == .string("meetings") })
            let link = try await alice.post(
                "/web/calendars/meetings/links", [("label", "Team"), ("mode", "busy")])
            #expect(link.status == 200)
            #expect(link.body.contains("shown only now"))
            let links = try await server.api("alice").get("/calendars/meetings/links")
            #expect(links.items.count == 1)
            let connectors = try await alice.get("/web/connectors")
            #expect(connectors.status == 200)
        }
    }
}
