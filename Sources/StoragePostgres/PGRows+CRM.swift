import Foundation
import Storage

/// Decoding of the CRM tables' rows; structured fields are JSON text.
extension PGRows {
    static func json<Value: Encodable>(_ value: Value) throws(StorageError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw StorageError(.engineFailure, "cannot encode \(Value.self): \(error)")
        }
    }

    static func decode<Value: Decodable>(_ type: Value.Type, json: String)
        throws(StorageError) -> Value
    {
        do {
            return try JSONDecoder().decode(type, from: Data(json.utf8))
        } catch {
            throw StorageError(.engineFailure, "cannot decode \(Value.self): \(error)")
        }
    }

    static let contactColumns = """
        id, owner_id, name, company, title, emails, phones, address, notes, tags, created_at, \
        updated_at, revision
        """

    static func contact(_ row: Row) throws(StorageError) -> Contact {
        let address: String? = row[7]
        return Contact(
            id: row[0], ownerID: row[1], name: row[2], company: row[3], title: row[4],
            emails: try decode([LabeledValue].self, json: row[5]),
            phones: try decode([LabeledValue].self, json: row[6]),
            address: try address.map { json throws(StorageError) in
                try decode(PostalAddress.self, json: json)
            },
            notes: row[8], tags: try decode([String].self, json: row[9]), createdAt: row[10],
            updatedAt: row[11], revision: row[12])
    }

    /// Task columns of `taskSource`: the object's ETag comes from the join.
    static let taskColumns = """
        t.id, t.owner_id, t.collection_id, t.object_name, o.etag, t.fields, t.created_at, \
        t.updated_at
        """

    /// Tasks joined with their objects.
    static let taskSource = """
        tasks t JOIN objects o ON o.collection_id = t.collection_id AND o.name = t.object_name
        """

    static func task(_ row: Row) throws(StorageError) -> TaskRecord {
        TaskRecord(
            id: row[0], ownerID: row[1], collectionID: row[2], objectName: row[3], etag: row[4],
            fields: try decode(TaskFields.self, json: row[5]), createdAt: row[6],
            updatedAt: row[7])
    }

    static let trashColumns = """
        id, owner_id, collection_id, collection_path, name, content_type, data, component_type, \
        uid, first_start, last_end, task_id, task_fields, deleted_at
        """

    static func trash(_ row: Row) throws(StorageError) -> TrashRecord {
        let data: Data = row[6]
        let taskID: String? = row[11]
        let taskFields: String? = row[12]
        var task: TaskWrite?
        if let taskID, let taskFields {
            task = TaskWrite(
                proposedID: taskID, fields: try decode(TaskFields.self, json: taskFields))
        }
        return TrashRecord(
            id: row[0], ownerID: row[1], collectionID: row[2], collectionPath: row[3],
            name: row[4], contentType: row[5], data: [UInt8](data),
            index: ObjectIndex(
                componentType: row[7], uid: row[8], firstStart: row[9], lastEnd: row[10]),
            task: task, deletedAt: row[13])
    }
}
