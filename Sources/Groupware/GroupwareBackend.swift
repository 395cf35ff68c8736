import CRM
import CalDAV
import CardDAV
import ICalendar
import Storage
import WebDAV

/// The store-backed DAV namespace of one authenticated user: principals, the calendar home,
/// calendars, calendar objects, plain collections and files.
///
/// A user reaches their own principal and home, and reads colleagues' principals; everything
/// else answers as if it did not exist. Calendars shared with the user appear in their home
/// (`{calendar}_shared_by_{owner}`) with the access the share grants; writes without it answer
/// `403` with `DAV:need-privileges`. A delegate's requests into the owner's home are served by
/// the owner's backend with the proxy's access (`serving(_:for:store:limits:usage:)`). Calendar
/// writes are validated and indexed here, in the request that stores them.
public struct GroupwareBackend: SyncBackend, CalendarBackend, QuotaBackend, AddressBookBackend {
    /// Size limits.
    public struct Limits: Sendable {
        /// The largest calendar object, in octets (`CALDAV:max-resource-size`).
        public var maximumObjectSize: Int
        /// The largest plain file, in octets.
        public var maximumFileSize: Int
        /// The most a user may store, in octets (RFC 4331 quota).
        public var quotaBytes: Int64

        public init(
            maximumObjectSize: Int = 10 << 20, maximumFileSize: Int = 10 << 20,
            quotaBytes: Int64 = 5 << 30
        ) {
            self.maximumObjectSize = maximumObjectSize
            self.maximumFileSize = maximumFileSize
            self.quotaBytes = quotaBytes
        }
    }

    let store: any CadenceStore
    let user: UserRecord
    let limits: Limits
    /// Users' storage use, shared across requests so that neither a listing nor a PUT sums
    /// the user's objects each time.
    let usage: UsageTracker
    /// When the requester acts on `user`'s calendars as a delegate: their proxy access
    /// (`serving(_:for:store:limits:usage:)`); `nil` when `user` is the requester.
    var proxy: ProxyAccess? = nil
    /// The collections shared with the user (`sharedCollections()`) and the ids of the user's
    /// calendars they share (`sharedOwnCollectionIDs()`), each read once per request.
    let requestCache = RequestCache()

    public init(
        store: any CadenceStore, user: UserRecord, limits: Limits = Limits(),
        usage: UsageTracker = UsageTracker()
    ) {
        self.store = store
        self.user = user
        self.limits = limits
        self.usage = usage
    }

    // MARK: Lookup

    public func resource(at path: DAVPath) async throws(DAVError) -> (any DAVResource)? {
        guard let location = CadencePaths.locate(path) else { return nil }
        switch location {
        case .serverRoot: return ContainerResource(path: DAVPath(segments: [], trailingSlash: true))
        case .root: return ContainerResource(path: CadencePaths.rootPath)
        case .principals: return ContainerResource(path: CadencePaths.principalsPath)
        case .userPrincipals: return ContainerResource(path: CadencePaths.userPrincipalsPath)
        case .calendars: return ContainerResource(path: CadencePaths.calendarsPath)
        case .principal(let name):
            // Colleagues' principals are readable (RFC 3744 §9.4 searches return them); their
            // homes are not.
            guard name == user.name else { return try await colleaguePrincipal(named: name) }
            return UserPrincipalResource(user: user)
        case .teamPrincipals: return ContainerResource(path: CadencePaths.teamPrincipalsPath)
        case .teamPrincipal(let name): return try await teamPrincipal(named: name)
        case .proxyGroup(let name, let access):
            guard name == user.name else { throw Self.notYours }
            return ProxyGroupResource(user: user, access: access)
        case .home(let name):
            guard name == user.name else { throw Self.notYours }
            return CalendarHome(user: user, access: access)
        case .inHome(let name, let segments):
            // Another user's tree answers 404 for every method, before any method logic (no 409
            // for a missing parent, no 405 for an existing name): nothing about it is revealed.
            guard name == user.name else { throw Self.notYours }
            if !path.trailingSlash && segments.count >= 2 {
                let collectionPath = segments.dropLast().joined(separator: "/")
                let name = segments[segments.count - 1]
                if let lookup = store as? any PathLookup, !Self.isSharedPath(collectionPath) {
                    let found = try await storeCall { () async throws(StorageError) in
                        try await lookup.collectionAndObject(
                            ownerID: user.id, collectionPath: collectionPath, name: name)
                    }
                    if let found, found.collection.kind != .addressBook {
                        requestCache.store(collection: found.collection, at: collectionPath)
                        if let object = found.object {
                            return objectResource(object, in: found.collection)
                        }
                    }
                } else if let collection = try await collection(at: collectionPath),
                    let object = try await storeCall({ () async throws(StorageError) in
                        try await store.object(collectionID: collection.id, name: name)
                    })
                {
                    return objectResource(object, in: collection)
                }
            }
            guard let record = try await collection(at: segments.joined(separator: "/")) else {
                return nil
            }
            if record.kind == .calendar, record.ownerID == user.id {
                _ = try await sharedOwnCollectionIDs()
            }
            return collectionResource(record)
        case .addressBooks: return ContainerResource(path: CadencePaths.addressBooksPath)
        case .addressBookHome(let name):
            guard name == user.name else { throw Self.notYours }
            return AddressBookHome(user: user)
        case .inAddressBookHome(let name, let segments):
            guard name == user.name else { throw Self.notYours }
            return try await addressBookResource(at: path, segments: segments)
        case .notificationCollections, .notifications, .notification:
            return try await notificationResource(at: location)
        }
    }

    public func members(of resource: any DAVResource) async throws(DAVError) -> [any DAVResource] {
        switch resource {
        case let calendar as StoredCalendar:
            return try await objects(in: calendar.record)
        case let book as StoredAddressBook:
            return try await objects(in: book.record)
        case is AddressBookHome:
            return try await addressBooks().map(collectionResource)
        case is UserPrincipalResource:
            return ProxyAccess.allCases.map { ProxyGroupResource(user: user, access: $0) }
        case let notifications as NotificationCollection:
            return notificationMembers(notifications)
        case let plain as StoredPlainCollection:
            let children = try await storeCall { () async throws(StorageError) in
                try await store.collections(ownerID: user.id, parent: plain.record.path)
            }
            return children.map(collectionResource) + (try await objects(in: plain.record))
        case is CalendarHome:
            let own = try await storeCall { () async throws(StorageError) in
                try await store.collections(ownerID: user.id, parent: "")
            }.filter { $0.kind != .addressBook }
            let shared = try await sharedCollections().map(\.viewRecord)
            _ = try await sharedOwnCollectionIDs()
            return (own + shared).map(collectionResource)
        case let container as ContainerResource:
            switch CadencePaths.locate(container.path) {
            case .serverRoot: return [ContainerResource(path: CadencePaths.rootPath)]
            case .root:
                return [
                    ContainerResource(path: CadencePaths.principalsPath),
                    ContainerResource(path: CadencePaths.calendarsPath),
                    ContainerResource(path: CadencePaths.addressBooksPath),
                    ContainerResource(path: CadencePaths.notificationsPath),
                ]
            case .principals:
                return [
                    ContainerResource(path: CadencePaths.userPrincipalsPath),
                    ContainerResource(path: CadencePaths.teamPrincipalsPath),
                ]
            case .teamPrincipals: return try await teamPrincipals()
            case .userPrincipals: return [UserPrincipalResource(user: user)]
            case .calendars: return [CalendarHome(user: user)]
            case .addressBooks: return [AddressBookHome(user: user)]
            case .notificationCollections:
                return [
                    NotificationCollection(user: user, notifications: try await notifications())
                ]
            default: return []
            }
        default:
            return []
        }
    }

    public func content(of resource: any DAVResource) async throws(DAVError) -> [UInt8] {
        if let object = resource as? StoredCalendarObject, object.location.reach.access != .owner {
            return PrivateEventFilter.filtered(try await storedContent(of: resource))
        }
        return try await storedContent(of: resource)
    }

    /// The content of a resource as stored.
    func storedContent(of resource: any DAVResource) async throws(DAVError) -> [UInt8] {
        let (record, collection): (ObjectRecord, CollectionRecord)
        switch resource {
        case let object as StoredCalendarObject:
            (record, collection) = (object.record, object.collection)
        case let file as StoredFile: (record, collection) = (file.record, file.collection)
        case let card as StoredAddressObject: (record, collection) = (card.record, card.collection)
        case let notification as StoredNotification: return notification.record.data
        default: throw DAVError(status: 405, reason: "this resource has no content")
        }
        if let data = record.data { return data }
        guard
            let fresh = try await storeCall({ () async throws(StorageError) in
                try await store.object(collectionID: collection.id, name: record.name)
            }), let data = fresh.data
        else { throw DAVError(status: 404, reason: "the resource was removed") }
        return data
    }

    public func representation(
        of resource: any DAVResource
    ) async throws(DAVError) -> (body: [UInt8], contentType: String) {
        if let calendar = resource as? StoredCalendar {
            let all = try await calendarObjects(in: calendar, component: nil, range: nil)
            let body = CalendarExport.document(
                name: calendar.record.displayName, objects: all.map(\.data))
            return (body, "text/calendar; charset=utf-8")
        }
        if resource.isCollection {
            throw DAVError(status: 405, reason: "GET is not supported on this collection")
        }
        return (try await content(of: resource), resource.contentType ?? "application/octet-stream")
    }

    // MARK: Writes

    /// The id of the task of the object this request's PUT stored in one of the user's own
    /// collections, as the write left it: `.some(nil)` when the object has no task, `nil` when
    /// no such PUT stored (the sync log then looks the task up itself).
    public var storedTaskID: String?? { requestCache.storedTaskID }

    /// `put(at:…)` answers 409 when the path is not in one of the user's collections (or, for
    /// a card, address books): the PUT method's own lookup of the parent would read the
    /// collection (and the user's shares) once more for every new object.
    public var putChecksParent: Bool { true }

    public func put(
        at path: DAVPath, body: [UInt8], contentType: String?,
        precondition: WebDAV.WritePrecondition
    ) async throws(DAVError) -> WebDAV.PutResult {
        try requireProxyWrite("write-content", href: path.href)
        switch CadencePaths.locate(path) {
        case .notifications?, .notification?:
            // Only the server adds notifications (caldav-notifications.txt §3.1).
            throw DAVError.needPrivileges(
                href: path.parent?.href ?? path.href, privilege: "bind",
                reason: "notifications are created by the server")
        default: break
        }
        if case .inAddressBookHome(user.name, let segments)? = CadencePaths.locate(path) {
            return try await putCard(
                segments: segments, body: body, contentType: contentType, precondition: precondition
            )
        }
        guard case .inHome(user.name, let segments)? = CadencePaths.locate(path),
            segments.count >= 2
        else {
            throw DAVError(status: 409, reason: "objects can be stored only inside a collection")
        }
        let collectionPath = segments.dropLast().joined(separator: "/")
        // The lookups of the PUT method read the collection a moment ago, in this request.
        var found = requestCache.collection(at: collectionPath)
        if found == nil { found = try await collection(at: collectionPath) }
        guard let collection = found else {
            throw DAVError(status: 409, reason: "objects can be stored only inside a collection")
        }
        let name = segments[segments.count - 1]
        if collection.ownerID != user.id {
            let existing = try await storeCall { () async throws(StorageError) in
                try await store.object(collectionID: collection.id, name: name)
            }
            // RFC 3744 §7.1.1: a new member needs `bind` on the collection, a replacement
            // `write-content` on the member.
            try await requireWrite(
                collection, privilege: existing == nil ? "bind" : "write-content",
                href: existing == nil
                    ? CadencePaths.collection(user.name, collection.path).href : path.href)
            try requireNotPrivate(existing, href: path.href)
        }
        do {
            let stored = try await storeObject(
                body, contentType: contentType, named: name, in: collection,
                precondition: precondition)
            // The sync log names the task at the path written; a shared calendar's path is not
            // one of the user's own collections, so its entry names none (as a lookup would).
            if !Self.isSharedPath(collectionPath) { requestCache.store(taskID: stored.taskID) }
            return stored.result
        } catch let failure {
            guard case .assigned(let link) = failure else { throw failure.davError }
            // The object is the user's copy of a task assigned to them (`AssignedCopy`): the
            // write goes to the task's own object, in its owner's calendar and terms.
            guard
                let source = try await storeCall({ () async throws(StorageError) in
                    try await store.collection(id: link.sourceCollectionID)
                })
            else { throw DAVError(status: 409, reason: "the assigned task was removed") }
            do {
                var result = try await storeObject(
                    body, contentType: contentType, named: link.sourceName, in: source,
                    precondition: precondition, shownAt: collection.path
                ).result
                result.created = false
                return result
            } catch {
                throw error.davError
            }
        }
    }

    /// Why `storeObject(_:contentType:named:in:precondition:shownAt:)` did not store.
    enum StoreFailure: Error {
        /// The DAV answer.
        case refused(DAVError)
        /// The target is the assignee's copy of this link's source.
        case assigned(AssignmentLink)

        var davError: DAVError {
            switch self {
            case .refused(let error): error
            case .assigned: DAVError(status: 409, reason: "an assigned task's copy")
            }
        }
    }

    /// Validates, indexes and stores a PUT body as `name` in `collection`. `shownAt` is the
    /// path in the user's home under which the client addressed the collection, for the
    /// `no-uid-conflict` href (the collection's own path by default). Returns the DAV result
    /// and the id of the object's task after the write (`nil` when it has none).
    func storeObject(
        _ body: [UInt8], contentType: String?, named name: String, in collection: CollectionRecord,
        precondition: WebDAV.WritePrecondition, shownAt: String? = nil
    ) async throws(StoreFailure) -> (result: WebDAV.PutResult, taskID: String?) {
        func refused(_ error: DAVError) -> StoreFailure { .refused(error) }
        func uidConflict(_ other: String) -> StoreFailure {
            .refused(
                noUIDConflict(CadencePaths.object(user.name, shownAt ?? collection.path, other)))
        }
        let write: ObjectWrite
        if collection.kind == .calendar {
            let index: ObjectIndex
            let roots: [Component]
            do {
                (index, roots) = try CalendarIngest.ingest(
                    body, contentType: contentType, into: collection,
                    maxSize: limits.maximumObjectSize)
            } catch {
                throw refused(error)
            }
            // A UID another object holds is refused by the store's write, which checks it in
            // its transaction; the catch below names that object (no read beforehand, which
            // every PUT would pay).
            var task: TaskWrite?
            let copy: AssignedCopy
            do throws(StorageError) {
                if let root = roots.first {
                    task = try await TaskProjection.write(
                        for: root, in: collection, ownerID: collection.ownerID, store: store,
                        proposedID: CRMIdentifier.make())
                }
                copy = try await TaskAssignment.copy(
                    for: task, componentType: index.componentType, in: collection, store: store)
            } catch {
                throw refused(error.davError)
            }
            write = ObjectWrite(
                name: name, data: body, contentType: "text/calendar; charset=utf-8",
                index: index, task: task, assignedCopy: copy)
        } else {
            if body.count > limits.maximumFileSize {
                throw refused(
                    DAVError(
                        status: 413, reason: "file larger than \(limits.maximumFileSize) octets"))
            }
            write = ObjectWrite(
                name: name, data: body, contentType: contentType ?? "application/octet-stream")
        }
        let condition: Storage.WritePrecondition
        do {
            try await checkQuota(adding: body.count, replacing: name, in: collection)
            condition = try await storePrecondition(
                precondition, collection: collection, name: name)
        } catch {
            throw refused(error)
        }
        do {
            let result = try await store.putObject(
                write, collectionID: collection.id, precondition: condition)
            // A replacement's old size is not known here; the next re-read corrects it.
            if result.created { usage.adjust(ownerID: collection.ownerID, by: Int64(body.count)) }
            return (
                WebDAV.PutResult(created: result.created, etag: result.object.etag), result.taskID
            )
        } catch {
            if error.code == .assignedCopy,
                let link = try? await store.assignment(collectionID: collection.id, name: name)
            {
                throw .assigned(link)
            }
            if error.code == .uidConflict, let uid = write.index.uid,
                let other = try? await store.objectName(
                    collectionID: collection.id, uid: uid, excluding: name)
            {
                throw uidConflict(other)
            }
            throw refused(error.davError)
        }
    }

    public func delete(_ resource: any DAVResource, precondition: WebDAV.WritePrecondition)
        async throws(DAVError)
    {
        try requireProxyWrite("unbind", href: resource.href)
        switch resource {
        case let object as StoredCalendarObject:
            try await requireWrite(
                object.collection, privilege: "unbind", href: object.location.hrefPrefix)
            if object.collection.ownerID != user.id {
                try requireNotPrivate(
                    try await storeCall { () async throws(StorageError) in
                        try await store.object(
                            collectionID: object.collection.id, name: object.record.name)
                    }, href: object.href)
            }
            try await deleteObject(object.record, in: object.collection, precondition)
        case let file as StoredFile:
            try await requireWrite(
                file.collection, privilege: "unbind", href: file.location.hrefPrefix)
            try await deleteObject(file.record, in: file.collection, precondition)
        case let calendar as StoredCalendar:
            if let shared = calendar.reach.shared {
                try await declineShare(shared, href: calendar.href)
                // The owner learns of it as of a declined invitation (caldav-sharing.txt §5.4).
                if let owner = try? await store.user(id: shared.collection.ownerID) {
                    try? await notifier.replied(
                        InviteReply(
                            sharee: nil, accepted: false, hostURL: "", inReplyTo: nil,
                            summary: nil),
                        from: user, to: shared.collection, owner: owner)
                }
                return
            }
            try await deleteCollection(calendar.record, precondition)
        case let plain as StoredPlainCollection:
            try await deleteCollection(plain.record, precondition)
        case let card as StoredAddressObject:
            try await deleteObject(card.record, in: card.collection, precondition)
        case let notification as StoredNotification:
            try await deleteNotification(notification, precondition)
        case let book as StoredAddressBook:
            guard book.record.path != CadencePaths.defaultAddressBook else {
                throw DAVError(
                    status: 403,
                    reason: "crm-contacts holds the CRM's contacts and cannot be deleted")
            }
            try await deleteCollection(book.record, precondition)
        default:
            throw DAVError(status: 403, reason: "this resource cannot be deleted")
        }
    }

    public func makeCollection(
        at path: DAVPath, resourceTypes: [XMLName], properties: [XMLElement]
    ) async throws(DAVError) -> [XMLName: Int]? {
        try requireProxyWrite("bind", href: path.href)
        if case .inAddressBookHome(user.name, let segments)? = CadencePaths.locate(path) {
            return try await makeAddressBook(
                segments: segments, resourceTypes: resourceTypes, properties: properties)
        }
        guard case .inHome(user.name, let segments)? = CadencePaths.locate(path), !segments.isEmpty
        else {
            throw DAVError(
                status: 403, reason: "collections can be created only in your calendar home")
        }
        if Self.isSharedPath(segments.joined(separator: "/")) {
            throw DAVError(
                status: 403,
                reason:
                    "names containing \(SharedCollection.separator) are kept for shared calendars"
            )
        }
        let isCalendar = resourceTypes.contains(.calDAV.calendar)
        if resourceTypes.contains(where: { $0 != .calDAV.calendar }) {
            return [.dav.resourceType: 403]
        }
        if segments.count > 1 {
            let parent = try await collection(at: segments.dropLast().joined(separator: "/"))
            if isCalendar || parent?.kind == .calendar {
                throw DAVError(
                    status: 403,
                    condition: .init(
                        namespace: XMLNamespace.calDAV, name: "calendar-collection-location-ok"),
                    reason:
                        "calendars are created directly in the calendar home and hold no collections"
                )
            }
        }
        var new = NewCollection(
            path: segments.joined(separator: "/"), kind: isCalendar ? .calendar : .plain,
            supportedComponents: isCalendar ? ["VEVENT", "VTODO", "VJOURNAL"] : [])
        var dead: [DeadPropertyChange] = []
        var failures: [XMLName: Int] = [:]
        for property in properties {
            switch LiveCollectionProperty.change(for: property, isCalendar: isCalendar) {
            case .live(let change): new.apply([change])
            case .dead:
                dead.append(
                    .set(
                        namespace: property.name.namespace, name: property.name.name,
                        value: XMLWriter.fragment(property)))
            case .failed(let status): failures[property.name] = status
            }
        }
        if !failures.isEmpty {
            for property in properties where failures[property.name] == nil {
                failures[property.name] = 424
            }
            return failures
        }
        let record = try await storeCall { () async throws(StorageError) in
            try await store.createCollection(ownerID: user.id, new)
        }
        if !dead.isEmpty {
            do {
                try await store.updateDeadProperties(
                    ownerID: user.id, path: record.path, changes: dead)
            } catch {
                // The create and its properties succeed or fail together (RFC 5689 §3): undo.
                try? await store.deleteCollection(id: record.id)
                throw error.davError
            }
        }
        return nil
    }

    public func patchProperties(
        of resource: any DAVResource, operations: [PropertyUpdate.Operation]
    ) async throws(DAVError) -> [(XMLName, Int)] {
        try requireProxyWrite("write-properties", href: resource.href)
        let record: CollectionRecord?
        let deadPath: String
        switch resource {
        case let calendar as StoredCalendar:
            if let shared = calendar.reach.shared {
                return try await patchSharedCalendar(shared, operations: operations)
            }
            (record, deadPath) = (calendar.record, calendar.record.path)
        case let plain as StoredPlainCollection:
            (record, deadPath) = (plain.record, plain.record.path)
        case let object as StoredCalendarObject:
            try await requireWrite(
                object.collection, privilege: "write-properties", href: object.href)
            (record, deadPath) = (
                nil, ResourceName.join(object.collection.path, object.record.name)
            )
        case let file as StoredFile:
            try await requireWrite(file.collection, privilege: "write-properties", href: file.href)
            (record, deadPath) = (nil, ResourceName.join(file.collection.path, file.record.name))
        case is CalendarHome: (record, deadPath) = (nil, "")
        case let book as StoredAddressBook:
            return try await patchAddressBook(book.record, operations: operations)
        case let group as ProxyGroupResource:
            return try await patchProxyGroup(group, operations: operations)
        default:
            return operations.map { ($0.name, 403) }
        }
        var live: [CollectionPropertyChange] = []
        var dead: [DeadPropertyChange] = []
        var results: [(XMLName, Int)] = []
        var failed = false
        for operation in operations {
            let outcome: LiveCollectionProperty.Outcome
            switch operation {
            case .set(let element):
                outcome = LiveCollectionProperty.change(
                    for: element, isCalendar: record?.kind == .calendar, isCollection: record != nil
                )
                if case .dead = outcome {
                    dead.append(
                        .set(
                            namespace: element.name.namespace, name: element.name.name,
                            value: XMLWriter.fragment(element)))
                }
            case .remove(let name):
                outcome = LiveCollectionProperty.removal(
                    of: name, isCalendar: record?.kind == .calendar, isCollection: record != nil)
                if case .dead = outcome {
                    dead.append(.remove(namespace: name.namespace, name: name.name))
                }
            }
            switch outcome {
            case .live(let change): live.append(change)
            case .dead: break
            case .failed(let status):
                failed = true
                results.append((operation.name, status))
                continue
            }
            results.append((operation.name, 200))
        }
        if failed {
            return results.map { ($0.0, $0.1 == 200 ? 424 : $0.1) }
        }
        if let record {
            _ = try await storeCall { () async throws(StorageError) in
                try await store.updateCollection(id: record.id, changes: live, deadProperties: dead)
            }
        } else if !dead.isEmpty {
            try await storeCall { () async throws(StorageError) in
                try await store.updateDeadProperties(
                    ownerID: user.id, path: deadPath, changes: dead)
            }
        }
        return results
    }

    public func deadProperties(of resource: any DAVResource) async throws(DAVError) -> [XMLElement]
    {
        let path: String
        switch resource {
        case let calendar as StoredCalendar: path = calendar.record.path
        case let plain as StoredPlainCollection: path = plain.record.path
        case let object as StoredCalendarObject:
            path = ResourceName.join(object.collection.path, object.record.name)
        case let file as StoredFile:
            path = ResourceName.join(file.collection.path, file.record.name)
        case is CalendarHome: path = ""
        case let book as StoredAddressBook: path = book.record.path
        default: return []
        }
        let stored = try await storeCall { () async throws(StorageError) in
            try await store.deadProperties(ownerID: user.id, path: path)
        }
        return stored.compactMap { try? XMLReader.parse(Array($0.value.utf8)) }
    }

    public func transfer(
        _ resource: any DAVResource, to destination: DAVPath, move: Bool, overwrite: Bool,
        depth: Depth
    ) async throws(DAVError) -> Bool {
        try requireProxyWrite(
            move ? "unbind" : "bind", href: move ? resource.href : destination.href)
        guard case .inHome(user.name, let segments)? = CadencePaths.locate(destination),
            !segments.isEmpty
        else {
            throw DAVError(status: 403, reason: "the destination is outside your calendar home")
        }
        // Whatever is at the destination, collection or not, is replaced as a whole (RFC 4918
        // §9.8.4, §9.9.3); whether something was there decides 204 versus 201. An object over an
        // object is replaced by the store in the write itself, so a failed copy loses nothing.
        let existing = try await self.resource(
            at: DAVPath(segments: destination.segments, trailingSlash: false))
        if let existing {
            guard overwrite else {
                throw DAVError(status: 412, reason: "the destination exists and Overwrite is F")
            }
            if existing.isCollection || resource.isCollection {
                try await delete(existing, precondition: .none)
            }
        }
        switch resource {
        case let object as StoredCalendarObject:
            if move {
                try await requireWrite(
                    object.collection, privilege: "unbind", href: object.location.hrefPrefix)
            }
            try await transferObject(
                object.record, from: object.collection, to: segments, move: move)
        case let file as StoredFile:
            if move {
                try await requireWrite(
                    file.collection, privilege: "unbind", href: file.location.hrefPrefix)
            }
            try await transferObject(file.record, from: file.collection, to: segments, move: move)
        case let calendar as StoredCalendar:
            if calendar.reach.shared != nil {
                throw DAVError.needPrivileges(
                    href: calendar.href, privilege: move ? "unbind" : "read",
                    reason: "a calendar shared with you cannot be copied or moved as a whole")
            }
            try await transferCollection(calendar.record, to: segments, move: move, depth: depth)
        case let plain as StoredPlainCollection:
            try await transferCollection(plain.record, to: segments, move: move, depth: depth)
        default:
            throw DAVError(status: 403, reason: "this resource cannot be copied or moved")
        }
        return existing == nil
    }

    // MARK: Sync and queries

    public func changes(
        in collection: any SyncableCollection, since token: String?, limit: Int?
    ) async throws(DAVError) -> SyncChanges {
        if let notifications = collection as? NotificationCollection {
            return try notificationChanges(notifications, since: token)
        }
        guard
            let record = (collection as? StoredCalendar)?.record
                ?? (collection as? StoredPlainCollection)?.record
                ?? (collection as? StoredAddressBook)?.record
        else { throw DAVError.invalidSyncToken }
        var since: Int64 = 0
        if let token {
            let prefix = "urn:cadence:sync:\(record.id):"
            guard token.hasPrefix(prefix), let value = Int64(token.dropFirst(prefix.count)) else {
                throw DAVError.invalidSyncToken
            }
            since = value
        }
        // The changes and the objects they name, in one read (metadata only: a few changes are
        // looked up by name, many are taken from the collection's listing).
        let (changeSet, current) = try await storeCall { () async throws(StorageError) in
            try await store.changesWithObjects(collectionID: record.id, since: since, limit: limit)
        }
        var byName: [String: ObjectRecord] = [:]
        byName.reserveCapacity(current.count)
        for object in current { byName[object.name] = object }
        let location = self.location(of: record)
        var changed: [any DAVResource] = []
        var removed: [DAVPath] = []
        for change in changeSet.changes {
            if change.kind != .deleted, let object = byName[change.name] {
                changed.append(objectResource(object, in: record, at: location))
            } else {
                removed.append(
                    record.kind == .addressBook
                        ? CadencePaths.addressBook(user.name, record.path).appending(change.name)
                        : CadencePaths.object(user.name, record.path, change.name))
            }
        }
        return SyncChanges(
            changed: changed, removed: removed, token: syncTokenURI(record, changeSet.token),
            truncated: changeSet.isTruncated)
    }

    public func calendarObjects(
        in calendar: any CalendarCollectionResource, component: String?, range: TimeRange?
    ) async throws(DAVError) -> [(resource: any CalendarObjectResource, data: [UInt8])] {
        guard let record = (calendar as? StoredCalendar)?.record else { return [] }
        // Every stored calendar object is indexed with its component type, so "any component"
        // is the indexed pre-filter once per type: no listing followed by a re-read of every
        // body by name, and the range narrows it too.
        let types =
            component.map { [$0] } ?? CalendarObjectValidator.calendarComponentTypes.sorted()
        var objects: [ObjectRecord] = []
        for type in types {
            objects += try await storeCall { () async throws(StorageError) in
                try await store.objects(
                    collectionID: record.id, componentType: type, start: range?.start,
                    end: range?.end)
            }
        }
        if types.count > 1 { objects.sort { $0.name < $1.name } }
        return calendarObjects(objects, in: record)
    }

    /// Stored objects of a calendar as resources with their text.
    func calendarObjects(_ objects: [ObjectRecord], in record: CollectionRecord)
        -> [(resource: any CalendarObjectResource, data: [UInt8])]
    {
        let location = self.location(of: record)
        return objects.map { object in
            (
                StoredCalendarObject(
                    record: object.metadata, collection: record, userName: user.name,
                    location: location),
                visibleData(object.data ?? [], location.reach)
            )
        }
    }

    public func calendarObjects(at paths: [DAVPath]) async throws(DAVError)
        -> [DAVPath: (resource: any CalendarObjectResource, data: [UInt8])]
    {
        var byCollection: [String: [(path: DAVPath, name: String)]] = [:]
        for path in paths {
            guard case .inHome(user.name, let segments)? = CadencePaths.locate(path),
                segments.count >= 2, !path.trailingSlash
            else { continue }
            byCollection[segments.dropLast().joined(separator: "/"), default: []].append(
                (path, segments[segments.count - 1]))
        }
        var found: [DAVPath: (resource: any CalendarObjectResource, data: [UInt8])] = [:]
        found.reserveCapacity(paths.count)
        for (collectionPath, members) in byCollection {
            guard let collection = try await collection(at: collectionPath),
                collection.kind == .calendar
            else { continue }
            let objects = try await storeCall { () async throws(StorageError) in
                try await store.objects(collectionID: collection.id, names: members.map(\.name))
            }
            var byName: [String: ObjectRecord] = [:]
            byName.reserveCapacity(objects.count)
            for object in objects { byName[object.name] = object }
            let location = self.location(of: collection)
            for member in members {
                guard let object = byName[member.name] else { continue }
                found[member.path] = (
                    StoredCalendarObject(
                        record: object.metadata, collection: collection, userName: user.name,
                        location: location),
                    visibleData(object.data ?? [], location.reach)
                )
            }
        }
        return found
    }

    // MARK: Quota

    public func quota(of collection: any DAVResource) async throws(DAVError) -> (
        used: Int64, available: Int64
    )? {
        if collection is ColleaguePrincipalResource { return nil }
        let used = try await usedBytes()
        return (used, max(0, limits.quotaBytes - used))
    }

    /// The user's usage: remembered for a while, summed by the store when stale or `exact`.
    func usedBytes(exact: Bool = false, ownerID: Int64? = nil) async throws(DAVError) -> Int64 {
        let ownerID = ownerID ?? user.id
        if !exact, let known = usage.recent(ownerID: ownerID) { return known }
        let used = try await storeCall { () async throws(StorageError) in
            try await store.usedBytes(ownerID: ownerID)
        }
        usage.record(ownerID: ownerID, used: used)
        return used
    }

    /// Refuses a write that would take the user over quota: `507` with `DAV:quota-not-exceeded`.
    func checkQuota(adding size: Int, replacing name: String, in collection: CollectionRecord)
        async throws(DAVError)
    {
        // A sharee's write counts against the calendar's owner.
        let ownerID = collection.ownerID
        guard try await usedBytes(ownerID: ownerID) + Int64(size) > limits.quotaBytes else {
            return
        }
        let used = try await usedBytes(exact: true, ownerID: ownerID)
        let existing = try await storeCall { () async throws(StorageError) in
            try await store.object(collectionID: collection.id, name: name)
        }
        if used - Int64(existing?.size ?? 0) + Int64(size) > limits.quotaBytes {
            throw DAVError(
                status: 507,
                condition: .init(namespace: XMLNamespace.dav, name: "quota-not-exceeded"),
                reason: "this write would exceed the storage quota")
        }
    }

    // MARK: Helpers

    /// The CRM projection stored with a calendar object written by a client (CRM-MAPPING.md,
    /// "Calendar object → task"); `nil` for objects that are not tasks.
    func taskWrite(for roots: [Component], in collection: CollectionRecord) async throws(DAVError)
        -> TaskWrite?
    {
        guard let root = roots.first else { return nil }
        return try await storeCall { () async throws(StorageError) in
            try await TaskProjection.write(
                for: root, in: collection, ownerID: collection.ownerID, store: store,
                proposedID: CRMIdentifier.make())
        }
    }

    /// What every path in another user's principal or home answers.
    static let notYours = DAVError(status: 404, reason: "no such resource")

    /// The collection at `path` in the user's home: their own, or (at a
    /// `{calendar}_shared_by_{owner}` path) the view of a calendar shared with them, whose
    /// `path`, display name and colour are the sharee's. Every collection found is kept for the
    /// PUT of this request (`RequestCache`).
    func collection(at path: String) async throws(DAVError) -> CollectionRecord? {
        guard !path.isEmpty else { return nil }
        let found: CollectionRecord?
        if Self.isSharedPath(path) {
            found = try await sharedCollection(at: path)?.viewRecord
        } else {
            found = try await storeCall { () async throws(StorageError) in
                try await store.collection(ownerID: user.id, path: path)
            }.flatMap { $0.kind == .addressBook ? nil : $0 }
        }
        if let found { requestCache.store(collection: found, at: path) }
        return found
    }

    func collectionResource(_ record: CollectionRecord) -> any DAVResource {
        if record.kind == .addressBook {
            return StoredAddressBook(
                record: record, userName: user.name, maxResourceSize: limits.maximumObjectSize)
        }
        return record.kind == .calendar
            ? StoredCalendar(
                record: record, userName: user.name, maxResourceSize: limits.maximumObjectSize,
                reach: reach(of: record),
                isSharedByOwner: record.ownerID == user.id
                    && requestCache.ownShares?.contains(record.id) == true)
            : StoredPlainCollection(record: record, userName: user.name)
    }

    func objectResource(
        _ record: ObjectRecord, in collection: CollectionRecord, at location: MemberLocation? = nil
    ) -> any DAVResource {
        if collection.kind == .addressBook {
            return StoredAddressObject(record: record, collection: collection, userName: user.name)
        }
        let location = location ?? self.location(of: collection)
        return collection.kind == .calendar
            ? StoredCalendarObject(
                record: record, collection: collection, userName: user.name, location: location)
            : StoredFile(
                record: record, collection: collection, userName: user.name, location: location)
    }

    func objects(in collection: CollectionRecord) async throws(DAVError) -> [any DAVResource] {
        let location = self.location(of: collection)
        return try await storeCall { () async throws(StorageError) in
            try await store.objects(collectionID: collection.id)
        }.map { objectResource($0, in: collection, at: location) }
    }

    func noUIDConflict(_ href: DAVPath) -> DAVError {
        DAVError(
            status: 403,
            condition: .init(
                namespace: XMLNamespace.calDAV, name: "no-uid-conflict", hrefs: [href.href]),
            reason: "another object in this calendar has the same UID: \(href.href)")
    }

    /// Maps the HTTP condition to the store's, which checks it inside the write transaction.
    func storePrecondition(
        _ precondition: WebDAV.WritePrecondition, collection: CollectionRecord, name: String
    ) async throws(DAVError) -> Storage.WritePrecondition {
        switch precondition {
        case .none: return .none
        case .ifNoneMatchAny: return .ifNoneMatchAny
        case .ifMatch(let tags):
            if tags.contains("*") { return .ifMatchAny }
            if tags.count == 1 { return .ifMatch(Self.strongETag(tags[0])) }
            let current = try await storeCall { () async throws(StorageError) in
                try await store.object(collectionID: collection.id, name: name)
            }?.etag
            guard let current, precondition.isSatisfied(currentETag: current) else {
                throw DAVError(status: 412, reason: "If-Match does not match")
            }
            return .ifMatch(current)
        case .ifNoneMatch, .ifHeader:
            // Evaluated on the current state, which the write then requires unchanged.
            let current = try await storeCall { () async throws(StorageError) in
                try await store.object(collectionID: collection.id, name: name)
            }?.etag
            guard precondition.isSatisfied(currentETag: current) else {
                throw DAVError(status: 412, reason: "the request's preconditions do not hold")
            }
            return current.map { .ifMatch($0) } ?? .ifNoneMatchAny
        }
    }

    /// A client's ETag as the store writes them: quoted, without a weak prefix.
    static func strongETag(_ tag: String) -> String {
        var s = Substring(tag)
        if s.hasPrefix("W/") { s = s.dropFirst(2) }
        return s.hasPrefix("\"") ? String(s) : "\"\(s)\""
    }

    func deleteObject(
        _ record: ObjectRecord, in collection: CollectionRecord,
        _ precondition: WebDAV.WritePrecondition
    ) async throws(DAVError) {
        guard precondition.isSatisfied(currentETag: record.etag) else {
            throw DAVError(status: 412, reason: "If-Match does not match")
        }
        var ifMatch: String?
        switch precondition {
        case .ifMatch(let tags) where !tags.contains("*"): ifMatch = record.etag
        case .ifHeader: ifMatch = record.etag
        default: break
        }
        let ownerID = try await storeCall { () async throws(StorageError) -> Int64 in
            do throws(StorageError) {
                try await store.deleteObject(
                    collectionID: collection.id, name: record.name, ifMatch: ifMatch)
                return collection.ownerID
            } catch {
                // The user's copy of a task assigned to them: deleting it deletes the task
                // (one object in both homes), into its owner's trash.
                guard error.code == .assignedCopy,
                    let link = try await store.assignment(
                        collectionID: collection.id, name: record.name),
                    let source = try await store.collection(id: link.sourceCollectionID)
                else { throw error }
                try await store.deleteObject(
                    collectionID: source.id, name: link.sourceName, ifMatch: ifMatch)
                return source.ownerID
            }
        }
        usage.adjust(ownerID: ownerID, by: -Int64(record.size))
    }

    func deleteCollection(
        _ record: CollectionRecord, _ precondition: WebDAV.WritePrecondition
    ) async throws(DAVError) {
        if case .ifMatch(let tags) = precondition, !tags.contains("*") {
            throw DAVError(status: 412, reason: "collections have no ETag to match")
        }
        if case .ifHeader = precondition, !precondition.isSatisfied(currentETag: nil) {
            throw DAVError(status: 412, reason: "the If header does not hold")
        }
        let shares =
            record.kind == .calendar
            ? try await storeCall { () async throws(StorageError) in
                try await store.shares(collectionID: record.id)
            } : []
        try await storeCall { () async throws(StorageError) in
            try await store.deleteCollection(id: record.id)
        }
        // The sharees' invitations turn `CS:invite-deleted`: the calendar is gone.
        for share in shares { try? await notifier.unshared(share, of: record) }
    }
}
