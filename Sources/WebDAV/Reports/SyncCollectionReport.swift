/// The `DAV:sync-collection` REPORT (RFC 6578 §3): members changed and removed since a token.
///
/// An empty token lists every member; an unknown token is `403` with `DAV:valid-sync-token`; a
/// `DAV:limit` smaller than the change count answers the first changes, a `507` response for the
/// collection itself, and a token from which the client continues.
public struct SyncCollectionReport: ReportHandler {
    public let name = XMLName.dav.syncCollection
    /// Told of every `sync-collection` REPORT dispatched here, `true` for an initial one (an
    /// empty `DAV:sync-token`), before it is answered; the server counts them for its metrics
    /// from the body parsed once for the report.
    public let observe: (@Sendable (_ initial: Bool) -> Void)?

    /// A report handler, telling `observe` of each request when given.
    public init(observe: (@Sendable (_ initial: Bool) -> Void)? = nil) {
        self.observe = observe
    }

    public func isSupported(on resource: any DAVResource) -> Bool {
        resource is any SyncableCollection
    }

    public func report(
        _ body: XMLElement, on resource: any DAVResource, context: DAVContext, server: DAVServer,
        backend: any DAVBackend
    ) async throws(DAVError) -> DAVResponse {
        guard let collection = resource as? any SyncableCollection,
            let syncBackend = backend as? any SyncBackend
        else {
            throw DAVError(
                status: 403,
                condition: .init(namespace: XMLNamespace.dav, name: "supported-report"),
                reason: "sync-collection is not supported here")
        }
        let token = body.first(.dav.syncToken)?.trimmedText ?? ""
        observe?(token.isEmpty)
        if let level = body.first(.dav.syncLevel)?.trimmedText, level != "1",
            level.lowercased() != "infinite"
        {
            throw DAVError(status: 400, reason: "sync-level must be 1 or infinite")
        }
        var limit: Int?
        if let nresults = body.first(.dav.limit)?.first(.dav.nresults) {
            guard let value = Int(nresults.trimmedText), value > 0 else {
                throw DAVError(status: 400, reason: "DAV:nresults must be a positive integer")
            }
            limit = value
        }
        let propFind: PropFind =
            body.first(.dav.prop).map { .prop($0.elements.map(\.name)) } ?? .prop([.dav.getETag])
        if token.isEmpty, limit == nil,
            let current = try await syncBackend.initialSyncToken(of: collection)
        {
            // An initial sync is every member: listed page by page after the token was read, so a
            // member written meanwhile is at worst reported again by the next sync, never lost.
            let pageSize = 500
            let first = try await backend.members(of: collection, after: nil, limit: pageSize)
            let plan = server.directPlan(for: propFind)
            return .multiStatus(syncToken: current) { writer in
                var page = first
                while true {
                    for member in page.members {
                        try await server.appendProperties(
                            for: member, request: propFind, plan: plan, context: context,
                            backend: backend, minimal: false, into: &writer)
                        try await writer.flush()
                    }
                    guard let next = page.next else { break }
                    page = try await backend.members(of: collection, after: next, limit: pageSize)
                }
            }
        }
        let changes = try await syncBackend.changes(
            in: collection, since: token.isEmpty ? nil : token, limit: limit)
        let plan = server.directPlan(for: propFind)
        return .multiStatus(syncToken: changes.token) { writer in
            for member in changes.changed {
                // Never minimal here: Nextcloud reads a 404 propstat as a deletion only when asked
                // props are missing, so answer what exists and list the rest as 404 like any
                // PROPFIND.
                try await server.appendProperties(
                    for: member, request: propFind, plan: plan, context: context,
                    backend: backend, minimal: false, into: &writer)
                try await writer.flush()
            }
            for removed in changes.removed {
                try await writer.emit(MultiStatus.Response(href: removed.href, status: 404))
            }
            if changes.truncated {
                try await writer.emit(
                    MultiStatus.Response(
                        href: collection.path.href, status: 507,
                        error: .dav.numberOfMatchesWithinLimits))
            }
        }
    }
}

/// A backend that can list changes of a collection since a sync token (RFC 6578).
public protocol SyncBackend: DAVBackend {
    /// The changes after `token` (`nil`: every member), at most `limit` of them.
    /// Throws `DAVError.invalidSyncToken` for a token it does not know.
    func changes(
        in collection: any SyncableCollection, since token: String?, limit: Int?
    ) async throws(DAVError) -> SyncChanges

    /// The collection's current token when an initial sync may be answered by listing its
    /// members (`DAVBackend.members(of:after:limit:)`, exactly the members `changes` would
    /// report from no token), or `nil` to answer it with `changes`.
    func initialSyncToken(of collection: any SyncableCollection) async throws(DAVError) -> String?
}

extension SyncBackend {
    public func initialSyncToken(of collection: any SyncableCollection) async throws(DAVError)
        -> String?
    { nil }
}

/// The answer of a `SyncBackend`.
public struct SyncChanges: Sendable {
    /// Members created or modified, as they are now.
    public var changed: [any DAVResource]
    /// Paths of members removed.
    public var removed: [DAVPath]
    /// The token to continue from.
    public var token: String
    /// Whether more changes remain after `token`.
    public var truncated: Bool

    public init(changed: [any DAVResource], removed: [DAVPath], token: String, truncated: Bool) {
        self.changed = changed
        self.removed = removed
        self.token = token
        self.truncated = truncated
    }
}

extension DAVError {
    /// 403 with `DAV:valid-sync-token` (RFC 6578 §3.2).
    public static let invalidSyncToken = DAVError(
        status: 403, condition: .init(namespace: XMLNamespace.dav, name: "valid-sync-token"),
        reason: "the sync token is not valid for this collection")
}
