import CRM
import HTTPTypes
import Storage

/// `/tasks`: list with filters, create, read, merge-patch, delete, complete, reopen, and turning
/// an unmatched participant into a contact. The ETag is the calendar object's.
extension CRMAPI {
    func listTasks(_ request: APIRequest) async throws -> APIResponse {
        let owner = try request.owner
        let (limit, cursor) = try Self.paging(request)
        var problems: [APIProblem.FieldError] = []
        var types: Set<TaskType> = []
        for text in request.queryValues("type") {
            if let type = TaskType(rawValue: text.lowercased()) {
                types.insert(type)
            } else {
                problems.append(.init(field: "type", message: "unknown task type '\(text)'"))
            }
        }
        var statuses: Set<TaskStatus> = []
        for text in request.queryValues("status") {
            if let status = TaskStatus(rawValue: text.lowercased()) {
                statuses.insert(status)
            } else {
                problems.append(.init(field: "status", message: "unknown status '\(text)'"))
            }
        }
        func instant(_ name: String) -> Int64? {
            guard let text = request.queryValue(name) else { return nil }
            guard let parsed = APITime.parse(text, timeZone: nil) else {
                problems.append(
                    .init(
                        field: name,
                        message: "expected YYYY-MM-DD or an ISO 8601 date-time with an offset"))
                return nil
            }
            return parsed.utc
        }
        let dueFrom = instant("dueFrom")
        let dueBefore = instant("dueBefore")
        guard problems.isEmpty else {
            throw APIProblem(
                .badRequest,
                detail: problems.map { "\($0.field): \($0.message)" }.joined(separator: "; "),
                errors: problems)
        }
        let paths = try await calendarPaths(owner)
        var collectionID: Int64?
        if let calendar = request.queryValue("calendar") {
            guard let id = paths.first(where: { $0.value == calendar })?.key else {
                return Self.page([], nextCursor: nil, request)
            }
            collectionID = id
        }
        let query = TaskQuery(
            text: request.queryValue("q"), types: types, statuses: statuses, dueFrom: dueFrom,
            dueBefore: dueBefore, contactID: request.queryValue("contact"),
            assignee: request.queryValue("assignee"), collectionID: collectionID,
            sort: try Self.sort(request, default: TaskQuery.Field.due), cursor: cursor, limit: limit
        )
        let page = try await service.tasks(owner: owner, query: query)
        return Self.page(
            page.items.map {
                TaskResource.json(
                    $0, calendarPath: paths[$0.collectionID] ?? "", ownerName: owner.name)
            }, nextCursor: page.nextCursor, request)
    }

    /// Tasks other users assigned to the caller (issue 13): each as the caller sees it, in the
    /// calendar of theirs that holds its copy (`calendar`, `caldavHref`), with its `owner`. They
    /// are edited through that calendar object (CalDAV), which is the owner's task.
    func listAssignedTasks(_ request: APIRequest) async throws -> APIResponse {
        let user = try request.owner
        let (limit, _) = try Self.paging(request)
        let assigned = try await store.assignedTasks(userID: user.id, limit: limit)
        let paths = try await calendarPaths(user)
        var owners: [Int64: String] = [:]
        var items: [JSONValue] = []
        for entry in assigned {
            if owners[entry.task.ownerID] == nil {
                owners[entry.task.ownerID] = try await store.user(id: entry.task.ownerID)?.name
            }
            var task = entry.task
            task.collectionID = entry.link.copyCollectionID
            task.objectName = entry.link.copyName
            guard
                case .object(var members) = TaskResource.json(
                    task, calendarPath: paths[task.collectionID] ?? "", ownerName: user.name)
            else { continue }
            members.append(.init(key: "owner", value: .string(owners[entry.task.ownerID])))
            items.append(.object(members))
        }
        return Self.page(items, nextCursor: nil, request)
    }

    func createTask(_ request: APIRequest) async throws -> APIResponse {
        let owner = try request.owner
        let (draft, calendar) = try TaskResource.read(try request.json())
        let task = try await service.createTask(owner: owner, draft, calendarPath: calendar)
        return try await taskAnswer(task, owner, status: .created, location: true)
    }

    func getTask(_ request: APIRequest) async throws -> APIResponse {
        let owner = try request.owner
        let task = try await service.task(owner: owner, id: request.parameter("id"))
        return try await taskAnswer(task, owner)
    }

    func updateTask(_ request: APIRequest) async throws -> APIResponse {
        let owner = try request.owner
        let patch = try request.json()
        let current = try await service.task(owner: owner, id: request.parameter("id"))
        if let ifMatch = request.ifMatch, ifMatch != current.etag {
            throw APIProblem(.preconditionFailed, detail: "the task has changed since \(ifMatch)")
        }
        let path = try await calendarPath(current.collectionID)
        let merged = TaskResource.json(current, calendarPath: path, ownerName: owner.name)
            .merging(patch: patch)
        let (draft, calendar) = try TaskResource.read(
            merged, keptTimeZone: current.fields.timeZone)
        let task = try await service.updateTask(
            owner: owner, id: current.id, draft, calendarPath: calendar,
            ifMatch: request.ifMatch ?? current.etag)
        return try await taskAnswer(task, owner)
    }

    func deleteTask(_ request: APIRequest) async throws -> APIResponse {
        try await service.deleteTask(
            owner: try request.owner, id: request.parameter("id"), ifMatch: request.ifMatch)
        return .noContent
    }

    /// `complete` and `reopen`: only the status changes.
    func setStatus(_ request: APIRequest, _ status: TaskStatus) async throws -> APIResponse {
        let owner = try request.owner
        let current = try await service.task(owner: owner, id: request.parameter("id"))
        if let ifMatch = request.ifMatch, ifMatch != current.etag {
            throw APIProblem(.preconditionFailed, detail: "the task has changed since \(ifMatch)")
        }
        var draft = TaskDraft(current.fields)
        draft.status = status
        let task = try await service.updateTask(
            owner: owner, id: current.id, draft, calendarPath: nil,
            ifMatch: request.ifMatch ?? current.etag)
        return try await taskAnswer(task, owner)
    }

    func contactFromParticipant(_ request: APIRequest) async throws -> APIResponse {
        let owner = try request.owner
        guard let index = Int(request.parameter("index")), index >= 0 else {
            throw APIProblem(.notFound, detail: "no participant \(request.parameter("index"))")
        }
        // The index is a path segment: out of range is 404 (the service calls it invalid input).
        let current = try await service.task(owner: owner, id: request.parameter("id"))
        guard current.fields.unmatchedParticipants.indices.contains(index) else {
            throw APIProblem(.notFound, detail: "the task has no unmatched participant \(index)")
        }
        let (contact, task) = try await service.createContact(
            owner: owner, fromParticipant: index, ofTask: request.parameter("id"),
            ifMatch: request.ifMatch)
        let path = try await calendarPath(task.collectionID)
        return APIResponse.json(
            .object([
                "contact": ContactResource.json(contact),
                "task": TaskResource.json(task, calendarPath: path, ownerName: owner.name),
            ]), status: .created, etag: task.etag,
            location: "\(APIRouter.prefix)/contacts/\(contact.id)")
    }

    private func calendarPath(_ collectionID: Int64) async throws -> String {
        try await store.collection(id: collectionID)?.path ?? ""
    }

    private func taskAnswer(
        _ task: TaskRecord, _ owner: UserRecord, status: HTTPResponse.Status = .ok,
        location: Bool = false
    ) async throws -> APIResponse {
        let path = try await calendarPath(task.collectionID)
        return APIResponse.json(
            TaskResource.json(task, calendarPath: path, ownerName: owner.name), status: status,
            etag: task.etag, location: location ? "\(APIRouter.prefix)/tasks/\(task.id)" : nil)
    }
}
