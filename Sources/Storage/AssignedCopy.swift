/// Where a task's assignee sees its calendar object (issue 13, "Assignment").
///
/// The object lives in its owner's calendar (the *source*); the assignee's calendar holds a
/// *copy* with the same name, bytes and ETag, which the store rewrites in the same transaction as
/// every write of the source, bumping the copy calendar's sync token and change log. So a task
/// is one object to every client: one UID, one ETag, edits from either side land in both homes.
/// A write or delete aimed at the copy itself fails with `.assignedCopy`; the caller writes the
/// source instead (`AssignmentStore.assignment(collectionID:name:)`).
public enum AssignedCopy: Sendable, Hashable {
    /// Any copy stays where it is, rewritten to the new content (writes that do not decide).
    case unchanged
    /// The object has no copy: an existing one is removed, the deletion logged.
    case none
    /// A copy in the calendars of the user `userID`: the calendar holding it already (the
    /// assignee may have moved it), else `calendarID` (the assignee's routed calendar).
    case user(Int64, calendarID: Int64)
}

/// A task's object and its assignee's copy (`AssignedCopy`).
public struct AssignmentLink: Sendable, Hashable {
    /// The calendar holding the task's object.
    public var sourceCollectionID: Int64
    /// The object's name there.
    public var sourceName: String
    /// The assignee's calendar holding the copy.
    public var copyCollectionID: Int64
    /// The copy's name there (the source's name when placed; it follows a MOVE).
    public var copyName: String

    public init(
        sourceCollectionID: Int64, sourceName: String, copyCollectionID: Int64, copyName: String
    ) {
        self.sourceCollectionID = sourceCollectionID
        self.sourceName = sourceName
        self.copyCollectionID = copyCollectionID
        self.copyName = copyName
    }

    /// Whether the object `name` in `collectionID` is this link's copy.
    public func isCopy(collectionID: Int64, name: String) -> Bool {
        copyCollectionID == collectionID && copyName == name
    }
}

/// A task assigned to a user by another: the owner's task and where the user's copy is.
public struct AssignedTask: Sendable, Hashable {
    /// The owner's task (its `collectionID` and `objectName` are the source's).
    public var task: TaskRecord
    /// The link to the user's copy.
    public var link: AssignmentLink

    public init(task: TaskRecord, link: AssignmentLink) {
        self.task = task
        self.link = link
    }
}

/// Assigned copies of tasks (`AssignedCopy`): placed, rewritten and removed by object writes;
/// this reads where they are.
public protocol AssignmentStore: Sendable {
    /// The link whose source or copy is the object `name` in `collectionID`, or `nil`.
    func assignment(collectionID: Int64, name: String) async throws(StorageError)
        -> AssignmentLink?
    /// The tasks of other users whose copies are in `userID`'s calendars, at most `limit`,
    /// by due (or start) time, those without one last, then by id.
    func assignedTasks(userID: Int64, limit: Int) async throws(StorageError) -> [AssignedTask]
}

extension AssignedTask {
    /// The order of `AssignmentStore.assignedTasks`.
    public static func ordered(_ lhs: AssignedTask, _ rhs: AssignedTask) -> Bool {
        let l = lhs.task.fields.due ?? lhs.task.fields.start
        let r = rhs.task.fields.due ?? rhs.task.fields.start
        switch (l, r) {
        case (let a?, let b?) where a != b: return a < b
        case (.some, nil): return true
        case (nil, .some): return false
        default: return lhs.task.id < rhs.task.id
        }
    }
}

/// What a write does to its object's assigned copy, decided by every engine before anything is
/// written (`AssignmentRules.decide`, then the engine's checks of the target).
public enum AssignedCopyPlan: Sendable {
    /// No copy before, none after.
    case nothing
    /// The copy stays in its calendar and is rewritten.
    case rewrite(AssignmentLink)
    /// The old copy (if any) is removed and a new one placed in `target` (if any).
    case replace(old: AssignmentLink?, target: CollectionRecord?)
}
