import Foundation
import GRDB
import Storage

// MARK: Task rows, written with their objects

extension SQLiteStore {
    /// The task projected from an object, or `nil`.
    static func task(_ db: Database, collectionID: Int64, objectName: String) throws
        -> TaskRecord?
    {
        try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT \(SQLiteRows.taskColumns) FROM \(SQLiteRows.taskSource)
                    WHERE t.collection_id = ? AND t.object_name = ?
                    """),
            arguments: [collectionID, objectName]
        ).map { row throws(StorageError) in try SQLiteRows.task(row) }
    }

    /// See `CRMStore.taskID(collectionID:objectName:)`: one indexed lookup, no JSON decoding.
    public func taskID(collectionID: Int64, objectName: String) async throws(StorageError)
        -> String?
    {
        try await readOneStatement { db in
            try String.fetchOne(
                db.cachedStatement(
                    sql: "SELECT id FROM tasks WHERE collection_id = ? AND object_name = ?"),
                arguments: [collectionID, objectName])
        }
    }

    /// Deletes the task row of an object, if any.
    static func deleteTask(_ db: Database, collectionID: Int64, objectName: String) throws {
        try db.executeCached(
            sql: "DELETE FROM tasks WHERE collection_id = ? AND object_name = ?",
            arguments: [collectionID, objectName])
    }

    /// Writes the task row of an object just stored, or removes it for `task == nil`.
    ///
    /// An existing row keeps its id and creation time; a new one takes `task.proposedID` (a
    /// fresh id if another task has it) and `createdAt` (default `now`).
    static func writeTask(
        _ db: Database, _ task: TaskWrite?, collection: CollectionRecord, objectName: String,
        createdAt: Int64?, now: Int64
    ) throws -> String? {
        let current = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT id, status, due, contact_id FROM tasks
                    WHERE collection_id = ? AND object_name = ?
                    """),
            arguments: [collection.id, objectName])
        let currentID: String? = current?[0]
        guard let task else {
            if currentID != nil {
                try deleteTask(db, collectionID: collection.id, objectName: objectName)
            }
            return nil
        }
        let fields = task.fields
        if let current, let currentID {
            var sql = """
                UPDATE tasks SET type = ?, title = ?, title_key = ?, search = ?, start = ?,
                    assignee = ?, fields = ?, updated_at = ?
                """
            var arguments: StatementArguments = [
                fields.type.rawValue, fields.title, fields.title.lowercased(),
                CRMSearch.searchText(of: fields), fields.start, fields.assignee,
                try SQLiteRows.json(fields), now,
            ]
            // Only the indexed columns that changed are assigned: SQLite rewrites an index's
            // entry (a page in the WAL) whenever its column is assigned, even to the same value.
            if fields.status.rawValue != current[1] as String {
                sql += ", status = ?"
                arguments += [fields.status.rawValue]
            }
            if fields.due != current[2] as Int64? {
                sql += ", due = ?"
                arguments += [fields.due]
            }
            if fields.contactID != current[3] as String? {
                sql += ", contact_id = ?"
                arguments += [fields.contactID]
            }
            try db.executeCached(sql: sql + " WHERE id = ?", arguments: arguments + [currentID])
            return currentID
        }
        let columns: StatementArguments = [
            fields.type.rawValue, fields.status.rawValue, fields.title, fields.title.lowercased(),
            CRMSearch.searchText(of: fields), fields.due, fields.start, fields.contactID,
            fields.assignee, try SQLiteRows.json(fields),
        ]
        var id = task.proposedID
        if try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT 1 FROM tasks WHERE id = ?"), arguments: [id]) != nil
        {
            id = CRMIdentifier.make()
        }
        try db.executeCached(
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
        _ db: Database, _ object: ObjectRecord, from collection: CollectionRecord,
        task: TaskRecord?, now: Int64
    ) throws {
        try db.executeCached(
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
                try task.map { task throws(StorageError) in try SQLiteRows.json(task.fields) },
                now,
            ])
    }
}

// MARK: TaskStore

extension SQLiteStore {
    /// See `TaskStore.task(ownerID:id:)`.
    public func task(ownerID: Int64, id: String) async throws(StorageError) -> TaskRecord? {
        try await read { db in
            try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT \(SQLiteRows.taskColumns) FROM \(SQLiteRows.taskSource)
                        WHERE t.id = ? AND t.owner_id = ?
                        """),
                arguments: [id, ownerID]
            ).map { row throws(StorageError) in try SQLiteRows.task(row) }
        }
    }

    /// See `TaskStore.task(collectionID:objectName:)`.
    public func task(collectionID: Int64, objectName: String) async throws(StorageError)
        -> TaskRecord?
    {
        try await read { db in
            try Self.task(db, collectionID: collectionID, objectName: objectName)
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
        let keyset = SQLiteKeyset(
            column: column, idColumn: "t.id", descending: query.sort.descending)
        var sql =
            "SELECT \(SQLiteRows.taskColumns) FROM \(SQLiteRows.taskSource) WHERE t.owner_id = ?"
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
        if let (condition, bound) = SQLiteKeyset.containsAny(
            "t.search", CRMSearch.patterns(for: query.text ?? ""))
        {
            sql += " AND " + condition
            arguments += bound
        }
        let field = query.sort.field
        return try await keysetPage(
            sql: sql, arguments: arguments, keyset: keyset, cursor: query.cursor,
            limit: query.limit,
            decode: { row throws(StorageError) in try SQLiteRows.task(row) },
            nextCursor: { CRMSearch.sortKey(of: $0, by: field).cursor })
    }

    /// See `TaskStore.tasks(ownerID:contactID:statuses:)`.
    public func tasks(ownerID: Int64, contactID: String, statuses: Set<TaskStatus>)
        async throws(StorageError) -> [TaskRecord]
    {
        var sql = """
            SELECT \(SQLiteRows.taskColumns) FROM \(SQLiteRows.taskSource)
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
            try Row.fetchAll(db, sql: statement, arguments: bound).map {
                row throws(StorageError) in try SQLiteRows.task(row)
            }
        }
    }

    /// `count` comma-separated placeholders.
    static func marks(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}
