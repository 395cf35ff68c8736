import Groupware
import Storage
import WebDAV

/// One run of `SyncEngine`: reads both sides' changes, then reconciles object by object.
struct SyncPass {
    let store: any ConnectorBackingStore
    let clock: StoreClock
    let connector: ConnectorRecord
    let calendar: CollectionRecord
    let backend: GroupwareBackend
    let userName: String
    let remote: any RemoteCollection
    /// Per-object state by local name, and local names by remote href.
    var states: [String: ConnectorObjectState] = [:]
    var names: [String: String] = [:]
    var report = SyncReport()
    var pendingLog: [ConnectorLogEntry] = []
    /// The tokens to save after a complete run.
    var localToken: Int64
    var remoteSyncToken: String?
    var remoteCTag: String?
    /// Whether a local change could not be carried to the remote (a push or a remote delete the
    /// remote refused), or a remote change here (a pull or a local delete refused). The run then
    /// keeps that side's old token, so the next run reads the same changes again and retries
    /// what failed; what did sync is skipped then, its recorded ETags being current.
    var localChangeFailed = false
    var remoteChangeFailed = false

    /// How many PUTs are in flight at once (`SyncEngine.pushConcurrency`).
    var pushConcurrency = 4

    /// How many remote objects one multiget asks for.
    static let fetchBatch = 100

    init(
        store: any ConnectorBackingStore, clock: StoreClock, connector: ConnectorRecord,
        calendar: CollectionRecord, userName: String, backend: GroupwareBackend,
        remote: any RemoteCollection,
        states: [ConnectorObjectState]
    ) {
        self.store = store
        self.clock = clock
        self.connector = connector
        self.calendar = calendar
        self.backend = backend
        self.userName = userName
        self.remote = remote
        for state in states {
            self.states[state.localName] = state
            names[state.remoteHref] = state.localName
        }
        localToken = connector.localToken
        remoteSyncToken = connector.remoteSyncToken
        remoteCTag = connector.remoteCTag
    }

    var pushes: Bool { connector.direction != .pullOnly }
    var pulls: Bool { connector.direction != .pushOnly }

    // MARK: The run

    mutating func perform() async throws(SyncError) {
        let (localChanged, localDeleted) = try await readLocal()
        var (remoteChanged, remoteDeleted) = try await readRemote()
        // Our own earlier writes come back as changes with the ETag we recorded: not changes.
        remoteChanged = remoteChanged.filter { href, etag in
            names[href].flatMap { states[$0]?.remoteETag } != etag
        }
        var conflicting: [String: String] = [:]  // local name → href
        for name in Set(localChanged.keys).union(localDeleted) {
            let href = states[name]?.remoteHref ?? hrefForNew(name)
            if remoteChanged[href] != nil || remoteDeleted.contains(href) {
                conflicting[name] = href
            }
        }
        let conflictHrefs = Set(conflicting.values)
        let toFetch = remoteChanged.keys.filter { pulls || conflictHrefs.contains($0) }.sorted()
        let fetched = try await fetchRemote(toFetch)

        for (name, href) in conflicting.sorted(by: { $0.key < $1.key }) {
            try await resolve(
                name: name, href: href, local: localChanged[name], remote: fetched[href],
                retries: 1)
        }
        var pushJobs: [PushJob] = []
        for (name, record) in localChanged.sorted(by: { $0.key < $1.key })
        where conflicting[name] == nil {
            if pushes {
                let state = states[name]
                pushJobs.append(
                    PushJob(
                        record: record, href: state?.remoteHref ?? hrefForNew(name),
                        precondition: state.map { .ifMatch($0.remoteETag) } ?? .ifNoneMatchAny))
            } else if var state = states[name] {
                state.localETag = record.etag
                try await save(state)
            }
        }
        try await pushAll(pushJobs)
        for name in localDeleted.sorted() where conflicting[name] == nil {
            guard let state = states[name] else { continue }
            if pushes {
                try await deleteRemote(state, retries: 1)
            } else {
                try await forget(name)
            }
        }
        for (href, etag) in remoteChanged.sorted(by: { $0.key < $1.key })
        where !conflictHrefs.contains(href) {
            if pulls {
                guard let object = fetched[href] else { continue }  // deleted meanwhile
                let name = names[href] ?? localName(forHref: href)
                try await pull(
                    object, into: name,
                    precondition: states[name].map { .ifMatch([$0.localETag]) } ?? .ifNoneMatchAny,
                    retries: 1)
            } else if let name = names[href], var state = states[name] {
                state.remoteETag = etag
                try await save(state)
            }
        }
        for href in remoteDeleted.sorted() where !conflictHrefs.contains(href) {
            guard let name = names[href], let state = states[name] else { continue }
            if pulls {
                try await deleteLocal(state, retries: 1)
            } else {
                try await forget(name)
            }
        }
    }

    // MARK: Reading changes

    /// Local objects changed since the last run (with data), and tracked names deleted.
    mutating func readLocal() async throws(SyncError) -> (
        changed: [String: ObjectRecord], deleted: Set<String>
    ) {
        var since = connector.localToken
        let calendarID = calendar.id
        var changeSet: ChangeSet
        do {
            changeSet = try await store.changes(collectionID: calendarID, since: since, limit: nil)
        } catch  where error.code == .invalidSyncToken {
            since = 0
            changeSet = try await storage { () async throws(StorageError) in
                try await store.changes(collectionID: calendarID, since: 0, limit: nil)
            }
        } catch {
            throw .storage(error)
        }
        localToken = changeSet.token
        let live = changeSet.changes.filter { $0.kind != .deleted }.map(\.name)
        let records =
            live.isEmpty
            ? []
            : try await storage { () async throws(StorageError) in
                try await store.objects(collectionID: calendarID, names: live)
            }
        var changed: [String: ObjectRecord] = [:]
        for record in records where record.index.componentType != nil {
            if states[record.name]?.localETag != record.etag { changed[record.name] = record }
        }
        var deleted = Set<String>()
        if since == 0 {
            let present = Set(records.map(\.name))
            deleted = Set(states.keys.filter { !present.contains($0) })
        } else {
            let present = Set(records.map(\.name))
            for change in changeSet.changes
            where change.kind == .deleted && states[change.name] != nil
                && !present.contains(change.name)
            {
                deleted.insert(change.name)
            }
        }
        return (changed, deleted)
    }

    /// Remote members changed since the last run (href → ETag), and tracked hrefs removed.
    mutating func readRemote() async throws(SyncError) -> (
        changed: [String: String], deleted: Set<String>
    ) {
        if let token = connector.remoteSyncToken {
            do {
                let changes = try await remote.completeSyncCollection(token: token)
                var changed: [String: String] = [:]
                for member in changes.changed { changed[member.href] = member.etag }
                let deleted = Set(changes.deleted).subtracting(changed.keys)
                remoteSyncToken = changes.token
                return (changed, deleted)
            } catch  where error.code == .invalidSyncToken || error.code == .unsupported {
                log("resync", "", "the remote refused the sync token: \(error.reason)")
                remoteSyncToken = nil
            } catch {
                throw .remote(error)
            }
        }
        // A full listing: from an initial sync-collection, else PROPFIND after getctag.
        var listing: [RemoteMember]
        do {
            let initial = try await remote.completeSyncCollection(token: nil)
            remoteSyncToken = initial.token
            listing = initial.changed
        } catch  where error.code == .unsupported || error.code == .invalidSyncToken {
            remoteSyncToken = nil
            let ctag = try await remoteCall { () async throws(RemoteError) in
                try await remote.ctag()
            }
            if let ctag, ctag == connector.remoteCTag { return ([:], []) }
            remoteCTag = ctag
            listing = try await remoteCall { () async throws(RemoteError) in
                try await remote.members()
            }
        } catch {
            throw .remote(error)
        }
        var changed: [String: String] = [:]
        for member in listing { changed[member.href] = member.etag }
        let deleted = Set(names.keys.filter { changed[$0] == nil })
        return (changed, deleted)
    }

    /// The remote objects at these hrefs, by href, fetched in batches.
    func fetchRemote(_ hrefs: [String]) async throws(SyncError) -> [String: RemoteObject] {
        var fetched: [String: RemoteObject] = [:]
        var start = 0
        while start < hrefs.count {
            let batch = Array(hrefs[start..<min(hrefs.count, start + Self.fetchBatch)])
            for object in try await remoteCall({ () async throws(RemoteError) in
                try await remote.objects(hrefs: batch)
            }) {
                fetched[object.href] = object
            }
            start += Self.fetchBatch
        }
        return fetched
    }

    // MARK: Names

    /// Where a local object that the remote has not seen is created: its name below the
    /// collection.
    func hrefForNew(_ name: String) -> String {
        remote.path + HrefCoding.encodeSegment(name)
    }

    /// The local name for a remote member: its last segment, decoded, if that is a valid
    /// object name; else a name derived from the href.
    func localName(forHref href: String) -> String {
        let last = href.split(separator: "/").last.map(String.init) ?? href
        let decoded = HrefCoding.decodeSegment(last)
        if (try? ResourceName.validateSegment(decoded)) != nil { return decoded }
        var safe = ""
        for scalar in decoded.unicodeScalars {
            let ok =
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_"
                || scalar == "."
            safe.unicodeScalars.append(ok ? scalar : "_")
        }
        return safe.isEmpty ? "remote.ics" : safe
    }

    // MARK: Helpers

    func remoteCall<T>(_ body: () async throws(RemoteError) -> T) async throws(SyncError) -> T {
        do {
            return try await body()
        } catch {
            throw .remote(error)
        }
    }

    func storage<T>(_ body: () async throws(StorageError) -> T) async throws(SyncError) -> T {
        do {
            return try await body()
        } catch {
            throw .storage(error)
        }
    }

    mutating func log(_ action: String, _ object: String, _ detail: String) {
        pendingLog.append(
            ConnectorLogEntry(at: clock.now(), action: action, object: object, detail: detail))
    }

    mutating func flushLog() async throws(SyncError) {
        guard !pendingLog.isEmpty else { return }
        let entries = pendingLog
        let id = connector.id
        let local = try await localChanges(in: entries)
        try await storage { () async throws(StorageError) in
            try await store.appendConnectorLog(connectorID: id, entries)
            if !local.isEmpty { try await store.appendSyncLog(local) }
        }
        pendingLog.removeAll()
    }

    /// The server-wide sync log's view of this run (issue 7): the changes the connector made to
    /// the Cadence calendar (pulls and local deletions), with client `connector`.
    func localChanges(in entries: [ConnectorLogEntry]) async throws(SyncError) -> [SyncLogEntry] {
        let changes: [(ConnectorLogEntry, SyncLogEntry.Action, Int)] = entries.compactMap {
            switch ($0.action, $0.detail) {
            case ("pull", "created"): ($0, .create, 201)
            case ("pull", _): ($0, .update, 204)
            case ("delete-local", _): ($0, .delete, 204)
            default: nil
            }
        }
        guard !changes.isEmpty else { return [] }
        let ownerID = connector.ownerID
        let collectionID = connector.collectionID
        let (user, calendar) = try await storage { () async throws(StorageError) in
            (
                try await store.user(id: ownerID),
                try await store.collection(id: collectionID)
            )
        }
        return changes.map { entry, action, status in
            SyncLogEntry(
                time: entry.at, ownerID: ownerID, userName: user?.name ?? "",
                client: "connector", action: action, collectionPath: calendar?.path ?? "",
                objectName: entry.object, status: status)
        }
    }

    mutating func save(_ state: ConnectorObjectState) async throws(SyncError) {
        if let old = states[state.localName], old.remoteHref != state.remoteHref {
            names[old.remoteHref] = nil
        }
        states[state.localName] = state
        names[state.remoteHref] = state.localName
        let id = connector.id
        try await storage { () async throws(StorageError) in
            try await store.saveConnectorStates(connectorID: id, [state], removing: [])
        }
        if pendingLog.count >= 50 { try await flushLog() }
    }

    mutating func forget(_ name: String) async throws(SyncError) {
        guard let old = states.removeValue(forKey: name) else { return }
        names[old.remoteHref] = nil
        let id = connector.id
        try await storage { () async throws(StorageError) in
            try await store.saveConnectorStates(connectorID: id, [], removing: [name])
        }
    }
}
