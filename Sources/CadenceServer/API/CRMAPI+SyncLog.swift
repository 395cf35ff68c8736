import Foundation
import Storage

/// `/log`: the sync log, newest first (issue 7). Users read their own entries; administrators
/// may pass `user=` for anyone's.
extension CRMAPI {
    func listSyncLog(_ request: APIRequest) async throws -> APIResponse {
        let owner = try request.owner
        var userName = owner.name
        if let other = request.queryValue("user"), other != owner.name {
            guard owner.isAdmin else {
                throw APIProblem(
                    .forbidden, detail: "only administrators read other users' sync logs")
            }
            userName = other
        }
        var limit = 100
        if let text = request.queryValue("limit") {
            guard let value = Int(text), (1...1000).contains(value) else {
                throw APIProblem(
                    .badRequest, detail: "limit: expected an integer from 1 to 1000",
                    errors: [.init(field: "limit", message: "expected an integer from 1 to 1000")])
            }
            limit = value
        }
        var since: Int64?
        if let text = request.queryValue("since") {
            let now = Int64(Date().timeIntervalSince1970)
            guard let value = SyncLogQueryText.since(text, now: now) else {
                let message = "expected an ISO 8601 date or date-time, or an age such as 2h"
                throw APIProblem(
                    .badRequest, detail: "since: \(message)",
                    errors: [.init(field: "since", message: message)])
            }
            since = value
        }
        await syncLog?.flush()
        let entries = try await store.syncLog(
            SyncLogQuery(userName: userName, since: since, limit: limit))
        return .json(.object(["items": .array(entries.map(Self.syncLogJSON))]))
    }

    static func syncLogJSON(_ entry: SyncLogEntry) -> JSONValue {
        .object([
            "id": .int(entry.id),
            "time": .string(APITime.timestamp(entry.time)),
            "user": .string(entry.userName),
            "client": .string(entry.client),
            "action": .string(entry.action.rawValue),
            "collection": .string(entry.collectionPath),
            "object": .string(entry.objectName),
            "taskId": .string(entry.taskID),
            "destination": .string(entry.destination),
            "status": .int(Int64(entry.status)),
        ])
    }
}
