import CRM

/// A `CadenceStore` in memory, for tests of the layers above; nothing persists.
///
/// An actor: each method runs without suspension, so each is one atomic transaction, and it
/// validates everything before it changes anything.
public actor InMemoryStore: CadenceStore, CollectionMoving, ObjectPaging {
    let clock: StoreClock
    private var lastID: Int64 = 0
    private var usersByID: [Int64: UserRecord] = [:]
    private var appPasswordsByID: [Int64: AppPasswordRecord] = [:]
    var collectionsByID: [Int64: CollectionRecord] = [:]
    var objectsByCollection: [Int64: [String: ObjectRecord]] = [:]
    var changeLog: [Int64: [Change]] = [:]
    /// Change-log retention: checkpoints and horizons by collection (InMemoryStore+Retention.swift).
    var syncCheckpoints: [Int64: [(at: Int64, token: Int64)]] = [:]
    var syncHorizons: [Int64: Int64] = [:]
    private var deadPropertiesByOwner: [Int64: [String: [DeadProperty]]] = [:]
    // CRM rows (see InMemoryStore+CRM.swift).
    var contactsByID: [String: Contact] = [:]
    var tasksByID: [String: TaskRecord] = [:]
    /// Task ids by collection id and object name.
    var taskIDsByObject: [Int64: [String: String]] = [:]
    /// The contact each card projects to, by collection id and object name.
    var contactIDsByCard: [Int64: [String: String]] = [:]
    var trashByID: [Int64: TrashRecord] = [:]
    var routesByOwner: [Int64: [TaskType: Int64]] = [:]
    // Subscription links (see InMemoryStore+Links.swift).
    var linksByID: [Int64: SubscriptionLink] = [:]
    /// Delegations by owner and delegate (see InMemoryStore+Proxies.swift).
    var proxyGrantsByPair: [ProxyPair: ProxyGrant] = [:]
    /// Notifications by id (see InMemoryStore+Notifications.swift).
    var notificationsByID: [Int64: NotificationRecord] = [:]
    /// The sync log, in insertion order (see InMemoryStore+SyncLog.swift).
    var syncLogEntries: [SyncLogEntry] = []
    /// Failed sign-ins by key and known addresses by owner (see InMemoryStore+AuthFailures.swift).
    var authFailuresByKey: [String: AuthFailureCount] = [:]
    var knownAddressesByOwner: [Int64: Set<String>] = [:]
    // Connector rows (see InMemoryStore+Connectors.swift).
    var connectorsByID: [Int64: ConnectorRecord] = [:]
    var connectorStatesByID: [Int64: [String: ConnectorObjectState]] = [:]
    var connectorLogsByID: [Int64: [ConnectorLogEntry]] = [:]
    /// WebDAV-Push registrations by id (`PushStore`).
    var pushRegistrationsByID: [Int64: PushRegistration] = [:]
    /// The newest committed changes, for push delivery (`PushStore.committedChanges`).
    var committedLog: [CommittedChange] = []
    var changeSequence: Int64 = 0
    // Sharing (see InMemoryStore+Sharing.swift).
    var sharesByID: [Int64: ShareRecord] = [:]
    var shareViews: [ShareViewKey: ShareView] = [:]
    var teamsByID: [Int64: TeamRecord] = [:]
    /// Members' access by team id and user id.
    var membersByTeam: [Int64: [Int64: CollectionAccess]] = [:]
    // Assigned copies (see InMemoryStore+Assignments.swift): links by source, and each copy's
    // source.
    var assignmentsBySource: [ObjectKey: AssignmentLink] = [:]
    var assignmentSourceByCopy: [ObjectKey: ObjectKey] = [:]

    /// Creates an empty store stamping records with `clock`.
    public init(clock: StoreClock = .system) {
        self.clock = clock
    }

    func nextID() -> Int64 {
        lastID += 1
        return lastID
    }

    // MARK: UserStore

    /// See `UserStore.createUser`.
    public func createUser(_ user: NewUser) throws(StorageError) -> UserRecord {
        try ResourceName.validateUserName(user.name)
        guard !usersByID.values.contains(where: { $0.name == user.name }) else {
            throw StorageError(.conflict, "user \(user.name) exists")
        }
        let now = clock.now()
        let record = UserRecord(
            id: nextID(), name: user.name, email: user.email, displayName: user.displayName,
            passwordHash: user.passwordHash, credentialVersion: 1, passwordChangedAt: now,
            createdAt: now, isAdmin: user.isAdmin)
        usersByID[record.id] = record
        return record
    }

    /// See `UserStore.user(named:)`.
    public func user(named name: String) -> UserRecord? {
        usersByID.values.first { $0.name == name }
    }

    /// See `UserStore.user(id:)`.
    public func user(id: Int64) -> UserRecord? {
        usersByID[id]
    }

    /// See `UserStore.users()`.
    public func users() -> [UserRecord] {
        usersByID.values.sorted { $0.name < $1.name }
    }

    /// See `UserStore.deleteUser(id:)`.
    public func deleteUser(id: Int64) throws(StorageError) {
        guard usersByID.removeValue(forKey: id) != nil else {
            throw StorageError(.notFound, "no user \(id)")
        }
        appPasswordsByID = appPasswordsByID.filter { $0.value.userID != id }
        for collection in collectionsByID.values where collection.ownerID == id {
            removeCollectionRows(collection.id)
        }
        deadPropertiesByOwner[id] = nil
        contactsByID = contactsByID.filter { $0.value.ownerID != id }
        trashByID = trashByID.filter { $0.value.ownerID != id }
        routesByOwner[id] = nil
        linksByID = linksByID.filter { $0.value.ownerID != id }
        pushRegistrationsByID = pushRegistrationsByID.filter { $0.value.ownerID != id }
        dropProxyGrants(userID: id)
        dropNotifications(userID: id)
        for connector in connectorsByID.values where connector.ownerID == id {
            removeConnectorRows(connector.id)
        }
        removeSharingRows(userID: id)
    }

    /// See `UserStore.setAdmin(userID:isAdmin:)`.
    public func setAdmin(userID: Int64, isAdmin: Bool) throws(StorageError) -> UserRecord {
        guard var user = usersByID[userID] else {
            throw StorageError(.notFound, "no user \(userID)")
        }
        user.isAdmin = isAdmin
        usersByID[userID] = user
        return user
    }

    /// See `UserStore.updatePasswordHash(userID:passwordHash:)`.
    public func updatePasswordHash(userID: Int64, passwordHash: String) throws(StorageError)
        -> UserRecord
    {
        guard var user = usersByID[userID] else {
            throw StorageError(.notFound, "no user \(userID)")
        }
        user.passwordHash = passwordHash
        user.credentialVersion += 1
        user.passwordChangedAt = clock.now()
        usersByID[userID] = user
        return user
    }

    /// See `UserStore.updateProfile(userID:email:displayName:)`.
    public func updateProfile(userID: Int64, email: String, displayName: String)
        throws(StorageError) -> UserRecord
    {
        guard var user = usersByID[userID] else {
            throw StorageError(.notFound, "no user \(userID)")
        }
        user.email = email
        user.displayName = displayName
        usersByID[userID] = user
        return user
    }

    /// See `UserStore.addAppPassword(userID:label:tokenHash:kind:)`.
    public func addAppPassword(
        userID: Int64, label: String, tokenHash: String, kind: CredentialKind
    ) throws(StorageError) -> AppPasswordRecord {
        guard usersByID[userID] != nil else { throw StorageError(.notFound, "no user \(userID)") }
        guard !appPasswordsByID.values.contains(where: { $0.tokenHash == tokenHash }) else {
            throw StorageError(.conflict, "token hash exists")
        }
        let record = AppPasswordRecord(
            id: nextID(), userID: userID, label: label, tokenHash: tokenHash,
            createdAt: clock.now(), lastUsedAt: nil, kind: kind)
        appPasswordsByID[record.id] = record
        return record
    }

    /// See `UserStore.appPasswords(userID:)`.
    public func appPasswords(userID: Int64) -> [AppPasswordRecord] {
        appPasswordsByID.values.filter { $0.userID == userID }.sorted { $0.id < $1.id }
    }

    /// See `UserStore.appPassword(tokenHash:)`.
    public func appPassword(tokenHash: String) -> AppPasswordRecord? {
        appPasswordsByID.values.first { $0.tokenHash == tokenHash }
    }

    /// See `UserStore.revokeAppPassword(id:userID:)`.
    public func revokeAppPassword(id: Int64, userID: Int64) throws(StorageError) {
        guard appPasswordsByID[id]?.userID == userID else {
            throw StorageError(.notFound, "no app password \(id) for user \(userID)")
        }
        appPasswordsByID[id] = nil
    }

    /// See `UserStore.touchAppPassword(id:)`.
    public func touchAppPassword(id: Int64) throws(StorageError) {
        guard appPasswordsByID[id] != nil else {
            throw StorageError(.notFound, "no app password \(id)")
        }
        appPasswordsByID[id]?.lastUsedAt = clock.now()
    }

    // MARK: CollectionStore

    /// See `CollectionStore.collections(ownerID:parent:)`.
    public func collections(ownerID: Int64, parent: String?) -> [CollectionRecord] {
        collectionsByID.values.filter { collection in
            guard collection.ownerID == ownerID else { return false }
            guard let parent else { return true }
            return (collection.parentPath ?? "") == parent
        }.sorted { $0.path < $1.path }
    }

    /// See `CollectionStore.collection(ownerID:path:)`.
    public func collection(ownerID: Int64, path: String) -> CollectionRecord? {
        collectionsByID.values.first { $0.ownerID == ownerID && $0.path == path }
    }

    /// See `CollectionStore.collection(id:)`.
    public func collection(id: Int64) -> CollectionRecord? {
        collectionsByID[id]
    }

    /// See `CollectionStore.createCollection(ownerID:_:)`.
    public func createCollection(ownerID: Int64, _ new: NewCollection) throws(StorageError)
        -> CollectionRecord
    {
        try ResourceName.validateCollectionPath(new.path)
        guard usersByID[ownerID] != nil else { throw StorageError(.notFound, "no user \(ownerID)") }
        try checkPlacement(ownerID: ownerID, path: new.path, kind: new.kind)
        let now = clock.now()
        let record = CollectionRecord(
            id: nextID(), ownerID: ownerID, path: new.path, kind: new.kind,
            displayName: new.displayName, calendarDescription: new.calendarDescription,
            color: new.color, order: new.order, timeZone: new.timeZone,
            supportedComponents: new.supportedComponents, syncToken: 0, createdAt: now,
            modifiedAt: now, defaultTaskType: new.defaultTaskType)
        collectionsByID[record.id] = record
        objectsByCollection[record.id] = [:]
        changeLog[record.id] = []
        return record
    }

    /// Checks that a collection may be placed at `path`: free, and a nested one inside a plain
    /// collection.
    private func checkPlacement(ownerID: Int64, path: String, kind: CollectionKind)
        throws(StorageError)
    {
        guard collection(ownerID: ownerID, path: path) == nil else {
            throw StorageError(.conflict, "collection \(path) exists")
        }
        guard let slash = path.lastIndex(of: "/") else { return }
        guard kind == .plain else {
            throw StorageError(.invalidName, "only plain collections nest")
        }
        let parentPath = String(path[..<slash])
        guard let parent = collection(ownerID: ownerID, path: parentPath), parent.kind == .plain
        else { throw StorageError(.parentMissing, "no plain collection \(parentPath)") }
        let name = String(path[path.index(after: slash)...])
        guard objectsByCollection[parent.id]?[name] == nil else {
            throw StorageError(.conflict, "an object named \(name) exists in \(parentPath)")
        }
    }

    /// See `CollectionStore.updateCollection(id:changes:deadProperties:)`.
    public func updateCollection(
        id: Int64, changes: [CollectionPropertyChange], deadProperties: [DeadPropertyChange]
    ) throws(StorageError) -> CollectionRecord {
        guard var record = collectionsByID[id] else {
            throw StorageError(.notFound, "no collection \(id)")
        }
        record.apply(changes)
        record.modifiedAt = clock.now()
        collectionsByID[id] = record
        applyDeadProperties(ownerID: record.ownerID, path: record.path, deadProperties)
        return record
    }

    /// See `CollectionStore.deleteCollection(id:)`.
    public func deleteCollection(id: Int64) throws(StorageError) {
        guard let record = collectionsByID[id] else {
            throw StorageError(.notFound, "no collection \(id)")
        }
        for other in collectionsByID.values
        where other.ownerID == record.ownerID
            && ResourceName.isWithin(other.path, root: record.path)
        {
            removeCollectionRows(other.id)
        }
        if var properties = deadPropertiesByOwner[record.ownerID] {
            for key in properties.keys where ResourceName.isWithin(key, root: record.path) {
                properties[key] = nil
            }
            deadPropertiesByOwner[record.ownerID] = properties
        }
    }

    private func removeCollectionRows(_ id: Int64) {
        let ownerID = collectionsByID[id]?.ownerID
        removeAssignments(collectionID: id)
        pushRegistrationsByID = pushRegistrationsByID.filter { $0.value.collectionID != id }
        collectionsByID[id] = nil
        objectsByCollection[id] = nil
        removeSharingRows(collectionID: id)
        changeLog[id] = nil
        contactIDsByCard[id] = nil
        linksByID = linksByID.filter { $0.value.collectionID != id }
        for taskID in (taskIDsByObject.removeValue(forKey: id) ?? [:]).values {
            tasksByID[taskID] = nil
        }
        if let ownerID {
            routesByOwner[ownerID] = routesByOwner[ownerID]?.filter { $0.value != id }
        }
    }

    /// See `CollectionMoving.moveCollection(id:to:)`.
    public func moveCollection(id: Int64, to newPath: String) throws(StorageError)
        -> CollectionRecord
    {
        guard let record = collectionsByID[id] else {
            throw StorageError(.notFound, "no collection \(id)")
        }
        try ResourceName.validateCollectionPath(newPath)
        guard record.kind == .plain else {
            throw StorageError(.invalidName, "only plain collections move")
        }
        guard !ResourceName.isWithin(newPath, root: record.path) else {
            throw StorageError(.invalidName, "cannot move \(record.path) into itself")
        }
        try checkPlacement(ownerID: record.ownerID, path: newPath, kind: .plain)
        let now = clock.now()
        let oldPath = record.path
        for var other in collectionsByID.values
        where other.ownerID == record.ownerID && ResourceName.isWithin(other.path, root: oldPath) {
            other.path = newPath + other.path.dropFirst(oldPath.count)
            if other.id == id { other.modifiedAt = now }
            collectionsByID[other.id] = other
        }
        if var properties = deadPropertiesByOwner[record.ownerID] {
            for (key, value) in properties where ResourceName.isWithin(key, root: oldPath) {
                properties[key] = nil
                let moved = newPath + key.dropFirst(oldPath.count)
                properties[moved] = value.map { property in
                    var copy = property
                    copy.path = moved
                    return copy
                }
            }
            deadPropertiesByOwner[record.ownerID] = properties
        }
        return collectionsByID[id]!
    }

    // MARK: ObjectStore

    func existingCollection(_ id: Int64) throws(StorageError) -> CollectionRecord {
        guard let record = collectionsByID[id] else {
            throw StorageError(.notFound, "no collection \(id)")
        }
        return record
    }

    /// See `ObjectStore.objects(collectionID:)`.
    public func objects(collectionID: Int64) throws(StorageError) -> [ObjectRecord] {
        _ = try existingCollection(collectionID)
        return (objectsByCollection[collectionID] ?? [:]).values.map(\.metadata)
            .sorted { $0.name < $1.name }
    }

    /// See `ObjectStore.object(collectionID:name:)`.
    public func object(collectionID: Int64, name: String) -> ObjectRecord? {
        objectsByCollection[collectionID]?[name]
    }

    /// See `ObjectStore.objects(collectionID:names:)`.
    public func objects(collectionID: Int64, names: [String]) -> [ObjectRecord] {
        let members = objectsByCollection[collectionID] ?? [:]
        return Set(names).compactMap { members[$0] }.sorted { $0.name < $1.name }
    }

    /// See `ObjectPaging.objects(collectionID:after:limit:withData:)`.
    public func objects(collectionID: Int64, after name: String?, limit: Int, withData: Bool)
        throws(StorageError) -> [ObjectRecord]
    {
        _ = try existingCollection(collectionID)
        let members = (objectsByCollection[collectionID] ?? [:]).values
        let after = members.filter { object in name.map { object.name > $0 } ?? true }
            .sorted { $0.name < $1.name }
        let page = after.prefix(max(0, limit))
        return withData ? Array(page) : page.map(\.metadata)
    }

    /// See `ObjectPaging.objectMetadata(collectionID:componentType:start:end:)`.
    public func objectMetadata(
        collectionID: Int64, componentType: String, start: Int64?, end: Int64?
    ) throws(StorageError) -> [ObjectRecord] {
        try objects(
            collectionID: collectionID, componentType: componentType, start: start, end: end
        )
        .map(\.metadata)
    }

    /// See `ObjectPaging.eventMatches(collectionID:start:end:)`.
    public func eventMatches(collectionID: Int64, start: Int64?, end: Int64?)
        throws(StorageError) -> EventMatches
    {
        var matches = EventMatches(names: [], unindexed: [])
        for object in try objectMetadata(
            collectionID: collectionID, componentType: "VEVENT", start: start, end: end)
        {
            guard let instances = object.index.exactInstances else {
                matches.unindexed.append(object)
                continue
            }
            if instances.contains(where: { $0.matches(start: start, end: end) }) {
                matches.names.append(object.name)
            }
        }
        return matches
    }

    /// See `ObjectStore.putObject(_:collectionID:precondition:)`.
    public func putObject(
        _ write: ObjectWrite, collectionID: Int64, precondition: WritePrecondition
    ) throws(StorageError) -> PutResult {
        let collection = try existingCollection(collectionID)
        try ResourceName.validateSegment(write.name)
        try refuseAssignedCopy(collectionID: collectionID, name: write.name)
        let existing = objectsByCollection[collectionID]?[write.name]
        guard precondition.holds(currentETag: existing?.etag) else {
            throw StorageError(.preconditionFailed, "precondition failed for \(write.name)")
        }
        let contact = try write.contact.map { c throws(StorageError) in
            try checkedContact(c, ownerID: collection.ownerID)
        }
        let copy = try planAssignedCopy(write, source: collection)
        let result = try store(
            write.data, name: write.name, contentType: write.contentType, index: write.index,
            in: collection, task: write.task)
        try placeAssignedCopy(copy, of: result.object, source: collection)
        if let contact {
            contactsByID[contact.id] = contact
            contactIDsByCard[collection.id, default: [:]][write.name] = contact.id
        }
        return result
    }

    /// The contact of a `ContactWrite` as it will be stored, after its checks.
    private func checkedContact(_ write: ContactWrite, ownerID: Int64) throws(StorageError)
        -> Contact
    {
        var contact = write.contact
        contact.ownerID = ownerID
        let now = clock.now()
        if let stored = contactsByID[contact.id] {
            guard stored.ownerID == ownerID else {
                throw StorageError(.conflict, "contact \(contact.id) belongs to another user")
            }
            if let ifRevision = write.ifRevision, ifRevision != stored.revision {
                throw StorageError(
                    .preconditionFailed, "contact \(contact.id) is at another revision")
            }
            contact.createdAt = stored.createdAt
            contact.revision = stored.revision + 1
        } else {
            if write.ifRevision != nil {
                throw StorageError(.notFound, "no contact \(contact.id)")
            }
            contact.createdAt = now
            contact.revision = 1
        }
        contact.updatedAt = now
        return contact
    }

    /// Writes validated bytes: checks name clashes and UID, bumps the token, logs the change,
    /// and writes (or with `task == nil` removes) the object's task projection.
    ///
    /// An existing task of the object keeps its id and creation time; a new one takes
    /// `task.proposedID` (a fresh id if another task has it) and `taskCreatedAt` (default now).
    func store(
        _ data: [UInt8], name: String, contentType: String, index: ObjectIndex,
        in collection: CollectionRecord, task: TaskWrite?, taskCreatedAt: Int64? = nil
    ) throws(StorageError) -> PutResult {
        let memberPath = ResourceName.join(collection.path, name)
        guard self.collection(ownerID: collection.ownerID, path: memberPath) == nil else {
            throw StorageError(.conflict, "a collection exists at \(memberPath)")
        }
        if let uid = index.uid,
            objectName(collectionID: collection.id, uid: uid, excluding: name) != nil
        {
            throw StorageError(.uidConflict, "UID \(uid) is used in collection \(collection.id)")
        }
        let existing = objectsByCollection[collection.id]?[name]
        let now = clock.now()
        let record = ObjectRecord(
            id: existing?.id ?? nextID(), collectionID: collection.id, name: name,
            etag: ETag.strong(for: data), contentType: contentType, size: data.count, data: data,
            index: index, modifiedAt: now)
        objectsByCollection[collection.id, default: [:]][name] = record
        logChange(collection.id, name: name, kind: existing == nil ? .created : .modified, at: now)
        let current = taskIDsByObject[collection.id]?[name].flatMap { tasksByID[$0] }
        var writtenTaskID: String?
        if let task {
            var taskID = current?.id ?? task.proposedID
            if current == nil, tasksByID[taskID] != nil { taskID = CRMIdentifier.make() }
            tasksByID[taskID] = TaskRecord(
                id: taskID, ownerID: collection.ownerID, collectionID: collection.id,
                objectName: name, etag: record.etag, fields: task.fields,
                createdAt: current?.createdAt ?? taskCreatedAt ?? now, updatedAt: now)
            taskIDsByObject[collection.id, default: [:]][name] = taskID
            writtenTaskID = taskID
        } else {
            dropTask(collectionID: collection.id, name: name)
        }
        return PutResult(created: existing == nil, object: record, taskID: writtenTaskID)
    }

    /// Removes the task projected from an object, if any; returns it.
    @discardableResult
    private func dropTask(collectionID: Int64, name: String) -> TaskRecord? {
        guard let taskID = taskIDsByObject[collectionID]?.removeValue(forKey: name) else {
            return nil
        }
        return tasksByID.removeValue(forKey: taskID)
    }

    private func logChange(_ collectionID: Int64, name: String, kind: ChangeKind, at now: Int64) {
        guard var collection = collectionsByID[collectionID] else { return }
        collection.syncToken += 1
        collection.modifiedAt = now
        collectionsByID[collectionID] = collection
        changeLog[collectionID, default: []].append(
            Change(collectionID: collectionID, token: collection.syncToken, name: name, kind: kind))
        recordCommittedChange(collection)
    }

    /// See `ObjectStore.deleteObject(collectionID:name:ifMatch:)`.
    public func deleteObject(collectionID: Int64, name: String, ifMatch: String?)
        throws(StorageError)
    {
        let collection = try existingCollection(collectionID)
        guard let existing = objectsByCollection[collectionID]?[name] else {
            throw StorageError(.notFound, "no object \(name)")
        }
        try refuseAssignedCopy(collectionID: collectionID, name: name)
        if let ifMatch, ifMatch != existing.etag {
            throw StorageError(.preconditionFailed, "ETag of \(name) does not match")
        }
        removeAssignedCopy(ofSource: ObjectKey(collectionID: collectionID, name: name))
        let task = remove(name, from: collection)
        if existing.index.componentType != nil {
            let entry = TrashRecord(
                id: nextID(), ownerID: collection.ownerID, collectionID: collection.id,
                collectionPath: collection.path, name: name, contentType: existing.contentType,
                data: existing.data ?? [], index: existing.index,
                task: task.map { TaskWrite(proposedID: $0.id, fields: $0.fields) },
                deletedAt: clock.now())
            trashByID[entry.id] = entry
        }
    }

    /// Removes an object with its dead properties and task, logging the deletion; returns the
    /// task it had.
    @discardableResult
    func remove(_ name: String, from collection: CollectionRecord) -> TaskRecord? {
        let task = dropTask(collectionID: collection.id, name: name)
        if let contactID = contactIDsByCard[collection.id]?.removeValue(forKey: name) {
            dropContact(contactID)
        }
        objectsByCollection[collection.id]?[name] = nil
        deadPropertiesByOwner[collection.ownerID]?[ResourceName.join(collection.path, name)] = nil
        logChange(collection.id, name: name, kind: .deleted, at: clock.now())
        return task
    }

    /// See `ObjectStore.objectName(collectionID:uid:excluding:)`.
    public func objectName(collectionID: Int64, uid: String, excluding name: String?) -> String? {
        (objectsByCollection[collectionID] ?? [:]).values
            .filter { $0.index.uid == uid && $0.name != name }.map(\.name).min()
    }

    /// See `ObjectStore.objects(collectionID:componentType:start:end:)`.
    public func objects(collectionID: Int64, componentType: String, start: Int64?, end: Int64?)
        throws(StorageError) -> [ObjectRecord]
    {
        _ = try existingCollection(collectionID)
        return (objectsByCollection[collectionID] ?? [:]).values.filter {
            $0.index.componentType == componentType && $0.index.mayOverlap(start: start, end: end)
        }.sorted { $0.name < $1.name }
    }

    /// See `ObjectStore.copyObject(from:name:to:as:overwrite:)`.
    public func copyObject(
        from sourceCollectionID: Int64, name: String, to destinationCollectionID: Int64,
        as destinationName: String, overwrite: Bool
    ) throws(StorageError) -> PutResult {
        try transfer(
            from: sourceCollectionID, name: name, to: destinationCollectionID,
            as: destinationName, overwrite: overwrite, removeSource: false)
    }

    /// See `ObjectStore.moveObject(from:name:to:as:overwrite:)`.
    public func moveObject(
        from sourceCollectionID: Int64, name: String, to destinationCollectionID: Int64,
        as destinationName: String, overwrite: Bool
    ) throws(StorageError) -> PutResult {
        try transfer(
            from: sourceCollectionID, name: name, to: destinationCollectionID,
            as: destinationName, overwrite: overwrite, removeSource: true)
    }

    private func transfer(
        from sourceID: Int64, name: String, to destinationID: Int64, as destinationName: String,
        overwrite: Bool, removeSource: Bool
    ) throws(StorageError) -> PutResult {
        let source = try existingCollection(sourceID)
        let destination = try existingCollection(destinationID)
        guard source.ownerID == destination.ownerID else {
            throw StorageError(.conflict, "collections of different owners")
        }
        try ResourceName.validateSegment(destinationName)
        guard let object = objectsByCollection[sourceID]?[name] else {
            throw StorageError(.notFound, "no object \(name)")
        }
        if sourceID == destinationID && name == destinationName {
            throw StorageError(.conflict, "source and destination are the same")
        }
        let target = objectsByCollection[destinationID]?[destinationName]
        if target != nil && !overwrite {
            throw StorageError(.preconditionFailed, "\(destinationName) exists")
        }
        if target != nil, assignment(collectionID: destinationID, name: destinationName) != nil {
            throw StorageError(.conflict, "\(destinationName) is an assigned task; delete it first")
        }
        if let uid = object.index.uid,
            let holder = objectName(
                collectionID: destinationID, uid: uid, excluding: destinationName),
            !(removeSource && sourceID == destinationID && holder == name)
        {
            throw StorageError(.uidConflict, "UID \(uid) is used by \(holder)")
        }
        let sourcePath = ResourceName.join(source.path, name)
        let targetPath = ResourceName.join(destination.path, destinationName)
        guard collection(ownerID: destination.ownerID, path: targetPath) == nil else {
            throw StorageError(.conflict, "a collection exists at \(targetPath)")
        }
        let properties = deadPropertiesByOwner[source.ownerID]?[sourcePath]
        let sourceTask = taskIDsByObject[sourceID]?[name].flatMap { tasksByID[$0] }
        if removeSource { remove(name, from: source) }
        // The destination's own task goes with the object it replaces: a move brings the
        // source's task (same id), a copy a new task.
        dropTask(collectionID: destinationID, name: destinationName)
        let task = sourceTask.map {
            TaskWrite(proposedID: removeSource ? $0.id : CRMIdentifier.make(), fields: $0.fields)
        }
        let result = try store(
            object.data ?? [], name: destinationName, contentType: object.contentType,
            index: object.index, in: collectionsByID[destinationID]!, task: task,
            taskCreatedAt: removeSource ? sourceTask?.createdAt : nil)
        if removeSource {
            relinkAssignment(
                from: ObjectKey(collectionID: sourceID, name: name),
                to: ObjectKey(collectionID: destinationID, name: destinationName))
        }
        deadPropertiesByOwner[source.ownerID, default: [:]][targetPath] = properties?.map {
            var copy = $0
            copy.path = targetPath
            return copy
        }
        return result
    }

    // MARK: SyncStore

    /// See `SyncStore.changes(collectionID:since:limit:)`.
    public func changes(collectionID: Int64, since: Int64, limit: Int?) throws(StorageError)
        -> ChangeSet
    {
        let collection = try existingCollection(collectionID)
        guard since >= 0, since <= collection.syncToken else {
            throw StorageError(.invalidSyncToken, "token \(since) is not one of this collection's")
        }
        if since > 0, since < syncHorizons[collectionID] ?? 0 {
            throw StorageError(.invalidSyncToken, "token \(since) is older than the change log")
        }
        let log = changeLog[collectionID] ?? []
        var low = 0
        var high = log.count
        while low < high {
            let middle = (low + high) / 2
            if log[middle].token <= since { low = middle + 1 } else { high = middle }
        }
        return ChangeSet.collapsing(
            Array(log[low...]), since: since, currentToken: collection.syncToken, limit: limit)
    }

    // MARK: DeadPropertyStore

    /// See `DeadPropertyStore.deadProperties(ownerID:path:)`.
    public func deadProperties(ownerID: Int64, path: String) -> [DeadProperty] {
        deadPropertiesByOwner[ownerID]?[path] ?? []
    }

    /// See `DeadPropertyStore.updateDeadProperties(ownerID:path:changes:)`.
    public func updateDeadProperties(ownerID: Int64, path: String, changes: [DeadPropertyChange])
        throws(StorageError)
    {
        guard usersByID[ownerID] != nil else { throw StorageError(.notFound, "no user \(ownerID)") }
        applyDeadProperties(ownerID: ownerID, path: path, changes)
    }

    private func applyDeadProperties(ownerID: Int64, path: String, _ changes: [DeadPropertyChange])
    {
        guard !changes.isEmpty else { return }
        var list = deadPropertiesByOwner[ownerID]?[path] ?? []
        for change in changes {
            switch change {
            case .set(let namespace, let name, let value):
                if let position = list.firstIndex(where: {
                    $0.namespace == namespace && $0.name == name
                }) {
                    list[position].value = value
                } else {
                    list.append(
                        DeadProperty(path: path, namespace: namespace, name: name, value: value))
                }
            case .remove(let namespace, let name):
                list.removeAll { $0.namespace == namespace && $0.name == name }
            }
        }
        deadPropertiesByOwner[ownerID, default: [:]][path] = list.isEmpty ? nil : list
    }

    // MARK: Usage

    /// See `UsageStore.usedBytes(ownerID:)`.
    public func usedBytes(ownerID: Int64) -> Int64 {
        var total: Int64 = 0
        for (collectionID, objects) in objectsByCollection
        where collectionsByID[collectionID]?.ownerID == ownerID {
            for object in objects.values { total += Int64(object.size) }
        }
        return total
    }

    /// See `UsageStore.objectCount(ownerID:)`.
    public func objectCount(ownerID: Int64) -> Int {
        objectsByCollection.filter { collectionsByID[$0.key]?.ownerID == ownerID }
            .reduce(0) { $0 + $1.value.count }
    }

    // MARK: Path lookup

    /// See `PathLookup.collectionAndObject(ownerID:collectionPath:name:)`.
    public func collectionAndObject(ownerID: Int64, collectionPath: String, name: String)
        -> (collection: CollectionRecord, object: ObjectRecord?)?
    {
        guard let collection = collection(ownerID: ownerID, path: collectionPath) else {
            return nil
        }
        return (collection, object(collectionID: collection.id, name: name))
    }
}

extension InMemoryStore: PathLookup {}
