import ICalendar

extension TaskMapping {
    static func edit(
        _ draft: TaskDraft, previous: TaskFields, calendar: inout Component, contact: Contact?,
        now: Int64
    ) throws(CRMError) {
        guard let index = masterIndex(in: calendar) else {
            throw CRMError(.notATask, "the object holds no VEVENT or VTODO")
        }
        var task = calendar.components[index]
        let isEvent = task.name == "VEVENT"
        let registry = TimeZoneRegistry(calendar: calendar)
        try check(draft, componentType: task.name, resolver: registry)
        let storedTimes = TaskTimes(reading: task, resolver: registry)
        var newTimeZone: Component?

        if draft.title != previous.title {
            task.rewrite(["SUMMARY"], with: [Property(name: "SUMMARY", text: draft.title)])
            for i in task.components.indices where isOwnReminder(task.components[i]) {
                task.components[i].rewrite(
                    ["DESCRIPTION"], with: [Property(name: "DESCRIPTION", text: draft.title)])
            }
        }
        if draft.notes != previous.notes {
            // An HTML copy of the old description (Outlook, Thunderbird) would contradict it.
            task.rewrite(
                ["DESCRIPTION", "X-ALT-DESC"],
                with: draft.notes.map { [Property(name: "DESCRIPTION", text: $0)] } ?? [])
        }
        if draft.type != previous.type {
            task.rewrite(
                ["X-CADENCE-TYPE"],
                with: [Property(name: "X-CADENCE-TYPE", value: draft.type.rawValue)])
            task.replaceTypeCategory(with: draft.type)
        }
        if draft.status != previous.status {
            var names: Set<String> = ["STATUS", "X-CADENCE-DONE", "X-CADENCE-STATUS", "COMPLETED"]
            let percent = task["PERCENT-COMPLETE"].flatMap { Int($0.trimmedWhitespace) }
            if draft.status == .done || percent == 100 { names.insert("PERCENT-COMPLETE") }
            if isEvent { names.remove("COMPLETED") }
            task.rewrite(names, with: statusProperties(draft.status, isEvent: isEvent, now: now))
        }
        if draft.priority != previous.priority {
            task.rewrite(["PRIORITY"], with: priorityProperties(draft.priority))
        }
        let timesChanged =
            draft.start != previous.start || draft.end != previous.end || draft.due != previous.due
            || draft.isAllDay != previous.isAllDay || draft.timeZone != previous.timeZone
        if timesChanged {
            var times = TaskTimes(draft)
            if times.isAllDay { times.timeZone = nil }
            if let tzid = times.timeZone, let year = times.year,
                !calendar.components.contains(where: {
                    $0.name == "VTIMEZONE" && $0["TZID"] == tzid
                }),
                let zone = foundationZone(tzid, registry: registry)
            {
                newTimeZone = TimeZoneComponent.make(tzid: tzid, zone: zone, year: year)
            }
            let useDuration =
                isEvent && task.property("DTEND") == nil && task.property("DURATION") != nil
            task.rewrite(
                ["DTSTART", "DTEND", "DURATION", "DUE"],
                with: times.properties(
                    isEvent: isEvent, useDuration: useDuration, resolver: registry))
            let sequence = task["SEQUENCE"].flatMap { Int($0.trimmedWhitespace) } ?? 0
            task.rewrite(
                ["SEQUENCE"], with: [Property(name: "SEQUENCE", value: String(sequence + 1))])
        }
        if draft.location != previous.location {
            // Apple's structured location would still point at the old place.
            task.rewrite(
                ["LOCATION", "X-APPLE-STRUCTURED-LOCATION"],
                with: draft.location.map { [Property(name: "LOCATION", text: $0)] } ?? [])
        }
        if draft.reminderMinutes != previous.reminderMinutes {
            task.setReminder(
                draft.reminderMinutes, title: draft.title,
                relatedToEnd: !isEvent && draft.due != nil,
                clientAlarm: previous.reminderMinutes == nil
                    ? nil : reminderAlarm(in: task, times: storedTimes)?.index)
        }
        if draft.contactID != previous.contactID {
            task.linkContact(
                id: draft.contactID, contact: contact,
                addAttendee: isEvent && draft.type == .meeting)
        }
        if draft.assignee != previous.assignee {
            task.rewrite(
                ["X-CADENCE-ASSIGNEE"],
                with: draft.assignee.map { [Property(name: "X-CADENCE-ASSIGNEE", text: $0)] } ?? [])
        }
        task.rewrite(["DTSTAMP", "LAST-MODIFIED"], with: stampProperties(now: now, created: false))
        calendar.components[index] = task
        if let newTimeZone {
            let position =
                calendar.components.lastIndex { $0.name == "VTIMEZONE" }.map { $0 + 1 } ?? 0
            calendar.components.insert(newTimeZone, at: position)
        }
    }

    static func patchContact(_ contact: Contact, calendar: inout Component, now: Int64) -> Bool {
        guard let index = masterIndex(in: calendar) else { return false }
        var task = calendar.components[index]
        var changed = false
        var oldEmails: Set<String> = []
        let contactProperty = contact.contactProperty()
        for i in task.properties.indices
        where task.properties[i].name == "CONTACT"
            && task.properties[i][parameter: contactIDName] == contact.id
        {
            let old = task.properties[i]
            if let email = Participant(contact: old)?.email { oldEmails.insert(email) }
            let new = contactProperty.merged(keeping: old)
            if new != old {
                task.properties[i] = new
                changed = true
            }
        }
        let email = contact.preferredEmail
        var i = 0
        while i < task.properties.count {
            let old = task.properties[i]
            let marker = old[parameter: contactIDName]
            guard old.name == "ATTENDEE",
                marker == contact.id
                    || (marker == nil
                        && Participant.address(old.value).email.map(oldEmails.contains) == true)
            else {
                i += 1
                continue
            }
            guard let email else {
                task.properties.remove(at: i)
                changed = true
                continue
            }
            var new = old
            new[parameter: "CN"] = contact.name
            new.value = "mailto:" + email
            if new != old {
                task.properties[i] = new
                changed = true
            }
            i += 1
        }
        guard changed else { return false }
        task.rewrite(["DTSTAMP", "LAST-MODIFIED"], with: stampProperties(now: now, created: false))
        calendar.components[index] = task
        return true
    }

    /// Whether a VALARM is the CRM's own reminder (`X-CADENCE-REMINDER:TRUE`).
    static func isOwnReminder(_ component: Component) -> Bool {
        component.name == "VALARM" && isTrue(component["X-CADENCE-REMINDER"])
    }
}

extension Component {
    /// Replaces the `CATEGORIES` values that name a task type by `type`'s display name, keeping
    /// every other category; adds the name when no value named a type.
    fileprivate mutating func replaceTypeCategory(with type: TaskType) {
        var found = false
        for i in properties.indices where properties[i].name == "CATEGORIES" {
            let items = properties[i].textList
            guard items.contains(where: { TaskType(name: $0) != nil }) else { continue }
            found = true
            var rewritten: [String] = []
            for item in items {
                let new = TaskType(name: item) != nil ? type.displayName : item
                if !rewritten.contains(new) { rewritten.append(new) }
            }
            if rewritten != items { properties[i].textList = rewritten }
        }
        guard !found else { return }
        if let first = properties.firstIndex(where: { $0.name == "CATEGORIES" }) {
            properties[first].textList.append(type.displayName)
        } else {
            properties.append(Property(name: "CATEGORIES", text: type.displayName))
        }
    }

    /// Sets the CRM's reminder: its own alarm if there is one, else the client's alarm the
    /// reminder was read from (`clientAlarm`), else a new alarm; `nil` removes that alarm.
    fileprivate mutating func setReminder(
        _ minutes: Int?, title: String, relatedToEnd: Bool, clientAlarm: Int?
    ) {
        let target = components.firstIndex(where: TaskMapping.isOwnReminder) ?? clientAlarm
        if let target {
            if let minutes {
                components[target].rewrite(
                    ["TRIGGER"],
                    with: [
                        TaskMapping.triggerProperty(minutes: minutes, relatedToEnd: relatedToEnd)
                    ])
            } else {
                components.remove(at: target)
            }
        } else if let minutes {
            components.append(
                TaskMapping.reminderComponent(
                    minutes: minutes, title: title, relatedToEnd: relatedToEnd))
        }
    }

    /// Links the task to another contact (or none): removes the `CONTACT` and `ATTENDEE` lines
    /// the CRM wrote for the previous one (those with an `X-CADENCE-CONTACT-ID` parameter),
    /// writes the new contact's `CONTACT` in the first one's place, `X-CADENCE-CONTACT-ID`, and
    /// for meetings an `ATTENDEE` unless the contact already attends.
    fileprivate mutating func linkContact(id: String?, contact: Contact?, addAttendee: Bool) {
        var contactPosition: Int?
        var kept: [Property] = []
        for property in properties {
            if property.name == "CONTACT" || property.name == "ATTENDEE",
                property[parameter: TaskMapping.contactIDName] != nil
            {
                if property.name == "CONTACT", contactPosition == nil {
                    contactPosition = kept.count
                }
                continue
            }
            kept.append(property)
        }
        properties = kept
        let linked = contact.flatMap { $0.id == id ? $0 : nil }
        if let linked {
            properties.insert(linked.contactProperty(), at: contactPosition ?? properties.count)
        }
        rewrite(
            [TaskMapping.contactIDName],
            with: id.map { [Property(name: TaskMapping.contactIDName, text: $0)] } ?? [])
        if addAttendee, let linked, let attendee = linked.attendeeProperty() {
            let email = linked.preferredEmail?.lowercased()
            let attends = properties.contains {
                $0.name == "ATTENDEE" && Participant.address($0.value).email == email
            }
            if !attends { properties.append(attendee) }
        }
    }
}
