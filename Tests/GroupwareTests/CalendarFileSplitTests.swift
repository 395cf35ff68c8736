import Groupware
import Testing

/// Splitting an `.ics` file into calendar object resources by UID (`cadence import`).
@Suite struct CalendarFileSplitTests {
    static func text(_ data: [UInt8]) -> String { String(decoding: data, as: UTF8.self) }

    @Test func groupsByUIDAndCopiesTheTimeZonesUsed() throws {
        let file =
            [
                "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Other//EN", "METHOD:PUBLISH",
                "X-WR-CALNAME:Team",
                "BEGIN:VTIMEZONE", "TZID:Europe/Berlin", "BEGIN:STANDARD",
                "DTSTART:19701025T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "END:STANDARD",
                "END:VTIMEZONE",
                "BEGIN:VTIMEZONE", "TZID:America/New_York", "BEGIN:STANDARD",
                "DTSTART:19701101T020000", "TZOFFSETFROM:-0400", "TZOFFSETTO:-0500", "END:STANDARD",
                "END:VTIMEZONE",
                "BEGIN:VEVENT", "UID:a", "DTSTART;TZID=\"Europe/Berlin\":20260302T090000",
                "RRULE:FREQ=DAILY", "END:VEVENT",
                "BEGIN:VEVENT", "UID:b", "DTSTART:20260302T090000Z",
                "DESCRIPTION:a long line that is folded",
                " across two lines", "END:VEVENT",
                "BEGIN:VEVENT", "UID:a", "RECURRENCE-ID;TZID=Europe/Berlin:20260303T090000",
                "DTSTART;TZID=Europe/Berlin:20260303T100000", "END:VEVENT",
                "END:VCALENDAR",
            ].joined(separator: "\r\n") + "\r\n"
        let split = try #require(CalendarFileSplit.split(Array(file.utf8)))
        #expect(split.skipped.isEmpty)
        #expect(split.objects.map(\.uid) == ["a", "b"])
        #expect(split.objects.map(\.line) == [22, 27])
        let a = Self.text(split.objects[0].data)
        #expect(a.components(separatedBy: "BEGIN:VEVENT").count == 3)
        #expect(a.contains("TZID:Europe/Berlin"))
        #expect(!a.contains("America/New_York"))
        #expect(!a.contains("METHOD") && !a.contains("X-WR-CALNAME"))
        #expect(a.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other//EN\r\n"))
        let b = Self.text(split.objects[1].data)
        #expect(!b.contains("VTIMEZONE"))
        #expect(b.contains("DESCRIPTION:a long line that is folded\r\n across two lines\r\n"))
    }

    @Test func reportsWhatItCannotUse() throws {
        let file = [
            "BEGIN:VCALENDAR", "BEGIN:VEVENT", "SUMMARY:no uid", "END:VEVENT",
            "BEGIN:VTIMEZONE", "END:VTIMEZONE", "BEGIN:VTODO", "UID:t", "END:VTODO",
            "END:VCALENDAR",
        ].joined(separator: "\n")
        let split = try #require(CalendarFileSplit.split(Array(file.utf8)))
        #expect(split.objects.map(\.uid) == ["t"])
        #expect(
            Self.text(split.objects[0].data).hasPrefix(
                "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"))
        #expect(split.skipped.map(\.line).sorted() == [2, 5])
        let broken = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nEND:VTODO\nEND:VCALENDAR\n"
        let cut = try #require(CalendarFileSplit.split(Array(broken.utf8)))
        #expect(cut.objects.isEmpty)
        #expect(cut.skipped.first?.line == 4)
    }

    @Test func nothingReadableIsNil() {
        #expect(CalendarFileSplit.split(Array("hello\nworld\n".utf8)) == nil)
        #expect(CalendarFileSplit.split([0xFF, 0xFE, 0x00]) == nil)
        #expect(CalendarFileSplit.split([]) == nil)
    }
}
