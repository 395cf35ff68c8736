import Foundation
import ICalendar
import Testing

/// One file of the tolerance corpus, the quirk it pins down, and facts read from it by hand.
struct CorpusCase: Sendable, CustomTestStringConvertible {
    var file: String
    var quirk: String
    var uid: String
    var summary: String
    /// A parameter value somewhere in the file: (property, parameter, value).
    var parameter: (property: String, name: String, value: String)?
    /// Hints lenient validation must report (`nil`: the file is not a valid object).
    var hints: [ICalendarError.Code]? = []

    var testDescription: String { file }
}

@Suite struct CorpusTests {
    static let cases: [CorpusCase] = [
        CorpusCase(
            file: "outlook-exchange.ics",
            quirk: "Windows TZID with spaces, quoted TZID parameter, VTIMEZONE from 1601, "
                + "X-MICROSOFT-*/X-MS-OLK-*, long folded HTML X-ALT-DESC, METHOD:PUBLISH",
            uid:
                "040000008200E00074C5B7101A82E00800000000D0A3C5B5A143DA01000000000000000010000000C0F5B7E0B3C1A84C8F3C2B1E4A9D6F11",
            summary: "Quartalsbesprechung",
            parameter: ("DTSTART", "TZID", "W. Europe Standard Time"),
            hints: [.methodNotAllowed]),
        CorpusCase(
            file: "outlook-fold-without-whitespace.ics",
            quirk: "continuation lines without leading whitespace (read as line breaks)",
            uid: "outlook-nofold-1", summary: "Pipeline review"),
        CorpusCase(
            file: "google-calendar.ics",
            quirk: "X-WR-CALNAME/X-WR-TIMEZONE, X-GOOGLE-CONFERENCE, ATTENDEE with many "
                + "parameters folded mid-parameter, recurring master plus an override",
            uid: "7kukuqrfedlm2f9t0vr42q3hpg@google.com", summary: "Sales sync",
            parameter: ("ATTENDEE", "X-NUM-GUESTS", "0")),
        CorpusCase(
            file: "apple-calendar.ics",
            quirk: "X-APPLE-STRUCTURED-LOCATION with quoted parameters holding ':' and ',', "
                + "X-APPLE-TRAVEL-ADVISORY-BEHAVIOR, VALARM with X-WR-ALARMUID and ACKNOWLEDGED",
            uid: "5B7A2C1E-3D4F-4A6B-9C8D-1E2F3A4B5C6D", summary: "Customer visit",
            parameter: ("X-APPLE-STRUCTURED-LOCATION", "X-TITLE", "Apple Park: Visitor Center")),
        CorpusCase(
            file: "apple-reminders-todo.ics",
            quirk: "completed VTODO from Reminders with a DATE DUE and X-APPLE-SORT-ORDER",
            uid: "A1B2C3D4-E5F6-4711-8899-AABBCCDDEEFF", summary: "Call back Müller GmbH",
            parameter: ("DUE", "VALUE", "DATE")),
        CorpusCase(
            file: "nextcloud-tasks.ics",
            quirk: "X-NC-*/X-OC-* properties, RELATED-TO;RELTYPE=PARENT, floating DTSTAMP",
            uid: "2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091", summary: "Prepare offer",
            parameter: ("RELATED-TO", "RELTYPE", "PARENT")),
        CorpusCase(
            file: "thunderbird-event.ics",
            quirk: "/mozilla.org/ TZID prefix, X-MOZ-LASTACK, X-MOZ-GENERATION, "
                + "TRIGGER;VALUE=DURATION",
            uid: "3f1c8e2a-7b4d-4e9f-a1c2-d3e4f5a6b7c8", summary: "Supplier call",
            parameter: ("DTSTART", "TZID", "/mozilla.org/20070129_1/Europe/Berlin")),
        CorpusCase(
            file: "davx5-tasks-org.ics",
            quirk: "Tasks.org through DAVx5: RFC 7986 COLOR, zoned DUE, TRIGGER;RELATED=END",
            uid: "6203957183458295023", summary: "Send invoice",
            parameter: ("TRIGGER", "RELATED", "END")),
        CorpusCase(
            file: "jtx-board-journal.ics",
            quirk: "jtx Board VJOURNAL with RFC 9253 LINK, numeric COLOR, TEXT escapes",
            uid: "1705071234567-8f9e0d1c-2b3a-4c5d-6e7f-8091a2b3c4d5@at.techbee.jtx",
            summary: "Meeting notes", parameter: ("LINK", "LINKREL", "related")),
        CorpusCase(
            file: "missing-version-prodid.ics",
            quirk: "no VERSION and no PRODID (accepted with repair hints)",
            uid: "no-version-1@example.org", summary: "Company holiday",
            parameter: ("DTEND", "VALUE", "DATE"), hints: [.missingProperty, .missingProperty]),
        CorpusCase(
            file: "lowercase-names.ics",
            quirk: "lowercase component, property and parameter names",
            uid: "lower-1", summary: "Stand-up", parameter: ("X-CUSTOM", "X-PARAM", "Value")),
        CorpusCase(
            file: "bare-lf.ics", quirk: "bare LF line ends, folded with LF",
            uid: "bare-lf-1", summary: "Lunch withthe team",
            parameter: ("ATTENDEE", "CN", "Ng, Lee")),
        CorpusCase(
            file: "trailing-whitespace.ics",
            quirk: "trailing spaces and tabs after BEGIN/END lines and values",
            uid: "trailing-1", summary: "Breakfast   "),
        CorpusCase(
            file: "value-date-mismatch.ics",
            quirk: "VALUE=DATE on a DATE-TIME and VALUE=DATE-TIME on a DATE",
            uid: "value-mismatch-1", summary: "Trade fair",
            parameter: ("DTSTART", "VALUE", "DATE"),
            hints: [.valueTypeMismatch, .valueTypeMismatch, .valueTypeMismatch]),
        CorpusCase(
            file: "non-ascii.ics",
            quirk: "umlauts, Japanese and emoji; a fold that splits a UTF-8 sequence",
            uid: "non-ascii-1", summary: "Größenänderung – Überprüfung 🎉",
            parameter: ("ATTENDEE", "CN", "Jörg Müller")),
        CorpusCase(
            file: "bom.ics", quirk: "UTF-8 byte-order mark before BEGIN:VCALENDAR",
            uid: "bom-1", summary: "Quarterly planning"),
        CorpusCase(
            file: "x-component-and-params.ics",
            quirk: "X- component at calendar level, quoted X- parameter, unknown IANA property",
            uid: "xcomp-1", summary: "Review", parameter: ("SUMMARY", "X-ORIGINAL", "a:b;c")),
    ]

    static func bytes(_ file: String) throws -> [UInt8] {
        let folder = try #require(Bundle.module.url(forResource: "Corpus", withExtension: nil))
        return Array(try Data(contentsOf: folder.appendingPathComponent(file)))
    }

    /// The first property with this name anywhere in the tree, depth first.
    static func find(_ name: String, in component: Component) -> Property? {
        if let property = component.property(name) { return property }
        for child in component.components {
            if let property = find(name, in: child) { return property }
        }
        return nil
    }

    @Test func everyFileHasACase() throws {
        let folder = try #require(Bundle.module.url(forResource: "Corpus", withExtension: nil))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".ics") }.sorted()
        #expect(files == Self.cases.map(\.file).sorted())
        #expect(files.count >= 15)
    }

    @Test(arguments: cases)
    func parsesAndRoundTrips(_ corpus: CorpusCase) throws {
        let calendar = try Component(parsing: try Self.bytes(corpus.file))
        #expect(calendar.name == "VCALENDAR")
        let item = try #require(
            calendar.components.first {
                CalendarObjectValidator.calendarComponentTypes.contains($0.name)
            })
        #expect(item.uid == corpus.uid)
        #expect(item.property("SUMMARY")?.text == corpus.summary)
        if let (property, name, value) = corpus.parameter {
            #expect(
                (Self.find(property, in: item) ?? Self.find(property, in: calendar))?[
                    parameter: name] == value)
        }
        let text = calendar.serialized()
        let again = try Component(parsing: text, lenient: false)
        #expect(again == calendar)
        #expect(again.serialized() == text)
    }

    @Test(arguments: cases)
    func lenientValidationAccepts(_ corpus: CorpusCase) throws {
        guard let hints = corpus.hints else { return }
        let summary = try CalendarObjectValidator().validate(bytes: Self.bytes(corpus.file))
        #expect(summary.uid == corpus.uid)
        #expect(summary.repairHints.map(\.code) == hints)
    }

    // Facts that need more than one line per file.

    @Test func outlookDetails() throws {
        let calendar = try Component(parsing: Self.bytes("outlook-exchange.ics"))
        let zone = try #require(calendar.components(named: "VTIMEZONE").first)
        #expect(zone.components.first?["DTSTART"] == "16011028T030000")
        let event = try #require(calendar.components(named: "VEVENT").first)
        let html = try #require(event.property("X-ALT-DESC"))
        #expect(html[parameter: "FMTTYPE"] == "text/html")
        #expect(html.text.hasPrefix("<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 3.2//EN\">\n<HTML>"))
        #expect(html.text.hasSuffix("</BODY>\n</HTML>"))
        #expect(event["X-MICROSOFT-CDO-BUSYSTATUS"] == "BUSY")
        #expect(calendar["X-MS-OLK-FORCEINSPECTOROPEN"] == "TRUE")
        let start = try DateTimeValue(try #require(event.property("DTSTART")))
        #expect(start.form == .zoned(tzid: "W. Europe Standard Time"))
    }

    @Test func outlookFoldWithoutWhitespaceBecomesLineBreaks() throws {
        let calendar = try Component(parsing: Self.bytes("outlook-fold-without-whitespace.ics"))
        let event = try #require(calendar.components.first)
        #expect(
            event.property("DESCRIPTION")?.text
                == "Agenda for the review of the sales pipeline and the forecast n\n"
                + "umbers for the next quarter\nPlease bring the latest figures")
        #expect(event.properties.map(\.name).last == "DESCRIPTION")
    }

    @Test func googleOverride() throws {
        let summary = try CalendarObjectValidator().validate(
            bytes: Self.bytes("google-calendar.ics"))
        #expect(summary.master?["RRULE"] == "FREQ=WEEKLY;BYDAY=WE")
        #expect(summary.overrides.first?["RECURRENCE-ID"] == "20240124T140000")
        #expect(summary.isRecurring)
        let calendar = try Component(parsing: Self.bytes("google-calendar.ics"))
        #expect(calendar["X-WR-CALNAME"] == "Sales Team")
        let attendees = try #require(calendar.components.first?.properties(named: "ATTENDEE"))
        #expect(attendees.map { $0[parameter: "PARTSTAT"] } == ["ACCEPTED", "NEEDS-ACTION"])
        #expect(attendees[1][parameter: "RSVP"] == "TRUE")
    }

    @Test func appleAlarmAndLocation() throws {
        let calendar = try Component(parsing: Self.bytes("apple-calendar.ics"))
        let event = try #require(calendar.components(named: "VEVENT").first)
        let location = try #require(event.property("X-APPLE-STRUCTURED-LOCATION"))
        #expect(
            location[parameter: "X-ADDRESS"]
                == "One Apple Park Way, Cupertino, CA 95014, United States")
        #expect(location.value == "geo:37.332739,-122.005305")
        #expect(event.property("LOCATION")?.text.split(separator: "\n").count == 2)
        let alarm = try #require(event.components(named: "VALARM").first)
        #expect(alarm["ACKNOWLEDGED"] == "20240118T183001Z")
        #expect(alarm["X-WR-ALARMUID"] == "9C2D4E6F-1A3B-4C5D-8E7F-0A1B2C3D4E5F")
    }

    @Test func nonASCIIAcrossASplitSequence() throws {
        let calendar = try Component(parsing: Self.bytes("non-ascii.ics"))
        let event = try #require(calendar.components.first)
        #expect(event.property("LOCATION")?.text == "東京都千代田区丸の内 1-1")
        #expect(
            event.property("DESCRIPTION")?.text
                == "A日本のお客様との打ち合わせ。資料を準備してください。Grüße aus Köln! 😀🚀 Ende.")
    }

    @Test func textListsAndEscapes() throws {
        let tasks = try Component(parsing: Self.bytes("nextcloud-tasks.ics"))
        #expect(tasks.components.first?.property("CATEGORIES")?.textList == ["Sales", "Q1"])
        let journal = try Component(parsing: Self.bytes("jtx-board-journal.ics"))
        #expect(
            journal.components.first?.property("DESCRIPTION")?.text
                == "Discussed the roadmap, pricing; next steps.")
        #expect(
            journal.components.first?["LINK"]
                == "https://intranet.example.com/wiki/Roadmap?version=3&view=full")
    }

    @Test func strictModeRejectsTheMessyOnes() throws {
        for file in [
            "missing-version-prodid.ics", "value-date-mismatch.ics", "outlook-exchange.ics",
        ] {
            #expect(throws: ICalendarError.self, "\(file)") {
                try CalendarObjectValidator(lenient: false).validate(bytes: Self.bytes(file))
            }
        }
        #expect(throws: ICalendarError.self) {
            try ICalendarParser.parse(
                Self.bytes("outlook-fold-without-whitespace.ics"), options: .init(lenient: false))
        }
    }
}
