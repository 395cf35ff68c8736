/// An object's place: its collection and name.
struct ObjectKey: Hashable, Sendable {
    var collectionID: Int64
    var name: String
}

extension InMemoryStore {
    /// See `AssignmentStore.assignment(collectionID:name:)`.
    public func assignment(collectionID: Int64, name: String) -> AssignmentLink? {
        let key = ObjectKey(collectionID: collectionID, name: name)
        return assignmentsBySource[assignmentSourceByCopy[key] ?? key]
    }

    /// See `AssignmentStore.assignedTasks(userID:limit:)`.
    public func assignedTasks(userID: Int64, limit: Int) -> [AssignedTask] {
        assignmentsBySource.values.compactMap { link -> AssignedTask? in
            guard collectionsByID[link.copyCollectionID]?.ownerID == userID,
                let id = taskIDsByObject[link.sourceCollectionID]?[link.sourceName],
                let task = tasksByID[id]
            else { return nil }
            return AssignedTask(task: task, link: link)
        }.sorted(by: AssignedTask.ordered).prefix(max(0, limit)).map { $0 }
    }

    /// `.assignedCopy` when the object is an assignee's copy.
    func refuseAssignedCopy(collectionID: Int64, name: String) throws(StorageError) {
        if assignmentSourceByCopy[ObjectKey(collectionID: collectionID, name: name)] != nil {
            throw StorageError(
                .assignedCopy, "\(name) is the assignee's copy of a task; write its source")
        }
    }

    /// Checks and plans the copy a write asks for (`AssignedCopy`).
    func planAssignedCopy(_ write: ObjectWrite, source: CollectionRecord) throws(StorageError)
        -> AssignedCopyPlan
    {
        let existing = assignmentsBySource[ObjectKey(collectionID: source.id, name: write.name)]
        let decided = AssignmentRules.decide(
            write.assignedCopy, existing: existing,
            copyOwnerID: existing.flatMap { collectionsByID[$0.copyCollectionID]?.ownerID })
        guard case .place(let targetID) = decided else { return decided.plan }
        let target = try existingCollection(targetID)
        try AssignmentRules.checkTarget(target, source: source)
        if objectsByCollection[target.id]?[write.name] != nil
            || write.index.uid.flatMap({
                objectName(collectionID: target.id, uid: $0, excluding: nil)
            })
                != nil
        {
            throw AssignmentRules.occupied(target, name: write.name)
        }
        if collection(ownerID: target.ownerID, path: ResourceName.join(target.path, write.name))
            != nil
        {
            throw AssignmentRules.occupied(target, name: write.name)
        }
        return .replace(old: existing, target: target)
    }

    /// Carries out a plan after the source `object` was stored.
    func placeAssignedCopy(
        _ plan: AssignedCopyPlan, of object: ObjectRecord, source: CollectionRecord
    ) throws(StorageError) {
        let data = object.data ?? []
        switch plan {
        case .nothing: return
        case .rewrite(let link):
            guard let calendar = collectionsByID[link.copyCollectionID] else { return }
            _ = try store(
                data, name: link.copyName, contentType: object.contentType, index: object.index,
                in: calendar, task: nil)
        case .replace(let old, let target):
            if let old {
                removeAssignedCopy(
                    ofSource: ObjectKey(collectionID: source.id, name: old.sourceName))
            }
            guard let target else { return }
            _ = try store(
                data, name: object.name, contentType: object.contentType, index: object.index,
                in: target, task: nil)
            let link = AssignmentLink(
                sourceCollectionID: source.id, sourceName: object.name,
                copyCollectionID: target.id, copyName: object.name)
            let key = ObjectKey(collectionID: source.id, name: object.name)
            assignmentsBySource[key] = link
            assignmentSourceByCopy[ObjectKey(collectionID: target.id, name: object.name)] = key
        }
    }

    /// Removes the copy of the object at `source`, if it has one, logging the deletion in the
    /// copy's calendar.
    func removeAssignedCopy(ofSource source: ObjectKey) {
        guard let link = assignmentsBySource.removeValue(forKey: source) else { return }
        assignmentSourceByCopy[
            ObjectKey(collectionID: link.copyCollectionID, name: link.copyName)] =
            nil
        if let calendar = collectionsByID[link.copyCollectionID] {
            remove(link.copyName, from: calendar)
        }
    }

    /// After a MOVE from `old` to `new`: the link of the moved source or copy follows it.
    func relinkAssignment(from old: ObjectKey, to new: ObjectKey) {
        if var link = assignmentsBySource.removeValue(forKey: old) {
            link.sourceCollectionID = new.collectionID
            link.sourceName = new.name
            assignmentsBySource[new] = link
            assignmentSourceByCopy[
                ObjectKey(collectionID: link.copyCollectionID, name: link.copyName)] = new
        } else if let sourceKey = assignmentSourceByCopy.removeValue(forKey: old) {
            assignmentsBySource[sourceKey]?.copyCollectionID = new.collectionID
            assignmentsBySource[sourceKey]?.copyName = new.name
            assignmentSourceByCopy[new] = sourceKey
        }
    }

    /// Before a collection's rows go: the copies of its objects are removed from the assignees'
    /// calendars (logged there), and the links of copies it holds are dropped.
    func removeAssignments(collectionID: Int64) {
        for key in assignmentsBySource.keys where key.collectionID == collectionID {
            removeAssignedCopy(ofSource: key)
        }
        for (copy, source) in assignmentSourceByCopy where copy.collectionID == collectionID {
            assignmentSourceByCopy[copy] = nil
            assignmentsBySource[source] = nil
        }
    }
}

/// The decisions and checks every engine makes before placing a copy.
public enum AssignmentRules {
    /// What `decide` settles without looking at the target calendar.
    public enum Decision: Sendable {
        /// Nothing to place: this plan.
        case settled(AssignedCopyPlan)
        /// A new copy goes into the calendar `id` (after the engine checks it), replacing any
        /// existing one.
        case place(Int64)

        /// The plan of a settled decision (`.nothing` for `.place`, which the engine plans).
        public var plan: AssignedCopyPlan {
            if case .settled(let plan) = self { return plan }
            return .nothing
        }
    }

    /// Where a write asking for `placement` puts the copy, given the source's `existing` link
    /// and the owner of the calendar holding that copy (`copyOwnerID`): `.user` keeps a copy
    /// that is already in that user's calendars, else names the routed calendar.
    public static func decide(
        _ placement: AssignedCopy, existing: AssignmentLink?, copyOwnerID: Int64?
    ) -> Decision {
        let targetID: Int64?
        switch placement {
        case .unchanged: targetID = existing?.copyCollectionID
        case .none: targetID = nil
        case .user(let userID, let calendarID):
            targetID =
                existing != nil && copyOwnerID == userID
                ? existing?.copyCollectionID : calendarID
        }
        if let existing, existing.copyCollectionID == targetID {
            return .settled(.rewrite(existing))
        }
        guard let targetID else {
            return .settled(existing == nil ? .nothing : .replace(old: existing, target: nil))
        }
        return .place(targetID)
    }

    /// A copy goes into another user's calendar.
    public static func checkTarget(_ target: CollectionRecord, source: CollectionRecord)
        throws(StorageError)
    {
        guard target.kind == .calendar else {
            throw StorageError(.conflict, "an assigned copy goes into a calendar")
        }
        guard target.ownerID != source.ownerID else {
            throw StorageError(.conflict, "an assigned copy goes into another user's calendar")
        }
    }

    /// The error when the assignee's calendar holds the name or UID already.
    public static func occupied(_ target: CollectionRecord, name: String) -> StorageError {
        StorageError(
            .conflict, "the assignee's calendar \(target.path) already holds \(name) or its UID")
    }
}
