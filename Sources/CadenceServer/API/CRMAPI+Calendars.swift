import CRM
import Groupware
import Storage

/// `/calendars`, `/routing` and `/trash`.
extension CRMAPI {
    func listCalendars(_ request: APIRequest) async throws -> APIResponse {
        let owner = try request.owner
        let calendars = try await service.calendars(owner: owner)
        return .json(
            .object([
                "items": .array(calendars.map { CalendarResource.json($0, ownerName: owner.name) })
            ]))
    }

    func createCalendar(_ request: APIRequest) async throws -> APIResponse {
        let owner = try request.owner
        var reader = try JSONFieldReader(try request.json())
        let path = reader.string("path", required: true) ?? ""
        if !path.isEmpty, !path.utf8.allSatisfy(Self.isPathByte) {
            reader.fail("path", "use lowercase letters, digits, '-', '_' and '.'")
        }
        let displayName = reader.string("displayName")
        let color = reader.string("color")
        let defaultType = reader.enumeration("defaultType", TaskType.self)
        try reader.finish()
        let calendar = try await service.createCalendar(
            owner: owner, path: path, displayName: displayName, color: color,
            defaultType: defaultType)
        let href = CadencePaths.collection(owner.name, calendar.path).description
        return .json(
            CalendarResource.json(calendar, ownerName: owner.name), status: .created,
            location: href)
    }

    func listRoutes(_ request: APIRequest) async throws -> APIResponse {
        let owner = try request.owner
        let paths = try await calendarPaths(owner)
        let routes = try await service.routes(owner: owner)
        return .json(
            .object([
                "items": .array(
                    routes.map {
                        .object([
                            "type": .string($0.type.rawValue),
                            "calendar": .string(paths[$0.collectionID] ?? ""),
                        ])
                    })
            ]))
    }

    func setRoute(_ request: APIRequest) async throws -> APIResponse {
        let owner = try request.owner
        let type = try Self.taskType(request)
        var reader = try JSONFieldReader(try request.json())
        let calendar = reader.string("calendar", required: true)
        try reader.finish()
        try await service.setRoute(owner: owner, type: type, calendarPath: calendar)
        return .json(.object(["type": .string(type.rawValue), "calendar": .string(calendar)]))
    }

    func deleteRoute(_ request: APIRequest) async throws -> APIResponse {
        let type = try Self.taskType(request)
        try await service.setRoute(owner: try request.owner, type: type, calendarPath: nil)
        return .noContent
    }

    func listTrash(_ request: APIRequest) async throws -> APIResponse {
        let owner = try request.owner
        let entries = try await service.trash(owner: owner)
        return .json(
            .object([
                "items": .array(
                    entries.map { entry in
                        .object([
                            "id": .int(entry.id),
                            "calendar": .string(entry.collectionPath),
                            "name": .string(entry.name),
                            "componentType": .string(entry.index.componentType),
                            "taskId": .string(entry.task?.proposedID),
                            "title": .string(entry.task?.fields.title),
                            "type": .string(entry.task?.fields.type.rawValue),
                            "deletedAt": .string(APITime.timestamp(entry.deletedAt)),
                        ])
                    })
            ]))
    }

    func restoreTrash(_ request: APIRequest) async throws -> APIResponse {
        let owner = try request.owner
        guard let id = Int64(request.parameter("id")) else {
            throw APIProblem(.notFound, detail: "no trash entry \(request.parameter("id"))")
        }
        guard let task = try await service.restore(owner: owner, trashID: id) else {
            return .noContent
        }
        let path = try await store.collection(id: task.collectionID)?.path ?? ""
        return .json(
            TaskResource.json(task, calendarPath: path, ownerName: owner.name), etag: task.etag,
            location: "\(APIRouter.prefix)/tasks/\(task.id)")
    }

    private static func taskType(_ request: APIRequest) throws(APIProblem) -> TaskType {
        guard let type = TaskType(rawValue: request.parameter("type").lowercased()) else {
            throw APIProblem(.notFound, detail: "no task type '\(request.parameter("type"))'")
        }
        return type
    }

    private static func isPathByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D
            || byte == 0x5F || byte == 0x2E
    }
}
