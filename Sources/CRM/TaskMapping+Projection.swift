import ICalendar

extension TaskMapping {
    /// The parameter and property naming the linked CRM contact.
    static let contactIDName = "X-CADENCE-CONTACT-ID"

    /// The task component of a VCALENDAR (RFC 5545 §3.6.1, §3.6.2): the first VEVENT or VTODO
    /// without `RECURRENCE-ID` (the master), else the first of them; `nil` when there is none.
    public static func taskComponent(in calendar: Component) -> Component? {
        masterIndex(in: calendar).map { calendar.components[$0] }
    }

    /// The index of `taskComponent(in:)` among the calendar's components.
    static func masterIndex(in calendar: Component) -> Int? {
        var first: Int?
        for (index, component) in calendar.components.enumerated()
        where component.name == "VEVENT" || component.name == "VTODO" {
            if component.property("RECURRENCE-ID") == nil { return index }
            if first == nil { first = index }
        }
        return first
    }

    static func keys(in calendar: Component) -> ContactLookupKeys {
        guard let task = taskComponent(in: calendar) else { return ContactLookupKeys() }
        var keys = ContactLookupKeys()
        for property in task.properties(named: contactIDName) {
            let id = property.text.trimmedWhitespace
            if !id.isEmpty, !keys.contactIDs.contains(id) { keys.contactIDs.append(id) }
        }
        for participant in participants(in: task) {
            if let email = participant.email, !keys.emails.contains(email) {
                keys.emails.append(email)
            }
            if let phone = participant.phone, !keys.phones.contains(phone) {
                keys.phones.append(phone)
            }
        }
        return keys
    }

    static func projection(
        of calendar: Component, defaultType: TaskType?, contacts: [Contact]
    ) throws(CRMError) -> TaskFields {
        guard let index = masterIndex(in: calendar) else {
            throw CRMError(.notATask, "the object holds no VEVENT or VTODO")
        }
        let task = calendar.components[index]
        let times = TaskTimes(reading: task, resolver: TimeZoneRegistry(calendar: calendar))
        let participants = participants(in: task)
        var contactID = task.properties(named: contactIDName).lazy
            .map { $0.text.trimmedWhitespace }
            .first { id in contacts.contains { $0.id == id } }
        if contactID == nil {
            contactID =
                participants.lazy
                .compactMap { participant in contacts.first(where: participant.matches)?.id }
                .first
        }
        var unmatched: [Participant] = []
        var seen: Set<String> = []
        for participant in participants where !contacts.contains(where: participant.matches) {
            if seen.insert(participant.identity).inserted { unmatched.append(participant) }
        }
        let completed = task.property("COMPLETED").flatMap { try? DateTimeValue($0) }
        return TaskFields(
            type: type(of: task, defaultType: defaultType),
            title: task.property("SUMMARY")?.text ?? "",
            notes: task.property("DESCRIPTION")?.text,
            status: status(of: task),
            priority: priority(of: task),
            start: times.start, end: times.end, due: times.due,
            isAllDay: times.isAllDay, timeZone: times.timeZone,
            location: task.property("LOCATION")?.text,
            reminderMinutes: reminderAlarm(in: task, times: times)?.minutes,
            contactID: contactID,
            assignee: task.property("X-CADENCE-ASSIGNEE")?.text.trimmedWhitespace.nonEmpty,
            unmatchedParticipants: unmatched,
            recurrence: task["RRULE"],
            completedAt: completed?.utcSeconds(),
            componentType: task.name,
            uid: task.uid ?? "")
    }

    /// `X-CADENCE-TYPE`, else the first `CATEGORIES` value naming a type, else `defaultType`,
    /// else by component.
    static func type(of task: Component, defaultType: TaskType?) -> TaskType {
        if let value = task.property("X-CADENCE-TYPE")?.text, let type = TaskType(name: value) {
            return type
        }
        for property in task.properties(named: "CATEGORIES") {
            for item in property.textList {
                if let type = TaskType(name: item) { return type }
            }
        }
        return defaultType ?? (task.name == "VEVENT" ? .meeting : .todo)
    }

    /// `STATUS` per CRM-MAPPING.md; on events `X-CADENCE-DONE` marks done and
    /// `X-CADENCE-STATUS:in-progress` in progress (`CONFIRMED` stands for both).
    static func status(of task: Component) -> TaskStatus {
        let status = task["STATUS"]?.trimmedWhitespace.uppercased()
        if task.name == "VEVENT" {
            if status == "CANCELLED" { return .cancelled }
            if isTrue(task["X-CADENCE-DONE"]) { return .done }
            if let value = task.property("X-CADENCE-STATUS")?.text,
                TaskStatus(rawValue: value.trimmedWhitespace.lowercased()) == .inProgress
            {
                return .inProgress
            }
            return .open
        }
        switch status {
        case "IN-PROCESS": return .inProgress
        case "COMPLETED": return .done
        case "CANCELLED": return .cancelled
        case nil: return task.property("COMPLETED") != nil ? .done : .open
        default: return .open
        }
    }

    /// Whether an X- flag is set: present, and not `FALSE`, `NO`, `OFF`, `0` or empty.
    static func isTrue(_ value: String?) -> Bool {
        guard let value else { return false }
        switch value.trimmedWhitespace.uppercased() {
        case "", "FALSE", "NO", "OFF", "0": return false
        default: return true
        }
    }

    /// `PRIORITY` (RFC 5545 §3.8.1.9): 1–4 high, 5 normal, 6–9 low, 0 or unreadable none.
    static func priority(of task: Component) -> TaskPriority? {
        guard let value = task["PRIORITY"].flatMap({ Int($0.trimmedWhitespace) }) else {
            return nil
        }
        switch value {
        case 1...4: return .high
        case 5: return .normal
        case 6...9: return .low
        default: return nil
        }
    }

    /// The task's reminder: the CRM's own alarm (`X-CADENCE-REMINDER`) if it qualifies, else the
    /// first `DISPLAY` or `AUDIO` VALARM (RFC 5545 §3.6.6) with a relative `TRIGGER` at or before
    /// the task's anchor (start of an event, due time of a to-do, else its start); with its index
    /// among the task's sub-components and the minutes before the anchor.
    static func reminderAlarm(in task: Component, times: TaskTimes) -> (index: Int, minutes: Int)? {
        let isEvent = task.name == "VEVENT"
        let anchor = isEvent ? times.start : (times.due ?? times.start)
        let own = task.components.indices.filter { isOwnReminder(task.components[$0]) }
        let others = task.components.indices.filter { !isOwnReminder(task.components[$0]) }
        for index in own + others where task.components[index].name == "VALARM" {
            let alarm = task.components[index]
            let action = alarm["ACTION"]?.trimmedWhitespace.uppercased()
            guard action == "DISPLAY" || action == "AUDIO",
                let trigger = alarm.property("TRIGGER"), trigger.valueType != "DATE-TIME",
                let offset = try? DurationValue(trigger)
            else { continue }
            let relatedToEnd = trigger[parameter: "RELATED"]?.uppercased() == "END"
            let related =
                relatedToEnd
                ? (isEvent ? times.end : times.due) : (times.start ?? (isEvent ? nil : times.due))
            guard let anchor, let related else { continue }
            let before = anchor - (related + Int64(offset.totalSeconds))
            guard before >= 0 else { continue }
            return (index, Int(before / 60))
        }
        return nil
    }

    /// The `ATTENDEE`s and `CONTACT`s of a task, in order; attendees with the organizer's
    /// address are the organizer, not participants.
    static func participants(in task: Component) -> [Participant] {
        let organizer = task.property("ORGANIZER").flatMap { Participant(calendarUser: $0) }?.email
        var participants: [Participant] = []
        for property in task.properties {
            switch property.name {
            case "ATTENDEE":
                if let participant = Participant(calendarUser: property),
                    participant.email == nil || participant.email != organizer
                {
                    participants.append(participant)
                }
            case "CONTACT":
                if let participant = Participant(contact: property) {
                    participants.append(participant)
                }
            default:
                break
            }
        }
        return participants
    }
}
