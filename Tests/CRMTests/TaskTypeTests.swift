import CRM
import Testing

@Suite struct TaskTypeTests {
    @Test func componentFollowsTheMapping() {
        #expect(TaskType.meeting.componentName(scheduled: false) == "VEVENT")
        #expect(TaskType.call.componentName(scheduled: true) == "VEVENT")
        #expect(TaskType.call.componentName(scheduled: false) == "VTODO")
        #expect(TaskType.email.componentName(scheduled: true) == "VTODO")
        #expect(TaskType.todo.rawValue == "to-do")
    }
}
