import Foundation
import SyncConnector

/// An in-memory remote collection with a change log, for driving `SyncEngine` without HTTP.
actor FakeRemote: RemoteCollection {
    nonisolated let path = "/cal/"
    var objects: [String: (etag: String, data: [UInt8])] = [:]
    var log: [(token: Int, href: String)] = []
    var token = 0
    var nextETag = 0
    /// When set, every call fails with a transport error.
    var isDown = false
    /// When false, `syncCollection` is unsupported (getctag + listing are used).
    var supportsSync = true
    /// The oldest token still accepted.
    var oldestToken = 0
    var requests: [String] = []
    /// The token at which each href was last created: like Xandikos, which compares trees, a
    /// member created and removed since a token is not reported.
    var createdAt: [String: Int] = [:]

    /// When set, the remote goes down after this many more successful PUTs.
    var putsBeforeFailure: Int?
    /// When set, `sync-collection` answers carry at most this many members and are marked
    /// truncated (RFC 6578 §3.6) when more are left.
    var pageSize: Int?
    /// When set, `sync-collection` answers are always truncated at the same token (a broken
    /// remote that never finishes).
    var truncatesForever = false
    /// When set, every call fails with this error.
    var failure: RemoteError?
    /// How long each PUT takes, and the most PUTs seen in flight at once.
    var putLatency: Duration = .zero
    var putsInFlight = 0
    var mostPutsInFlight = 0

    /// PUTs to these hrefs are refused with this status, as many times as counted (Xandikos's
    /// 423 while its repository is locked).
    var refusedPuts: [String: (status: Int, times: Int)] = [:]

    func refusePuts(to name: String, status: Int, times: Int) {
        refusedPuts[path + name] = (status, times)
    }
    func setDown(_ down: Bool) { isDown = down }
    func failAfterPuts(_ count: Int?) { putsBeforeFailure = count }
    func setSupportsSync(_ value: Bool) { supportsSync = value }
    func setPageSize(_ value: Int?) { pageSize = value }
    func setTruncatesForever(_ value: Bool) { truncatesForever = value }
    func setFailure(_ error: RemoteError?) { failure = error }
    func setPutLatency(_ value: Duration) { putLatency = value }
    func forgetTokens() { oldestToken = token }

    /// Writes as another client would.
    @discardableResult
    func write(_ name: String, _ data: [UInt8]) -> String {
        let href = path + name
        nextETag += 1
        let etag = "\"r\(nextETag)\""
        token += 1
        if objects[href] == nil { createdAt[href] = token }
        objects[href] = (etag, data)
        log.append((token, href))
        return etag
    }

    func remove(_ name: String) {
        let href = path + name
        objects[href] = nil
        token += 1
        log.append((token, href))
    }

    func data(_ name: String) -> [UInt8]? { objects[path + name]?.data }
    func etag(at href: String) -> String? { objects[href]?.etag }
    var names: [String] { objects.keys.map { String($0.dropFirst(path.count)) }.sorted() }

    func check(_ what: String) throws(RemoteError) {
        requests.append(what)
        if isDown { throw RemoteError(.transport, "connection refused") }
        if let failure { throw failure }
    }

    func syncCollection(token old: String?) throws(RemoteError) -> RemoteChanges {
        try check("sync")
        guard supportsSync else { throw RemoteError(.unsupported, "no sync-collection") }
        let since: Int
        if let old {
            guard let value = Int(old.dropFirst("tok-".count)), value >= oldestToken,
                value <= token
            else { throw RemoteError(.invalidSyncToken, "bad token") }
            since = value
        } else {
            since = -1
        }
        if truncatesForever {
            return RemoteChanges(
                changed: [], deleted: [], token: "tok-\(max(since, 0))", truncated: true)
        }
        if let pageSize { return page(since: since, size: pageSize) }
        if since < 0 {
            return RemoteChanges(
                changed: objects.map { RemoteMember(href: $0.key, etag: $0.value.etag) },
                deleted: [], token: "tok-\(token)")
        }
        var changed: [RemoteMember] = []
        var deleted: [String] = []
        for href in Set(log.filter { $0.token > since }.map(\.href)) {
            if let object = objects[href] {
                changed.append(RemoteMember(href: href, etag: object.etag))
            } else if (createdAt[href] ?? 0) <= since {
                deleted.append(href)
            }
        }
        return RemoteChanges(changed: changed, deleted: deleted, token: "tok-\(token)")
    }

    /// At most `size` members changed since `since`, oldest change first, with the token of the
    /// last one reported; truncated when more are left.
    func page(since: Int, size: Int) -> RemoteChanges {
        var latest: [String: Int] = [:]
        for entry in log where entry.token > since { latest[entry.href] = entry.token }
        let ordered = latest.sorted { $0.value < $1.value }
        let taken = ordered.prefix(size)
        var changed: [RemoteMember] = []
        var deleted: [String] = []
        for (href, _) in taken {
            if let object = objects[href] {
                changed.append(RemoteMember(href: href, etag: object.etag))
            } else if since >= 0, (createdAt[href] ?? 0) <= since {
                deleted.append(href)
            }
        }
        let truncated = taken.count < ordered.count
        let reached = truncated ? (taken.last?.value ?? since) : token
        return RemoteChanges(
            changed: changed, deleted: deleted, token: "tok-\(reached)", truncated: truncated)
    }

    func ctag() throws(RemoteError) -> String? {
        try check("ctag")
        return "ctag-\(token)"
    }

    func members() throws(RemoteError) -> [RemoteMember] {
        try check("members")
        return objects.map { RemoteMember(href: $0.key, etag: $0.value.etag) }
    }

    func objects(hrefs: [String]) throws(RemoteError) -> [RemoteObject] {
        try check("multiget")
        return hrefs.compactMap { href in
            objects[href].map { RemoteObject(href: href, etag: $0.etag, data: $0.data) }
        }
    }

    func put(href: String, data: [UInt8], precondition: RemotePrecondition)
        async throws(RemoteError) -> String?
    {
        try check("put")
        if let refusal = refusedPuts[href], refusal.times > 0 {
            refusedPuts[href] = (refusal.status, refusal.times - 1)
            throw RemoteError(
                .badResponse, "PUT answered \(refusal.status)", status: refusal.status)
        }
        if putLatency > .zero {
            putsInFlight += 1
            mostPutsInFlight = max(mostPutsInFlight, putsInFlight)
            try? await Task.sleep(for: putLatency)
            putsInFlight -= 1
        }
        if let remaining = putsBeforeFailure {
            if remaining == 0 {
                isDown = true
                throw RemoteError(.transport, "connection reset")
            }
            putsBeforeFailure = remaining - 1
        }
        switch precondition {
        case .ifMatch(let etag):
            guard objects[href]?.etag == etag else {
                throw RemoteError(.preconditionFailed, "412", status: 412)
            }
        case .ifNoneMatchAny:
            guard objects[href] == nil else {
                throw RemoteError(.preconditionFailed, "412", status: 412)
            }
        }
        return write(String(href.dropFirst(path.count)), data)
    }

    func delete(href: String, ifMatch: String?) throws(RemoteError) {
        try check("delete")
        guard let object = objects[href] else { throw RemoteError(.notFound, "404", status: 404) }
        if let ifMatch, ifMatch != object.etag {
            throw RemoteError(.preconditionFailed, "412", status: 412)
        }
        remove(String(href.dropFirst(path.count)))
    }
}
