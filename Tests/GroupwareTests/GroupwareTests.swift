import Groupware
import Testing

@Suite struct GroupwareTests {
    @Test func defaultCalendar() {
        #expect(Groupware.defaultCalendarURI == "crm-tasks")
        #expect(Groupware.defaultCalendarName == "CRM Tasks")
    }
}
