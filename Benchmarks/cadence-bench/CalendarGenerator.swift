import ContentLine
import ICalendar

/// Builds a large, realistic VCALENDAR (RFC 5545 §3.4) in memory for the benchmarks.
///
/// Deterministic: event `i` is always the same. Every event has UID, DTSTAMP, DTSTART/DTEND with
/// a TZID, a non-ASCII SUMMARY, a DESCRIPTION long enough to fold, LOCATION, CATEGORIES and X-
/// properties; every 10th recurs (RRULE, some with EXDATE), every 7th has a VALARM, every 5th
/// has an ORGANIZER and ATTENDEEs with quoted parameters. The text is what `ContentLineWriter`
/// writes: CRLF, folded at 75 octets.
struct CalendarGenerator: Sendable {
    /// How many VEVENTs to write.
    var eventCount: Int

    private static let summaries = [
        "Kundengespräch Müller GmbH – Angebot prüfen",
        "Café mit Élodie: Q3-Planung",
        "Réunion d’équipe, salle Genève",
        "会議: 製品ロードマップ",
        "Звонок клиенту по договору",
        "Follow-up call 📞 with ACME, Inc.",
        "Weekly sync; ops & support",
        "Ταξίδι στην Αθήνα — προετοιμασία",
    ]

    private static let locations = [
        "Zürich, Bahnhofstrasse 1", "Room 4.12 (Møterom Øst)", "https://meet.example.com/abc-defg",
        "Kraków, ul. Floriańska 3",
    ]

    /// The calendar as one component.
    func calendar() -> Component {
        var calendar = Component(
            name: "VCALENDAR",
            properties: [
                Property(name: "VERSION", value: "2.0"),
                Property(name: "PRODID", value: "-//Cadence//cadence-bench//EN"),
                Property(name: "CALSCALE", value: "GREGORIAN"),
                Property(name: "X-WR-CALNAME", text: "CRM Tasks"),
            ])
        calendar.components.append(Self.berlin())
        calendar.components.reserveCapacity(eventCount + 1)
        for index in 0..<eventCount { calendar.components.append(event(index)) }
        return calendar
    }

    /// The calendar as RFC 5545 bytes.
    func bytes() -> [UInt8] { calendar().serializedBytes() }

    private func event(_ i: Int) -> Component {
        let tzid = [Parameter(name: "TZID", value: "Europe/Berlin")]
        let day = CalendarDate(dayNumber: 20_458 + (i * 7) % 730)  // from 2026-01-06, two years
        let start = CalendarDateTime(date: day, hour: 8 + i % 10, minute: (i % 4) * 15)
        var end = start
        end.hour += 1
        let summary = Self.summaries[i % Self.summaries.count] + " #\(i)"
        let description =
            "Notes for \(summary).\nAgenda: 1) status, 2) open questions; 3) next steps.\n"
            + "Bitte Unterlagen mitbringen – Preise, Lieferzeiten und Ansprechpartner. "
            + "Contact: sales@example.com, +49 30 1234567. Ticket \(i * 7919 % 100_000)."
        var properties = [
            Property(
                name: "UID",
                value:
                    "\(i)-\(String(i * 2_654_435_761 % 4_294_967_296, radix: 16))@cadence.example"),
            Property(name: "DTSTAMP", value: "20260115T093000Z"),
            Property(name: "CREATED", value: "20251201T120000Z"),
            Property(name: "LAST-MODIFIED", value: "20260110T081500Z"),
            Property(name: "SEQUENCE", value: "\(i % 3)"),
            Property(name: "DTSTART", parameters: tzid, value: start.description),
            Property(name: "DTEND", parameters: tzid, value: end.description),
            Property(name: "SUMMARY", text: summary),
            Property(name: "DESCRIPTION", text: description),
            Property(name: "LOCATION", text: Self.locations[i % Self.locations.count]),
            Property(name: "CATEGORIES", value: i % 2 == 0 ? "CALL,CUSTOMER" : "MEETING"),
            Property(name: "STATUS", value: "CONFIRMED"),
            Property(name: "TRANSP", value: "OPAQUE"),
            Property(name: "X-CADENCE-TASK-ID", value: "task-\(i)"),
            Property(name: "X-MICROSOFT-CDO-BUSYSTATUS", value: "BUSY"),
        ]
        if i % 10 == 0 {
            properties.append(
                Property(name: "RRULE", value: "FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20271231T235959Z"))
            if i % 20 == 0 {
                var skipped = start
                skipped.date = CalendarDate(dayNumber: day.dayNumber + 14)
                properties.append(
                    Property(name: "EXDATE", parameters: tzid, value: skipped.description))
            }
        }
        if i % 5 == 0 {
            properties.append(
                Property(
                    name: "ORGANIZER",
                    parameters: [Parameter(name: "CN", value: "Ana Müller")],
                    value: "mailto:ana.mueller@example.com"))
            for (n, name) in ["Doe, John", "Zoë Łukasiewicz"].enumerated() {
                properties.append(
                    Property(
                        name: "ATTENDEE",
                        parameters: [
                            Parameter(name: "CN", value: name),
                            Parameter(name: "ROLE", value: "REQ-PARTICIPANT"),
                            Parameter(name: "PARTSTAT", value: "NEEDS-ACTION"),
                            Parameter(name: "RSVP", value: "TRUE"),
                        ],
                        value: "mailto:attendee\(n)-\(i)@example.com"))
            }
        }
        var event = Component(name: "VEVENT", properties: properties)
        if i % 7 == 0 {
            event.components.append(
                Component(
                    name: "VALARM",
                    properties: [
                        Property(name: "ACTION", value: "DISPLAY"),
                        Property(name: "TRIGGER", value: "-PT15M"),
                        Property(name: "DESCRIPTION", text: "Erinnerung: \(summary)"),
                    ]))
        }
        return event
    }

    /// A VTIMEZONE for Europe/Berlin as clients embed it (RFC 5545 §3.6.5).
    private static func berlin() -> Component {
        func rule(
            _ name: String, _ from: String, _ to: String, _ abbreviation: String, _ month: Int
        )
            -> Component
        {
            Component(
                name: name,
                properties: [
                    Property(name: "TZOFFSETFROM", value: from),
                    Property(name: "TZOFFSETTO", value: to),
                    Property(name: "TZNAME", value: abbreviation),
                    Property(
                        name: "DTSTART", value: month == 3 ? "19700329T020000" : "19701025T030000"),
                    Property(name: "RRULE", value: "FREQ=YEARLY;BYMONTH=\(month);BYDAY=-1SU"),
                ])
        }
        return Component(
            name: "VTIMEZONE",
            properties: [Property(name: "TZID", value: "Europe/Berlin")],
            components: [
                rule("DAYLIGHT", "+0100", "+0200", "CEST", 3),
                rule("STANDARD", "+0200", "+0100", "CET", 10),
            ])
    }
}
