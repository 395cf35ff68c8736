import CRM
import Groupware
import ICalendar
import Storage

/// The JSON form of a CRM task: its projection, with times as ISO 8601 text in the task's time
/// zone, the calendar's path and the object's CalDAV URL.
enum TaskResource {
    /// The task as JSON; `calendarPath` is the path of its calendar in `ownerName`'s home.
    static func json(_ task: TaskRecord, calendarPath: String, ownerName: String) -> JSONValue {
        let fields = task.fields
        func time(_ utc: Int64?) -> JSONValue {
            utc.map {
                .string(APITime.format($0, timeZone: fields.timeZone, allDay: fields.isAllDay))
            } ?? .null
        }
        return .object([
            "id": .string(task.id),
            "type": .string(fields.type.rawValue),
            "title": .string(fields.title),
            "notes": .string(fields.notes),
            "status": .string(fields.status.rawValue),
            "priority": .string(fields.priority?.rawValue),
            "start": time(fields.start),
            "end": time(fields.end),
            "due": time(fields.due),
            "allDay": .bool(fields.isAllDay),
            "timeZone": .string(fields.timeZone),
            "location": .string(fields.location),
            "reminderMinutes": .int(fields.reminderMinutes.map(Int64.init)),
            "contactId": .string(fields.contactID),
            "assignee": .string(fields.assignee),
            "calendar": .string(calendarPath),
            "unmatchedParticipants": .array(
                fields.unmatchedParticipants.map {
                    .object([
                        "name": .string($0.name), "email": .string($0.email),
                        "phone": .string($0.phone),
                    ])
                }),
            "recurrence": .string(fields.recurrence),
            "completedAt": fields.completedAt.map { .string(APITime.timestamp($0)) } ?? .null,
            "componentType": .string(fields.componentType),
            "uid": .string(fields.uid),
            "createdAt": .string(APITime.timestamp(task.createdAt)),
            "updatedAt": .string(APITime.timestamp(task.updatedAt)),
            "caldavHref": .string(
                CadencePaths.object(ownerName, calendarPath, task.objectName).description),
        ])
    }

    /// Reads a task body (create, or the current task with a merge patch applied) into a draft
    /// and the requested calendar path; read-only members are ignored.
    ///
    /// `keptTimeZone` is the task's current zone on a PATCH: a zone that a client wrote (and
    /// that only its VTIMEZONE defines) stays acceptable as long as the patch keeps it.
    static func read(_ value: JSONValue, keptTimeZone: String? = nil) throws(APIProblem) -> (
        draft: TaskDraft, calendar: String?
    ) {
        var reader = try JSONFieldReader(value)
        let type = reader.enumeration("type", TaskType.self)
        if !reader.has("type") || reader.value["type"] == .null {
            reader.fail("type", "is required")
        }
        let title = reader.string("title", required: true) ?? ""
        let timeZone = reader.string("timeZone")
        if let timeZone, timeZone != keptTimeZone,
            TimeZoneRegistry().utcOffset(atUTC: 0, tzid: timeZone) == nil
        {
            reader.fail("timeZone", "unknown time zone")
        }
        let allDayFlag = reader.bool("allDay")
        var sawDate = false
        var sawTime = false
        func instant(_ key: String) -> Int64? {
            guard let text = reader.string(key) else { return nil }
            guard let parsed = APITime.parse(text, timeZone: timeZone) else {
                reader.fail(
                    key,
                    "expected YYYY-MM-DD or an ISO 8601 date-time with an offset (2026-12-01T10:00:00+01:00)"
                )
                return nil
            }
            if parsed.isDate { sawDate = true } else { sawTime = true }
            return parsed.utc
        }
        let start = instant("start")
        let end = instant("end")
        let due = instant("due")
        let isAllDay = allDayFlag ?? (sawDate && !sawTime)
        if isAllDay && sawTime {
            reader.fail("allDay", "an all-day task takes dates (YYYY-MM-DD), not times")
        } else if !isAllDay && sawDate {
            reader.fail("allDay", "dates without a time need \"allDay\": true")
        }
        if let start, let end, end < start { reader.fail("end", "is before start") }
        let draft = TaskDraft(
            type: type ?? .todo, title: title, notes: reader.string("notes"),
            status: reader.enumeration("status", TaskStatus.self) ?? .open,
            priority: reader.enumeration("priority", TaskPriority.self),
            start: start, end: end, due: due, isAllDay: isAllDay, timeZone: timeZone,
            location: reader.string("location"),
            reminderMinutes: reader.int("reminderMinutes", in: 0...(366 * 24 * 60)),
            contactID: reader.string("contactId"), assignee: reader.string("assignee"))
        let calendar = reader.string("calendar")
        try reader.finish()
        return (draft, calendar)
    }
}
