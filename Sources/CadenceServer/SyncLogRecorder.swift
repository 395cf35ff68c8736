import Groupware
import Logging
import Storage
import WebDAV

/// Collects sync-log entries in memory and writes them to the store in batches (issue 7), so that
/// a PUT never waits for a log write: `record` only appends to a bounded buffer, and
/// `SyncLogService` calls `flush` every second (and once more at graceful shutdown).
///
/// DAV entries get their task id at flush time, off the request path: for a successful PUT,
/// MOVE or COPY the task of the object at its (new) path, if it is one. A DELETE's task id is
/// looked up before the object goes (`taskID(at:ownerID:userName:)`). A PUT that stored in the
/// user's own calendar comes with the task id its write left (`taskKnown`), and is not looked
/// up again: two reads fewer for every PUT (issue 4).
///
/// What a crash may lose: the entries recorded since the last flush (at most one second's worth,
/// or `capacity` entries). When the store is unreachable for longer than the buffer lasts,
/// further entries are dropped and counted in `droppedCount`; the changes themselves are
/// unaffected.
actor SyncLogRecorder {
    /// The store the entries go to (and task ids come from).
    let store: any CadenceStore
    /// The most entries held between flushes.
    let capacity: Int
    /// The clock entries are stamped with.
    let clock: StoreClock
    /// The entries not yet written, each with whether its task id is already known.
    private var pending: [(entry: SyncLogEntry, taskKnown: Bool)] = []
    /// How many entries were dropped because the buffer was full.
    private(set) var droppedCount = 0
    /// How many entries have been written to the store.
    private(set) var writtenCount = 0

    /// Creates a recorder over `store` holding at most `capacity` pending entries.
    init(store: any CadenceStore, capacity: Int = 10_000, clock: StoreClock = .system) {
        self.store = store
        self.capacity = capacity
        self.clock = clock
    }

    /// Appends an entry, stamped with the current time; drops it when the buffer is full. With
    /// `taskKnown`, the entry's `taskID` (also `nil`) is final: the flush does not look it up.
    func record(_ entry: SyncLogEntry, taskKnown: Bool = false) {
        guard pending.count < capacity else {
            droppedCount += 1
            return
        }
        var stamped = entry
        stamped.time = clock.now()
        pending.append((stamped, taskKnown))
    }

    /// The number of entries not yet written.
    var pendingCount: Int { pending.count }

    /// Writes the pending entries in one transaction. On failure they are kept (as far as the
    /// capacity allows) for the next flush, and the error is logged.
    func flush(logger: Logger? = nil) async {
        guard !pending.isEmpty else { return }
        var batch = pending
        pending = []
        for index in batch.indices where !batch[index].taskKnown && batch[index].entry.taskID == nil
        {
            batch[index].entry.taskID = await taskID(of: batch[index].entry)
            batch[index].taskKnown = true
        }
        do {
            try await store.appendSyncLog(batch.map(\.entry))
            writtenCount += batch.count
        } catch {
            logger?.error("sync log: write failed: \(error.code.rawValue): \(error.reason)")
            let room = max(0, capacity - pending.count)
            droppedCount += max(0, batch.count - room)
            pending.insert(contentsOf: batch.prefix(room), at: 0)
        }
    }

    /// The task id of the object a successful DAV write left behind, or `nil`.
    func taskID(of entry: SyncLogEntry) async -> String? {
        guard entry.client != "api", (200..<300).contains(entry.status), entry.action != .delete,
            let name = entry.objectName
        else { return nil }
        let target =
            entry.destination.flatMap(DAVPath.init)
            ?? DAVPath(entry.collectionPath)?.appending(name)
        guard let target else { return nil }
        return await taskID(at: target, ownerID: entry.ownerID, userName: entry.userName)
    }

    /// The task id of the object at `path` in `userName`'s home, or `nil`. A DAV DELETE asks
    /// this before the object goes, so that its entry names the task it removed.
    func taskID(at path: DAVPath, ownerID: Int64, userName: String) async -> String? {
        guard case .inHome(let user, let segments)? = CadencePaths.locate(path),
            user == userName, segments.count >= 2, let objectName = segments.last
        else { return nil }
        let collectionPath = segments.dropLast().joined(separator: "/")
        guard
            let collection = try? await store.collection(ownerID: ownerID, path: collectionPath),
            let taskID = try? await store.taskID(
                collectionID: collection.id, objectName: objectName)
        else { return nil }
        return taskID
    }

    // MARK: Entries for requests

    /// The entry for a DAV write (`PUT`, `DELETE`, `MOVE`, `COPY`), or `nil` for other methods.
    /// A PUT answered `201 Created` is a create, any other a (possibly failed) update; COPY is a
    /// create at `destination`. A path with a trailing slash is a collection (no object name).
    static func davEntry(
        method: String, path: DAVPath, destination: String?, user: UserRecord,
        userAgent: String?, status: Int
    ) -> SyncLogEntry? {
        let action: SyncLogEntry.Action
        switch method {
        case "PUT": action = status == 201 ? .create : .update
        case "DELETE": action = .delete
        case "MOVE": action = .move
        case "COPY": action = .create
        default: return nil
        }
        let collectionPath: String
        let objectName: String?
        if path.trailingSlash || path.segments.isEmpty {
            collectionPath = path.href
            objectName = nil
        } else {
            collectionPath = path.parent?.href ?? "/"
            objectName = path.lastSegment
        }
        return SyncLogEntry(
            time: 0, ownerID: user.id, userName: user.name, client: client(userAgent),
            action: action, collectionPath: collectionPath, objectName: objectName,
            destination: destination.map(Self.pathOfURL), status: status)
    }

    /// The client name of a `User-Agent`: at most 200 characters, `unknown` when absent.
    static func client(_ userAgent: String?) -> String {
        guard let userAgent, !userAgent.isEmpty else { return "unknown" }
        return String(userAgent.prefix(200))
    }

    /// The path of an absolute URL (`https://host/caldav/x` → `/caldav/x`); a path stays.
    static func pathOfURL(_ text: String) -> String {
        guard let scheme = text.range(of: "://") else { return text }
        let rest = text[scheme.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return "/" }
        return String(rest[slash...])
    }
}
