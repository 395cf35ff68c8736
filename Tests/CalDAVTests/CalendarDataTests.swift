import CalDAV
import Foundation
import ICalendar
import Testing
import WebDAV

/// RFC 4791 §9.6 calendar-data retrieval, on the RFC's own example objects (Appendix B) with the
/// requests of §7.8.1 (partial retrieval), §7.8.2 (limit-recurrence-set), §7.8.3 (expand) and
/// §7.8.4 (limit-freebusy-set).
@Suite struct CalendarDataTests {
    func apply(_ request: String, to text: String) throws -> String {
        let parsed = try CalendarDataRequest(xml(request))
        return try parsed.apply(
            to: Array(text.utf8), calendar: Component(parsing: text), resolver: FixedZones())
    }

    @Test func wholeObjectIsReturnedByteForByte() throws {
        let stored =
            "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:odd\nX-ODD;  x=y:keep  me\nEND:VEVENT\nEND:VCALENDAR\n"
        #expect(try apply("<C:calendar-data/>", to: stored) == stored)
        #expect(
            try apply(
                "<C:calendar-data><C:comp name=\"VCALENDAR\"><C:allprop/><C:allcomp/></C:comp></C:calendar-data>",
                to: stored) == stored)
    }

    @Test func partialRetrieval() throws {
        let request = """
            <C:calendar-data><C:comp name="VCALENDAR"><C:prop name="VERSION"/>\
            <C:comp name="VEVENT"><C:prop name="SUMMARY"/><C:prop name="UID"/><C:prop name="DTSTART"/>\
            <C:prop name="DTEND"/><C:prop name="DURATION"/><C:prop name="RRULE"/><C:prop name="RDATE"/>\
            <C:prop name="EXRULE"/><C:prop name="EXDATE"/><C:prop name="RECURRENCE-ID"/></C:comp>\
            <C:comp name="VTIMEZONE"/></C:comp></C:calendar-data>
            """
        let zone = RFC4791Examples.timezone.split(separator: "\n").map(String.init)
        #expect(
            try apply(request, to: RFC4791Examples.abcd3)
                == crlf(
                    ["BEGIN:VCALENDAR", "VERSION:2.0"] + zone + [
                        "BEGIN:VEVENT", "DTSTART;TZID=US/Eastern:20060104T100000", "DURATION:PT1H",
                        "SUMMARY:Event #3", "UID:DC6C50A017428C5216A2F1CD@example.com",
                        "END:VEVENT",
                        "END:VCALENDAR",
                    ]))
    }

    @Test func noValueKeepsTheNameOnly() throws {
        let request = """
            <C:calendar-data><C:comp name="VCALENDAR"><C:comp name="VEVENT">\
            <C:prop name="UID"/><C:prop name="ATTENDEE" novalue="yes"/></C:comp></C:comp></C:calendar-data>
            """
        #expect(
            try apply(request, to: RFC4791Examples.abcd3)
                == crlf([
                    "BEGIN:VCALENDAR", "BEGIN:VEVENT", "ATTENDEE;PARTSTAT=ACCEPTED;ROLE=CHAIR:",
                    "ATTENDEE;PARTSTAT=NEEDS-ACTION:", "UID:DC6C50A017428C5216A2F1CD@example.com",
                    "END:VEVENT", "END:VCALENDAR",
                ]))
    }

    @Test func expandRecurringEvent() throws {
        let request = """
            <C:calendar-data><C:expand start="20060103T000000Z" end="20060105T000000Z"/></C:calendar-data>
            """
        #expect(
            try apply(request, to: RFC4791Examples.abcd2)
                == crlf([
                    "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Example Corp.//CalDAV Client//EN",
                    "BEGIN:VEVENT", "DTSTAMP:20060206T001121Z", "DTSTART:20060103T170000Z",
                    "DURATION:PT1H", "SUMMARY:Event #2", "UID:00959BC664CA650E933C892C@example.com",
                    "RECURRENCE-ID:20060103T170000Z", "END:VEVENT",
                    "BEGIN:VEVENT", "DTSTAMP:20060206T001121Z", "DTSTART:20060104T190000Z",
                    "DURATION:PT1H", "RECURRENCE-ID:20060104T170000Z", "SUMMARY:Event #2 bis",
                    "UID:00959BC664CA650E933C892C@example.com", "END:VEVENT", "END:VCALENDAR",
                ]))
    }

    @Test func expandNonRecurringEventConvertsToUTC() throws {
        let request = """
            <C:calendar-data><C:expand start="20060103T000000Z" end="20060105T000000Z"/></C:calendar-data>
            """
        let out = try apply(request, to: RFC4791Examples.abcd3)
        #expect(out.contains("DTSTART:20060104T150000Z\r\n"))
        #expect(!out.contains("RECURRENCE-ID"))
        #expect(!out.contains("VTIMEZONE"))
        let outside = try apply(
            "<C:calendar-data><C:expand start=\"20060105T000000Z\" end=\"20060106T000000Z\"/></C:calendar-data>",
            to: RFC4791Examples.abcd3)
        #expect(
            outside
                == crlf([
                    "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Example Corp.//CalDAV Client//EN",
                    "END:VCALENDAR",
                ]))
    }

    @Test func limitRecurrenceSet() throws {
        func summaries(_ start: String, _ end: String) throws -> [String] {
            let out = try apply(
                "<C:calendar-data><C:limit-recurrence-set start=\"\(start)\" end=\"\(end)\"/></C:calendar-data>",
                to: RFC4791Examples.abcd2)
            return try Component(parsing: out).components(named: "VEVENT").compactMap {
                $0.property("SUMMARY")?.text
            }
        }
        #expect(try summaries("20060103T000000Z", "20060104T000000Z") == ["Event #2"])
        #expect(
            try summaries("20060104T000000Z", "20060105T000000Z") == ["Event #2", "Event #2 bis"])
        let kept = try apply(
            "<C:calendar-data><C:limit-recurrence-set start=\"20060104T000000Z\" end=\"20060105T000000Z\"/></C:calendar-data>",
            to: RFC4791Examples.abcd2)
        #expect(kept.contains("RRULE:FREQ=DAILY;COUNT=5\r\n"))
        #expect(kept.contains("TZID:US/Eastern\r\n"))
    }

    @Test func limitFreeBusySet() throws {
        let out = try apply(
            """
            <C:calendar-data><C:limit-freebusy-set start="20060102T000000Z" end="20060105T000000Z"/>\
            </C:calendar-data>
            """, to: RFC4791Examples.abcd8)
        let periods = try Component(parsing: out).components(named: "VFREEBUSY").first?
            .properties(named: "FREEBUSY").map(\.value)
        #expect(
            periods == [
                "20060102T100000Z/20060102T120000Z", "20060103T100000Z/20060103T120000Z",
                "20060104T100000Z/20060104T120000Z",
            ])
    }
}

/// CALDAV:expand is bounded per recurrence set (issue 8: `FREQ=SECONDLY` or BYSECOND explosions
/// would otherwise make millions of components for one object).
@Suite struct ExpandLimitTests {
    static func event(_ rule: String) -> String {
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:boom\r\n"
            + "DTSTAMP:20260101T000000Z\r\nDTSTART:20260101T000000Z\r\nDURATION:PT1S\r\n"
            + "RRULE:\(rule)\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    }

    func expand(_ text: String, start: String, end: String) throws(DAVError) -> String {
        let request = CalendarDataRequest(
            expand: TimeRange(
                start: (try? DateTimeValue(parsing: start))?.utcSeconds(),
                end: (try? DateTimeValue(parsing: end))?.utcSeconds()))
        guard let calendar = try? Component(parsing: text) else { fatalError("fixture") }
        return try request.apply(to: Array(text.utf8), calendar: calendar, resolver: nil)
    }

    @Test func explosiveRuleIsRefusedWithMaxInstances() throws {
        let error = #expect(throws: DAVError.self) {
            _ = try expand(
                Self.event("FREQ=SECONDLY;COUNT=100000000"), start: "20260101T000000Z",
                end: "20270101T000000Z")
        }
        #expect(error?.status == 403)
        #expect(error?.condition?.name == "max-instances")
    }

    @Test func exactlyTheLimitIsStillExpanded() throws {
        let limit = CalendarDataRequest.maximumExpandedInstances
        let text = try expand(
            Self.event("FREQ=MINUTELY;COUNT=\(limit)"), start: "20260101T000000Z",
            end: "20270101T000000Z")
        #expect(text.components(separatedBy: "BEGIN:VEVENT").count - 1 == limit)
        #expect(throws: DAVError.self) {
            _ = try expand(
                Self.event("FREQ=MINUTELY;COUNT=\(limit + 1)"), start: "20260101T000000Z",
                end: "20270101T000000Z")
        }
    }
}
