import CalDAV
import Testing
import WebDAV

/// RFC 4791 §7.8 preconditions for malformed and unsupported filters.
@Suite struct FilterParsingTests {
    func condition(_ inner: String) -> String? {
        davError { _ = try filter(inner) }?.condition?.name
    }

    @Test func validFilterViolations() {
        #expect(condition("<C:comp-filter name=\"VEVENT\"/>") == "valid-filter")
        #expect(condition("") == "valid-filter")
        #expect(condition("<C:comp-filter/>") == "valid-filter")
        #expect(
            condition(
                "<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VEVENT\"><C:time-range/></C:comp-filter></C:comp-filter>"
            ) == "valid-filter")
        #expect(
            condition(
                "<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VEVENT\"><C:time-range start=\"20060104T000000\"/></C:comp-filter></C:comp-filter>"
            ) == "valid-filter")
        #expect(
            condition(
                "<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VEVENT\"><C:time-range start=\"20060104T000000Z\" end=\"20060104T000000Z\"/></C:comp-filter></C:comp-filter>"
            ) == "valid-filter")
        #expect(
            condition(
                "<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VEVENT\"><C:comp-filter name=\"VEVENT\"/></C:comp-filter></C:comp-filter>"
            ) == "valid-filter")
        #expect(
            condition(
                "<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VTIMEZONE\"><C:time-range start=\"20060104T000000Z\"/></C:comp-filter></C:comp-filter>"
            ) == "valid-filter")
    }

    @Test func unsupportedElementsAndCollations() {
        #expect(
            condition("<C:comp-filter name=\"VCALENDAR\"><C:bogus/></C:comp-filter>")
                == "supported-filter")
        #expect(
            condition(
                "<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VEVENT\"><C:prop-filter name=\"UID\"><D:foo/></C:prop-filter></C:comp-filter></C:comp-filter>"
            ) == "supported-filter")
        #expect(
            condition(
                "<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VEVENT\"><C:prop-filter name=\"UID\"><C:text-match collation=\"i;bogus\">x</C:text-match></C:prop-filter></C:comp-filter></C:comp-filter>"
            ) == "supported-collation")
        let error = davError {
            _ = try filter("<C:comp-filter name=\"VCALENDAR\"><C:bogus/></C:comp-filter>")
        }
        #expect(error?.status == 403)
        #expect(error?.condition?.namespace == "urn:ietf:params:xml:ns:caldav")
    }

    @Test func parsesATypedTree() throws {
        let parsed = try filter(
            """
            <C:comp-filter name="VCALENDAR"><C:comp-filter name="vevent">\
            <C:time-range start="20060104T000000Z"/>\
            <C:prop-filter name="ATTENDEE"><C:text-match collation="i;octet" negate-condition="yes">x</C:text-match>\
            <C:param-filter name="partstat"><C:is-not-defined/></C:param-filter></C:prop-filter>\
            </C:comp-filter></C:comp-filter>
            """)
        let expected = CompFilter(
            name: "VCALENDAR",
            compFilters: [
                CompFilter(
                    name: "VEVENT", timeRange: TimeRange(start: 1_136_332_800, end: nil),
                    propFilters: [
                        PropFilter(
                            name: "ATTENDEE",
                            textMatch: TextMatch(text: "x", collation: .octet, negate: true),
                            paramFilters: [ParamFilter(name: "PARTSTAT", isNotDefined: true)])
                    ])
            ])
        #expect(parsed == expected)
    }

    @Test func calendarQueryBody() throws {
        let query = try CalendarQuery(
            xml(
                """
                <C:calendar-query><D:prop><D:getetag/><C:calendar-data>\
                <C:expand start="20060103T000000Z" end="20060105T000000Z"/></C:calendar-data></D:prop>\
                <C:filter><C:comp-filter name="VCALENDAR"/></C:filter>\
                <C:timezone>BEGIN:VCALENDAR
                BEGIN:VTIMEZONE
                TZID:Europe/Berlin
                END:VTIMEZONE
                END:VCALENDAR
                </C:timezone></C:calendar-query>
                """))
        #expect(query.filter == CompFilter(name: "VCALENDAR"))
        #expect(
            query.properties
                == .prop([XMLName("DAV:", "getetag"), XMLName(caldavNS, "calendar-data")]))
        #expect(query.calendarData?.expand == TimeRange(start: 1_136_246_400, end: 1_136_419_200))
        #expect(query.timezone == "Europe/Berlin")
        let missing = davError {
            _ = try CalendarQuery(xml("<C:calendar-query><D:prop/></C:calendar-query>"))
        }
        #expect(missing?.condition?.name == "valid-filter")
        let badZone = davError {
            _ = try CalendarQuery(
                xml(
                    "<C:calendar-query><C:filter><C:comp-filter name=\"VCALENDAR\"/></C:filter><C:timezone>nope</C:timezone></C:calendar-query>"
                ))
        }
        #expect(badZone?.condition?.name == "valid-calendar-data")
    }

    @Test func calendarDataRangesNeedBothBounds() {
        let error = davError {
            _ = try CalendarDataRequest(
                xml("<C:calendar-data><C:expand start=\"20060103T000000Z\"/></C:calendar-data>"))
        }
        #expect(error?.status == 403)
        #expect(error?.condition?.name == "valid-filter")
        let type = davError {
            _ = try CalendarDataRequest(xml("<C:calendar-data content-type=\"application/json\"/>"))
        }
        #expect(type?.condition?.name == "supported-calendar-data")
    }
}
