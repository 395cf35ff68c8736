import Foundation
import HTTPTypes
import Hummingbird

/// Tasks: the list grouped by day with filters, the week of calls and meetings, the task form
/// (create, edit), complete, reopen and delete — through the JSON API's task operations.
extension WebApp {
    static let taskTypes: [(value: String, label: String)] = [
        ("call", "Call"), ("email", "E-mail"), ("meeting", "Meeting"), ("to-do", "To-do"),
    ]
    static let taskStatuses: [(value: String, label: String)] = [
        ("open", "Open"), ("in-progress", "In progress"), ("done", "Done"),
        ("cancelled", "Cancelled"),
    ]
    static let priorities: [(value: String, label: String)] = [
        ("", "None"), ("high", "High"), ("normal", "Normal"), ("low", "Low"),
    ]

    func registerTasks(_ router: Router<CadenceRequestContext>) {
        page(router, .get, "/web/tasks") { call in try await taskList(call) }
        page(router, .get, "/web/week") { call in try await week(call) }
        page(router, .get, "/web/tasks/new") { call in
            // Every field is set: a missing one would be looked up on the page (its title).
            var values: [String: Any] = ["type": call.queryValue("type") ?? "to-do"]
            for name in ["title", "start", "end", "due", "location", "notes", "reminderMinutes"] {
                values[name] = ""
            }
            values["contactId"] = call.queryValue("contact")
            values["timeZone"] = "UTC"
            values["status"] = "open"
            return try await taskForm(call, values: values, isNew: true)
        }
        page(router, .post, "/web/tasks") { call in
            let answer = await api("createTask", call, body: Self.taskBody(call, isNew: true))
            guard answer.status == .created else {
                return try await taskFormAgain(call, answer, isNew: true)
            }
            return .redirect(Self.back(call) ?? "/web/tasks", notice: "Task created.")
        }
        page(router, .get, "/web/tasks/{id}") { call in
            let task = try await read("getTask", call, parameters: ["id": call.parameter("id")])
            return try await taskForm(call, values: Self.taskFormValues(task), isNew: false)
        }
        page(router, .post, "/web/tasks/{id}") { call in
            let answer = await api(
                "updateTask", call, parameters: ["id": call.parameter("id")],
                body: Self.taskBody(call, isNew: false))
            guard answer.status == .ok else {
                if answer.status == .notFound { throw WebFailure(.notFound, "No such task.") }
                return try await taskFormAgain(call, answer, isNew: false)
            }
            return .redirect(Self.back(call) ?? "/web/tasks", notice: "Task saved.")
        }
        for (action, operation, notice) in [
            ("complete", "completeTask", "Task completed."),
            ("reopen", "reopenTask", "Task reopened."), ("delete", "deleteTask", "Task deleted."),
        ] {
            page(router, .post, "/web/tasks/{id}/\(action)") { call in
                let answer = await api(operation, call, parameters: ["id": call.parameter("id")])
                guard answer.status.kind == .successful else {
                    throw WebFailure(answer.status, Self.problemText(answer.json))
                }
                return .redirect(Self.back(call) ?? "/web/tasks", notice: notice)
            }
        }
    }

    /// Where to go after a form: the `back` field when it is one of our pages.
    static func back(_ call: WebCall) -> String? {
        guard let back = call.formValue("back"), back.hasPrefix("/web/"), !back.hasPrefix("//"),
            !back.contains("\\")
        else { return nil }
        return back
    }

    // MARK: Lists

    func taskList(_ call: WebCall) async throws -> WebResult {
        var query: [(String, String)] = [("limit", "300"), ("sort", "due")]
        for name in ["type", "status", "contact", "q"] {
            if let value = call.queryValue(name) { query.append((name, value)) }
        }
        let tasks = Self.items(try await read("listTasks", call, query: query))
        let contacts = try await contactNames(call)
        // One group per day, in date order; the API sorts by due, and events have only a start.
        var byDay: [String: [[String: Any]]] = [:]
        for task in tasks { byDay[Self.day(of: task) ?? "none", default: []].append(task) }
        func time(_ task: [String: Any]) -> String {
            String(((task["start"] ?? task["due"]) as? String ?? "").dropFirst(11).prefix(5))
        }
        let back = Self.here(call)
        var days: [[String: Any]] = byDay.keys.filter { $0 != "none" }.sorted().map { key in
            [
                "key": key, "label": Self.dayLabel(key),
                "tasks": (byDay[key] ?? []).sorted { time($0) < time($1) }
                    .map { taskRow($0, contactNames: contacts, back: back) },
            ]
        }
        if let undated = byDay["none"] {
            days.append([
                "key": "none", "label": "No date",
                "tasks": undated.map { taskRow($0, contactNames: contacts, back: back) },
            ])
        }
        return .page(
            "tasks", "Tasks",
            [
                "days": days,
                "types": Self.options(Self.taskTypes, selected: call.queryValue("type")),
                "statuses": Self.options(Self.taskStatuses, selected: call.queryValue("status")),
                "contacts": contacts.sorted { $0.value < $1.value }.map {
                    [
                        "value": $0.key, "label": $0.value,
                        "selected": $0.key == call.queryValue("contact"),
                    ]
                        as [String: Any]
                },
                "filterQ": call.queryValue("q") ?? "",
            ])
    }

    func week(_ call: WebCall) async throws -> WebResult {
        let calendar = Self.utcCalendar
        var start = calendar.startOfDay(for: Date())
        if let text = call.queryValue("week"),
            let date = Self.dayFormatter("yyyy-MM-dd").date(from: text)
        {
            start = date
        }
        let weekday = calendar.component(.weekday, from: start)  // 1 = Sunday
        start = calendar.date(byAdding: .day, value: -((weekday + 5) % 7), to: start) ?? start
        let end = calendar.date(byAdding: .day, value: 7, to: start) ?? start
        let key = Self.dayFormatter("yyyy-MM-dd")
        let tasks = Self.items(
            try await read(
                "listTasks", call,
                query: [
                    ("type", "call,meeting"), ("dueFrom", key.string(from: start)),
                    ("dueBefore", key.string(from: end)), ("sort", "start"), ("limit", "500"),
                ]))
        let contacts = try await contactNames(call)
        var days: [[String: Any]] = []
        for offset in 0..<7 {
            let date = calendar.date(byAdding: .day, value: offset, to: start) ?? start
            let dayKey = key.string(from: date)
            let rows = tasks.filter { Self.day(of: $0) == dayKey }
                .map { taskRow($0, contactNames: contacts, back: Self.here(call)) }
            days.append([
                "key": dayKey, "label": Self.dayFormatter("EEEE d MMMM").string(from: date),
                "tasks": rows,
            ])
        }
        let previous = calendar.date(byAdding: .day, value: -7, to: start) ?? start
        return .page(
            "week", "Week of " + Self.dayFormatter("d MMMM yyyy").string(from: start),
            [
                "days": days, "previous": key.string(from: previous), "next": key.string(from: end),
            ])
    }

    /// The names of the user's contacts by id (for showing a task's contact).
    func contactNames(_ call: WebCall) async throws -> [String: String] {
        let contacts = Self.items(try await read("listContacts", call, query: [("limit", "500")]))
        var names: [String: String] = [:]
        for contact in contacts {
            if let id = contact["id"] as? String { names[id] = contact["name"] as? String ?? id }
        }
        return names
    }

    /// A task as a row of a list: icon, labels, time and the complete/reopen button.
    func taskRow(_ task: [String: Any], contactNames: [String: String], back: String)
        -> [String: Any]
    {
        var row = task
        let type = task["type"] as? String ?? "to-do"
        let status = task["status"] as? String ?? "open"
        row["typeLabel"] = Self.taskTypes.first { $0.value == type }?.label ?? type
        row["statusLabel"] = Self.taskStatuses.first { $0.value == status }?.label ?? status
        row["isDone"] = status == "done" || status == "cancelled"
        row["encodedID"] = CRMAPI.encode(task["id"] as? String ?? "")
        row["back"] = back
        if let contact = task["contactId"] as? String {
            row["contactName"] = contactNames[contact]
            row["encodedContact"] = CRMAPI.encode(contact)
        }
        let when = Self.when(task)
        if !when.isEmpty { row["when"] = when }
        return row
    }

    /// The time of a task for people: `10:00–11:00`, `due 17:00`, `all day`.
    static func when(_ task: [String: Any]) -> String {
        func time(_ key: String) -> String? {
            guard let text = task[key] as? String, text.count >= 16 else { return nil }
            let characters = Array(text)
            return String(characters[11..<16])
        }
        if task["allDay"] as? Bool == true { return "all day" }
        if let start = time("start") {
            return time("end").map { "\(start)–\($0)" } ?? start
        }
        if let due = time("due") { return "due \(due)" }
        return ""
    }

    /// The day (`YYYY-MM-DD`, in the task's zone) a task belongs to: its start, else its due.
    static func day(of task: [String: Any]) -> String? {
        for key in ["start", "due"] {
            if let text = task[key] as? String, text.count >= 10 { return String(text.prefix(10)) }
        }
        return nil
    }

    static func dayLabel(_ key: String) -> String {
        guard let date = dayFormatter("yyyy-MM-dd").date(from: key) else { return key }
        return dayFormatter("EEEE d MMMM yyyy").string(from: date)
    }

    static var utcCalendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }

    static func dayFormatter(_ format: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = format
        return formatter
    }

    /// The path and query of this page, for coming back after a form.
    static func here(_ call: WebCall) -> String {
        guard !call.query.isEmpty else { return call.path }
        return call.path + "?"
            + call.query.map { CRMAPI.encode($0.name) + "=" + CRMAPI.encode($0.value) }
            .joined(separator: "&")
    }

    static func options(_ list: [(value: String, label: String)], selected: String?)
        -> [[String: Any]]
    {
        list.map {
            ["value": $0.value, "label": $0.label, "selected": $0.value == (selected ?? "")]
                as [String: Any]
        }
    }

    // MARK: The form

    func taskForm(
        _ call: WebCall, values: [String: Any], isNew: Bool, error: String? = nil,
        fieldErrors: [String: String] = [:], status: HTTPResponse.Status = .ok
    )
        async throws -> WebResult
    {
        let contacts = try await contactNames(call)
        let calendars = Self.items(try await read("listCalendars", call))
        let id = call.parameter("id")
        var data: [String: Any] = [
            "task": values,
            "types": Self.options(Self.taskTypes, selected: values["type"] as? String),
            "statuses": Self.options(Self.taskStatuses, selected: values["status"] as? String),
            "priorities": Self.options(Self.priorities, selected: values["priority"] as? String),
            "contacts": contacts.sorted { $0.value < $1.value }.map {
                [
                    "value": $0.key, "label": $0.value,
                    "selected": $0.key == values["contactId"] as? String,
                ]
                    as [String: Any]
            },
            "calendars": calendars.map {
                [
                    "value": $0["path"] as? String ?? "",
                    "label": ($0["displayName"] as? String).flatMap { $0.isEmpty ? nil : $0 }
                        ?? $0["path"] as? String ?? "",
                    "selected": ($0["path"] as? String) == values["calendar"] as? String,
                ] as [String: Any]
            },
            "action": isNew ? "/web/tasks" : "/web/tasks/\(CRMAPI.encode(id))",
            "encodedID": CRMAPI.encode(id),
            "back": Self.back(call) ?? call.queryValue("back") ?? "/web/tasks",
        ]
        if isNew { data["isNew"] = true }
        if let error { data["error"] = error }
        for (field, message) in fieldErrors { data["error_" + field] = message }
        return .page(
            status: status, template: "taskForm", title: isNew ? "New task" : "Edit task",
            data: data)
    }

    func taskFormAgain(
        _ call: WebCall, _ answer: (status: HTTPResponse.Status, json: JSONValue?), isNew: Bool
    ) async throws -> WebResult {
        var values: [String: Any] = [:]
        for name in [
            "type", "title", "status", "priority", "start", "end", "due", "timeZone", "location",
            "contactId", "calendar", "notes", "reminderMinutes",
        ] {
            values[name] = call.field(name)
        }
        if call.formValue("allDay") != nil { values["allDay"] = true }
        return try await taskForm(
            call, values: values, isNew: isNew, error: Self.problemText(answer.json),
            fieldErrors: Self.fieldErrors(answer.json),
            status: answer.status.code >= 500 ? .internalServerError : .unprocessableContent)
    }

    /// The JSON body of the task form. Empty fields are `null` (on an edit, a merge patch that
    /// clears them); `datetime-local` values are read in the form's time zone.
    static func taskBody(_ call: WebCall, isNew: Bool) -> JSONValue {
        let allDay = call.formValue("allDay") != nil
        func optional(_ name: String) -> JSONValue {
            let value = call.field(name)
            return value.isEmpty ? .null : .string(value)
        }
        func instant(_ name: String) -> JSONValue {
            var value = call.field(name).replacingOccurrences(of: " ", with: "T")
            guard !value.isEmpty else { return .null }
            if allDay { value = String(value.prefix(10)) }
            return .string(value)
        }
        var members: [JSONValue.Member] = [
            .init(key: "type", value: .string(call.field("type"))),
            .init(key: "title", value: .string(call.field("title"))),
            .init(key: "status", value: optional("status")),
            .init(key: "priority", value: optional("priority")),
            .init(key: "allDay", value: .bool(allDay)),
            .init(key: "start", value: instant("start")),
            .init(key: "end", value: instant("end")),
            .init(key: "due", value: instant("due")),
            .init(key: "timeZone", value: allDay ? .null : optional("timeZone")),
            .init(key: "location", value: optional("location")),
            .init(key: "contactId", value: optional("contactId")),
            .init(key: "notes", value: optional("notes")),
        ]
        let reminder = call.field("reminderMinutes")
        if reminder.isEmpty {
            members.append(.init(key: "reminderMinutes", value: .null))
        } else if let minutes = Int64(reminder) {
            members.append(.init(key: "reminderMinutes", value: .int(minutes)))
        } else {
            // Let the API name the problem.
            members.append(.init(key: "reminderMinutes", value: .string(reminder)))
        }
        let calendar = call.field("calendar")
        if !calendar.isEmpty {
            members.append(.init(key: "calendar", value: .string(calendar)))
        } else if isNew {
            members.append(.init(key: "calendar", value: .null))
        }
        return .object(members)
    }

    /// A task's JSON as the form's values (`datetime-local` wants `YYYY-MM-DDTHH:MM`).
    static func taskFormValues(_ task: JSONValue) -> [String: Any] {
        var values = templateValue(task) as? [String: Any] ?? [:]
        for key in ["start", "end", "due"] {
            guard let text = values[key] as? String else { continue }
            values[key] = text.count >= 16 ? String(text.prefix(16)) : text + "T00:00"
        }
        if let minutes = values["reminderMinutes"] { values["reminderMinutes"] = "\(minutes)" }
        values["isDone"] = ["done", "cancelled"].contains(values["status"] as? String ?? "")
        return values
    }
}
