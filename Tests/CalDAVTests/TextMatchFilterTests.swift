import CalDAV
import ICalendar
import Testing

/// RFC 4791 §9.7.2–§9.7.5: prop-filter, param-filter, text-match collations, is-not-defined.
@Suite struct TextMatchFilterTests {
    let event: Component

    init() throws {
        event = try Component(parsing: RFC4791Examples.abcd3)
    }

    func eventFilter(_ inner: String) throws -> CompFilter {
        try filter(
            "<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VEVENT\">\(inner)</C:comp-filter></C:comp-filter>"
        )
    }

    @Test func collationsCompareAsTheyShould() {
        #expect(Collation.unicodeCasemap.contains("ÄBC Meeting", "äb"))
        #expect(!Collation.asciiCasemap.contains("ÄBC Meeting", "äb"))
        #expect(Collation.asciiCasemap.contains("ÄBC Meeting", "Äbc"))
        #expect(Collation.asciiCasemap.contains("ÄBC Meeting", "MEET"))
        #expect(!Collation.octet.contains("ÄBC Meeting", "meet"))
        #expect(Collation.octet.contains("ÄBC Meeting", "Meet"))
        #expect(Collation.octet.contains("abc", ""))
        #expect(!Collation.octet.contains("ab", "abc"))
    }

    @Test func textMatchOnSummary() throws {
        let object = try calendar("BEGIN:VEVENT\nUID:u\nSUMMARY:ÄBC Meeting\\, room 4\nEND:VEVENT")
        func hit(_ attributes: String, _ text: String) throws -> Bool {
            try eventFilter(
                "<C:prop-filter name=\"SUMMARY\"><C:text-match \(attributes)>\(text)</C:text-match></C:prop-filter>"
            ).matches(object, resolver: nil)
        }
        #expect(try hit("", "meeting, ROOM"))
        #expect(try hit("collation=\"i;unicode-casemap\"", "äbc"))
        #expect(try !hit("collation=\"i;ascii-casemap\"", "äbc"))
        #expect(try !hit("collation=\"i;octet\"", "meeting"))
        #expect(try hit("collation=\"i;octet\"", "Meeting"))
        #expect(try hit("negate-condition=\"yes\"", "lunch"))
        #expect(try !hit("negate-condition=\"yes\"", "meeting"))
        #expect(try hit("negate-condition=\"no\"", "meeting"))
    }

    @Test func anyAttendeeMatchesOnItsAddress() throws {
        #expect(
            try eventFilter(
                "<C:prop-filter name=\"ATTENDEE\"><C:text-match>mailto:lisa@example.com</C:text-match></C:prop-filter>"
            ).matches(event, resolver: nil))
        #expect(
            try !eventFilter(
                "<C:prop-filter name=\"ATTENDEE\"><C:text-match>mailto:bob@example.com</C:text-match></C:prop-filter>"
            ).matches(event, resolver: nil))
    }

    @Test func paramFilters() throws {
        func hit(_ inner: String) throws -> Bool {
            try eventFilter("<C:prop-filter name=\"ATTENDEE\">\(inner)</C:prop-filter>")
                .matches(event, resolver: nil)
        }
        #expect(
            try hit(
                "<C:param-filter name=\"PARTSTAT\"><C:text-match>NEEDS-ACTION</C:text-match></C:param-filter>"
            ))
        #expect(
            try !hit(
                "<C:param-filter name=\"PARTSTAT\"><C:text-match>DECLINED</C:text-match></C:param-filter>"
            ))
        #expect(try hit("<C:param-filter name=\"ROLE\"/>"))
        #expect(try !hit("<C:param-filter name=\"CN\"/>"))
        #expect(try hit("<C:param-filter name=\"ROLE\"><C:is-not-defined/></C:param-filter>"))
        // Both tests must hold for the same attendee: cyrus is the chair and has accepted.
        #expect(
            try !hit(
                """
                <C:text-match>lisa</C:text-match><C:param-filter name="ROLE">\
                <C:text-match>CHAIR</C:text-match></C:param-filter>
                """))
        #expect(
            try hit(
                """
                <C:text-match>cyrus</C:text-match><C:param-filter name="ROLE">\
                <C:text-match>CHAIR</C:text-match></C:param-filter>
                """))
    }

    @Test func propertyExistenceAndAbsence() throws {
        #expect(
            try eventFilter("<C:prop-filter name=\"ORGANIZER\"/>").matches(event, resolver: nil))
        #expect(
            try !eventFilter("<C:prop-filter name=\"LOCATION\"/>").matches(event, resolver: nil))
        #expect(
            try eventFilter("<C:prop-filter name=\"LOCATION\"><C:is-not-defined/></C:prop-filter>")
                .matches(event, resolver: nil))
        #expect(
            try !eventFilter(
                "<C:prop-filter name=\"ORGANIZER\"><C:is-not-defined/></C:prop-filter>"
            )
            .matches(event, resolver: nil))
    }

    @Test func componentIsNotDefined() throws {
        let noTodo = try filter(
            "<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VTODO\"><C:is-not-defined/></C:comp-filter></C:comp-filter>"
        )
        #expect(noTodo.matches(event, resolver: nil))
        #expect(!noTodo.matches(try Component(parsing: RFC4791Examples.abcd4), resolver: nil))
    }

    @Test func propertyTimeRange() throws {
        func hit(_ name: String, _ start: String, _ end: String) throws -> Bool {
            try eventFilter(
                "<C:prop-filter name=\"\(name)\"><C:time-range start=\"\(start)\" end=\"\(end)\"/></C:prop-filter>"
            ).matches(event, resolver: FixedZones())
        }
        #expect(try hit("DTSTAMP", "20060206T001220Z", "20060206T001221Z"))
        #expect(try !hit("DTSTAMP", "20060206T001221Z", "20060207T000000Z"))
        #expect(try hit("DTSTART", "20060104T150000Z", "20060104T150001Z"))
        #expect(try !hit("DTSTART", "20060104T100000Z", "20060104T150000Z"))
    }

    /// python caldav's "pending todos" query: not completed and not cancelled.
    @Test func pythonCaldavPendingTodos() throws {
        let pending = try filter(
            """
            <C:comp-filter name="VCALENDAR"><C:comp-filter name="VTODO">\
            <C:prop-filter name="COMPLETED"><C:is-not-defined/></C:prop-filter>\
            <C:prop-filter name="STATUS"><C:text-match negate-condition="yes">CANCELLED</C:text-match>\
            </C:prop-filter></C:comp-filter></C:comp-filter>
            """)
        let results = try RFC4791Examples.all.map { try Component(parsing: $0) }.map {
            pending.matches($0, resolver: nil)
        }
        #expect(results == [false, false, false, true, true, false, false, false])
    }
}
