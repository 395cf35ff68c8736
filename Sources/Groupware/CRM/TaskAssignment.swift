import CRM
import Storage

/// Where an assigned task shows in its assignee's calendars (issue 13, "Assignment").
///
/// A task names its assignee by user name (`X-CADENCE-ASSIGNEE`, the CRM's `assignee`). The
/// object stays in its owner's calendar; the store keeps a copy with the same bytes and ETag
/// in a calendar of the assignee (`AssignedCopy`): the one their routing rules give the task's
/// type, else their `crm-tasks`. Any user of the installation may be assigned (colleagues'
/// principals are readable to all); an unknown name or the owner's own gets no copy, and the
/// name stays in the object as sent.
enum TaskAssignment {
    /// The copy a write of `task` into `collection` asks for; `.none` for objects that are not
    /// tasks or name no other user, without any store call when no assignee is named.
    static func copy(
        for task: TaskWrite?, componentType: String?, in collection: CollectionRecord,
        store: any CadenceStore
    ) async throws(StorageError) -> AssignedCopy {
        guard let task, let name = task.fields.assignee, collection.kind == .calendar else {
            return .none
        }
        guard let assignee = try await store.user(named: name), assignee.id != collection.ownerID
        else { return .none }
        let calendar = try await calendar(
            of: assignee.id, for: task.fields.type, componentType: componentType, store: store)
        return .user(assignee.id, calendarID: calendar.id)
    }

    /// The assignee's calendar for a task of `type`: the routed one when it holds the
    /// component, else `crm-tasks`.
    static func calendar(
        of userID: Int64, for type: TaskType, componentType: String?, store: any CadenceStore
    ) async throws(StorageError) -> CollectionRecord {
        if let route = try await store.routes(ownerID: userID).first(where: { $0.type == type }),
            let routed = try await store.collection(id: route.collectionID),
            routed.ownerID == userID, routed.kind == .calendar,
            componentType.map({ routed.supportedComponents.contains($0) }) ?? true
        {
            return routed
        }
        return try await defaultCalendar(ownerID: userID, store: store)
    }

    /// The user's `crm-tasks`, created when missing (every user has it, CRM-MAPPING.md).
    static func defaultCalendar(ownerID: Int64, store: any CadenceStore)
        async throws(StorageError) -> CollectionRecord
    {
        if let existing = try await store.collection(
            ownerID: ownerID, path: CadencePaths.defaultCalendar)
        {
            return existing
        }
        do {
            return try await store.createCollection(
                ownerID: ownerID,
                NewCollection(
                    path: CadencePaths.defaultCalendar, kind: .calendar,
                    displayName: CadencePaths.defaultCalendarName,
                    supportedComponents: ["VEVENT", "VTODO"]))
        } catch {
            // Created concurrently.
            guard error.code == .conflict,
                let existing = try await store.collection(
                    ownerID: ownerID, path: CadencePaths.defaultCalendar)
            else { throw error }
            return existing
        }
    }
}
