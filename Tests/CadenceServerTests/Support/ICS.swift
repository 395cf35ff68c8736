/// iCalendar bodies for the tests, written with CRLF line ends as clients send them.
enum ICS {
    /// Joins lines with CRLF, ending with one.
    static func lines(_ lines: [String]) -> String {
        lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A VCALENDAR around `components` lines.
    static func calendar(_ components: [String], prodID: String = "-//Cadence Tests//EN")
        -> String
    {
        lines(
            ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:\(prodID)"] + components + ["END:VCALENDAR"])
    }

    /// A one-hour UTC event.
    static func event(
        uid: String, summary: String = "Event", start: String = "20260302T100000Z",
        end: String = "20260302T110000Z"
    ) -> String {
        calendar(eventLines(uid: uid, summary: summary, start: start, end: end))
    }

    static func eventLines(uid: String, summary: String, start: String, end: String) -> [String] {
        [
            "BEGIN:VEVENT", "UID:\(uid)", "DTSTAMP:20260101T000000Z", "DTSTART:\(start)",
            "DTEND:\(end)", "SUMMARY:\(summary)", "END:VEVENT",
        ]
    }

    /// A to-do; `completed` adds STATUS:COMPLETED and COMPLETED.
    static func todo(uid: String, summary: String = "Task", completed: Bool = false) -> String {
        calendar(todoLines(uid: uid, summary: summary, completed: completed))
    }

    static func todoLines(uid: String, summary: String, completed: Bool) -> [String] {
        var lines = [
            "BEGIN:VTODO", "UID:\(uid)", "DTSTAMP:20260101T000000Z", "SUMMARY:\(summary)",
            "DUE:20260310T170000Z",
        ]
        lines +=
            completed
            ? ["STATUS:COMPLETED", "COMPLETED:20260305T120000Z", "PERCENT-COMPLETE:100"]
            : ["STATUS:NEEDS-ACTION"]
        return lines + ["END:VTODO"]
    }

    /// Europe/Berlin with its EU rules (RFC 5545 §3.6.5).
    static let berlin = [
        "BEGIN:VTIMEZONE", "TZID:Europe/Berlin",
        "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST",
        "DTSTART:19700329T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
        "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET",
        "DTSTART:19701025T030000", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
        "END:VTIMEZONE",
    ]

    /// A yearly event on 5 January, 10:00–11:00 Berlin time (09:00Z in winter), from 2024.
    static let yearlyBerlin = calendar(
        berlin + [
            "BEGIN:VEVENT", "UID:yearly-berlin", "DTSTAMP:20240101T000000Z",
            "DTSTART;TZID=Europe/Berlin:20240105T100000",
            "DTEND;TZID=Europe/Berlin:20240105T110000",
            "RRULE:FREQ=YEARLY", "SUMMARY:Annual review", "END:VEVENT",
        ])
}
