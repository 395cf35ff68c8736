import CZlib
import Foundation
import HTTPTypes
import Storage
import Testing
import WebDAV

@testable import CadenceServer

/// Subscription links end to end: created through the API and the CLI's administration,
/// fetched without credentials, validators, gzip, modes, revocation.
@Suite struct SubscriptionLinkTests {
    static let task = ICS.calendar([
        "BEGIN:VTODO", "UID:call-1", "DTSTAMP:20260101T000000Z", "SUMMARY:Ring Ada",
        "DESCRIPTION:About the offer", "X-CADENCE-TYPE:call", "DUE:20260310T170000Z",
        "STATUS:COMPLETED", "COMPLETED:20260310T120000Z", "END:VTODO",
    ])
    static let event = ICS.calendar([
        "BEGIN:VEVENT", "UID:lunch-1", "DTSTAMP:20260101T000000Z", "SUMMARY:Lunch with Ada",
        "LOCATION:Café", "DTSTART:20260302T120000Z", "DTEND:20260302T130000Z",
        "ATTENDEE;CN=Ada:mailto:ada@example.com", "END:VEVENT",
    ])

    /// Stores the task and the event in alice's `crm-tasks`, then creates a link in `mode`
    /// through the API; returns the link's path.
    static func prepare(_ server: TestServer, mode: String) async throws -> (path: String, id: Int)
    {
        let alice = server.dav("alice")
        #expect(
            try await alice.put(
                "/caldav/calendars/alice/crm-tasks/call-1.ics", task
            ).status == 201)
        #expect(
            try await alice.put(
                "/caldav/calendars/alice/crm-tasks/lunch-1.ics", event
            ).status == 201)
        let created = try await server.api("alice").post(
            "/calendars/crm-tasks/links", #"{"mode": "\#(mode)", "label": "Nextcloud"}"#)
        #expect(created.status == 201)
        let url = try #require(created.string("url"))
        let token = try #require(created.string("token"))
        #expect(token.utf8.count == 43)
        #expect(url.hasSuffix("/caldav/public/\(token).ics"))
        #expect(created.string("mode") == mode)
        #expect(created.string("label") == "Nextcloud")
        guard case .number(let id)? = created.json?["id"] else {
            throw ReplyError(description: "no id in \(created.text)")
        }
        return ("/caldav/public/\(token).ics", Int(id))
    }

    @Test(arguments: StoreKind.allCases) func lifecycleWithoutCredentials(_ kind: StoreKind)
        async throws
    {
        try await TestServer.run(kind) { server in
            let (path, id) = try await Self.prepare(server, mode: "full")
            let reply = try await server.anonymous.get(path)
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type") == "text/calendar; charset=utf-8")
            #expect(reply.header("Cache-Control") == "private, max-age=900")
            #expect(reply.header("ETag")?.hasPrefix("\"sub-") == true)
            #expect(reply.header("Last-Modified")?.hasSuffix(" GMT") == true)
            #expect(reply.header("Content-Encoding") == nil)
            #expect(reply.text.contains("\r\nREFRESH-INTERVAL;VALUE=DURATION:PT15M\r\n"))
            #expect(reply.text.contains("\r\nX-PUBLISHED-TTL:PT15M\r\n"))
            #expect(reply.text.contains("\r\nX-WR-CALNAME:CRM Tasks\r\n"))
            #expect(reply.text.contains("\r\nBEGIN:VTODO\r\n"))
            #expect(reply.text.contains("\r\nSUMMARY:Lunch with Ada\r\n"))
            let head = try await server.anonymous.request("HEAD", path)
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            #expect(head.header("ETag") == reply.header("ETag"))

            let listed = try await server.api("alice").get("/calendars/crm-tasks/links")
            #expect(listed.items.count == 1)
            #expect(listed.items.first?["token"] == nil)
            #expect(listed.items.first?["mode"]?.stringValue == "full")
            #expect(try await server.api("bob").delete("/links/\(id)").status == 404)
            #expect(try await server.api("alice").delete("/links/\(id)").status == 204)
            let revoked = try await server.anonymous.get(path)
            #expect(revoked.status == 404)
            #expect(revoked.text == "not found\n")
            #expect(try await server.api("alice").delete("/links/\(id)").status == 404)
        }
    }

    @Test func unknownAndMalformedTokensAreNotFound() async throws {
        try await TestServer.run { server in
            let unknown = String(repeating: "A", count: 43)
            for path in [
                "/caldav/public/\(unknown).ics", "/caldav/public/short.ics",
                "/caldav/public/\(unknown)", "/caldav/public/",
            ] {
                let reply = try await server.anonymous.get(path)
                #expect(reply.status == 404, "\(path)")
                #expect(reply.text == "not found\n")
            }
            // Other methods below /caldav/public/ still need credentials.
            let propfind = try await server.anonymous.request("PROPFIND", "/caldav/public/")
            #expect(propfind.status == 401)
        }
    }

    @Test func conditionalRequestsAnswer304() async throws {
        try await TestServer.run { server in
            let (path, _) = try await Self.prepare(server, mode: "events")
            let first = try await server.anonymous.get(path)
            let etag = try #require(first.header("ETag"))
            let lastModified = try #require(first.header("Last-Modified"))
            let byTag = try await server.anonymous.get(path, headers: [("If-None-Match", etag)])
            #expect(byTag.status == 304)
            #expect(byTag.body.isEmpty)
            #expect(byTag.header("ETag") == etag)
            let weak = try await server.anonymous.get(
                path, headers: [("If-None-Match", "\"other\", W/\(etag)")])
            #expect(weak.status == 304)
            let byDate = try await server.anonymous.get(
                path, headers: [("If-Modified-Since", lastModified)])
            #expect(byDate.status == 304)
            let old = try await server.anonymous.get(
                path, headers: [("If-Modified-Since", "Sat, 01 Jan 2000 00:00:00 GMT")])
            #expect(old.status == 200)
            // If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
            let stale = try await server.anonymous.get(
                path,
                headers: [("If-None-Match", "\"stale\""), ("If-Modified-Since", lastModified)])
            #expect(stale.status == 200)
            // A change bumps the sync token and so the tag.
            #expect(
                try await server.dav("alice").put(
                    "/caldav/calendars/alice/crm-tasks/new.ics", ICS.event(uid: "new-1")
                ).status == 201)
            let changed = try await server.anonymous.get(path, headers: [("If-None-Match", etag)])
            #expect(changed.status == 200)
            #expect(changed.header("ETag") != etag)
            #expect(changed.text.contains("\r\nUID:new-1\r\n"))
        }
    }

    @Test func gzipRoundTrip() async throws {
        try await TestServer.run { server in
            let (path, _) = try await Self.prepare(server, mode: "full")
            let plain = try await server.anonymous.get(path)
            let zipped = try await server.anonymous.get(
                path, headers: [("Accept-Encoding", "br;q=1, gzip;q=0.8")])
            #expect(zipped.status == 200)
            #expect(zipped.header("Content-Encoding") == "gzip")
            #expect(zipped.header("Vary") == "Accept-Encoding")
            #expect(zipped.body.starts(with: [0x1F, 0x8B]))
            #expect(zipped.header("Content-Length") == String(zipped.body.count))
            #expect(zipped.header("ETag") != plain.header("ETag"))
            #expect(try Self.gunzip(zipped.body) == plain.body)
            let refused = try await server.anonymous.get(
                path, headers: [("Accept-Encoding", "gzip;q=0")])
            #expect(refused.header("Content-Encoding") == nil)
            let zippedTag = try #require(zipped.header("ETag"))
            let again = try await server.anonymous.get(
                path, headers: [("Accept-Encoding", "gzip"), ("If-None-Match", zippedTag)])
            #expect(again.status == 304)
        }
    }

    @Test func eventsModeRendersTasksAsEvents() async throws {
        try await TestServer.run { server in
            let (path, _) = try await Self.prepare(server, mode: "events")
            let text = try await server.anonymous.get(path).text
            #expect(!text.contains("BEGIN:VTODO"))
            #expect(text.contains("\r\nSUMMARY:☎ Call: Ring Ada (done)\r\n"))
            #expect(text.contains("\r\nDTSTART:20260310T170000Z\r\nDTEND:20260310T171500Z\r\n"))
            #expect(text.contains("\r\nSUMMARY:Lunch with Ada\r\n"))
        }
    }

    @Test func busyModeHidesDetails() async throws {
        try await TestServer.run { server in
            let (path, _) = try await Self.prepare(server, mode: "busy")
            let text = try await server.anonymous.get(path).text
            #expect(text.components(separatedBy: "\r\nSUMMARY:Busy\r\n").count == 3)
            for hidden in ["Ring Ada", "Lunch", "Café", "ATTENDEE", "DESCRIPTION", "offer"] {
                #expect(!text.contains(hidden), "\(hidden)")
            }
            #expect(text.contains("\r\nDTSTART:20260302T120000Z\r\n"))
        }
    }

    @Test func anotherUsersCalendarCannotGetALink() async throws {
        try await TestServer.run { server in
            let reply = try await server.api("bob").post(
                "/calendars/crm-tasks/links", #"{"mode": "full"}"#)
            // bob's own crm-tasks exists; alice's is unreachable through bob's paths.
            #expect(reply.status == 201)
            let bob = try #require(try await server.store.user(named: "bob"))
            let alice = try #require(try await server.store.user(named: "alice"))
            let alicesCalendar = try #require(
                try await server.store.collection(ownerID: alice.id, path: "crm-tasks"))
            await #expect(throws: StorageError.self) {
                _ = try await server.store.createSubscriptionLink(
                    ownerID: bob.id, collectionID: alicesCalendar.id, tokenHash: "x",
                    label: "", mode: .full)
            }
            #expect(
                try await server.api("bob").post("/calendars/nope/links", "{}").status == 404)
            #expect(try await server.api("alice").get("/calendars/crm-tasks/links").items.isEmpty)
            #expect(
                try await server.anonymousAPI.post("/calendars/crm-tasks/links", "{}").status
                    == 401)
            let bad = try await server.api("alice").post(
                "/calendars/crm-tasks/links", #"{"mode": "public"}"#)
            #expect(bad.status == 400 || bad.status == 422)
        }
    }

    @Test func administrationCreatesListsAndRevokes() async throws {
        try await TestServer.run { server in
            let created = try await server.admin.createLink(
                user: "alice", calendar: "crm-tasks", mode: "busy", label: "Board",
                publicBaseURL: "https://cal.example.com/")
            #expect(created.url == "https://cal.example.com/caldav/public/\(created.token).ics")
            await #expect(throws: Administration.Failure.self) {
                _ = try await server.admin.createLink(
                    user: "alice", calendar: "crm-tasks", mode: "loud", label: "",
                    publicBaseURL: nil)
            }
            await #expect(throws: Administration.Failure.self) {
                _ = try await server.admin.createLink(
                    user: "alice", calendar: "missing", mode: "full", label: "",
                    publicBaseURL: nil)
            }
            let links = try await server.admin.links(user: "alice")
            #expect(links.map(\.calendarPath) == ["crm-tasks"])
            #expect(links.map(\.link.mode) == [.busy])
            #expect(links.map(\.link.label) == ["Board"])
            let path = "/caldav/public/\(created.token).ics"
            #expect(try await server.anonymous.get(path).status == 200)
            #expect(try await server.admin.links(user: "alice").first?.link.lastFetchedAt != nil)
            try await server.admin.revokeLink(user: "alice", id: created.link.id)
            #expect(try await server.anonymous.get(path).status == 404)
            #expect(try await server.admin.links(user: "alice").isEmpty)
        }
    }

    @Test func ttlIsConfigurable() async throws {
        var configuration = TestServer.configuration
        configuration.subscriptionTTLSeconds = 3600
        try await TestServer.run(configuration: configuration) { server in
            let (path, _) = try await Self.prepare(server, mode: "full")
            let reply = try await server.anonymous.get(path)
            #expect(reply.header("Cache-Control") == "private, max-age=3600")
            #expect(reply.text.contains("\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n"))
            #expect(reply.text.contains("\r\nX-PUBLISHED-TTL:PT1H\r\n"))
        }
        let environment = Configuration.fromEnvironment([
            "CADENCE_SUBSCRIPTION_TTL": "600",
            "CADENCE_CORS_ORIGINS": "https://a.example, https://b.example",
        ])
        #expect(environment.subscriptionTTLSeconds == 600)
        #expect(environment.corsOrigins == ["https://a.example", "https://b.example"])
        #expect(Configuration().subscriptionTTLSeconds == 900)
        #expect(Configuration().corsOrigins.isEmpty)
    }

    @Test func httpDatesParse() {
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == 784_111_777)
        #expect(HTTPDate.parse(HTTPDate.format(1_700_000_000)) == 1_700_000_000)
        #expect(HTTPDate.parse("Thu, 29 Feb 2024 23:59:59 GMT") == 1_709_251_199)
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT") == nil)
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 UTC") == nil)
    }

    /// Decompresses one gzip member with the system zlib.
    static func gunzip(_ bytes: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        guard
            inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
                == Z_OK
        else { throw ReplyError(description: "inflateInit2 failed") }
        defer { inflateEnd(&stream) }
        var input = bytes
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var status: Int32 = Z_OK
        try input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = UInt32(source.count)
            while status != Z_STREAM_END {
                let produced = chunk.withUnsafeMutableBufferPointer { target -> Int in
                    stream.next_out = target.baseAddress
                    stream.avail_out = UInt32(target.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return target.count - Int(stream.avail_out)
                }
                guard status == Z_OK || status == Z_STREAM_END else {
                    throw ReplyError(description: "inflate failed: \(status)")
                }
                output += chunk[..<produced]
            }
        }
        return output
    }
}
