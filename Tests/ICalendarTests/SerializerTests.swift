import ICalendar
import Testing

@Suite struct SerializerTests {
    @Test func writesExactBytes() {
        let event = Component(
            name: "vevent",
            properties: [
                Property(name: "uid", value: "1"),
                Property(name: "SUMMARY", text: "Lunch; with Ann, Bob\nand me"),
                Property(
                    name: "ATTENDEE",
                    parameters: [
                        Parameter(name: "cn", value: "Müller, Jörg"),
                        Parameter(name: "X-NOTE", value: "say \"hi\""),
                    ], value: "mailto:j@x"),
            ],
            components: [
                Component(
                    name: "VALARM",
                    properties: [
                        Property(name: "ACTION", value: "DISPLAY"),
                        Property(name: "TRIGGER", value: "-PT5M"),
                    ])
            ])
        #expect(
            event.serialized()
                == ics(
                    "BEGIN:VEVENT", "UID:1", #"SUMMARY:Lunch\; with Ann\, Bob\nand me"#,
                    #"ATTENDEE;CN="Müller, Jörg";X-NOTE=say ^'hi^':mailto:j@x"#,
                    "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-PT5M", "END:VALARM", "END:VEVENT"))
    }

    @Test func foldsLongPropertiesInsideComponents() throws {
        let long = String(repeating: "Grüße aus 日本 😀 ", count: 20)
        let calendar = Component(
            name: "VCALENDAR",
            components: [
                Component(name: "VEVENT", properties: [Property(name: "DESCRIPTION", text: long)])
            ])
        let text = calendar.serialized()
        for line in text.split(separator: "\r\n") { #expect(line.utf8.count <= 75) }
        let back = try Component(parsing: text, lenient: false)
        #expect(back.components.first?.property("DESCRIPTION")?.text == long)
    }

    @Test func dateTimeValuesWriteTheirParameters() {
        let date = DateTimeValue(date: CalendarDate(validYear: 2024, month: 5, day: 1))
        #expect(date.property(named: "DTSTART").serializedLine == "DTSTART;VALUE=DATE:20240501\r\n")
        let zoned = DateTimeValue(
            local: CalendarDateTime(date: date.date, hour: 9), form: .zoned(tzid: "Europe/Berlin"))
        #expect(
            zoned.property(named: "DTSTART").serializedLine
                == "DTSTART;TZID=Europe/Berlin:20240501T090000\r\n")
        #expect(
            DateTimeValue(utcSeconds: 0).property(named: "DTSTAMP").serializedLine
                == "DTSTAMP:19700101T000000Z\r\n")
    }
}

extension Property {
    /// The property as one serialised content line.
    var serializedLine: String {
        let text = Component(name: "X", properties: [self]).serialized()
        return String(text.dropFirst("BEGIN:X\r\n".count).dropLast("END:X\r\n".count))
    }
}
