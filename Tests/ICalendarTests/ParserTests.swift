import ContentLine
import ICalendar
import Testing

/// Joins lines with CRLF, ending in CRLF.
func ics(_ lines: String...) -> String {
    lines.joined(separator: "\r\n") + "\r\n"
}

@Suite struct ParserTests {
    static let nested = ics(
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Cadence//Test//EN",
        "BEGIN:VTIMEZONE", "TZID:Europe/Berlin",
        "BEGIN:STANDARD", "DTSTART:19701025T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100",
        "END:STANDARD",
        "BEGIN:DAYLIGHT", "DTSTART:19700329T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200",
        "END:DAYLIGHT",
        "END:VTIMEZONE",
        "BEGIN:VEVENT", "UID:e1", "DTSTART;TZID=Europe/Berlin:20240101T100000",
        "X-CUSTOM;X-PARAM=1:kept", "NEWIANAPROP:also kept",
        "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-PT15M", "END:VALARM",
        "END:VEVENT",
        "BEGIN:VTODO", "UID:t1", "END:VTODO",
        "BEGIN:VJOURNAL", "UID:j1", "END:VJOURNAL",
        "BEGIN:VFREEBUSY", "UID:f1", "FREEBUSY:20240101T100000Z/PT1H", "END:VFREEBUSY",
        "BEGIN:VAVAILABILITY", "UID:a1",
        "BEGIN:AVAILABLE", "UID:a1-1", "END:AVAILABLE",
        "END:VAVAILABILITY",
        "BEGIN:X-VENDOR-THING", "X-A:1", "END:X-VENDOR-THING",
        "END:VCALENDAR")

    @Test func nestedComponents() throws {
        let calendar = try Component(parsing: Self.nested, lenient: false)
        #expect(calendar.name == "VCALENDAR")
        #expect(
            calendar.components.map(\.name) == [
                "VTIMEZONE", "VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY", "VAVAILABILITY",
                "X-VENDOR-THING",
            ])
        let zone = calendar.components[0]
        #expect(zone.components.map(\.name) == ["STANDARD", "DAYLIGHT"])
        #expect(zone.components[1]["TZOFFSETTO"] == "+0200")
        let event = calendar.components[1]
        #expect(event.properties.map(\.name) == ["UID", "DTSTART", "X-CUSTOM", "NEWIANAPROP"])
        #expect(event.property("x-custom")?[parameter: "x-param"] == "1")
        #expect(event["NEWIANAPROP"] == "also kept")
        #expect(event.components(named: "VALARM").first?["TRIGGER"] == "-PT15M")
        #expect(calendar.components[5].components.first?.uid == "a1-1")
        #expect(calendar.components[6]["X-A"] == "1")
    }

    @Test func canonicalTextSerialisesToTheSameBytes() throws {
        let calendar = try Component(parsing: Self.nested, lenient: false)
        #expect(calendar.serialized() == Self.nested)
        #expect(try Component(parsing: calendar.serialized()) == calendar)
    }

    @Test func lowercaseNamesAreUppercased() throws {
        let calendar = try Component(
            parsing: "begin:vcalendar\r\nbegin:vevent\r\nuid:1\r\nend:vevent\r\nend:vcalendar\r\n")
        #expect(calendar.name == "VCALENDAR")
        #expect(calendar.components.first?.name == "VEVENT")
        #expect(calendar.components.first?.uid == "1")
    }

    @Test func endMismatchIsStrictError() throws {
        let text = ics("BEGIN:VCALENDAR", "BEGIN:VEVENT", "UID:1", "END:VCALENDAR")
        let error = #expect(throws: ICalendarError.self) {
            try Component(parsing: text, lenient: false)
        }
        #expect(error?.code == .unexpectedEnd)
        #expect(error?.line == 4)
        // Lenient: END:VCALENDAR closes the open VEVENT too.
        let calendar = try Component(parsing: text)
        #expect(calendar.components.first?.uid == "1")
    }

    @Test func endWithoutBegin() throws {
        let text = ics("BEGIN:VCALENDAR", "END:VEVENT", "END:VCALENDAR")
        let error = #expect(throws: ICalendarError.self) {
            try Component(parsing: text, lenient: false)
        }
        #expect(error?.code == .unexpectedEnd)
        #expect(error?.line == 2)
        #expect(try Component(parsing: text).components.isEmpty)
    }

    @Test func missingEndIsStrictError() throws {
        let text = ics("BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:1")
        let error = #expect(throws: ICalendarError.self) {
            try Component(parsing: text, lenient: false)
        }
        #expect(error?.code == .unclosedComponent)
        #expect(error?.line == 4)
        let calendar = try Component(parsing: text)
        #expect(calendar.components.first?.uid == "1")
    }

    @Test func propertyOutsideComponent() throws {
        let text = ics("X-JUNK:1", "BEGIN:VCALENDAR", "END:VCALENDAR")
        let error = #expect(throws: ICalendarError.self) {
            try Component(parsing: text, lenient: false)
        }
        #expect(error?.code == .propertyOutsideComponent)
        #expect(error?.line == 1)
        #expect(try Component(parsing: text).properties.isEmpty)
    }

    @Test func malformedLineCarriesLineNumber() throws {
        let text = ics(
            "BEGIN:VCALENDAR", "BEGIN:VEVENT", "X;P=\"open:1", "END:VEVENT", "END:VCALENDAR")
        let error = #expect(throws: ICalendarError.self) { try Component(parsing: text) }
        #expect(error?.code == .malformedLine)
        #expect(error?.line == 3)
    }

    @Test func emptyBeginName() throws {
        let error = #expect(throws: ICalendarError.self) {
            try Component(parsing: ics("BEGIN:", "END:X"))
        }
        #expect(error?.code == .malformedLine)
    }

    @Test func oneComponentExpected() throws {
        let none = #expect(throws: ICalendarError.self) { try Component(parsing: "") }
        #expect(none?.code == .noComponent)
        let two = #expect(throws: ICalendarError.self) {
            try Component(
                parsing: ics("BEGIN:VCALENDAR", "END:VCALENDAR", "BEGIN:VCALENDAR", "END:VCALENDAR")
            )
        }
        #expect(two?.code == .notOneCalendar)
        let all = try ICalendarParser.parse(
            Array(ics("BEGIN:A", "END:A", "BEGIN:B", "END:B").utf8))
        #expect(all.map(\.name) == ["A", "B"])
    }

    @Test func textAndTextLists() throws {
        let calendar = try Component(
            parsing: ics(
                "BEGIN:VEVENT", #"SUMMARY:a\, b\; c\\d\ne"#, #"CATEGORIES:Work,Team\, Sales,Ü"#,
                "END:VEVENT"))
        #expect(calendar.property("SUMMARY")?.text == "a, b; c\\d\ne")
        #expect(calendar.property("CATEGORIES")?.textList == ["Work", "Team, Sales", "Ü"])
        var property = Property(name: "categories", value: "")
        property.textList = ["x,y", "z"]
        #expect(property.value == #"x\,y,z"#)
        #expect(property.name == "CATEGORIES")
    }
}
