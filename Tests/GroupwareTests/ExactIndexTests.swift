import CalDAV
import ICalendar
import Storage
import Testing
import WebDAV

@testable import Groupware

/// The exact instance the index stores for non-recurring events answers the common VEVENT
/// time-range query exactly as the parsed evaluation does (RFC 4791 §9.9).
@Suite struct ExactIndexTests {
    static let calendar = CollectionRecord(
        id: 1, ownerID: 1, path: "calendar", kind: .calendar, displayName: nil,
        calendarDescription: nil, color: nil, order: nil, timeZone: nil, supportedComponents: [],
        syncToken: 0, createdAt: 0, modifiedAt: 0)

    static let berlin = """
        BEGIN:VTIMEZONE\r
        TZID:Europe/Berlin\r
        BEGIN:DAYLIGHT\r
        TZOFFSETFROM:+0100\r
        TZOFFSETTO:+0200\r
        DTSTART:19700329T020000\r
        RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r
        END:DAYLIGHT\r
        BEGIN:STANDARD\r
        TZOFFSETFROM:+0200\r
        TZOFFSETTO:+0100\r
        DTSTART:19701025T030000\r
        RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r
        END:STANDARD\r
        END:VTIMEZONE\r

        """

    static func object(
        _ lines: [String], timeZone: Bool = false, override: [String]? = nil, uid: String = "x@test"
    ) -> [UInt8] {
        var text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        if timeZone { text += berlin }
        text += "BEGIN:VEVENT\r\nUID:\(uid)\r\nDTSTAMP:20250101T000000Z\r\n"
        for line in lines { text += line + "\r\n" }
        text += "END:VEVENT\r\n"
        if let override {
            text += "BEGIN:VEVENT\r\nUID:\(uid)\r\nDTSTAMP:20250101T000000Z\r\n"
            for line in override { text += line + "\r\n" }
            text += "END:VEVENT\r\n"
        }
        text += "END:VCALENDAR\r\n"
        return Array(text.utf8)
    }

    static func instances(_ index: ObjectIndex) -> [[Int64]]? {
        index.exactInstances?.map { [$0.start, $0.end] }
    }

    static func index(_ data: [UInt8]) throws -> ObjectIndex {
        try CalendarIngest.ingest(data, contentType: nil, into: calendar, maxSize: 1 << 20).index
    }

    /// What the parsed evaluation answers for `VCALENDAR > VEVENT[time-range]`.
    static func parsedMatch(_ data: [UInt8], _ range: TimeRange, timeZone: String?) throws -> Bool {
        let parsed = try Component(parsing: data)
        let filter = CompFilter(
            name: "VCALENDAR", compFilters: [CompFilter(name: "VEVENT", timeRange: range)])
        #expect(filter.eventTimeRange == range)
        return filter.matches(
            parsed, resolver: CalendarTimeZones.resolver(for: parsed), timeZone: timeZone)
    }

    @Test func exactInstances() throws {
        // 2026-03-01T10:00:00Z = 1772359200.
        let utc = try Self.index(
            Self.object(["DTSTART:20260301T100000Z", "DTEND:20260301T110000Z"]))
        #expect(Self.instances(utc) == [[1_772_359_200, 1_772_362_800]])
        let instant = try Self.index(Self.object(["DTSTART:20260301T100000Z"]))
        #expect(Self.instances(instant) == [[1_772_359_200, 1_772_359_200]])
        let zoned = try Self.index(
            Self.object(
                ["DTSTART;TZID=Europe/Berlin:20260301T110000", "DURATION:PT30M"], timeZone: true))
        #expect(Self.instances(zoned) == [[1_772_359_200, 1_772_361_000]])
        // Weekly, five instances: the second excluded, the third moved by an hour.
        let weekly = try Self.index(
            Self.object(
                [
                    "DTSTART;TZID=Europe/Berlin:20260301T110000", "DURATION:PT30M",
                    "RRULE:FREQ=WEEKLY;COUNT=5", "EXDATE;TZID=Europe/Berlin:20260308T110000",
                ], timeZone: true,
                override: [
                    "RECURRENCE-ID;TZID=Europe/Berlin:20260315T110000",
                    "DTSTART;TZID=Europe/Berlin:20260315T120000",
                    "DTEND;TZID=Europe/Berlin:20260315T123000",
                ]))
        let week: Int64 = 7 * 86_400
        #expect(
            Self.instances(weekly) == [
                [1_772_359_200, 1_772_361_000],
                [1_772_359_200 + 2 * week + 3600, 1_772_361_000 + 2 * week + 3600],
                [1_772_359_200 + 3 * week, 1_772_361_000 + 3 * week],
                // 2026-03-29 is summer time in Berlin: 11:00 is 09:00Z, an hour earlier in UTC.
                [1_772_359_200 + 4 * week - 3600, 1_772_361_000 + 4 * week - 3600],
            ])
        // Whatever depends on the query's zone, or recurs, is evaluated by parsing.
        for lines in [
            ["DTSTART:20260301T100000", "DTEND:20260301T110000"],
            ["DTSTART;VALUE=DATE:20260301"],
            ["DTSTART:20260301T100000Z", "DTEND:20260301T110000"],
            ["DTSTART:20260301T100000Z", "RRULE:FREQ=DAILY"],
            ["DTSTART:20260301T100000Z", "RRULE:FREQ=DAILY;COUNT=501"],
            ["DTSTART:20260301T100000Z", "RDATE:20260302T100000Z"],
        ] {
            #expect(try Self.index(Self.object(lines)).exactInstances == nil, "\(lines)")
        }
        #expect(
            try Self.index(Self.object(["DTSTART:20260301T100000Z", "RRULE:FREQ=DAILY;COUNT=500"]))
                .exactInstances?.count == 500)
        #expect(
            try Self.index(Self.object(["DTSTART:20260301T100000Z", "EXDATE:20260301T100000Z"]))
                .exactInstances == [])
    }

    @Test func indexAnswerEqualsParsedAnswer() throws {
        var generator = SplitMix(seed: 4791)
        let base: Int64 = 1_774_310_400  // 2026-03-24T00:00:00Z, days before the DST change
        var exact = 0
        for _ in 0..<400 {
            let data = Self.randomObject(&generator, base: base)
            let index = try Self.index(data)
            for _ in 0..<8 {
                let range = Self.randomRange(&generator, base: base, halfHours: 6)
                for zone in [nil, "America/New_York"] {
                    let expected = try Self.parsedMatch(data, range, timeZone: zone)
                    if let instances = index.exactInstances {
                        exact += 1
                        #expect(
                            range.matches(instances: instances.map { ($0.start, $0.end) })
                                == expected, "\(String(decoding: data, as: UTF8.self)) \(range)")
                    }
                    // The pre-filter never loses a match.
                    if expected {
                        #expect(index.mayOverlap(start: range.start, end: range.end))
                    }
                }
            }
        }
        #expect(exact > 5000)
    }

    /// A calendar-query of the common form answered through the index (the exact test in the
    /// store, then the bodies by name; the objects without exact instances by parsing) lists
    /// exactly the objects the parsed evaluation matches.
    @Test func queryThroughIndexEqualsParsedAnswer() async throws {
        let store = InMemoryStore()
        let user = try await store.createUser(
            NewUser(name: "ann", email: "ann@example.com", displayName: "Ann", passwordHash: "x"))
        let record = try await store.createCollection(
            ownerID: user.id, NewCollection(path: "work", kind: .calendar))
        var generator = SplitMix(seed: 6578)
        let base: Int64 = 1_774_310_400
        var objects: [String: [UInt8]] = [:]
        for number in 0..<150 {
            let name = "obj-\(number).ics"
            let data = Self.randomObject(&generator, base: base, uid: "\(number)@test")
            let index = try CalendarIngest.ingest(
                data, contentType: nil, into: record, maxSize: 1 << 20
            ).index
            _ = try await store.putObject(
                ObjectWrite(
                    name: name, data: data, contentType: "text/calendar; charset=utf-8",
                    index: index),
                collectionID: record.id, precondition: .none)
            objects[name] = data
        }
        let backend = GroupwareBackend(store: store, user: user)
        let calendar = StoredCalendar(record: record, userName: "ann", maxResourceSize: 1 << 20)
        let server = DAVServer(
            methods: [ReportMethod()],
            providers: [
                WebDAVPropertyProvider(principalCollections: []), CalDAVPropertyProvider(),
            ],
            reports: [CalendarQueryReport()], complianceClasses: "1, calendar-access")
        var indexed = 0
        for _ in 0..<40 {
            let range = Self.randomRange(&generator, base: base, halfHours: 12)
            let bounds =
                (range.start.map { " start=\"\(Self.utcText($0))Z\"" } ?? "")
                + (range.end.map { " end=\"\(Self.utcText($0))Z\"" } ?? "")
            let body = """
                <c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">\
                <d:prop><d:getetag/><c:calendar-data/></d:prop><c:filter>\
                <c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT">\
                <c:time-range\(bounds)/></c:comp-filter></c:comp-filter></c:filter>\
                </c:calendar-query>
                """
            let request = DAVRequest(
                method: "REPORT", path: calendar.path, headers: ["Depth": "1"],
                body: Array(body.utf8))
            let context = DAVContext(
                userName: "ann", principal: CadencePaths.principal("ann"), request: request)
            let response = try await server.handle(request, context: context, backend: backend)
                .collected()
            #expect(response.status == 207)
            var answered: [String: String] = [:]
            var listed = 0
            for element in try XMLReader.parse(response.body).all(.dav.response) {
                let href = try #require(element.first(.dav.href)?.trimmedText)
                let name = String(href.split(separator: "/").last ?? "")
                answered[name] =
                    element.first(.dav.propstat)?.first(.dav.prop)?.first(.calDAV.calendarData)?
                    .text
                listed += 1
            }
            let expected = try objects.filter {
                try Self.parsedMatch($0.value, range, timeZone: nil)
            }
            #expect(listed == answered.count, "each object once")
            #expect(Set(answered.keys) == Set(expected.keys), "\(range)")
            for (name, text) in answered {
                #expect(text == objects[name].map { String(decoding: $0, as: UTF8.self) })
            }
            let matches = try #require(
                try await backend.eventTimeRangeMatches(in: calendar, range: range))
            #expect(Set(matches.matching).isSubset(of: Set(expected.keys)))
            indexed += matches.matching.count
        }
        // Most answers came from the index, without a parse.
        #expect(indexed > 200)
    }

    /// A random VEVENT near `base`: UTC, zoned or floating, a duration or an end, daily or
    /// weekly with excluded or moved instances around the DST change.
    static func randomObject(_ generator: inout SplitMix, base: Int64, uid: String = "x@test")
        -> [UInt8]
    {
        let start = base + Int64(generator.next(upTo: 40)) * 1800
        let startText = Self.utcText(start)
        var lines: [String]
        var timeZone = false
        var override: [String]?
        switch generator.next(upTo: 7) {
        case 0: lines = ["DTSTART:\(startText)Z"]
        case 1:
            lines = [
                "DTSTART:\(startText)Z",
                "DTEND:\(Self.utcText(start + Int64(generator.next(upTo: 5)) * 1800))Z",
            ]
        case 2:
            lines = ["DTSTART:\(startText)Z", "DURATION:PT\(generator.next(upTo: 4) * 30)M"]
        case 3:
            lines = [
                "DTSTART;TZID=Europe/Berlin:\(startText)",
                "DTEND;TZID=Europe/Berlin:\(Self.utcText(start + 3600))",
            ]
            timeZone = true
        case 4:
            lines = ["DTSTART:\(startText)", "DTEND:\(Self.utcText(start + 3600))"]
        default:
            // Daily or weekly, some instances excluded or moved, around the DST change.
            let step: Int64 = generator.next(upTo: 2) == 0 ? 86_400 : 7 * 86_400
            let zone = generator.next(upTo: 2) == 0
            let form = { (seconds: Int64) in
                zone
                    ? "TZID=Europe/Berlin:\(Self.utcText(seconds))"
                    : "VALUE=DATE-TIME:\(Self.utcText(seconds))Z"
            }
            lines = [
                "DTSTART;\(form(start))", "DURATION:PT\(generator.next(upTo: 3) * 45)M",
                "RRULE:FREQ=\(step == 86_400 ? "DAILY" : "WEEKLY");COUNT=\(generator.next(upTo: 6) + 1)",
            ]
            if generator.next(upTo: 2) == 0 {
                lines.append("EXDATE;\(form(start + step * Int64(generator.next(upTo: 3))))")
            }
            if generator.next(upTo: 2) == 0 {
                let moved = start + step * Int64(generator.next(upTo: 4))
                override = [
                    "RECURRENCE-ID;\(form(moved))",
                    "DTSTART;\(form(moved + Int64(generator.next(upTo: 5)) * 1800 - 3600))",
                ]
            }
            timeZone = zone
        }
        return object(lines, timeZone: timeZone, override: override, uid: uid)
    }

    /// A random query range near `base`, up to `halfHours` half hours long, sometimes open on
    /// one side.
    static func randomRange(_ generator: inout SplitMix, base: Int64, halfHours: Int) -> TimeRange {
        let lower = base + Int64(generator.next(upTo: 44)) * 1800 - 3600
        let open = generator.next(upTo: 6)
        return TimeRange(
            start: open == 0 ? nil : lower,
            end: open == 1 ? nil : lower + Int64(generator.next(upTo: halfHours) + 1) * 1800)
    }

    static func utcText(_ seconds: Int64) -> String {
        CalendarDateTime(secondsSinceEpoch: seconds).description
    }
}

/// A small deterministic generator (SplitMix64), so failures reproduce.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(upTo bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int(z % UInt64(bound))
    }
}
