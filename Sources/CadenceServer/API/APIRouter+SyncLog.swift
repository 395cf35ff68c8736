import Groupware
import Storage

/// Sync-log entries of the JSON API's writes (issue 7): client `api`; for a task its id and its
/// calendar object (collection URL and object name) when it still exists; for a contact its id
/// as the object name under `/api/v1/contacts`.
extension APIRouter {
    func logEntry(
        _ action: SyncLogEntry.Action, _ route: APIRoute, _ request: APIRequest,
        _ user: UserRecord, status: Int, location: String?
    ) async -> SyncLogEntry {
        let created = location.flatMap { $0.split(separator: "/").last.map(String.init) }
        let id = request.parameters["id"] ?? created
        var entry = SyncLogEntry(
            time: 0, ownerID: user.id, userName: user.name, client: "api", action: action,
            collectionPath: "", status: status)
        if route.path.hasPrefix("/contacts") {
            entry.collectionPath = Self.prefix + "/contacts"
            entry.objectName = id
            return entry
        }
        // Tasks and trash restores: a restore answers the task's URL as its Location.
        let taskID = route.path.hasPrefix("/trash") ? created : id
        entry.taskID = taskID
        guard let taskID, status < 300, action != .delete,
            let task = try? await store.task(ownerID: user.id, id: taskID),
            let collection = try? await store.collection(id: task.collectionID)
        else { return entry }
        entry.collectionPath = CadencePaths.collection(user.name, collection.path).href
        entry.objectName = task.objectName
        return entry
    }

    /// The HTTP status a thrown error is answered with (as `respond` maps it).
    static func status(of error: any Error) -> Int {
        switch error {
        case let problem as APIProblem: problem.kind.rawValue
        case let error as CRMServiceError: APIProblem(error).kind.rawValue
        case let error as StorageError: APIProblem(error).kind.rawValue
        default: 500
        }
    }
}
