import CRM
import ICalendar
import Testing

@Suite struct TaskRoundTripTests {
    typealias F = CRMFixtures

    static let drafts: [TaskDraft] = {
        var drafts: [TaskDraft] = []
        let start = F.utc(2026, 3, 29, 0, 30)  // the night Europe switches to summer time
        for type in TaskType.allCases {
            for status in TaskStatus.allCases {
                for priority in [TaskPriority?.none, .high, .normal, .low] {
                    let scheduled = type == .meeting || (type == .call && priority != .low)
                    drafts.append(
                        TaskDraft(
                            type: type, title: "\(type) \(status)",
                            notes: priority == nil ? nil : "n; a, b\\c",
                            status: status, priority: priority,
                            start: scheduled ? start : nil,
                            end: scheduled && priority != .high ? start + 5400 : nil,
                            due: scheduled ? nil : start + 86400,
                            timeZone: ["Europe/Berlin", nil, "America/New_York", "Asia/Kolkata"][
                                drafts.count % 4],
                            location: status == .open ? "Room 2" : nil,
                            reminderMinutes: [nil, 0, 15, 1440][drafts.count % 4],
                            contactID: drafts.count % 3 == 0 ? "c-jane" : nil,
                            assignee: drafts.count % 5 == 0 ? "kim" : nil))
                }
            }
        }
        drafts.append(
            TaskDraft(
                type: .meeting, title: "Offsite", start: F.utc(2026, 7, 1), end: F.utc(2026, 7, 3),
                isAllDay: true, reminderMinutes: 600))
        drafts.append(
            TaskDraft(type: .todo, title: "Someday", start: F.utc(2026, 7, 1), isAllDay: true))
        drafts.append(
            TaskDraft(
                type: .email, title: "Windows zone", due: F.utc(2026, 11, 2, 12),
                timeZone: "W. Europe Standard Time"))
        return drafts
    }()

    @Test(arguments: drafts)
    func projectOfMakeCalendarGivesTheDraft(draft: TaskDraft) throws {
        try TaskMapping.validate(draft)
        let calendar = TaskMapping.makeCalendar(
            draft, uid: "rt", contact: F.jane, taskURL: "https://crm.example/t/rt", now: 1_000)
        // Through text, as the store keeps it.
        let parsed = try Component(parsing: calendar.serialized())
        let fields = try TaskMapping.project(parsed, defaultType: nil, contacts: [F.jane])
        #expect(TaskDraft(fields) == draft)
        #expect(fields.uid == "rt")
        #expect(fields.componentType == draft.type.componentName(scheduled: draft.start != nil))
        #expect(fields.unmatchedParticipants == [])
        #expect(
            fields.completedAt
                == (draft.status == .done && fields.componentType == "VTODO" ? 1_000 : nil))
        #expect(parsed == calendar)
    }
}
