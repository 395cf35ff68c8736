import Foundation
import Groupware
import Storage
import WebDAV

/// The WebDAV-Push requests of the DAV namespace (draft `bitfireAT/webdav-push`, "Subscription
/// Management"): `POST <collection>` with `P:push-register` registers or renews a subscription
/// (`201` new, `204` renewed, with `Location` and `Expires`) on any collection the user
/// reaches (their own, a calendar shared with them, a delegating owner's calendar); `DELETE`
/// of the registration URL removes it (only its owner's); and `Push-Dont-Notify` on a write
/// keeps the writer's own registrations quiet about that write.
struct PushEndpoint: Sendable {
    let store: any PushStore
    let keys: PushKeys
    let service: PushService?
    let metrics: ServerMetrics?
    /// Admit `http://` push resources on loopback hosts (tests, development); never in
    /// production, where push resources must be https.
    var allowsLoopbackHTTP = false
    /// How long a registration lives when the client asks for no expiry, in seconds.
    var defaultLifetime: Int64 = 7 * 86_400
    /// The longest lifetime granted, in seconds (the draft requires at least three days).
    var maximumLifetime: Int64 = 14 * 86_400
    /// The largest `push-register` body, in octets.
    var maximumBodySize = 16 << 10
    /// How many registrations one user may hold.
    var maximumRegistrationsPerUser = 200

    /// Where registration URLs live: `/caldav/push-registrations/<id>`.
    static let registrationsPrefix = ["caldav", "push-registrations"]

    /// The registration URL (path) of a registration.
    static func location(_ id: Int64) -> String {
        "/" + registrationsPrefix.joined(separator: "/") + "/\(id)"
    }

    /// The answer when `request` is a push request, or `nil` for the DAV engine.
    func handle(_ request: DAVRequest, user: UserRecord, backend: GroupwareBackend) async
        -> DAVResponse?
    {
        do throws(DAVError) {
            if request.method == "DELETE", let id = Self.registrationID(request.path) {
                return try await unregister(id, user: user)
            }
            if request.method == "POST" {
                return try await register(request, user: user, backend: backend)
            }
            return nil
        } catch {
            return .error(error)
        }
    }

    /// The registration id named by a registration path, if it is one.
    static func registrationID(_ path: DAVPath) -> Int64? {
        guard path.segments.count == 3, Array(path.segments.prefix(2)) == registrationsPrefix
        else { return nil }
        return Int64(path.segments[2])
    }

    private func unregister(_ id: Int64, user: UserRecord) async throws(DAVError) -> DAVResponse {
        do throws(StorageError) {
            try await store.deletePushRegistration(id: id, ownerID: user.id)
        } catch {
            if error.code == .notFound {
                throw DAVError(status: 404, reason: "no such push registration")
            }
            throw DAVError(status: 500, reason: "storage failure", detail: error.reason)
        }
        metrics?.recordPushRegistrationsRemoved("unregistered", count: 1)
        return DAVResponse(status: 204, headers: [], body: [])
    }

    private func register(
        _ request: DAVRequest, user: UserRecord, backend: GroupwareBackend
    ) async throws(DAVError) -> DAVResponse? {
        guard request.body.count <= maximumBodySize else {
            throw DAVError(status: 413, reason: "push-register larger than \(maximumBodySize)")
        }
        // A body that is not a push-register is not ours: the engine answers (405).
        guard let root = try? XMLReader.parse(request.body),
            PushRegistrationRequest.isRegistration(root)
        else { return nil }
        guard let resource = try await backend.resource(at: request.path) else {
            throw DAVError(status: 404, reason: "no such resource")
        }
        guard let target = PushTarget(resource) else {
            throw PushName.forbidden(
                "push-not-available", "WebDAV-Push is not available for this resource")
        }
        // A delegate subscribes to the owner's calendars, each of which the store checks and
        // sweeps when the delegation ends (`PushReach`); the owner's home is the owner's own.
        if target.kind == .calendarHome, target.ownerID != user.id {
            throw PushName.forbidden(
                "push-not-available", "a delegate subscribes to the owner's calendars, not the home"
            )
        }
        let asked = try PushRegistrationRequest(root, allowsLoopbackHTTP: allowsLoopbackHTTP)
        // Content updates at depth 1 are what collections support (deeper requests are
        // downgraded); property updates are ignored. A missing trigger means content updates.
        let triggers = asked.triggers ?? PushTriggers(contentUpdate: .one)
        guard triggers.contentUpdate != nil else {
            throw PushName.forbidden(
                "no-supported-trigger", "only content-update triggers are supported")
        }
        let now = Int64(Date().timeIntervalSince1970)
        let requested = asked.expires ?? now + defaultLifetime
        guard requested > now else {
            throw DAVError(status: 400, reason: "expires lies in the past")
        }
        let expiresAt = min(requested, now + maximumLifetime)
        let topic = keys.topics.topic(of: target)
        let existing = try await storeCall { () async throws(StorageError) in
            try await store.pushRegistrations(ownerID: user.id)
        }
        let renewing = existing.contains {
            $0.topic == topic && $0.subscription.pushResource == asked.subscription.pushResource
        }
        guard renewing || existing.count < maximumRegistrationsPerUser else {
            throw PushName.forbidden(
                "push-not-available", "too many push registrations for this user")
        }
        let (registration, created) = try await storeCall { () async throws(StorageError) in
            try await store.registerPush(
                NewPushRegistration(
                    ownerID: user.id, collectionID: target.collectionID, topic: topic,
                    subscription: asked.subscription,
                    triggers: PushTriggers(contentUpdate: .one), expiresAt: expiresAt))
        }
        metrics?.recordPushRegistration(created: created)
        return DAVResponse(
            status: created ? 201 : 204,
            headers: [
                ("Location", Self.location(registration.id)),
                ("Expires", HTTPDate.format(registration.expiresAt)),
            ],
            body: [])
    }

    private func storeCall<T>(_ body: () async throws(StorageError) -> T) async throws(DAVError)
        -> T
    {
        do throws(StorageError) {
            return try await body()
        } catch {
            if error.code == .notFound { throw DAVError(status: 404, reason: error.reason) }
            throw DAVError(status: 500, reason: "storage failure", detail: error.reason)
        }
    }

    // MARK: Push-Dont-Notify

    /// Writes that can change a collection's members.
    static let writeMethods: Set<String> = [
        "PUT", "DELETE", "MOVE", "COPY", "MKCOL", "MKCALENDAR", "PROPPATCH",
    ]

    /// Starts holding the messages of the registrations a write's `Push-Dont-Notify` names (the
    /// requesting user's own only; `*` for all of theirs); `nil` when there is nothing to hold.
    func beginSuppression(for request: DAVRequest, user: UserRecord) async -> UUID? {
        guard let service, Self.writeMethods.contains(request.method),
            let header = request.header("push-dont-notify")
        else { return nil }
        guard let own = try? await store.pushRegistrations(ownerID: user.id), !own.isEmpty else {
            return nil
        }
        let named = Self.registrationIDs(in: header)
        let ids = Set(own.map(\.id).filter { id in named.map { $0.contains(id) } ?? true })
        guard !ids.isEmpty else { return nil }
        return await service.beginSuppression(registrationIDs: ids)
    }

    /// Ends a hold after the write: the collection the write changed (the request's collection,
    /// or its parent for a member) at its token now.
    func finishSuppression(_ id: UUID, request: DAVRequest, backend: GroupwareBackend) async {
        guard let service else { return }
        let path: DAVPath? = request.path.trailingSlash ? request.path : request.path.parent
        var collectionID: Int64?
        var token: Int64?
        if let path, let resource = try? await backend.resource(at: path),
            let target = PushTarget(resource), let uri = target.syncToken
        {
            collectionID = target.collectionID
            token = uri.split(separator: ":").last.flatMap { Int64($0) }
        }
        await service.finishSuppression(id, collectionID: collectionID, token: token)
    }

    /// The registration ids a `Push-Dont-Notify` value names (registration URLs, absolute or
    /// paths, comma- or space-separated, optionally quoted); `nil` for `*` (all).
    static func registrationIDs(in header: String) -> Set<Int64>? {
        var ids = Set<Int64>()
        for item in header.split(whereSeparator: { $0 == "," || $0 == " " }) {
            let text = item.trimmingCharacters(in: CharacterSet(charactersIn: "\"<> \t"))
            if text == "*" { return nil }
            let path = URL(string: text)?.path ?? text
            if let id = DAVPath(path).flatMap(registrationID) { ids.insert(id) }
        }
        return ids
    }
}
