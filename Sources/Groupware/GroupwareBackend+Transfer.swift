import CalDAV
import Storage
import WebDAV

extension GroupwareBackend {
    /// COPY or MOVE of one object into a collection of the same user (RFC 4918 §9.8, §9.9),
    /// replacing an object of that name; into a calendar, the data must pass a PUT's checks.
    func transferObject(
        _ record: ObjectRecord, from source: CollectionRecord, to segments: [String], move: Bool
    ) async throws(DAVError) {
        guard segments.count >= 2,
            let target = try await collection(at: segments.dropLast().joined(separator: "/"))
        else {
            throw DAVError(status: 409, reason: "objects can be stored only inside a collection")
        }
        let name = segments[segments.count - 1]
        try await requireWrite(
            target, privilege: "bind", href: CadencePaths.collection(user.name, target.path).href)
        // Into a calendar from elsewhere, or between two owners' collections (a sharee's own
        // calendar and one shared with them): written as a new object, with a PUT's checks.
        if (target.kind == .calendar && source.kind != .calendar)
            || source.ownerID != target.ownerID
        {
            if move,
                try await storeCall({ () async throws(StorageError) in
                    try await store.assignment(collectionID: source.id, name: record.name)
                })?.isCopy(collectionID: source.id, name: record.name) == true
            {
                // Moving it out would take the task from its owner: copy it, or delete it.
                throw DAVError(
                    status: 403, reason: "an assigned task's copy stays with its assignee")
            }
            let data = try await content(of: objectResource(record, in: source))
            let write: ObjectWrite
            if target.kind == .calendar {
                let (index, roots) = try CalendarIngest.ingest(
                    data, contentType: record.contentType, into: target,
                    maxSize: limits.maximumObjectSize)
                let task = try await taskWrite(for: roots, in: target)
                write = ObjectWrite(
                    name: name, data: data, contentType: "text/calendar; charset=utf-8",
                    index: index, task: task,
                    assignedCopy: try await storeCall { () async throws(StorageError) in
                        try await TaskAssignment.copy(
                            for: task, componentType: index.componentType, in: target,
                            store: store)
                    })
            } else {
                write = ObjectWrite(name: name, data: data, contentType: record.contentType)
            }
            try await checkQuota(adding: data.count, replacing: name, in: target)
            _ = try await storeCall { () async throws(StorageError) in
                try await store.putObject(write, collectionID: target.id, precondition: .none)
            }
            if move {
                try await storeCall { () async throws(StorageError) in
                    try await store.deleteObject(
                        collectionID: source.id, name: record.name, ifMatch: nil)
                }
            }
            return
        }
        if target.kind == .calendar, let component = record.index.componentType,
            !target.supportedComponents.isEmpty, !target.supportedComponents.contains(component)
        {
            throw DAVError(
                status: 403,
                condition: .init(
                    namespace: XMLNamespace.calDAV, name: "supported-calendar-component"),
                reason: "the destination calendar does not accept \(component)")
        }
        _ = try await storeCall { () async throws(StorageError) in
            move
                ? try await store.moveObject(
                    from: source.id, name: record.name, to: target.id, as: name, overwrite: true)
                : try await store.copyObject(
                    from: source.id, name: record.name, to: target.id, as: name, overwrite: true)
        }
    }

    /// COPY or MOVE of a collection within the user's home; the destination is free.
    func transferCollection(
        _ record: CollectionRecord, to segments: [String], move: Bool, depth: Depth
    ) async throws(DAVError) {
        let path = segments.joined(separator: "/")
        if segments.count > 1 {
            let parent = try await collection(at: segments.dropLast().joined(separator: "/"))
            if record.kind == .calendar || parent?.kind == .calendar {
                throw DAVError(
                    status: 403,
                    condition: .init(
                        namespace: XMLNamespace.calDAV, name: "calendar-collection-location-ok"),
                    reason: "calendars live directly in the calendar home and hold no collections")
            }
        }
        if move, record.kind == .plain, let mover = store as? any CollectionMoving {
            _ = try await storeCall { () async throws(StorageError) in
                try await mover.moveCollection(id: record.id, to: path)
            }
            return
        }
        try await copyTree(record, to: path, depth: move ? .infinity : depth)
        if move {
            try await storeCall { () async throws(StorageError) in
                try await store.deleteCollection(id: record.id)
            }
        }
    }

    private func copyTree(_ record: CollectionRecord, to path: String, depth: Depth)
        async throws(DAVError)
    {
        let new = NewCollection(
            path: path, kind: record.kind, displayName: record.displayName,
            calendarDescription: record.calendarDescription, color: record.color,
            order: record.order, timeZone: record.timeZone,
            supportedComponents: record.supportedComponents)
        let copy = try await storeCall { () async throws(StorageError) in
            try await store.createCollection(ownerID: user.id, new)
        }
        let dead = try await storeCall { () async throws(StorageError) in
            try await store.deadProperties(ownerID: user.id, path: record.path)
        }
        if !dead.isEmpty {
            try await storeCall { () async throws(StorageError) in
                try await store.updateDeadProperties(
                    ownerID: user.id, path: path,
                    changes: dead.map {
                        .set(namespace: $0.namespace, name: $0.name, value: $0.value)
                    })
            }
        }
        guard depth == .infinity else { return }
        let objects = try await storeCall { () async throws(StorageError) in
            try await store.objects(collectionID: record.id)
        }
        for object in objects {
            _ = try await storeCall { () async throws(StorageError) in
                try await store.copyObject(
                    from: record.id, name: object.name, to: copy.id, as: object.name,
                    overwrite: true)
            }
        }
        let children = try await storeCall { () async throws(StorageError) in
            try await store.collections(ownerID: user.id, parent: record.path)
        }
        for child in children {
            try await copyTree(
                child, to: ResourceName.join(path, String(child.name)), depth: .infinity)
        }
    }
}
