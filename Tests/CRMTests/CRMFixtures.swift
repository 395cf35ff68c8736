import CRM
import ICalendar

/// Client captures and helpers shared by the mapping tests.
enum CRMFixtures {
    /// An Apple Calendar (macOS) meeting: VTIMEZONE, organizer listed as attendee, two other
    /// attendees, a translated category, ATTACH, X-APPLE-* and X-MOZ-* lines, two alarms.
    static let appleMeeting = """
        BEGIN:VCALENDAR
        VERSION:2.0
        PRODID:-//Apple Inc.//macOS 14.5//EN
        CALSCALE:GREGORIAN
        BEGIN:VTIMEZONE
        TZID:Europe/Berlin
        BEGIN:DAYLIGHT
        TZOFFSETFROM:+0100
        RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
        DTSTART:19810329T020000
        TZNAME:CEST
        TZOFFSETTO:+0200
        END:DAYLIGHT
        BEGIN:STANDARD
        TZOFFSETFROM:+0200
        RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
        DTSTART:19961027T030000
        TZNAME:CET
        TZOFFSETTO:+0100
        END:STANDARD
        END:VTIMEZONE
        BEGIN:VEVENT
        CREATED:20260301T090000Z
        UID:6C1B2F0E-1234-4A5B-9C8D-0123456789AB
        DTEND;TZID=Europe/Berlin:20260415T110000
        TRANSP:OPAQUE
        X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC
        SUMMARY:Quarterly review
        LAST-MODIFIED:20260301T091500Z
        DTSTAMP:20260301T091500Z
        DTSTART;TZID=Europe/Berlin:20260415T100000
        SEQUENCE:2
        ORGANIZER;CN=Sam Seller:mailto:sam@cadence.example
        ATTENDEE;CN=Sam Seller;PARTSTAT=ACCEPTED;ROLE=CHAIR:mailto:sam@cadence.example
        ATTENDEE;CN=Jane Roe;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:Jane@ACME.example
        ATTENDEE;CN=Max Muster;PARTSTAT=TENTATIVE:mailto:max@other.example
        CATEGORIES:Besprechung,Q2
        LOCATION:ACME HQ
        X-APPLE-STRUCTURED-LOCATION;VALUE=URI;X-TITLE=ACME HQ:geo:52.52,13.40
        ATTACH;FMTTYPE=application/pdf:https://files.example/agenda.pdf
        X-MOZ-GENERATION:3
        X-CADENCE-CUSTOM:kept
        BEGIN:VALARM
        X-WR-ALARMUID:A1
        UID:A1
        TRIGGER:-PT30M
        ACTION:DISPLAY
        DESCRIPTION:Reminder
        X-APPLE-DEFAULT-ALARM:TRUE
        END:VALARM
        BEGIN:VALARM
        ACTION:EMAIL
        TRIGGER:-P1D
        SUMMARY:Mail
        DESCRIPTION:Mail reminder
        ATTENDEE:mailto:sam@cadence.example
        END:VALARM
        END:VEVENT
        END:VCALENDAR

        """

    /// A Thunderbird to-do: Mozilla VTIMEZONE, a French category, a CONTACT with a phone,
    /// X-MOZ-* lines, an alarm relative to DUE.
    static let thunderbirdTodo = """
        BEGIN:VCALENDAR
        PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN
        VERSION:2.0
        BEGIN:VTIMEZONE
        TZID:America/New_York
        BEGIN:DAYLIGHT
        TZOFFSETFROM:-0500
        TZOFFSETTO:-0400
        TZNAME:EDT
        DTSTART:19700308T020000
        RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3
        END:DAYLIGHT
        BEGIN:STANDARD
        TZOFFSETFROM:-0400
        TZOFFSETTO:-0500
        TZNAME:EST
        DTSTART:19701101T020000
        RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11
        END:STANDARD
        END:VTIMEZONE
        BEGIN:VTODO
        CREATED:20260310T140000Z
        LAST-MODIFIED:20260310T141000Z
        DTSTAMP:20260310T141000Z
        UID:8b5c1c8e-3f0d-4f38-9a39-6f1f1c0a2b11
        SUMMARY:Send the offer
        STATUS:NEEDS-ACTION
        PRIORITY:3
        CATEGORIES:Courriel
        CONTACT:Bob Buyer\\, Widgets Inc\\, +1 (555) 010-0200\\, bob@widgets.example
        DUE;TZID=America/New_York:20260320T170000
        X-MOZ-GENERATION:2
        X-MOZ-LASTACK:20260310T141000Z
        X-CADENCE-CUSTOM:keep me
        DESCRIPTION:Prices for 2026\\nwith discount
        BEGIN:VALARM
        ACTION:DISPLAY
        TRIGGER;RELATED=END:-PT1H
        DESCRIPTION:Default Mozilla Description
        END:VALARM
        END:VTODO
        END:VCALENDAR

        """

    static let jane = Contact(
        id: "c-jane", ownerID: 1, name: "Jane Roe", company: "ACME",
        emails: [LabeledValue(label: "work", value: "jane@acme.example")],
        phones: [LabeledValue(label: "work", value: "+1 555 0100")])

    static let bob = Contact(
        id: "c-bob", ownerID: 1, name: "Bob Buyer", company: "Widgets Inc",
        phones: [LabeledValue(value: "+1 555 010 0200")])

    /// Parses iCalendar text written with LF line ends.
    static func parse(_ text: String) throws -> Component {
        try Component(parsing: text.replacingLineEnds())
    }

    /// The unfolded content lines of serialised text.
    static func lines(_ component: Component) -> [String] {
        lines(component.serialized())
    }

    /// The unfolded content lines of text.
    static func lines(_ text: String) -> [String] {
        var result: [String] = []
        for line in text.replacingLineEnds().split(
            separator: "\r\n", omittingEmptySubsequences: true)
        {
            if line.hasPrefix(" "), !result.isEmpty {
                result[result.count - 1] += line.dropFirst()
            } else {
                result.append(String(line))
            }
        }
        return result
    }

    /// UTC seconds of a UTC wall time.
    static func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0)
        -> Int64
    {
        CalendarDateTime(
            date: CalendarDate(validYear: year, month: month, day: day), hour: hour, minute: minute
        ).secondsSinceEpoch
    }
}

extension String {
    /// The text with every LF (not already after a CR) turned into CRLF.
    func replacingLineEnds() -> String {
        var out = ""
        var previous: Character?
        for character in self {
            if character == "\n", previous != "\r" { out += "\r\n" } else { out.append(character) }
            previous = character
        }
        return out
    }
}
