import Groupware
import Testing
import WebDAV

@Suite struct CadencePathsTests {
    @Test func layout() {
        #expect(CadencePaths.defaultCalendar == "crm-tasks")
        #expect(CadencePaths.principal("ann").href == "/caldav/principals/users/ann/")
        #expect(CadencePaths.home("ann").href == "/caldav/calendars/ann/")
        #expect(
            CadencePaths.object("ann", "work", "a b.ics").href
                == "/caldav/calendars/ann/work/a%20b.ics")
        #expect(CadencePaths.locate(DAVPath("/")!) == .serverRoot)
        #expect(
            CadencePaths.locate(DAVPath("/caldav/calendars/ann/work/x.ics")!)
                == .inHome(user: "ann", segments: ["work", "x.ics"]))
        #expect(CadencePaths.locate(DAVPath("/other/")!) == nil)
        #expect(CadencePaths.locate(DAVPath("/caldav/principals/groups/x/")!) == nil)
    }
}
