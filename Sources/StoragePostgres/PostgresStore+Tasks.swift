import Foundation
import Storage

// MARK: Task rows, written with their objects

extension PostgresStore {
    /// The task projected from an object, or `nil`.
    static func task(_ db: PGDatabase, collectionID: Int64, objectName: String) async throws
        -> TaskRecord?
    {
        try await Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT \(PGRows.taskColumns) FROM \(PGRows.taskSource)
                    WHERE t.collection_id = ? AND t.object_name = ?
                    """),
            arguments: [collectionID, objectName]
        ).map { row throws(StorageError) in try PGRows.task(row) }
    }

    /// Deletes the task row of an object, if any.
    static func deleteTask(_ db: PGDatabase, collectionID: Int64, objectName: String) async throws {
        try await db.execute(
            sql: "DELETE FROM tasks WHERE collection_id = ? AND object_name = ?",
            arguments: [collectionID, objectName])
    }

    /// Writes the task row of an object just stored, or removes it for `task == nil`.
    ///
    /// An existing row keeps its id and creation time; a new one takes `task.proposedID` (a
    /// fresh id if another task has it) and `createdAt` (default `now`).
    static func writeTask(
        _ db: PGDatabase, _ task: TaskWrite?, collection: CollectionRecord, objectName: String,
        createdAt: Int64?, now: Int64
    ) async throws -> String? {
        let currentID = try await String.fetchOne(
            db.cachedStatement(
                sql: "SELECT id FROM tasks WHERE collection_id = ? AND object_name = ?"),
            arguments: [collection.id, objectName])
        guard let task else {
            if currentID != nil {
                try await deleteTask(db, collectionID: collection.id, objectName: objectName)
            }
            return nil
        }
        let fields = task.fields
        let columns: StatementArguments = [
            fields.type.rawValue, fields.status.rawValue, fields.title, fields.title.lowercased(),
            CRMSearch.searchText(of: fields), fields.due, fields.start, fields.contactID,
            fields.assignee, try PGRows.json(fields),
        ]
        if let currentID {
            try await db.execute(
                sql: """
                    UPDATE tasks SET type = ?, status = ?, title = ?, title_key = ?, search = ?,
                        due = ?, start = ?, contact_id = ?, assignee = ?, fields = ?,
                        updated_at = ?
                    WHERE id = ?
                    """,
                arguments: columns + [now, currentID])
            return currentID
        }
        var id = task.proposedID
        if try await Bool.fetchOne(db, sql: "SELECT 1 FROM tasks WHERE id = ?", arguments: [id])
            != nil
        {
            id = CRMIdentifier.make()
        }
        try await db.execute(
            sql: """
                INSERT INTO tasks (type, status, title, title_key, search, due, start, contact_id,
                    assignee, fields, created_at, updated_at, id, owner_id, collection_id,
                    object_name)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: columns + [
                createdAt ?? now, now, id, collection.ownerID, collection.id, objectName,
            ])
        return id
    }

    /// Files a deleted calendar object, with its task, in the owner's trash.
    static func fileInTrash(
        _ db: PGDatabase, _ object: ObjectRecord, from collection: CollectionRecord,
        task: TaskRecord?, now: Int64
    ) async throws {
        try await db.execute(
            sql: """
                INSERT INTO trash (owner_id, collection_id, collection_path, name, content_type,
                    data, component_type, uid, first_start, last_end, task_id, task_fields,
                    deleted_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                collection.ownerID, collection.id, collection.path, object.name,
                object.contentType, Data(object.data ?? []), object.index.componentType,
                object.index.uid, object.index.firstStart, object.index.lastEnd, task?.id,
                try task.map { task throws(StorageError) in try PGRows.json(task.fields) },
                now,
            ])
    }
}

// MARK: TaskStore

extension PostgresStore {
    /// See `TaskStore.task(ownerID:id:)`.
    public func task(ownerID: Int64, id: String) async throws(StorageError) -> TaskRecord? {
        try await read { db in
            try await Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT \(PGRows.taskColumns) FROM \(PGRows.taskSource)
                        WHERE t.id = ? AND t.owner_id = ?
                        """),
                arguments: [id, ownerID]
            ).map { row throws(StorageError) in try PGRows.task(row) }
        }
    }

    /// See `TaskStore.task(collectionID:objectName:)`.
    public func task(collectionID: Int64, objectName: String) async throws(StorageError)
        -> TaskRecord?
    {
        try await read { db in
            try await Self.task(db, collectionID: collectionID, objectName: objectName)
        }
    }

    /// See `TaskStore.tasks(ownerID:query:)`: keyset pagination over the owner's tasks.
    public func tasks(ownerID: Int64, query: TaskQuery) async throws(StorageError)
        -> Page<TaskRecord>
    {
        let column =
            switch query.sort.field {
            case .due: "t.due"
            case .start: "t.start"
            case .title: "t.title_key"
            case .createdAt: "t.created_at"
            case .updatedAt: "t.updated_at"
            }
        let keyset = PGKeyset(
            column: column, idColumn: "t.id", descending: query.sort.descending)
        var sql =
            "SELECT \(PGRows.taskColumns) FROM \(PGRows.taskSource) WHERE t.owner_id = ?"
        var arguments: StatementArguments = [ownerID]
        if !query.types.isEmpty {
            let types = query.types.map(\.rawValue).sorted()
            sql += " AND t.type IN (\(Self.marks(types.count)))"
            arguments += StatementArguments(types)
        }
        if !query.statuses.isEmpty {
            let statuses = query.statuses.map(\.rawValue).sorted()
            sql += " AND t.status IN (\(Self.marks(statuses.count)))"
            arguments += StatementArguments(statuses)
        }
        if let from = query.dueFrom {
            sql += " AND COALESCE(t.due, t.start) >= ?"
            arguments += [from]
        }
        if let before = query.dueBefore {
            sql += " AND COALESCE(t.due, t.start) < ?"
            arguments += [before]
        }
        if let contactID = query.contactID {
            sql += " AND t.contact_id = ?"
            arguments += [contactID]
        }
        if let assignee = query.assignee {
            sql += " AND t.assignee = ?"
            arguments += [assignee]
        }
        if let collectionID = query.collectionID {
            sql += " AND t.collection_id = ?"
            arguments += [collectionID]
        }
        if let (condition, bound) = PGKeyset.containsAny(
            "t.search", CRMSearch.patterns(for: query.text ?? ""))
        {
            sql += " AND " + condition
            arguments += bound
        }
        let field = query.sort.field
        return try await keysetPage(
            sql: sql, arguments: arguments, keyset: keyset, cursor: query.cursor,
            limit: query.limit,
            decode: { row throws(StorageError) in try PGRows.task(row) },
            nextCursor: { CRMSearch.sortKey(of: $0, by: field).cursor })
    }

    /// See `TaskStore.tasks(ownerID:contactID:statuses:)`.
    public func tasks(ownerID: Int64, contactID: String, statuses: Set<TaskStatus>)
        async throws(StorageError) -> [TaskRecord]
    {
        var sql = """
            SELECT \(PGRows.taskColumns) FROM \(PGRows.taskSource)
            WHERE t.owner_id = ? AND t.contact_id = ?
            """
        var arguments: StatementArguments = [ownerID, contactID]
        if !statuses.isEmpty {
            let names = statuses.map(\.rawValue).sorted()
            sql += " AND t.status IN (\(Self.marks(names.count)))"
            arguments += StatementArguments(names)
        }
        sql += " ORDER BY t.id"
        let statement = sql
        let bound = arguments
        return try await read { db in
            try await Row.fetchAll(db, sql: statement, arguments: bound).map {
                row throws(StorageError) in try PGRows.task(row)
            }
        }
    }

    /// `count` comma-separated placeholders.
    static func marks(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}
