import ICalendar
import Testing

@testable import CalDAV

/// `ParsedCalendars`: a parse kept by the exact bytes answers only those bytes.
@Suite struct ParsedCalendarsTests {
    static func event(_ summary: String) -> [UInt8] {
        Array(
            ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
                + "UID:parsed-cache\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260301T090000Z\r\n"
                + "SUMMARY:\(summary)\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").utf8)
    }

    @Test func aKeptParseIsTheParseOfTheSameBytes() throws {
        let bytes = Self.event("first")
        let fresh = try Component(parsing: bytes)
        #expect(ParsedCalendars.component(parsing: bytes) == fresh)
        // Asked again, from another array with the same contents: the same component.
        #expect(ParsedCalendars.component(parsing: Array(bytes)) == fresh)
    }

    @Test func bytesThatDifferByOneOctetAreParsedThemselves() throws {
        let first = Self.event("aaaa")
        let second = Self.event("aaab")
        _ = ParsedCalendars.component(parsing: first)
        let parsed = try #require(ParsedCalendars.component(parsing: second))
        let summary = parsed.components(named: "VEVENT").first?.property("SUMMARY")?.text
        #expect(summary == "aaab")
    }

    @Test func whatDoesNotParseIsNil() {
        #expect(ParsedCalendars.component(parsing: Array("not a calendar\r\n".utf8)) == nil)
        #expect(ParsedCalendars.component(parsing: []) == nil)
    }
}
