import Foundation
import Testing
import WebDAV

@testable import CadenceServer

/// `--debug` (issue 7): an HTML DAV browser for the signed-in user at the DAV URLs when a
/// browser asks, everything escaped, clients and subscribers still getting iCalendar; error
/// answers with their reasons and details. Without it: no browser, nothing internal in errors.
@Suite struct DebugModeTests {
    static let calendar = "/caldav/calendars/alice/crm-tasks/"
    static let browser = [
        ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    ]

    static var debug: Configuration {
        var configuration = TestServer.configuration
        configuration.debug = true
        return configuration
    }

    @Test(arguments: StoreKind.allCases)
    func theBrowserShowsMembersPropertiesAndEscapedSource(_ kind: StoreKind) async throws {
        try await TestServer.run(kind, configuration: Self.debug) { server in
            let alice = server.dav("alice")
            let summary = "<script>alert(1)</script> & \"co\""
            #expect(
                try await alice.put(Self.calendar + "x.ics", ICS.event(uid: "x", summary: summary))
                    .status == 201)
            let dead = XMLElement(XMLName("urn:example:test", "note"), text: "<b>bold</b>")
            #expect(try await alice.proppatch(Self.calendar, set: [dead]).status == 207)

            let page = try await alice.get(Self.calendar, headers: Self.browser)
            #expect(page.status == 200)
            #expect(page.header("Content-Type")?.hasPrefix("text/html") == true)
            #expect(page.header("Content-Security-Policy")?.contains("default-src 'none'") == true)
            #expect(page.header("X-Frame-Options") == "DENY")
            #expect(page.text.contains("<a href=\"\(Self.calendar)x.ics\">x.ics</a>"))
            #expect(page.text.contains("{DAV:}getctag") || page.text.contains("{DAV:}sync-token"))
            #expect(page.text.contains("{urn:example:test}note"))
            #expect(page.text.contains("&lt;b&gt;bold&lt;/b&gt;"))
            #expect(!page.text.contains("<b>bold</b>"))

            let object = try await alice.get(Self.calendar + "x.ics", headers: Self.browser)
            #expect(object.status == 200)
            #expect(object.text.contains("<h2>Source</h2>"))
            #expect(
                object.text.contains(
                    "SUMMARY:&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;co&quot;"))
            #expect(!object.text.contains("<script>"))

            let home = try await alice.get("/caldav/calendars/alice/", headers: Self.browser)
            #expect(home.text.contains("<a href=\"\(Self.calendar)\">crm-tasks</a>"))
            let principal = try await alice.get(
                "/caldav/principals/users/alice/", headers: Self.browser)
            #expect(principal.status == 200)
            #expect(principal.text.contains("calendar-home-set"))

            // Clients and subscribers keep getting iCalendar.
            for (path, headers) in [
                (Self.calendar, [("Accept", "text/calendar")]),
                (Self.calendar + "?export", Self.browser),
                (Self.calendar + "x.ics", [("Accept", "*/*")]),
                (Self.calendar + "x.ics", [("Accept", "text/calendar, text/html")]),
            ] {
                let reply = try await alice.get(path, headers: headers)
                #expect(reply.status == 200)
                #expect(reply.header("Content-Type")?.hasPrefix("text/calendar") == true, "\(path)")
            }
            // Another user sees no more than a client would; no credentials, no page.
            let bob = try await server.dav("bob").get(Self.calendar, headers: Self.browser)
            #expect([403, 404].contains(bob.status))
            #expect(!bob.text.contains("x.ics"))
            #expect(
                try await server.anonymous.get(Self.calendar, headers: Self.browser).status == 401)
        }
    }

    @Test func withoutDebugThereIsNoBrowser() async throws {
        try await TestServer.run { server in
            let alice = server.dav("alice")
            #expect(try await alice.put(Self.calendar + "x.ics", ICS.event(uid: "x")).status == 201)
            for path in [Self.calendar, Self.calendar + "x.ics", "/caldav/calendars/alice/"] {
                let reply = try await alice.get(path, headers: Self.browser)
                #expect(reply.header("Content-Type")?.hasPrefix("text/html") != true, "\(path)")
                #expect(!reply.text.contains("<html"))
            }
        }
    }

    @Test func errorAnswersCarryTheirReasonOnlyWithDebug() async throws {
        let broken = ICS.calendar(["BEGIN:VEVENT", "SUMMARY:no uid", "END:VEVENT"])
        try await TestServer.run(configuration: Self.debug) { server in
            let reply = try await server.dav("alice").put(Self.calendar + "bad.ics", broken)
            #expect((400..<500).contains(reply.status))
            #expect(reply.xml?.first(.dav.responseDescription)?.trimmedText.isEmpty == false)
        }
        try await TestServer.run { server in
            let reply = try await server.dav("alice").put(Self.calendar + "bad.ics", broken)
            #expect((400..<500).contains(reply.status))
            #expect(reply.xml?.first(.dav.responseDescription) == nil)
        }
    }
}
