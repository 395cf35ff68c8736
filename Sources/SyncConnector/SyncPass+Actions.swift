import Groupware
import ICalendar
import Storage
import WebDAV

extension SyncPass {
    /// Which side's version survives a conflict, after the direction and the policy.
    func localWins(_ local: ObjectRecord?, _ remote: RemoteObject?) -> Bool {
        switch connector.direction {
        case .pushOnly: return true
        case .pullOnly: return false
        case .twoWay: break
        }
        switch connector.policy {
        case .localWins: return true
        case .remoteWins: return false
        case .newestWins:
            // A change beats a deletion: nothing changed is dropped by default.
            guard let local else { return false }
            guard let remote else { return true }
            let localStamp = ModificationStamp.of(local.data ?? []) ?? Int64.min
            let remoteStamp = ModificationStamp.of(remote.data) ?? Int64.min
            return localStamp >= remoteStamp
        }
    }

    /// Reconciles an object changed (or deleted, `nil`) on both sides since the last run.
    mutating func resolve(
        name: String, href: String, local: ObjectRecord?, remote: RemoteObject?, retries: Int
    ) async throws(SyncError) {
        switch (local, remote) {
        case (nil, nil):
            try await forget(name)
        case (let local?, let remote?):
            if local.data == remote.data {
                try await save(
                    ConnectorObjectState(
                        localName: name, localETag: local.etag, remoteHref: remote.href,
                        remoteETag: remote.etag))
                return
            }
            report.conflicts += 1
            if localWins(local, remote) {
                let entry = try await fileInTrash(name, remote.data)
                log(
                    "conflict", name,
                    "kept the Cadence version (\(policyName)); the remote version is trash entry \(entry)"
                )
                try await push(
                    local, href: remote.href, precondition: .ifMatch(remote.etag),
                    retries: retries - 1)
            } else {
                let entry = try await fileInTrash(name, local.data ?? [])
                log(
                    "conflict", name,
                    "kept the remote version (\(policyName)); the Cadence version is trash entry \(entry)"
                )
                try await pull(
                    remote, into: name, precondition: .ifMatch([local.etag]),
                    retries: retries - 1)
            }
        case (let local?, nil):
            report.conflicts += 1
            if localWins(local, nil) {
                log("conflict", name, "deleted remotely, changed here: recreated remotely")
                try await push(
                    local, href: href, precondition: .ifNoneMatchAny, retries: retries - 1)
            } else {
                log("conflict", name, "changed here, deleted remotely: deleted here (to the trash)")
                try await deleteLocal(
                    ConnectorObjectState(
                        localName: name, localETag: local.etag, remoteHref: href, remoteETag: ""),
                    retries: retries - 1)
            }
        case (nil, let remote?):
            report.conflicts += 1
            if localWins(nil, remote) {
                let entry = try await fileInTrash(name, remote.data)
                log(
                    "conflict", name,
                    "deleted here, changed remotely: deleted remotely; the remote version is trash entry \(entry)"
                )
                try await deleteRemote(
                    ConnectorObjectState(
                        localName: name, localETag: "", remoteHref: remote.href,
                        remoteETag: remote.etag),
                    retries: retries - 1)
            } else {
                log("conflict", name, "deleted here, changed remotely: recreated here")
                try await forget(name)
                try await pull(
                    remote, into: name, precondition: .ifNoneMatchAny, retries: retries - 1)
            }
        }
    }

    var policyName: String {
        connector.direction == .twoWay ? connector.policy.rawValue : connector.direction.rawValue
    }

    /// Writes a local object to the remote and records the pair.
    mutating func push(
        _ record: ObjectRecord, href: String, precondition: RemotePrecondition, retries: Int
    ) async throws(SyncError) {
        let written = await Self.write(record, href: href, precondition: precondition, to: remote)
        try await finishPush(
            record, href: href, precondition: precondition, written: written, retries: retries)
    }

    /// PUTs a local object's bytes to the remote; the new ETag (asked for when the PUT answer
    /// has none), or the error. Touches nothing else, so several run at once (`pushAll`).
    static func write(
        _ record: ObjectRecord, href: String, precondition: RemotePrecondition,
        to remote: any RemoteCollection
    ) async -> Result<String?, RemoteError> {
        do {
            var etag = try await remote.put(
                href: href, data: record.data ?? [], precondition: precondition)
            if etag == nil {
                etag = try await remote.objects(hrefs: [href]).first?.etag
            }
            return .success(etag)
        } catch {
            return .failure(error)
        }
    }

    /// Records the outcome of a push: the pair after a success; after a failed precondition a
    /// reconciliation with what the remote has now; otherwise `failed`.
    mutating func finishPush(
        _ record: ObjectRecord, href: String, precondition: RemotePrecondition,
        written: Result<String?, RemoteError>, retries: Int
    ) async throws(SyncError) {
        let etag: String?
        switch written {
        case .success(let value):
            etag = value
        case .failure(let error):
            guard error.code == .preconditionFailed, retries >= 0 else {
                return try failed(record.name, "push", error)
            }
            // Changed (or created) remotely since we looked: reconcile with what is there now.
            let current = try await remoteCall { () async throws(RemoteError) in
                try await remote.objects(hrefs: [href])
            }.first
            if let current {
                try await resolve(
                    name: record.name, href: href, local: record, remote: current,
                    retries: retries)
            } else {
                try await push(
                    record, href: href, precondition: .ifNoneMatchAny, retries: retries - 1)
            }
            return
        }
        report.pushed += 1
        log("push", record.name, precondition == .ifNoneMatchAny ? "created" : "updated")
        try await save(
            ConnectorObjectState(
                localName: record.name, localETag: record.etag, remoteHref: href,
                remoteETag: etag ?? ""))
    }

    /// Writes a remote object locally through Groupware and records the pair.
    mutating func pull(
        _ object: RemoteObject, into name: String, precondition: WebDAV.WritePrecondition,
        retries: Int
    ) async throws(SyncError) {
        let path = CadencePaths.object(userName, calendar.path, name)
        let result: WebDAV.PutResult
        do {
            result = try await backend.put(
                at: path, body: object.data, contentType: "text/calendar",
                precondition: precondition)
        } catch {
            guard error.status == 412, retries >= 0 else {
                report.failed += 1
                remoteChangeFailed = true
                log("failed", name, "pull of \(object.href): \(error.status) \(error.reason)")
                return
            }
            let calendarID = calendar.id
            let current = try await storage { () async throws(StorageError) in
                try await store.object(collectionID: calendarID, name: name)
            }
            if let current {
                try await resolve(
                    name: name, href: object.href, local: current, remote: object,
                    retries: retries)
            } else {
                try await pull(
                    object, into: name, precondition: .ifNoneMatchAny, retries: retries - 1)
            }
            return
        }
        report.pulled += 1
        log("pull", name, result.created ? "created" : "updated")
        try await save(
            ConnectorObjectState(
                localName: name, localETag: result.etag, remoteHref: object.href,
                remoteETag: object.etag))
    }

    /// Deletes the remote member of a pair whose local object was deleted.
    mutating func deleteRemote(_ state: ConnectorObjectState, retries: Int)
        async throws(SyncError)
    {
        do {
            try await remote.delete(
                href: state.remoteHref, ifMatch: state.remoteETag.isEmpty ? nil : state.remoteETag)
            report.deletedRemotely += 1
            log("delete-remote", state.localName, state.remoteHref)
        } catch {
            if error.code == .notFound {
                // Already gone.
            } else if error.code == .preconditionFailed, retries >= 0 {
                let current = try await remoteCall { () async throws(RemoteError) in
                    try await remote.objects(hrefs: [state.remoteHref])
                }.first
                return try await resolve(
                    name: state.localName, href: state.remoteHref, local: nil, remote: current,
                    retries: retries)
            } else {
                return try failed(state.localName, "delete-remote", error)
            }
        }
        try await forget(state.localName)
    }

    /// Deletes (to the trash) the local object of a pair whose remote member was deleted.
    mutating func deleteLocal(_ state: ConnectorObjectState, retries: Int)
        async throws(SyncError)
    {
        let path = CadencePaths.object(userName, calendar.path, state.localName)
        do {
            if let resource = try await backend.resource(at: path) {
                try await backend.delete(resource, precondition: .ifMatch([state.localETag]))
                report.deletedLocally += 1
                log("delete-local", state.localName, "deleted remotely; moved to the trash")
            }
        } catch {
            guard error.status == 412, retries >= 0 else {
                report.failed += 1
                remoteChangeFailed = true
                log("failed", state.localName, "local delete: \(error.status) \(error.reason)")
                return
            }
            let calendarID = calendar.id
            let current = try await storage { () async throws(StorageError) in
                try await store.object(collectionID: calendarID, name: state.localName)
            }
            return try await resolve(
                name: state.localName, href: state.remoteHref, local: current, remote: nil,
                retries: retries)
        }
        try await forget(state.localName)
    }

    /// Files a losing version in the owner's trash; returns the entry's id.
    mutating func fileInTrash(_ name: String, _ data: [UInt8]) async throws(SyncError) -> Int64 {
        var index = ObjectIndex(componentType: "VEVENT")
        if let roots = try? ICalendarParser.parse(data),
            let summary = try? CalendarObjectValidator(lenient: true).validate(roots)
        {
            index = ObjectIndex(componentType: summary.componentType, uid: summary.uid)
        }
        let calendarID = calendar.id
        let entry = try await storage { () async throws(StorageError) in
            try await store.fileInTrash(
                collectionID: calendarID, name: name, contentType: "text/calendar; charset=utf-8",
                data: data, index: index)
        }
        return entry.id
    }

    /// Records an object-level remote failure, or rethrows a failure of the remote as a whole.
    mutating func failed(_ name: String, _ action: String, _ error: RemoteError)
        throws(SyncError)
    {
        switch error.code {
        case .transport, .unavailable, .unauthorized, .invalidSyncToken, .unsupported:
            throw .remote(error)
        case .notFound, .preconditionFailed, .badResponse:
            if let status = error.status, status >= 500 { throw .remote(error) }
            report.failed += 1
            localChangeFailed = true
            log("failed", name, "\(action): \(error.description)")
        }
    }
}
