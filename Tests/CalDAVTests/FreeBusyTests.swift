import CalDAV
import ICalendar
import Testing

/// RFC 4791 §7.10 free-busy-query.
@Suite struct FreeBusyTests {
    @Test func rfcExample7_10_1() throws {
        let range = try FreeBusy.query(
            xml(
                "<C:free-busy-query><C:time-range start=\"20060104T140000Z\" end=\"20060105T220000Z\"/></C:free-busy-query>"
            ))
        #expect(range == TimeRange(start: 1_136_383_200, end: 1_136_498_400))
        let objects = try RFC4791Examples.all.map { try Component(parsing: $0) }
        let result = FreeBusy.compute(
            objects: objects, range: range, resolver: FixedZones(), now: 1_106_643_600)
        #expect(
            result.serialized()
                == crlf([
                    "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Cadence//CalDAV Server//EN",
                    "BEGIN:VFREEBUSY", "DTSTAMP:20050125T090000Z", "DTSTART:20060104T140000Z",
                    "DTEND:20060105T220000Z",
                    "FREEBUSY;FBTYPE=BUSY-TENTATIVE:20060104T150000Z/PT1H",
                    "FREEBUSY:20060104T190000Z/PT1H",
                    "FREEBUSY;FBTYPE=BUSY-UNAVAILABLE:20060105T100000Z/PT2H",
                    "FREEBUSY:20060105T170000Z/PT1H", "END:VFREEBUSY", "END:VCALENDAR",
                ]))
    }

    @Test func mergesClipsAndSkipsTransparentAndCancelled() throws {
        let object = try calendar(
            """
            BEGIN:VEVENT
            UID:a
            DTSTART:20060104T090000Z
            DTEND:20060104T110000Z
            END:VEVENT
            BEGIN:VEVENT
            UID:b
            DTSTART:20060104T103000Z
            DTEND:20060104T120000Z
            END:VEVENT
            BEGIN:VEVENT
            UID:c
            DTSTART:20060104T130000Z
            DTEND:20060104T140000Z
            TRANSP:TRANSPARENT
            END:VEVENT
            BEGIN:VEVENT
            UID:d
            DTSTART:20060104T150000Z
            DTEND:20060104T160000Z
            STATUS:CANCELLED
            END:VEVENT
            BEGIN:VEVENT
            UID:e
            DTSTART:20060104T170000Z
            END:VEVENT
            """)
        let result = FreeBusy.compute(
            objects: [object], range: TimeRange(start: 1_136_368_800, end: 1_136_419_200),
            resolver: nil, now: 0)
        let freeBusy = try #require(result.components.first)
        #expect(freeBusy.properties(named: "FREEBUSY").map(\.value) == ["20060104T100000Z/PT2H"])
        #expect(freeBusy["DTSTART"] == "20060104T100000Z")
    }

    @Test func recurringBusyTime() throws {
        let object = try calendar(
            "BEGIN:VEVENT\nUID:r\nDTSTART:20200101T090000Z\nDURATION:PT1H\nRRULE:FREQ=DAILY\nEND:VEVENT"
        )
        let result = FreeBusy.compute(
            objects: [object], range: TimeRange(start: 1_907_712_000, end: 1_907_884_800),
            resolver: nil, now: 0)
        #expect(
            result.components.first?.properties(named: "FREEBUSY").map(\.value) == [
                "20300615T090000Z/PT1H", "20300616T090000Z/PT1H",
            ])
    }

    @Test func queryErrors() {
        #expect(
            davError { _ = try FreeBusy.query(xml("<C:free-busy-query/>")) }?.status == 400)
        #expect(
            davError {
                _ = try FreeBusy.query(
                    xml("<C:free-busy-query><C:time-range start=\"2006\"/></C:free-busy-query>"))
            }?.condition?.name == "valid-filter")
    }
}
