import CalDAV
import ICalendar
import Testing

@Suite struct CalDAVNamespaceTests {
    @Test func invalidCalendarDataIsA403WithItsPrecondition() {
        let error = CalDAVNamespace.invalidCalendarData(ICalendarError(.malformedLine, "bad"))
        #expect(error.status == 403)
        #expect(error.condition?.namespace == "urn:ietf:params:xml:ns:caldav")
        #expect(error.condition?.name == "valid-calendar-data")
    }
}
