import Foundation
import Storage

extension PostgresStore {
    /// See `AssignmentStore.assignment(collectionID:name:)`.
    public func assignment(collectionID: Int64, name: String) async throws(StorageError)
        -> AssignmentLink?
    {
        try await read { db in try await Self.assignment(db, collectionID: collectionID, name: name)
        }
    }

    /// See `AssignmentStore.assignedTasks(userID:limit:)`: the links of copies in the user's
    /// calendars, joined with their sources' tasks.
    public func assignedTasks(userID: Int64, limit: Int) async throws(StorageError)
        -> [AssignedTask]
    {
        try await read { db in
            try await Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT \(PGRows.taskColumns),
                            a.source_collection_id, a.source_name, a.copy_collection_id, a.copy_name
                        FROM assignments a
                        JOIN collections c ON c.id = a.copy_collection_id
                        JOIN tasks t
                            ON t.collection_id = a.source_collection_id
                            AND t.object_name = a.source_name
                        JOIN objects o
                            ON o.collection_id = t.collection_id AND o.name = t.object_name
                        WHERE c.owner_id = ?
                        ORDER BY COALESCE(t.due, t.start) IS NULL, COALESCE(t.due, t.start), t.id
                        LIMIT ?
                        """),
                arguments: [userID, max(0, limit)]
            ).map { row throws(StorageError) in
                AssignedTask(
                    task: try PGRows.task(row),
                    link: AssignmentLink(
                        sourceCollectionID: row[8], sourceName: row[9], copyCollectionID: row[10],
                        copyName: row[11]))
            }
        }
    }

    static let assignmentColumns =
        "source_collection_id, source_name, copy_collection_id, copy_name"

    static func assignmentLink(_ row: Row) -> AssignmentLink {
        AssignmentLink(
            sourceCollectionID: row[0], sourceName: row[1], copyCollectionID: row[2],
            copyName: row[3])
    }

    /// The link whose source or copy is the object; one statement, both unique indexes.
    static func assignment(_ db: PGDatabase, collectionID: Int64, name: String) async throws
        -> AssignmentLink?
    {
        try await Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT \(assignmentColumns) FROM assignments
                    WHERE (source_collection_id = ? AND source_name = ?)
                       OR (copy_collection_id = ? AND copy_name = ?)
                    """),
            arguments: [collectionID, name, collectionID, name]
        ).map(assignmentLink)
    }

    /// `.assignedCopy` when `link` makes the object `name` in `collectionID` a copy.
    static func refuseAssignedCopy(_ link: AssignmentLink?, collectionID: Int64, name: String)
        throws
    {
        if let link, link.isCopy(collectionID: collectionID, name: name) {
            throw StorageError(
                .assignedCopy, "\(name) is the assignee's copy of a task; write its source")
        }
    }

    /// Checks and plans the copy a write of the source asks for (`AssignedCopy`); `existing` is
    /// the source's link.
    static func planAssignedCopy(
        _ db: PGDatabase, _ write: ObjectWrite, source: CollectionRecord,
        existing: AssignmentLink?
    ) async throws -> AssignedCopyPlan {
        var copyOwnerID: Int64?
        if let existing, case .user = write.assignedCopy {
            copyOwnerID = try await collection(db, id: existing.copyCollectionID)?.ownerID
        }
        let decided = AssignmentRules.decide(
            write.assignedCopy, existing: existing, copyOwnerID: copyOwnerID)
        guard case .place(let targetID) = decided else { return decided.plan }
        let target = try await requireCollection(db, id: targetID)
        try AssignmentRules.checkTarget(target, source: source)
        let nameTaken =
            try await Bool.fetchOne(
                db.cachedStatement(
                    sql: "SELECT 1 FROM objects WHERE collection_id = ? AND name = ?"),
                arguments: [target.id, write.name]) != nil
        var uidTaken = false
        if let uid = write.index.uid {
            uidTaken =
                try await objectName(db, collectionID: target.id, uid: uid, excluding: nil) != nil
        }
        let collectionThere =
            try await collection(
                db, ownerID: target.ownerID, path: ResourceName.join(target.path, write.name))
            != nil
        if nameTaken || uidTaken || collectionThere {
            throw AssignmentRules.occupied(target, name: write.name)
        }
        return .replace(old: existing, target: target)
    }

    /// Carries out a plan after the source `object` was stored, in the same transaction.
    static func placeAssignedCopy(
        _ db: PGDatabase, _ plan: AssignedCopyPlan, of object: ObjectRecord,
        source: CollectionRecord, now: Int64
    ) async throws {
        switch plan {
        case .nothing: return
        case .rewrite(let link):
            guard let calendar = try await collection(db, id: link.copyCollectionID) else { return }
            _ = try await store(
                db, data: object.data ?? [], name: link.copyName, contentType: object.contentType,
                index: object.index, in: calendar, task: nil, now: now)
        case .replace(let old, let target):
            if let old { try await removeAssignedCopy(db, old, now: now) }
            guard let target else { return }
            _ = try await store(
                db, data: object.data ?? [], name: object.name, contentType: object.contentType,
                index: object.index, in: target, task: nil, now: now)
            try await db.execute(
                sql: """
                    INSERT INTO assignments (owner_id, source_collection_id, source_name,
                        copy_collection_id, copy_name)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [source.ownerID, source.id, object.name, target.id, object.name])
        }
    }

    /// Removes `link`'s copy from the assignee's calendar (logging the deletion) and the link.
    static func removeAssignedCopy(_ db: PGDatabase, _ link: AssignmentLink, now: Int64)
        async throws
    {
        try await db.execute(
            sql: "DELETE FROM assignments WHERE source_collection_id = ? AND source_name = ?",
            arguments: [link.sourceCollectionID, link.sourceName])
        if let calendar = try await collection(db, id: link.copyCollectionID) {
            try await remove(db, name: link.copyName, from: calendar, now: now)
        }
    }

    /// After a MOVE from (`oldCollection`, `oldName`): the link of the moved source or copy
    /// follows it.
    static func relinkAssignment(
        _ db: PGDatabase, _ link: AssignmentLink?, from oldCollection: Int64, _ oldName: String,
        to newCollection: Int64, _ newName: String
    ) async throws {
        guard let link else { return }
        if link.isCopy(collectionID: oldCollection, name: oldName) {
            try await db.execute(
                sql: """
                    UPDATE assignments SET copy_collection_id = ?, copy_name = ?
                    WHERE copy_collection_id = ? AND copy_name = ?
                    """, arguments: [newCollection, newName, oldCollection, oldName])
        } else {
            try await db.execute(
                sql: """
                    UPDATE assignments SET source_collection_id = ?, source_name = ?
                    WHERE source_collection_id = ? AND source_name = ?
                    """, arguments: [newCollection, newName, oldCollection, oldName])
        }
    }

    /// Before collections go: the copies of their objects are removed from the assignees'
    /// calendars, logged there (links of copies they hold go by cascade). `condition` selects
    /// the source collections, over the alias `c`.
    static func removeAssignedCopies(
        _ db: PGDatabase, sourcesWhere condition: String, _ arguments: StatementArguments,
        now: Int64
    ) async throws {
        let links = try await Row.fetchAll(
            db,
            sql: """
                SELECT a.source_collection_id, a.source_name, a.copy_collection_id, a.copy_name
                FROM assignments a JOIN collections c ON c.id = a.source_collection_id
                WHERE \(condition)
                """, arguments: arguments
        ).map(assignmentLink)
        for link in links { try await removeAssignedCopy(db, link, now: now) }
    }
}
