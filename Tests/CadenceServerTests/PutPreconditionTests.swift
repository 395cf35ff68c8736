import Foundation
import Testing
import WebDAV

/// PUT preconditions of RFC 4791 §5.3.2.1, body limits, request-body checks, lossless storage
/// and the whole-calendar GET.
@Suite struct PutPreconditionTests {
    static let href = Paths.object("alice", "crm-tasks", "p.ics")

    /// A PUT whose parent is not a collection the user can store in answers 409 Conflict (RFC
    /// 4918 §9.7.1), from the backend's write itself (the PUT method does not look the parent
    /// up first for this backend): a missing calendar, the calendar home itself, a path under
    /// an object, a missing address book, an unknown tree. Another user's tree stays 404.
    @Test(arguments: StoreKind.allCases) func putWithoutParentCollection(store: StoreKind)
        async throws
    {
        try await TestServer.run(store) { server in
            let alice = server.dav("alice")
            let event = ICS.event(uid: "p")
            #expect(try await alice.put(Self.href, event).status == 201)
            for path in [
                Paths.object("alice", "no-such-calendar", "x.ics"),
                Paths.home("alice") + "x.ics",
                Self.href + "/x.ics",
                "/caldav/addressbooks/alice/no-such-book/x.vcf",
                "/caldav/no-such-tree/x.ics",
            ] {
                let status = try await alice.put(path, event).status
                #expect(status == 409, "\(path)")
            }
            #expect(
                try await alice.put(Paths.object("bob", "crm-tasks", "x.ics"), event).status == 404)
            #expect(try await server.objectNames("alice", "crm-tasks") == ["p.ics"])
        }
    }

    @Test(arguments: StoreKind.allCases) func invalidCalendarData(store: StoreKind) async throws {
        try await TestServer.run(store) { server in
            let reply = try await server.dav("alice").put(Self.href, "this is not iCalendar\r\n")
            #expect(reply.status == 403)
            #expect(reply.errorConditions == [.caldav("valid-calendar-data")])
            #expect(try await server.objectNames("alice", "crm-tasks") == [])
        }
    }

    @Test(arguments: StoreKind.allCases) func twoUIDsAndMixedComponentsAreNotOneObjectResource(
        store: StoreKind
    ) async throws {
        try await TestServer.run(store) { server in
            let alice = server.dav("alice")
            let twoUIDs = ICS.calendar(
                ICS.eventLines(
                    uid: "a", summary: "A", start: "20260301T100000Z", end: "20260301T110000Z")
                    + ICS.eventLines(
                        uid: "b", summary: "B", start: "20260301T100000Z", end: "20260301T110000Z"))
            let reply1 = try await alice.put(Self.href, twoUIDs)
            #expect(reply1.status == 403)
            #expect(reply1.errorConditions == [.caldav("valid-calendar-object-resource")])

            let mixed = ICS.calendar(
                ICS.eventLines(
                    uid: "a", summary: "A", start: "20260301T100000Z", end: "20260301T110000Z")
                    + ICS.todoLines(uid: "a", summary: "T", completed: false))
            let reply2 = try await alice.put(Self.href, mixed)
            #expect(reply2.status == 403)
            #expect(reply2.errorConditions == [.caldav("valid-calendar-object-resource")])
            #expect(try await server.objectNames("alice", "crm-tasks") == [])
        }
    }

    @Test(arguments: StoreKind.allCases) func componentNotSupportedByCalendar(store: StoreKind)
        async throws
    {
        try await TestServer.run(store) { server in
            let alice = server.dav("alice")
            let made = try await alice.mkcalendar(
                Paths.calendar("alice", "meetings"), displayName: "Meetings", components: ["VEVENT"]
            )
            #expect(made.status == 201)
            let props = try await alice.propfind(
                Paths.calendar("alice", "meetings"),
                props: [.caldav("supported-calendar-component-set"), .dav.displayName])
            let calendar = try #require(try props.multiStatus().responses.first)
            #expect(
                calendar.property(.caldav("supported-calendar-component-set"))?.elements.compactMap
                {
                    $0.attributes[XMLName("", "name")]
                } == ["VEVENT"])
            #expect(calendar.property(.dav.displayName)?.text == "Meetings")

            let todo = try await alice.put(
                Paths.object("alice", "meetings", "t.ics"), ICS.todo(uid: "t"))
            #expect(todo.status == 403)
            #expect(todo.errorConditions == [.caldav("supported-calendar-component")])
            let event = try await alice.put(
                Paths.object("alice", "meetings", "e.ics"), ICS.event(uid: "e"))
            #expect(event.status == 201)
            #expect(try await server.objectNames("alice", "meetings") == ["e.ics"])
        }
    }

    @Test(arguments: StoreKind.allCases) func sameUIDUnderAnotherName(store: StoreKind) async throws
    {
        try await TestServer.run(store) { server in
            let alice = server.dav("alice")
            #expect(try await alice.put(Self.href, ICS.event(uid: "dup")).status == 201)
            let other = Paths.object("alice", "crm-tasks", "other.ics")
            let reply = try await alice.put(other, ICS.event(uid: "dup", summary: "Copy"))
            #expect(reply.status == 403)
            #expect(reply.errorConditions == [.caldav("no-uid-conflict")])
            // RFC 4791 §5.3.2.1: the element names the resource that already holds the UID.
            #expect(
                reply.errorCondition(.caldav("no-uid-conflict"))?.all(.dav.href).map(\.text)
                    == [Self.href])
            // The same UID at the same name is an update.
            #expect(
                try await alice.put(Self.href, ICS.event(uid: "dup", summary: "v2")).status == 204)
            #expect(try await server.objectNames("alice", "crm-tasks") == ["p.ics"])
        }
    }

    @Test(arguments: StoreKind.allCases) func bodyOverTheLimit(store: StoreKind) async throws {
        try await TestServer.run(store) { server in
            let description = String(repeating: "x", count: 70_000)
            let big = ICS.calendar(
                ICS.eventLines(
                    uid: "big", summary: "Big", start: "20260301T100000Z", end: "20260301T110000Z"
                )
                .dropLast() + ["DESCRIPTION:\(description)", "END:VEVENT"])
            let reply = try await server.dav("alice").put(Self.href, big)
            #expect(reply.status == 413)
            #expect(try await server.objectNames("alice", "crm-tasks") == [])
            let xml =
                "<?xml version=\"1.0\"?><D:propfind xmlns:D=\"DAV:\"><D:allprop/>"
                + String(repeating: "<!-- padding -->", count: 1100) + "</D:propfind>"
            let bigXML = try await server.dav("alice").request(
                "PROPFIND", Paths.home("alice"), headers: [("Depth", "0")], text: xml)
            #expect(bigXML.status == 413)
        }
    }

    @Test(arguments: StoreKind.allCases) func calendarInsideCalendar(store: StoreKind) async throws
    {
        try await TestServer.run(store) { server in
            let reply = try await server.dav("alice").mkcalendar(
                Paths.calendar("alice") + "inner/", displayName: "Inner")
            #expect(reply.status == 403)
            #expect(reply.errorConditions == [.caldav("calendar-collection-location-ok")])
        }
    }

    @Test(arguments: StoreKind.allCases) func propfindDepthInfinity(store: StoreKind) async throws {
        try await TestServer.run(store) { server in
            let reply = try await server.dav("alice").propfind(
                Paths.home("alice"), depth: "infinity", props: [.dav.displayName])
            #expect(reply.status == 403)
            #expect(reply.errorConditions == [.dav.propfindFiniteDepth])
            // No Depth header means infinity (RFC 4918 §9.1).
            let implicit = try await server.dav("alice").propfind(
                Paths.home("alice"), depth: nil, props: [.dav.displayName])
            #expect(implicit.status == 403)
            #expect(implicit.errorConditions == [.dav.propfindFiniteDepth])
        }
    }

    @Test(arguments: StoreKind.allCases) func malformedXMLAndEntityBomb(store: StoreKind)
        async throws
    {
        try await TestServer.run(store) { server in
            let alice = server.dav("alice")
            let malformed = try await alice.request(
                "PROPFIND", Paths.home("alice"), headers: [("Depth", "0")],
                text: "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:displayname></D:propfind>")
            #expect(malformed.status == 400)

            var bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
            bomb += "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
            for level in 2...9 {
                let previous = "&lol\(level - 1);"
                bomb += "<!ENTITY lol\(level) \"\(String(repeating: previous, count: 10))\">\n"
            }
            bomb += "]>\n<D:propfind xmlns:D=\"DAV:\"><D:prop><D:displayname>&lol9;"
            bomb += "</D:displayname></D:prop></D:propfind>"
            let clock = ContinuousClock()
            let start = clock.now
            let reply = try await alice.request(
                "PROPFIND", Paths.home("alice"), headers: [("Depth", "0")], text: bomb)
            #expect(reply.status == 400)
            // Expanded, the bomb is 10^9 copies of "lol" (3 GB): minutes or an out-of-memory
            // crash. Refused unexpanded it is milliseconds; 10 s leaves room for a loaded CI
            // machine (1 s failed there at 1.2 s) and still tells the two apart.
            #expect(clock.now - start < .seconds(10))
            let patch = try await alice.request(
                "PROPPATCH", Paths.calendar("alice"),
                text: bomb.replacingOccurrences(of: "propfind", with: "propertyupdate"))
            #expect(patch.status == 400)
        }
    }

    /// Unknown properties, parameters and alarms come back byte for byte.
    @Test(arguments: StoreKind.allCases) func losslessRoundTripAndStableETag(store: StoreKind)
        async throws
    {
        try await TestServer.run(store) { server in
            let alice = server.dav("alice")
            let body = ICS.lines([
                "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Example Corp.//Client 9.1//EN",
                "X-WR-CALNAME;X-CUSTOM=\"quoted, value\":Keep me", "BEGIN:VEVENT",
                "UID:lossless-1", "DTSTAMP:20260101T000000Z", "DTSTART:20260302T100000Z",
                "DURATION:PT45M",
                "SUMMARY;LANGUAGE=de;X-FOO=bar:Besprechung \\, mit Komma\\; und Strichpunkt",
                "X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC",
                "X-MOZ-LASTACK;X-PARAM=\"a:b\":20260101T000000Z",
                "ATTENDEE;CN=\"Dr. Jane Doe\";RSVP=TRUE;X-NUM-GUESTS=0:mailto:jane@example.com",
                "DESCRIPTION:A long line that a client folded somewhere in the middle of a w",
                " ord and Unicode: äöü €",
                "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER;RELATED=START:-PT15M",
                "DESCRIPTION:Reminder", "X-WR-ALARMUID:9D1B0C2E", "END:VALARM", "END:VEVENT",
                "END:VCALENDAR",
            ])
            let put = try await alice.put(Self.href, body)
            #expect(put.status == 201)
            let etag = try #require(put.header("ETag"))
            let first = try await alice.get(Self.href)
            let second = try await alice.get(Self.href)
            #expect(first.body == Array(body.utf8))
            #expect(first.header("ETag") == etag)
            #expect(second.header("ETag") == etag)
            let head = try await alice.request("HEAD", Self.href)
            #expect(head.header("ETag") == etag)
            let notModified = try await alice.get(Self.href, headers: [("If-None-Match", etag)])
            #expect(notModified.status == 304)
        }
    }

    @Test(arguments: StoreKind.allCases) func wholeCalendarGetAndExport(store: StoreKind)
        async throws
    {
        try await TestServer.run(store) { server in
            let alice = server.dav("alice")
            let berlinEvent = { (uid: String, day: String) in
                ICS.calendar(
                    ICS.berlin + [
                        "BEGIN:VEVENT", "UID:\(uid)", "DTSTAMP:20260101T000000Z",
                        "DTSTART;TZID=Europe/Berlin:202603\(day)T090000",
                        "DTEND;TZID=Europe/Berlin:202603\(day)T100000", "SUMMARY:\(uid)",
                        "END:VEVENT",
                    ])
            }
            #expect(
                try await alice.put(
                    Paths.object("alice", "crm-tasks", "b1.ics"), berlinEvent("b1", "02")
                )
                .status == 201)
            #expect(
                try await alice.put(
                    Paths.object("alice", "crm-tasks", "b2.ics"), berlinEvent("b2", "03")
                )
                .status == 201)
            #expect(
                try await alice.put(Paths.object("alice", "crm-tasks", "t.ics"), ICS.todo(uid: "t"))
                    .status == 201)
            for path in [Paths.calendar("alice"), Paths.calendar("alice") + "?export"] {
                let reply = try await alice.get(path)
                #expect(reply.status == 200, "\(path)")
                #expect(reply.header("Content-Type")?.hasPrefix("text/calendar") == true)
                let text = reply.text
                #expect(text.hasPrefix("BEGIN:VCALENDAR\r\n"))
                #expect(text.hasSuffix("END:VCALENDAR\r\n"))
                #expect(text.components(separatedBy: "BEGIN:VCALENDAR").count - 1 == 1)
                #expect(text.components(separatedBy: "BEGIN:VTIMEZONE").count - 1 == 1)
                #expect(text.components(separatedBy: "BEGIN:VEVENT").count - 1 == 2)
                #expect(text.components(separatedBy: "BEGIN:VTODO").count - 1 == 1)
                for uid in ["UID:b1\r\n", "UID:b2\r\n", "UID:t\r\n", "TZID:Europe/Berlin\r\n"] {
                    #expect(text.contains(uid), "\(path) lacks \(uid)")
                }
                let timeZone = try #require(text.range(of: "BEGIN:VTIMEZONE"))
                let firstEvent = try #require(text.range(of: "BEGIN:VEVENT"))
                #expect(timeZone.lowerBound < firstEvent.lowerBound)
            }
        }
    }
}

/// The WebDAV `If` header on a live stack (RFC 4918 §10.4; issue 8's hostile input): malformed
/// is 400 for every method, a false condition is 412 and writes nothing, a true one proceeds.
@Suite struct IfHeaderHTTPTests {
    static let href = Paths.object("alice", "crm-tasks", "if.ics")

    @Test(arguments: StoreKind.allCases) func ifHeaderGuardsWrites(store: StoreKind) async throws {
        try await TestServer.run(store) { server in
            let alice = server.dav("alice")
            let created = try await alice.put(Self.href, ICS.event(uid: "if-1", summary: "one"))
            #expect(created.status == 201)
            let etag = try #require(created.headers[.eTag])
            let update = ICS.event(uid: "if-1", summary: "two")
            for bad in ["(<garbage", "([\"nope\"]", "Not"] {
                #expect(
                    try await alice.put(Self.href, update, headers: [("If", bad)]).status == 400)
                #expect(
                    try await alice.propfind(
                        Paths.calendar("alice"), props: [.dav.getETag], headers: [("If", bad)]
                    ).status == 400)
            }
            let stale = try await alice.put(Self.href, update, headers: [("If", "([\"stale\"])")])
            #expect(stale.status == 412)
            let locked = try await alice.delete(Self.href, headers: [("If", "(<urn:uuid:x>)")])
            #expect(locked.status == 412)
            #expect(try await alice.get(Self.href).text.contains("SUMMARY:one"))
            let fresh = try await alice.put(Self.href, update, headers: [("If", "([\(etag)])")])
            #expect(fresh.status == 204)
            #expect(try await alice.get(Self.href).text.contains("SUMMARY:two"))
            let moveGuarded = try await alice.request(
                "MOVE", Self.href,
                headers: [
                    ("Destination", Paths.object("alice", "crm-tasks", "moved.ics")),
                    ("If", "([\(etag)])"),
                ])
            #expect(moveGuarded.status == 412)
            let noLock = try await alice.delete(Self.href, headers: [("If", "(Not <urn:uuid:x>)")])
            #expect(noLock.status == 204)
        }
    }
}
