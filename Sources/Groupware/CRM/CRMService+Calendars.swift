import CRM
import Storage

extension CRMService {
    /// The owner's calendars with their default task types, ordered by path.
    public func calendars(owner: UserRecord) async throws(CRMServiceError) -> [CollectionRecord] {
        try await storage { () async throws(StorageError) in
            try await store.collections(ownerID: owner.id, parent: "")
        }.filter { $0.kind == .calendar }
    }

    /// Creates a calendar (VEVENT and VTODO) with a default task type and colour. `.conflict`,
    /// `.invalid`.
    public func createCalendar(
        owner: UserRecord, path: String, displayName: String?, color: String?,
        defaultType: TaskType?
    ) async throws(CRMServiceError) -> CollectionRecord {
        let path = Self.trimmedPath(path)
        guard !path.isEmpty, !path.contains("/") else {
            throw CRMServiceError(
                .invalid, "a calendar path is one non-empty segment",
                fieldErrors: [.init(field: "path", message: "must be one non-empty segment")])
        }
        var new = NewCollection(
            path: path, kind: .calendar, displayName: displayName, color: color,
            supportedComponents: ["VEVENT", "VTODO"])
        new.defaultTaskType = defaultType
        do {
            return try await store.createCollection(ownerID: owner.id, new)
        } catch  where error.code == .invalidName {
            throw CRMServiceError(
                .invalid, error.reason, fieldErrors: [.init(field: "path", message: error.reason)])
        } catch {
            throw CRMServiceError(error)
        }
    }

    /// The owner's routing rules, ordered by type.
    public func routes(owner: UserRecord) async throws(CRMServiceError) -> [TaskRoute] {
        try await storage { () async throws(StorageError) in
            try await store.routes(ownerID: owner.id)
        }
    }

    /// The owner's routing rules as type → calendar path (rules whose calendar is gone are left
    /// out).
    public func routePaths(owner: UserRecord) async throws(CRMServiceError) -> [TaskType: String] {
        let routes = try await routes(owner: owner)
        let calendars = try await calendars(owner: owner)
        var paths: [TaskType: String] = [:]
        for route in routes {
            if let calendar = calendars.first(where: { $0.id == route.collectionID }) {
                paths[route.type] = calendar.path
            }
        }
        return paths
    }

    /// Sets or removes the rule for a type by calendar path. `.invalid` (no such calendar).
    public func setRoute(owner: UserRecord, type: TaskType, calendarPath: String?)
        async throws(CRMServiceError)
    {
        var collectionID: Int64?
        if let calendarPath {
            collectionID = try await namedCalendar(owner: owner, path: calendarPath).id
        }
        do {
            try await store.setRoute(ownerID: owner.id, type: type, collectionID: collectionID)
        } catch  where error.code == .notFound || error.code == .invalidName {
            throw CRMServiceError(
                .invalid, error.reason,
                fieldErrors: [.init(field: "calendarPath", message: "no such calendar")])
        } catch {
            throw CRMServiceError(error)
        }
    }

    /// The owner's trash, newest first.
    public func trash(owner: UserRecord) async throws(CRMServiceError) -> [TrashRecord] {
        try await storage { () async throws(StorageError) in
            try await store.trash(ownerID: owner.id)
        }
    }

    /// Restores a trash entry (to its calendar, else `crm-tasks`); returns its task if it had
    /// one. `.notFound`, `.conflict`.
    public func restore(owner: UserRecord, trashID: Int64) async throws(CRMServiceError)
        -> TaskRecord?
    {
        let entry = try await storage { () async throws(StorageError) in
            try await store.trashEntry(ownerID: owner.id, id: trashID)
        }
        guard let entry else { throw CRMServiceError(.notFound, "no trash entry \(trashID)") }
        let original = try await storage { () async throws(StorageError) in
            try await store.collection(id: entry.collectionID)
        }
        var into: Int64?
        if original?.ownerID != owner.id || original?.kind != .calendar {
            into = try await defaultCalendar(owner: owner).id
        }
        let result: PutResult
        do {
            result = try await store.restoreTrashEntry(ownerID: owner.id, id: trashID, into: into)
        } catch  where error.code == .notFound && into == nil {
            // The calendar went away since it was looked up.
            let fallback = try await defaultCalendar(owner: owner).id
            result = try await storage { () async throws(StorageError) in
                try await store.restoreTrashEntry(ownerID: owner.id, id: trashID, into: fallback)
            }
        } catch {
            throw CRMServiceError(error)
        }
        guard let task = entry.task else { return nil }
        if task.fields.assignee != nil { await placeAssignedCopy(of: result.object, task: task) }
        return try await storage { () async throws(StorageError) in
            try await store.task(
                collectionID: result.object.collectionID, objectName: result.object.name)
        }
    }

    /// Gives a restored assigned task its copy in the assignee's calendar again, by rewriting
    /// the same bytes (same ETag). When the assignee's calendar now holds the UID the task
    /// stays restored without a copy, as after any refused placement.
    private func placeAssignedCopy(of object: ObjectRecord, task: TaskWrite) async {
        guard let data = object.data else { return }
        _ = try? await storage { () async throws(StorageError) in
            guard let collection = try await store.collection(id: object.collectionID) else {
                return
            }
            let copy = try await TaskAssignment.copy(
                for: task, componentType: object.index.componentType, in: collection,
                store: store)
            guard copy != .none else { return }
            _ = try await store.putObject(
                ObjectWrite(
                    name: object.name, data: data, contentType: object.contentType,
                    index: object.index, task: task, assignedCopy: copy),
                collectionID: collection.id, precondition: .ifMatch(object.etag))
        }
    }

    // MARK: Routing

    /// Where a new task goes: `calendarPath`, else the calendar routed for its type, else
    /// `crm-tasks` (CRM-MAPPING.md, "Routing tasks to calendars").
    func targetCalendar(owner: UserRecord, type: TaskType, calendarPath: String?)
        async throws(CRMServiceError) -> CollectionRecord
    {
        if let calendarPath { return try await namedCalendar(owner: owner, path: calendarPath) }
        if let routed = try await routedCalendar(owner: owner, type: type) { return routed }
        return try await defaultCalendar(owner: owner)
    }

    /// The owner's calendar at `path`; `.invalid` naming `calendarPath` when there is none.
    func namedCalendar(owner: UserRecord, path: String) async throws(CRMServiceError)
        -> CollectionRecord
    {
        let path = Self.trimmedPath(path)
        let found = try await storage { () async throws(StorageError) in
            path.isEmpty ? nil : try await store.collection(ownerID: owner.id, path: path)
        }
        guard let found, found.kind == .calendar else {
            throw CRMServiceError(
                .invalid, "no calendar \(path)",
                fieldErrors: [.init(field: "calendarPath", message: "no such calendar")])
        }
        return found
    }

    /// The calendar the owner routes `type` to, if the rule's calendar still exists.
    func routedCalendar(owner: UserRecord, type: TaskType) async throws(CRMServiceError)
        -> CollectionRecord?
    {
        try await storage { () async throws(StorageError) in
            guard
                let route = try await store.routes(ownerID: owner.id).first(where: {
                    $0.type == type
                }),
                let calendar = try await store.collection(id: route.collectionID),
                calendar.ownerID == owner.id, calendar.kind == .calendar
            else { return nil }
            return calendar
        }
    }

    /// The owner's `crm-tasks`, created when missing (every user has it, CRM-MAPPING.md).
    func defaultCalendar(owner: UserRecord) async throws(CRMServiceError) -> CollectionRecord {
        try await storage { () async throws(StorageError) in
            try await TaskAssignment.defaultCalendar(ownerID: owner.id, store: store)
        }
    }

    /// A calendar path without surrounding slashes.
    static func trimmedPath(_ path: String) -> String {
        var s = Substring(path)
        while s.hasPrefix("/") { s = s.dropFirst() }
        while s.hasSuffix("/") { s = s.dropLast() }
        return String(s)
    }
}
